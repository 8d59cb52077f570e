"""Sending an admin change form back as the browser would: what it holds as served."""

import re

from django.forms import MultiWidget


def _shown_names(response) -> set[str]:
    """The names of the inputs the page really has: a browser sends those only."""
    return set(re.findall(r'name="([^"]+)"', response.content.decode()))


def admin_form_data(client, url) -> dict:
    """The admin's form at `url` as served (the signed-in client's), with its inlines' rows as
    they are, ready to be posted back with the fields a test changes – only the inputs the
    page shows, as a browser would (a form field left out of the page is not sent)."""
    response = client.get(url)
    page = response.context
    data = post_data(page["adminform"].form)
    for inline in page.get("inline_admin_formsets", []):
        formset = inline.formset  # its rows as they are, no new one
        rows = formset.initial_forms
        prefix = formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for row in rows:
            data.update(post_data(row))
    shown = _shown_names(response)
    return {name: value for name, value in data.items() if name in shown}


def admin_seen(client, url) -> dict:
    """Only what an admin form guarded against stale saves carries beside its fields, as
    served: the fingerprint of the row it shows (common.admin.GuardedAdminForm), read from
    the page itself."""
    page = client.get(url).content.decode()
    found = re.search(r'<input type="hidden" name="seen" value="([^"]*)"', page)
    assert found, "the page has no fingerprint to send back"
    return {"seen": found.group(1)}


def post_data(form) -> dict:
    """What a browser would post for a bound or unbound (admin) form, as it is shown."""
    data = {}
    for field in form:
        if field.field.disabled:
            continue
        value, widget = field.value(), field.field.widget
        widget = getattr(widget, "widget", widget)  # the admin's related-field wrapper
        if isinstance(widget, MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{field.html_name}_{i}"] = sub.format_value(part) or ""
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif value is not None:
            data[field.html_name] = widget.format_value(value) or ""
    return data
