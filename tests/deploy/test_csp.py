"""The Content-Security-Policy forbids inline scripts and styles, so no served template may use
them: no <script> with a body, no on…= handler, no style attribute or <style> element.

The WeasyPrint templates (templates/pdf/, templates/plans/pdf/) are rendered to PDF, not
served; what of them the print view serves is checked in tests/plans/test_print.py.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PDF_ONLY = (TEMPLATES / "pdf", TEMPLATES / "plans" / "pdf")
SERVED = sorted(p for p in TEMPLATES.rglob("*.html") if not any(d in p.parents for d in PDF_ONLY))
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("path", SERVED, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_served_template_has_nothing_inline(path):
    text = path.read_text()
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{path.relative_to(TEMPLATES)}: {', '.join(found)}"


@pytest.mark.django_db
def test_pages_are_sent_with_the_policy(client_a):
    response = client_a.get("/xa/")

    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
