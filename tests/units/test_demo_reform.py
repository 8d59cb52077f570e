"""Issue 16, done when: after applying the Hà Tĩnh 2025 demo reorganisation from its workbook,
the 2023 province dashboard is what it was before (compared whole: page, PDF text and Excel),
the 2026 one shows the new commune under the province, the merged commune's officials read Cẩm
Tân's 2023 record, and the ended district office's role has ended with a record."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from criteria.models import Framework
from imports.models import ImportRun
from ops import demo_reform
from ops.demo import seed_demo
from units.access import can_edit_commune
from units.models import Reorganisation, Role, RoleChange, Unit, User

pytestmark = pytest.mark.django_db


def _page(client, name, unit, year, **params):
    url = reverse(name, args=[unit.pk])
    return client.get(url, {"framework": "xa_ntm_2021_2025", "year": year, **params})


def _html(response) -> str:
    """The page's content without what differs between two requests of the same page (CSRF
    tokens). The header is left out: its count of the office's work grows when the reform
    gives it the years of the abolished district waiting for review."""
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def _xlsx(response) -> list:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]


def test_the_demo_reform_from_its_workbook(demo, client):
    ha_tinh = Unit.objects.get(code="ha-tinh")
    cam_xuyen = Unit.objects.get(code="ha-tinh.cam-xuyen")
    cam_tan = Unit.objects.get(code="ha-tinh.cam-xuyen.cam-tan")
    office = User.objects.get(username="hatinh")
    client.force_login(office)
    before = _html(_page(client, "dashboards:province", ha_tinh, 2023))
    assert "Huyện Cẩm Xuyên" in before
    before_xlsx = _xlsx(_page(client, "dashboards:province-xlsx", ha_tinh, 2023))
    before_district = _html(_page(client, "dashboards:unit", cam_xuyen, 2023))

    run = demo_reform.apply_demo_reform(User.objects.get(username="admin"))
    assert run.state == ImportRun.State.DONE, run.errors
    reorg = Reorganisation.objects.get(source=f"Tệp Excel {demo_reform.FILE_NAME}")
    assert "minh họa" in reorg.basis

    # 2023: the same page, the same workbook, and the district's own page still there
    assert _html(_page(client, "dashboards:province", ha_tinh, 2023)) == before
    assert _xlsx(_page(client, "dashboards:province-xlsx", ha_tinh, 2023)) == before_xlsx
    assert _html(_page(client, "dashboards:unit", cam_xuyen, 2023)) == before_district

    # 2026: no district; the province's communes, the new one among them, under the province
    response = _page(client, "dashboards:province", ha_tinh, 2026)
    assert response.status_code == 302
    page = _html(client.get(response.url))
    new = Unit.objects.get(code=demo_reform.NEW_CODE)
    assert new.name in page and "Cẩm Thành" in page
    assert "Huyện Cẩm Xuyên" not in page and "Cẩm Tân</a>" not in page

    # the merged commune's officials read Cẩm Tân's 2023 record, and write none of it
    camtan = User.objects.get(username="camtan")
    assert set(Role.objects.filter(user=camtan).values_list("unit", flat=True)) == {new.pk}
    client.force_login(camtan)
    record = client.get(reverse("criteria:commune-detail", args=[cam_tan.pk]), {"year": 2023})
    assert record.status_code == 200 and "Cẩm Tân" in record.content.decode()
    assert not can_edit_commune(camtan, cam_tan)
    # each commune's page tells its administrative history
    history = record.content.decode()
    assert (
        "Hết hiệu lực từ 01/07/2025: nhập xã vào Xã Cẩm Tân Quan (minh họa) theo Nghị quyết"
        in history
    )
    own = client.get(reverse("criteria:commune-detail", args=[new.pk])).content.decode()
    assert "Hình thành từ:" in own and "Xã Cẩm Tân</a>" in own
    assert "Thành lập từ 01/07/2025 theo Nghị quyết" in own
    client.force_login(office)
    cam_thanh = Unit.objects.get(code="ha-tinh.cam-xuyen.cam-thanh")
    page = client.get(reverse("criteria:commune-detail", args=[cam_thanh.pk])).content.decode()
    assert "Thuộc Huyện Cẩm Xuyên đến trước 01/07/2025 (chuyển theo Nghị quyết" in page
    assert "Thuộc Tỉnh Hà Tĩnh từ 01/07/2025." in page

    # the district office's role ended on record, with the basis; the person stays
    ended = RoleChange.objects.get(user__username="camxuyen", action=RoleChange.Action.ENDED)
    assert (ended.unit, ended.basis, ended.actor.username) == (cam_xuyen, reorg.basis, "admin")
    assert not Role.objects.filter(unit=cam_xuyen).exists()
    assert User.objects.get(username="camxuyen").is_active


def test_the_workbook_applied_twice_is_refused_with_nothing_written(demo):
    admin = User.objects.get(username="admin")
    assert demo_reform.apply_demo_reform(admin).state == ImportRun.State.DONE
    again = demo_reform.apply_demo_reform(admin)
    assert again.state == ImportRun.State.REFUSED
    assert {e["message"] for e in again.errors} >= {
        "Huyện Cẩm Xuyên đã hết hiệu lực từ 01/07/2025: không còn tồn tại vào ngày 01/07/2025 "
        "để sắp xếp."
    }
    assert Reorganisation.objects.filter(basis=demo_reform.BASIS).count() == 1


def test_a_framework_default_keeps_the_2023_scope(demo):
    """The demo's other provinces are untouched by Hà Tĩnh's reform."""
    demo_reform.apply_demo_reform(User.objects.get(username="admin"))
    krong_no = Unit.objects.get(name="Krông Nô", kind="district")
    assert krong_no.valid_to is None and Framework.objects.filter(key="xa_ntm_2021_2025").exists()


def test_the_real_2024_merger_of_son_duong(demo, client):
    """Issue 16, demo: a real commune merger before the reform, with its resolution (NQ
    1106/NQ-UBTVQH15, 01/09/2024: Vân Sơn and Hồng Lạc became Hồng Sơn), applied by the same
    operation as any other: 2023 pages show the two communes, 2025 ones Hồng Sơn, whose page
    names its predecessors and its basis."""
    reorg = Reorganisation.objects.get(basis=demo_reform.SON_DUONG_BASIS)
    assert reorg.effective.isoformat() == "2024-09-01" and "minh họa" not in reorg.basis
    hong_son = Unit.objects.get(code=demo_reform.HONG_SON)
    assert {u.name for u in hong_son.merged_from.all()} == {"Vân Sơn", "Hồng Lạc"}
    assert hong_son.valid_from == reorg.effective and hong_son.parent.name == "Sơn Dương"
    son_duong = Unit.objects.get(code="tuyen-quang.son-duong")
    client.force_login(User.objects.get(username="admin"))

    def communes(year):
        page = _html(_page(client, "dashboards:unit", son_duong, year))
        return {n for n in ("Vân Sơn", "Hồng Lạc", "Hồng Sơn", "Thiện Kế") if n + "</a>" in page}

    assert communes(2023) == {"Vân Sơn", "Hồng Lạc", "Thiện Kế"}
    assert communes(2025) == {"Hồng Sơn", "Thiện Kế"}
    own = client.get(reverse("criteria:commune-detail", args=[hong_son.pk])).content.decode()
    assert "Hình thành từ:" in own and "Xã Vân Sơn</a>" in own and "Xã Hồng Lạc</a>" in own
    assert "Thành lập từ 01/09/2024 theo Nghị quyết số 1106/NQ-UBTVQH15" in own
    seed_demo()  # seeding again applies nothing twice
    assert Reorganisation.objects.filter(basis=demo_reform.SON_DUONG_BASIS).count() == 1
