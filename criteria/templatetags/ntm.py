from django import template

from common.numbers import number_vi

register = template.Library()

STATUS_SYMBOLS = {"dat": "✔", "chua_dat": "✘", "chua_danh_gia": "○"}


@register.filter
def num(value, places=4):
    """24.6200 -> 24,62 (Vietnamese decimal comma, thousands dot); an indicator's value keeps
    its four decimals (79,996 is not shown as the 80 it does not reach)."""
    return number_vi(value, int(places))


@register.filter
def status_symbol(code):
    """A shape for each status so the page reads without colour (and in black and white)."""
    return STATUS_SYMBOLS.get(code, "")


@register.filter
def far_from(earlier, value) -> str:
    """ "more" or "less" when this year's value is ten times the earlier year's or a tenth, else
    "" (criteria.selectors.Earlier.far_from)."""
    return earlier.far_from(value) if earlier else ""
