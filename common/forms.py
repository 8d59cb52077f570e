"""Form helpers the apps share (this package imports no app)."""

from django import forms
from django.core.exceptions import ValidationError


def add_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal onto the form that asked for the write: each field's messages under
    that field (under the form when it has no such field), the others on the form itself."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)
