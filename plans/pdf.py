"""A plan as PDF bytes, laid out per Decree 30/2020/NĐ-CP (WeasyPrint 70).

Rendering is offline and local: the stylesheet is read by file path, fonts come from
static/fonts/ through relative URLs in that stylesheet, and the URL fetcher refuses anything
that is not a file under static/ (no network, no /etc/passwd), whatever the HTML says. User
text never reaches the HTML unescaped anyway (plans.text, Django autoescape).

A plan heavier than plans.render.PDF_MAX_WEIGHT is not laid out at all: DocumentTooLong is
raised before WeasyPrint starts, so no request waits for the worker timeout (issue 13).
"""

import gc
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .models import Plan
from .render import printable_document

STATIC_DIR = Path(settings.BASE_DIR) / "static"
STYLESHEET = STATIC_DIR / "css" / "van-ban.css"
TEMPLATE = "plans/pdf/plan.html"


class StaticFilesOnly(URLFetcher):
    """Fetch `file:` URLs inside static/ only (fonts, stylesheet); refuse everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, timeout=5)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(STATIC_DIR.resolve()):
                raise ValueError(f"Refusing a file outside static/: {url}")
        return super().fetch(url, headers)


def plan_pdf_bytes(plan: Plan) -> bytes:
    """The printed Kế hoạch; three queries (see plans.render.plan_document). Raises
    plans.render.DocumentTooLong for a plan too heavy to print."""
    html = render_to_string(TEMPLATE, {"plan": plan, "doc": printable_document(plan)})
    with _gc_paused():
        return html_document(html).write_pdf()


def plan_pdf_document(plan: Plan) -> Document:
    """The laid-out pages (len(document.pages) is the page count); .write_pdf() gives bytes."""
    html = render_to_string(TEMPLATE, {"plan": plan, "doc": printable_document(plan)})
    with _gc_paused():
        return html_document(html)


def html_document(html: str) -> Document:
    """Lay out a document built on templates/pdf/base_document.html with van-ban.css."""
    css, font_config, fetcher = _stylesheet()
    document = HTML(string=html, base_url=f"{STATIC_DIR}/", url_fetcher=fetcher)
    return document.render(stylesheets=[css], font_config=font_config)


@contextmanager
def _gc_paused():
    """No cyclic garbage collection while WeasyPrint lays out and writes the document.

    Layout allocates hundreds of thousands of objects in reference cycles (boxes know their
    parents); with the collector on, a 26-page plan spent 0.3 s in repeated collections
    (benchmark_plan_pdf). Paused, the same garbage is freed by one young-generation pass at
    the end. Process-wide, like the collector itself; left as it was found.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)  # the document's cycles, now unreachable, are all in generation 0


_per_thread = threading.local()


def _stylesheet() -> tuple[CSS, FontConfiguration, StaticFilesOnly]:
    """van-ban.css with its fonts loaded, kept per thread (Pango objects are not thread-safe).

    Reusing the font configuration keeps Pango's font caches warm between documents and saves
    parsing the stylesheet and loading the fonts each time; an edited stylesheet is re-read.
    """
    version = STYLESHEET.stat().st_mtime_ns
    cached = getattr(_per_thread, "stylesheet", None)
    if cached is None or cached[0] != version:
        fetcher = StaticFilesOnly()
        font_config = FontConfiguration()
        css = CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=fetcher)
        cached = _per_thread.stylesheet = (version, css, font_config, fetcher)
    return cached[1:]
