"""Issue 13: every text field of the project's models has a bound (Django enforces a TextField's
max_length in forms only; forms and imports use the same numbers)."""

from django.apps import apps
from django.db import models

APPS = ("units", "criteria", "assignments", "plans", "dashboards")


def test_every_text_field_of_the_project_is_bounded():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in APPS
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and field.max_length is None
    ]
    assert unbounded == []


def test_the_status_form_and_the_model_agree_on_the_note():
    from criteria.forms import IndicatorStatusForm
    from criteria.models import IndicatorStatus

    form = IndicatorStatusForm(automatic=False, measured=True, unit="%")
    assert form.fields["note"].max_length == IndicatorStatus._meta.get_field("note").max_length
