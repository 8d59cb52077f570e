"""Rendering helpers for the dashboards' templates (no queries, no decisions)."""

from functools import cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dashboards.selectors import PRINT_SYMBOLS, SYMBOLS, Cell

register = template.Library()


@cache
def _cell_html(status: str, solid: bool, changed: bool, pdf: bool) -> str:
    """The markup of one matrix cell; only 24 variants exist, so each is built once."""
    cell = Cell(0, status, solid, changed)
    mark = (PRINT_SYMBOLS if pdf else SYMBOLS)[status] + ("*" if changed else "")
    return (
        f'<td class="{cell.css}"><b aria-hidden="true">{escape(mark)}</b>'
        f"<i>{escape(cell.word)}</i></td>"
    )


@register.simple_tag
def matrix_cells(row, pdf=False) -> SafeString:
    """A commune's row of cells: ✔/✘/○ (√/×/○ in print), filled when verified, outlined when
    self-assessed, * when changed after verification, and the word for screen readers.
    Built here rather than with a template loop: a province matrix has 10 000 cells."""
    return mark_safe(  # noqa: S308 – every piece comes from _cell_html, which escapes
        "".join(_cell_html(c.status, c.solid, c.changed, bool(pdf)) for c in row.cells)
    )
