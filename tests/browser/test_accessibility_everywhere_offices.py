"""Every page of the commune's leader and of the district and province offices, in a real
browser: the crawl of test_accessibility_everywhere.py (tests/browser/crawl.py) for the other
three roles – axe-core without a violation, every page under 100 KB gzip, no broken link."""

import pytest

from .crawl import check_role

ROLES = {
    "camtan-ct": "lãnh đạo UBND xã",
    "camxuyen": "văn phòng NTM huyện",
    "hatinh": "văn phòng điều phối tỉnh",
}


@pytest.mark.parametrize("username", list(ROLES), ids=list(ROLES.values()))
def test_every_page_of_the_role_passes_axe_and_weighs_under_100_kb(
    username, demo, page, live_server, login, axe
):
    check_role(username, page, live_server, login, axe)
