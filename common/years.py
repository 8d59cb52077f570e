"""Years the app accepts: 2000–2100, the same bounds on every form, import and service."""

from django import forms

YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR_ERRORS = {
    "invalid": "Năm không hợp lệ.",
    "min_value": "Năm phải từ %(limit_value)s trở đi.",
    "max_value": "Năm không quá %(limit_value)s.",
}


def in_range(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


class YearField(forms.IntegerField):
    """An integer field for a year between YEAR_MIN and YEAR_MAX, with Vietnamese errors (a
    form's own `error_messages` win)."""

    def __init__(self, *, label="Năm", error_messages=None, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(
            label=label, error_messages={**YEAR_ERRORS, **(error_messages or {})}, **kwargs
        )
