"""A dashboard as PDF bytes (WeasyPrint), A4 landscape, offline.

plans/pdf.py lays out administrative documents with van-ban.css (A4 portrait, Decree 30
margins), so the dashboards keep their own small renderer: the stylesheet
dashboards/static/dashboards/print.css read by file path, the vendored Liberation Serif from
static/fonts/ declared here by file path (it has every Vietnamese letter; the matrix marks in
print are √ × ○, which it also has), and a URL fetcher that refuses anything but files under
those two folders.
"""

import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
APP_STATIC = Path(__file__).resolve().parent / "static" / "dashboards"
STYLESHEET = APP_STATIC / "print.css"
ALLOWED = (FONTS_DIR.resolve(), APP_STATIC.resolve())
FAMILY = "NTM Print"  # the family the print stylesheet and the charts ask for
FACES = [
    ("LiberationSerif-Regular.ttf", 400, "normal"),
    ("LiberationSerif-Bold.ttf", 700, "normal"),
    ("LiberationSerif-Italic.ttf", 400, "italic"),
    ("LiberationSerif-BoldItalic.ttf", 700, "italic"),
]


class LocalFilesOnly(URLFetcher):
    """Fetch `file:` URLs of the fonts and the stylesheet only; refuse everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, timeout=5)

    def fetch(self, url, headers=None):
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not url.startswith("file:") or not any(path.is_relative_to(d) for d in ALLOWED):
            raise ValueError(f"Refusing a URL outside the fonts and the print stylesheet: {url}")
        return super().fetch(url, headers)


def _font_faces() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{(FONTS_DIR / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in FACES
    )


_per_thread = threading.local()


def _stylesheets() -> tuple[list[CSS], FontConfiguration, LocalFilesOnly]:
    """Fonts and stylesheet, kept per thread (Pango objects are not thread-safe); an edited
    stylesheet is read again."""
    version = STYLESHEET.stat().st_mtime_ns
    cached = getattr(_per_thread, "cached", None)
    if cached is None or cached[0] != version:
        fetcher = LocalFilesOnly()
        fonts = FontConfiguration()
        css = [
            CSS(string=_font_faces(), font_config=fonts, url_fetcher=fetcher),
            CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher),
        ]
        cached = _per_thread.cached = (version, css, fonts, fetcher)
    return cached[1:]


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of a page built on templates/dashboards/pdf.html."""
    css, fonts, fetcher = _stylesheets()
    document = HTML(string=html, base_url=f"{APP_STATIC}/", url_fetcher=fetcher)
    return document.render(stylesheets=css, font_config=fonts).write_pdf()
