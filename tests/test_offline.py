"""The wiring of pages kept for use without network (static/js/sw.js, offline.js; the browser
side is tests/browser/test_offline.py)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_the_worker_is_served_at_the_root_to_anyone_and_checked_on_every_visit(client):
    response = client.get(reverse("service-worker"))  # no login: a static file, no data
    assert reverse("service-worker") == "/sw.js"  # its address is the scope it may answer for
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert response.content == Path(finders.find("js/sw.js")).read_bytes()
    assert client.post(reverse("service-worker")).status_code == 405


def test_the_worker_names_the_style_sheet_as_the_pages_do(client, settings):
    # in production the pages link css/app.<hash>.css, the copy kept without network is under
    # that name, and the worker's own "not kept" page must ask for the same
    settings.STATIC_URL = "/tinh/"
    script = client.get(reverse("service-worker")).content.decode()
    assert 'var STATIC_PATH = "/tinh/";' in script
    assert 'var STYLE = "/tinh/css/app.css";' in script
    assert "/static/" not in script
    assert (
        script.replace("/tinh/", "/static/").encode() == Path(finders.find("js/sw.js")).read_bytes()
    )


def test_pages_carry_the_mark_for_the_notice_and_say_who_is_signed_in(client, official_a):
    anonymous = client.get(reverse("login")).content.decode()
    assert "<body>" in anonymous and "js/offline.js" in anonymous  # deletes kept pages
    client.force_login(official_a)
    page = client.get(reverse("assignments:my-tasks")).content.decode()
    assert "<body data-signed-in>" in page
    assert '<main id="main"><!--ngoai-tuyen-->' in page  # where sw.js puts "Không có mạng"
