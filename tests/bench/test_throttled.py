"""`manage.py benchmark_throttled --runs 1` on the demo: the command serves the app, signs in
and loads its three pages in Chromium, throttled, and prints a line of figures for each cold
and warm load and the table. No timing is asserted, only that every figure is there.

The server runs in a thread of this process and reads the database through its own
connection (or, on in-memory SQLite, this one): the demo is committed, as for the browser
tests (a transactional test; on SQLite seeded once and copied back: tests/shared.py)."""

import io
import os
import re

import pytest
from django.core.management import call_command
from whitenoise.compress import Compressor

from bench import throttled
from tests.shared import made_once

pytestmark = [pytest.mark.bench, pytest.mark.browser]


@pytest.fixture
def demo(transactional_db, settings):
    from ops.demo import seed_demo

    made_once("demo-throttled", seed_demo)


@pytest.fixture
def chromium():
    executable = throttled.find_chromium()
    if executable is None:
        if {os.environ.get(n, "").lower() for n in ("CI", "NTM_REQUIRE_BROWSER")} & {"1", "true"}:
            pytest.fail("Chromium không có trên máy này [NTM_REQUIRE_BROWSER=1 / CI=true]")
        pytest.skip("Chromium không có trên máy này: cài gói Debian 'chromium'")
    return executable


def test_prints_every_page_with_its_figures(demo, chromium, settings):
    # The PDF fonts (1,5 MB of TTF, never loaded by a web page) are collected but not
    # compressed here: Brotli on them is most of collectstatic's 12 s. No measured figure
    # depends on it.
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf")
    out = io.StringIO()

    call_command("benchmark_throttled", "--runs", "1", "--chromium", chromium, stdout=out)

    text = out.getvalue()
    assert "1.60 Mbps" in text and "750 kbps" in text and "150 ms" in text
    assert "CPU chậm 4×" in text and "360×740" in text
    figures = (
        r"truyền \d+\.\d KB \(giải nén \d+\.\d KB, \d+ yêu cầu\) \| HTML về đủ trung vị \d+ ms \| "
        r"DOMContentLoaded trung vị \d+ ms, tối đa \d+ ms \| load trung vị \d+ ms, tối đa \d+ ms"
        r" \| LCP (trung vị \d+ ms, tối đa \d+ ms|—) \| mục tiêu < 1000 ms: (✔ đạt|✘ chưa đạt)"
    )
    for label, path in (
        ("Trang xã (năm mặc định)", r"/xa/\d+/"),
        ("Nhập kết quả tiêu chí 17", r"/xa/\d+/tieu-chi/17/"),
        ("Việc của tôi", r"/viec-cua-toi/"),
    ):
        block = re.search(
            rf"^{re.escape(label)} – {path}\n  lạnh: {figures}\n  ấm: +{figures}$", text, re.M
        )
        assert block, (label, text)
        assert (
            len(re.findall(rf"^\| {re.escape(label)} \| `{path}` \| (lạnh|ấm) \|", text, re.M)) == 2
        )
    # the cold load brings the stylesheet, the warm one takes it from the cache
    cold, warm = (
        float(x)
        for x in re.search(r"lạnh: truyền (\S+) KB.*\n  ấm: +truyền (\S+) KB", text).groups()
    )
    assert cold > warm > 0


def test_refuses_without_the_demo(transactional_db, chromium):
    with pytest.raises(Exception, match="seed_demo"):
        call_command("benchmark_throttled", "--runs", "1", stdout=io.StringIO())
