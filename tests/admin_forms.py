"""Sending an admin change form back as the browser would: what it holds as served."""

from datetime import date, time

from django.forms import MultiWidget


def admin_form_data(client, url) -> dict:
    """The admin's form at `url` as served (the signed-in client's), ready to be posted back
    with the fields a test changes."""
    page = client.get(url).context
    data = _values(page["adminform"].form)
    for inline in page.get("inline_admin_formsets", []):
        formset = inline.formset  # its rows as they are, no new one
        rows = formset.initial_forms
        prefix = formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for row in rows:
            data.update(_values(row))
    return data


def _values(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        key = form.add_prefix(name)
        widget = form.fields[name].widget
        if isinstance(widget, MultiWidget):  # the admin's date and time boxes
            parts = widget.decompress(value)
            data.update({f"{key}_{i}": _text(p) for i, p in enumerate(parts) if p is not None})
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is True:
            data[key] = "on"
        else:
            data[key] = _text(value)
    return data


def _text(value):
    if isinstance(value, date | time):
        return value.isoformat()
    return value
