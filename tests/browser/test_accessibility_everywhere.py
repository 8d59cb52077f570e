"""Every page of every role, in a real browser: each role signs in and follows the links of
the app from its home pages; every HTML page it reaches (one per kind of page: the same view
with another object is the same markup) is checked with axe-core against WCAG 2.1 A and AA –
no violation of any impact – and weighed: under 100 KB as it travels (gzip). On the way, every
link the app shows the role must open: a 403 or 404 behind a link is a fault too.

Exports (workbooks, PDF, CSV, evidence files) and Django's admin are not pages of the app.
The crawl is tests/browser/crawl.py; these three roles here, the other three in
test_accessibility_everywhere_offices.py (two files, so two workers crawl at once)."""

import pytest

from .crawl import check_role

ROLES = {
    "camtan": "công chức xã",
    "tw": "văn phòng điều phối trung ương",
    "admin": "quản trị viên",
}


@pytest.mark.parametrize("username", list(ROLES), ids=list(ROLES.values()))
def test_every_page_of_the_role_passes_axe_and_weighs_under_100_kb(
    username, demo, page, live_server, login, axe
):
    check_role(username, page, live_server, login, axe)
