"""Rendering helpers for the dashboards' templates (no queries, no decisions)."""

from functools import cache

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dashboards.selectors import PRINT_SYMBOLS, SYMBOLS, Cell, share_text

register = template.Library()


@cache
def _cell_parts(status: str, solid: bool, changed: bool, pdf: bool) -> tuple[str, str]:
    """A matrix cell's class and its content (mark and word); only 24 variants exist, so each
    is built once."""
    cell = Cell(0, status, solid, changed)
    mark = (PRINT_SYMBOLS if pdf else SYMBOLS)[status] + ("*" if changed else "")
    return cell.css, f'<b aria-hidden="true">{escape(mark)}</b><i>{escape(cell.word)}</i>'


@cache
def _cell_html(status: str, solid: bool, changed: bool, pdf: bool) -> str:
    """The markup of one matrix cell."""
    css, content = _cell_parts(status, solid, changed, pdf)
    return f'<td class="{css}">{content}</td>'


@register.simple_tag
def matrix_cells(row, pdf=False) -> SafeString:
    """A commune's row of cells: ✔/✘/○ (√/×/○ in print), filled when verified, outlined when
    self-assessed, * when changed after verification, and the word for screen readers.
    Built here rather than with a template loop: a province matrix has 10 000 cells."""
    return mark_safe(  # noqa: S308 – every piece comes from _cell_html, which escapes
        "".join(_cell_html(c.status, c.solid, c.changed, bool(pdf)) for c in row.cells)
    )


def _linked_cells(row, query: str) -> str:
    """On screen, each cell opens the commune's page of that criterion (criteria.views.
    criterion_entry) for the dashboard's set and year; the link names the criterion for
    screen readers. One reverse() per row."""
    base = reverse("criteria:criterion-entry", args=[row.commune.pk, 1])[: -len("1/")]
    tail = escape(query or "")
    cells = []
    for c in row.cells:
        css, content = _cell_parts(c.status, c.solid, c.changed, False)
        cells.append(
            f'<td class="{css}"><a href="{base}{int(c.number)}/{tail}">{content}'
            f'<span class="visually-hidden"> tiêu chí {int(c.number)}</span></a></td>'
        )
    return "".join(cells)


@register.simple_tag
def matrix_row(row, *, pdf=False, interactive=False, query="", show_parent=False) -> SafeString:
    """One commune's whole row of the matrix: name (linked to its dashboard), parent unit,
    level, cells, count (criteria and indicators), basis, target, criteria added and lost,
    overdue tasks.

    The same markup a template loop would give, built in Python because a province matrix
    has 560 rows: the loop's variable lookups, filters and {% url %} were half of the page's
    time (docs/benchmarks.md)."""
    commune = row.commune
    name = escape(str(commune))
    if interactive:
        link = reverse("dashboards:commune", args=[commune.pk]) + (query or "")
        name = f'<a href="{escape(link)}">{name}</a>'
    css = ' class="row-lost"' if row.lost else ' class="row-complete"' if row.complete else ""
    parts = [f'<tr id="xa-{int(commune.pk)}"{css}>', f'<th scope="row" class="name">{name}</th>']
    if show_parent:
        parts.append(f"<td>{escape(str(commune.parent or ''))}</td>")
    parts.append(f"<td>{escape(commune.get_level_goal_display())}</td>")
    if interactive and commune.kind == commune.Kind.COMMUNE and row.state:
        # a commune with a year on the set: its criterion pages exist (none without one)
        parts.append(_linked_cells(row, query))
    else:
        parts.append(matrix_cells(row, pdf))
    count = f"<strong>{escape(row.headline)}</strong>"
    if row.indicator_headline:  # "12/19 tiêu chí, 28/35 chỉ tiêu"; on paper it wraps as needed
        count += f" tiêu chí,{' ' if pdf else '<br>'}"
        count += f'<span class="ct">{escape(row.indicator_headline)} chỉ tiêu</span>'
    parts.append(f'<td class="count">{count}</td>')
    parts.append(
        f'<td class="basis basis-{escape(row.basis or "none")}">{escape(row.basis_label)}</td>'
    )
    target = row.target
    if target:
        text = escape(target.level_label)
        if target.criteria:
            text += (
                f"<br>tiêu chí {escape(target.numbers)} "
                f'<span class="muted">(đạt {escape(target.progress)})</span>'
            )
        if target.target_count:
            text += f"<br>cuối năm {int(target.target_count)}/{int(row.total)}"
        if target.missing:  # behind its target: a symbol and words, not colour alone
            numbers = ", ".join(str(c.number) for c in target.missing)
            # on paper (whose font has no ⚠) the words alone, short: the column is narrow
            words = f"chậm: {numbers}" if pdf else f"⚠ chậm: chưa đạt {numbers}"
            text += f'<br><strong class="lost-flag">{escape(words)}</strong>'
    else:
        text = "—"
    parts.append(f'<td class="target">{text}</td>')
    if row.added is None:
        added = "—"
    elif row.added:
        added = f'{len(row.added)} <span class="muted">({escape(row.added_numbers)})</span>'
    else:
        added = "0"
    parts.append(f"<td>{added}</td>")
    if row.lost:
        flag = "" if pdf else "⚠ "
        parts.append(
            f'<td><strong class="lost-flag">{flag}{escape(row.lost_numbers)}</strong></td>'
        )
    else:
        parts.append("<td>—</td>")
    overdue = f'<span class="overdue-count">{int(row.overdue)}</span>' if row.overdue else "0"
    parts.append(f"<td>{overdue}</td></tr>")
    return mark_safe("".join(parts))  # noqa: S308 – every value above is escaped or an int


@register.filter
def share(at_risk) -> str:
    """ "30,0%": the share of its set's criteria a commune at risk no longer meets."""
    return share_text(at_risk)


@register.filter
def in_period(tiers, tier: str) -> int | None:
    """Of a tier's recognised communes, those whose year of the standard is in the page's set's
    period, when not all are (TierTable.in_period_of)."""
    return tiers.in_period_of(tier)
