"""common.forms.add_refusal: a service's refusal lands where the person reads it."""

from django import forms
from django.core.exceptions import ValidationError

from common.forms import add_refusal


class _Form(forms.Form):
    name = forms.CharField(required=False)


def _bound():
    form = _Form({"name": "x"})
    assert form.is_valid()
    return form


def test_a_fields_refusal_goes_under_the_field_and_an_unknown_ones_on_the_form():
    form = _bound()

    add_refusal(form, ValidationError({"name": "Tên đã có.", "unit": "Đơn vị đã hết hiệu lực."}))

    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Đơn vị đã hết hiệu lực."]


def test_a_refusal_without_field_goes_on_the_form():
    form = _bound()

    add_refusal(form, ValidationError(["Vừa được người khác sửa.", "Chưa lưu gì."]))

    assert form.non_field_errors() == ["Vừa được người khác sửa.", "Chưa lưu gì."]
    assert "name" not in form.errors
