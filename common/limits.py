"""Text bounds: one message for the forms, the services and the Excel import of tasks and plans.

Each bound is the `max_length` of the model field (TextFields carry one too, although the
database does not enforce it there); forms and services read it from the field, so a page, an
import and a draft refuse the same text with the same words.
"""

from django import forms
from django.db.models import Model
from django.utils.text import capfirst

from common.numbers import number_vi


def text_bound(model: type[Model], field: str) -> int:
    return model._meta.get_field(field).max_length


def length_error(label: str, text: str, limit: int) -> str | None:
    """ "Nội dung dài 8.001 ký tự, tối đa 8.000 ký tự." when the text is too long, else None."""
    if len(text) <= limit:
        return None
    return f"{label} dài {number_vi(len(text), 0)} ký tự, tối đa {number_vi(limit, 0)} ký tự."


def field_length_error(model: type[Model], field: str, text: str) -> str | None:
    """length_error with the field's own bound and label (its verbose_name); None for a field
    without a bound (a number, a date)."""
    model_field = model._meta.get_field(field)
    if model_field.max_length is None:
        return None
    return length_error(capfirst(model_field.verbose_name), text or "", model_field.max_length)


class BoundedCharField(forms.CharField):
    """A CharField whose too-long message names the field and gives both lengths, with the
    Vietnamese thousands dot (Django's own message does neither). `what` defaults to the
    label: "Nội dung mục dài 50.001 ký tự, tối đa 50.000 ký tự."."""

    def __init__(self, *, what: str = "", **kwargs):
        super().__init__(**kwargs)
        self.what = what

    def validate(self, value):
        super().validate(value)
        if self.max_length is not None and value:
            message = length_error(self.what or str(self.label), value, self.max_length)
            if message:
                raise forms.ValidationError(message, code="max_length")


# Django's own check for a NUL character in text (ProhibitNullCharactersValidator) has no
# Vietnamese translation: its message is given here, on every text field of the forms.
NUL_ERROR = {
    "null_characters_not_allowed": "Có ký tự không hợp lệ (ký tự NUL, mã 0): xóa ký tự đó rồi "
    "ghi lại."
}


def model_text_field(
    model: type[Model],
    name: str,
    label: str,
    *,
    required=False,
    rows=0,
    help_text="",
    error_messages=None,
) -> BoundedCharField:
    """A form field for the model's text field `name`: its bound, a one-line input (or a
    textarea of `rows`), the Vietnamese messages for a NUL character and `error_messages`."""
    return BoundedCharField(
        label=label,
        max_length=text_bound(model, name),
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={**NUL_ERROR, **(error_messages or {})},
    )
