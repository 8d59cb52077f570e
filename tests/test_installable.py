"""A commune official can put the app on their phone's home screen (a web app manifest): its
name, its icons at the sizes phones ask for, the brand colour, opening on the home page."""

import json
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from PIL import Image


def _manifest() -> dict:
    return json.loads(Path(finders.find("manifest.json")).read_text(encoding="utf-8"))


def test_every_page_links_the_manifest_its_icon_and_colour(client):
    html = client.get("/dang-nhap/").content.decode()  # base.html, as every page
    assert f'<link rel="manifest" href="{static("manifest.json")}">' in html
    assert f'<link rel="apple-touch-icon" href="{static("icons/ntm-192.png")}">' in html
    assert f'<meta name="theme-color" content="{_manifest()["theme_color"]}">' in html


def test_the_manifest_says_what_a_phone_needs_to_install_the_app():
    manifest = _manifest()
    assert manifest["lang"] == "vi" and manifest["name"].startswith("NTM")
    assert len(manifest["short_name"]) <= 12  # shown under the icon, untruncated
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = set()
    for icon in manifest["icons"]:
        path = finders.find(icon["src"])
        assert path, icon["src"]
        with Image.open(path) as image:
            assert image.format == "PNG" and f"{image.width}x{image.height}" == icon["sizes"]
        sizes.add((icon["sizes"], icon["purpose"]))
    # what Chromium asks for: 192 and 512 px; a full-bleed one for round or squircle masks
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
