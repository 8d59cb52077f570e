"""Template filters for printed documents (templates/pdf/, templates/plans/pdf/)."""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join

from plans import text

register = template.Library()


@register.filter
def runs(value) -> str:
    """Runs from plans.text -> escaped HTML with <strong>/<em>; never the user's own markup."""
    return format_html_join("", "{}", ((_run_html(run),) for run in value or ()))


def _run_html(run: text.Run) -> str:
    html = conditional_escape(run.text)
    if run.italic:
        html = format_html("<em>{}</em>", html)
    if run.bold:
        html = format_html("<strong>{}</strong>", html)
    return html


@register.filter
def ngay_thang_nam(value) -> str:
    """date -> "ngày 05 tháng 3 năm 2024" (Decree 30 ô 4); empty for no date."""
    return text.ngay_thang_nam(value) if value else ""


@register.filter
def ngay_vi(value) -> str:
    """date -> "05/3/2024" for dates inside the body text; empty for no date."""
    return text.ngay_vi(value) if value else ""
