"""templates/plans/plan_print.html: the same document on an A4-wide sheet in the browser."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from plans.render import plan_document_context

from .conftest import HEADINGS, PlanSectionFactory

CSS = Path(settings.BASE_DIR) / "static" / "css" / "van-ban.css"


def render_print(plan) -> str:
    return render_to_string("plans/plan_print.html", {"plan": plan, **plan_document_context(plan)})


def test_print_view_shows_the_whole_document_with_its_stylesheet(plan):
    html = render_print(plan)

    assert '<link rel="stylesheet" href="/static/css/van-ban.css">' in html
    assert '<body class="vb-screen">' in html
    assert '<nav class="vb-toolbar"' in html
    # the print button works through static/js/print.js: no inline handler under the CSP
    assert "onclick" not in html
    assert '<button type="button" data-print hidden>In văn bản</button>' in html
    assert '<script src="/static/js/print.js" defer></script>' in html
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 30/KH-UBND",
        "Cẩm Tân, ngày 05 tháng 3 năm 2024",
        *HEADINGS,
        "Nơi nhận:",
        "Trịnh Minh Chung",
    ]:
        assert expected in html, expected


def test_print_view_links_back_and_to_the_downloads_when_routed(plan):
    html = render_print(plan)

    for name in ("plans:plan-detail", "plans:plan-pdf", "plans:plan-docx"):
        assert f'href="{reverse(name, args=[plan.pk])}"' in html


def test_print_view_escapes_what_users_typed(plan):
    PlanSectionFactory(plan=plan, heading="<b>x</b>", body="<script>alert(1)</script> **đậm**")

    html = render_print(plan)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>đậm</strong>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_stylesheet_sheet_on_screen_toolbar_hidden_in_print():
    css = CSS.read_text()
    screen = css[css.index("@media screen") : css.index("@media print")]
    printed = css[css.index("@media print") :]

    assert re.search(r"\.vb-screen \.vb \{[^}]*width: 210mm", screen)
    assert "padding: 20mm 15mm 20mm 30mm" in screen  # the page margins, drawn on screen
    assert re.search(r"\.vb-toolbar \{ display: none; \}", printed)
    assert "thead { display: table-header-group; }" in css
    assert "tr { break-inside: avoid; }" in css


def test_served_print_view_sizes_table_columns_without_style_attributes(client_a, plan):
    """Served pages carry a CSP without 'unsafe-inline' for styles: the task table's column
    widths are <col width> attributes there, and stay style="width" in the PDF's HTML."""
    response = client_a.get(reverse("plans:plan-print", args=[plan.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "style=" not in html
    assert re.search(r'<col width="\d+\.\d\d%">', html)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert re.search(r'<col style="width: \d+\.\d\d%">', render_print(plan))
