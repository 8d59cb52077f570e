"""Reorganisations are operations (issue 16, items 1 and 2): a district ended and communes
merged on one date by one resolution, applied in one transaction; the hierarchy keeps its time,
so the pages of 2023 read the districts of 2023 and those of 2026 the communes under the
province; roles at ended units end with a record; every bad plan is refused whole."""

import re
from datetime import date

import pytest
from django.db import connection

from dashboards.selectors import Filters, province_dashboard, unit_dashboard
from tests import factories
from tests.shared import race
from units import reorganisation
from units.models import (
    Reorganisation,
    ReorganisationStep,
    Role,
    RoleChange,
    Unit,
    UnitPlacement,
)
from units.reorganisation import Action, Plan, Refused, Step
from units.selectors import parents_in, placed_below

pytestmark = pytest.mark.django_db
DAY = date(2025, 7, 1)
BASIS = "Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025 (minh họa)"
COMMUNE, DISTRICT = Unit.Kind.COMMUNE, Unit.Kind.DISTRICT


@pytest.fixture
def area(province, district_a, commune_a, f318):
    """Huyện Cẩm Xuyên: Cẩm Tân (commune_a), Cẩm Quan, Cẩm Thành, with a village of Cẩm Tân
    and a commune merged away in 2019 (its history stays under the district)."""
    quan = factories.CommuneFactory(name="Cẩm Quan", parent=district_a, framework=f318)
    thanh = factories.CommuneFactory(name="Cẩm Thành", parent=district_a, framework=f318)
    old = factories.CommuneFactory(
        name="Cẩm Huy", parent=district_a, framework=f318, valid_to=date(2020, 1, 1)
    )
    village = factories.UnitFactory(
        kind="village", prefix="Thôn", name="Thôn 1", parent=commune_a, province=province
    )
    return quan, thanh, old, village


def plan_2025(commune_a, quan, district_a, **kw) -> Plan:
    return Plan(
        basis=BASIS,
        effective=DAY,
        steps=[
            Step(Action.ABOLISH_DISTRICT, district_a.code, row=2),
            Step(
                Action.MERGE_COMMUNES,
                commune_a.code,
                "ha-tinh.cam-tan-quan",
                "Cẩm Tân Quan",
                "Xã",
                row=3,
            ),
            Step(
                Action.MERGE_COMMUNES,
                quan.code,
                "ha-tinh.cam-tan-quan",
                "Cẩm Tân Quan",
                "Xã",
                row=4,
            ),
        ],
        **kw,
    )


def test_a_district_ended_and_two_communes_merged(
    area, province, district_a, commune_a, official_a, district_officer, f318
):
    quan, thanh, old, village = area
    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    reorg = reorganisation.apply(
        plan_2025(commune_a, quan, district_a), actor=admin, source="Trang"
    )

    new = Unit.objects.get(code="ha-tinh.cam-tan-quan")
    assert (new.parent, new.province, new.valid_from, new.prefix) == (province, province, DAY, "Xã")
    assert set(new.merged_from.all()) == {commune_a, quan}
    assert new.created_by_basis == BASIS and new.framework == f318
    for unit in (district_a, commune_a, quan):
        unit.refresh_from_db()
        assert unit.valid_to == DAY
    # the merged communes keep their last placement (under the district); the village follows
    # its commune; the commune that stays moves under the province; the 2019 one stays put
    assert commune_a.parent == district_a and commune_a.placed_since is None
    thanh.refresh_from_db()
    village.refresh_from_db()
    old.refresh_from_db()
    assert (thanh.parent, thanh.placed_since) == (province, DAY)
    assert (village.parent, village.placed_since) == (new, DAY)
    assert (old.parent, old.placed_since) == (district_a, None)
    closed = UnitPlacement.objects.get(unit=thanh)
    assert (closed.parent, closed.valid_from, closed.valid_to, closed.ended_by) == (
        district_a,
        None,
        DAY,
        reorg,
    )
    assert UnitPlacement.objects.get(unit=village).parent == commune_a
    steps = {
        (s.action, s.predecessor.name, s.successor.name, s.successor_created, s.moved)
        for s in reorg.steps.all()
    }
    assert steps == {
        (Action.ABOLISH_DISTRICT, "Cẩm Xuyên", "Hà Tĩnh", False, 1),
        (Action.MERGE_COMMUNES, "Cẩm Tân", "Cẩm Tân Quan", True, 1),
        (Action.MERGE_COMMUNES, "Cẩm Quan", "Cẩm Tân Quan", False, 0),
    }
    assert (reorg.basis, reorg.effective, reorg.recorded_by, reorg.source) == (
        BASIS,
        DAY,
        admin,
        "Trang",
    )

    # roles at the ended units end, on record with the basis; the people stay
    assert not Role.objects.filter(unit__in=[district_a, commune_a]).exists()
    ended = RoleChange.objects.filter(action=RoleChange.Action.ENDED)
    assert {(c.user, c.unit, c.basis, c.actor) for c in ended} == {
        (official_a, commune_a, BASIS, admin),
        (district_officer, district_a, BASIS, admin),
    }
    official_a.refresh_from_db()
    assert official_a.is_active


def test_the_hierarchy_of_each_year(area, province, district_a, commune_a):
    quan, thanh, old, village = area
    reorganisation.apply(plan_2025(commune_a, quan, district_a), actor=None)
    new = Unit.objects.get(code="ha-tinh.cam-tan-quan")
    assert set(placed_below(district_a, COMMUNE, 2019)) == {commune_a, quan, thanh, old}
    assert set(placed_below(district_a, COMMUNE, 2023)) == {commune_a, quan, thanh}
    assert set(placed_below(province, COMMUNE, 2023)) == {commune_a, quan, thanh}
    assert set(placed_below(province, DISTRICT, 2023)) == {district_a}
    assert set(placed_below(district_a, COMMUNE, 2026)) == set()
    assert set(placed_below(province, DISTRICT, 2026)) == set()
    assert set(placed_below(province, COMMUNE, 2026)) == {new, thanh}
    # 2025: each where it ended the year (or its life)
    assert set(placed_below(province, COMMUNE, 2025)) == {commune_a, quan, thanh, new}
    thanh.refresh_from_db()
    assert parents_in([thanh, commune_a, new], 2023) == {
        thanh.pk: district_a.pk,
        commune_a.pk: district_a.pk,
        new.pk: province.pk,
    }
    assert parents_in([thanh], 2025) == {thanh.pk: province.pk}


def test_the_2023_province_dashboard_is_the_same_after_the_reform(
    area, province, district_a, commune_a, f318
):
    from criteria import services

    quan, thanh, *_ = area
    for unit in (commune_a, quan, thanh):
        services.assessment_open(commune=unit, framework=f318, year=2023, actor=None)
    today = date(2026, 12, 6)

    def picture(year):
        data = province_dashboard(province, Filters(framework=f318, year=year), today)
        if data is None:
            return None
        return [(a.label, a.headline.communes if a.headline else 0) for a in data.areas]

    before = picture(2023)
    assert before == [("Huyện Cẩm Xuyên", 3)]
    reorganisation.apply(plan_2025(commune_a, quan, district_a), actor=None)
    assert picture(2023) == before
    assert picture(2026) is None  # no district that year: the unit dashboard shows its communes
    rows = unit_dashboard(province, Filters(framework=f318, year=2023), today).rows
    assert {(r.commune.name, str(r.commune.parent)) for r in rows} == {
        ("Cẩm Tân", "Huyện Cẩm Xuyên"),
        ("Cẩm Quan", "Huyện Cẩm Xuyên"),
        ("Cẩm Thành", "Huyện Cẩm Xuyên"),
    }
    district_2023 = unit_dashboard(district_a, Filters(framework=f318, year=2023), today)
    assert len(district_2023.rows) == 3


def test_merging_into_an_existing_commune_and_merging_provinces(
    province, district_a, commune_a, other_province, district_b, commune_b
):
    quan = factories.CommuneFactory(name="Cẩm Quan", parent=district_a)
    reorganisation.apply(
        Plan(BASIS, DAY, [Step(Action.MERGE_COMMUNES, quan.code, commune_a.code)]), actor=None
    )
    assert set(commune_a.merged_from.all()) == {quan}
    commune_a.refresh_from_db()
    assert commune_a.valid_to is None
    # then the provinces: everything of Đắk Nông moves into a new one, its district with it
    reorganisation.apply(
        Plan(
            "Nghị quyết 202/2025/QH15 (minh họa)",
            DAY,
            [
                Step(Action.MERGE_PROVINCES, province.code, "lam-dong", "Lâm Đồng", "Tỉnh"),
                Step(Action.MERGE_PROVINCES, other_province.code, "lam-dong", "Lâm Đồng", "Tỉnh"),
            ],
        ),
        actor=None,
    )
    new = Unit.objects.get(code="lam-dong")
    for unit in (district_b, commune_b, district_a, commune_a):
        unit.refresh_from_db()
        assert unit.province == new
    assert district_b.parent == new and commune_b.parent == district_b
    assert set(placed_below(other_province, COMMUNE, 2024)) == {commune_b}
    assert set(placed_below(new, COMMUNE, 2026)) == {commune_b, commune_a}


def test_a_failure_half_way_leaves_nothing(monkeypatch, area, district_a, commune_a, official_a):
    quan, thanh, *_ = area

    def broken(**_):
        raise RuntimeError("mất kết nối")

    monkeypatch.setattr(reorganisation.services, "end_roles", broken)
    with pytest.raises(RuntimeError):
        reorganisation.apply(plan_2025(commune_a, quan, district_a), actor=None)
    assert not Reorganisation.objects.exists() and not UnitPlacement.objects.exists()
    assert not Unit.objects.filter(code="ha-tinh.cam-tan-quan").exists()
    thanh.refresh_from_db()
    assert thanh.parent == district_a and Role.objects.filter(user=official_a).exists()


def _refused(plan) -> list[tuple]:
    with pytest.raises(Refused) as caught:
        reorganisation.apply(plan, actor=None)
    assert not Reorganisation.objects.exists() and not ReorganisationStep.objects.exists()
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def test_bad_plans_are_refused_whole_in_vietnamese(
    area, province, district_a, commune_a, district_b, commune_b
):
    quan, thanh, old, village = area
    merge = Action.MERGE_COMMUNES
    # a unit that no longer exists that day
    assert _refused(Plan(BASIS, DAY, [Step(merge, old.code, thanh.code, row=2)])) == [
        (
            2,
            "predecessor",
            f"{old} đã hết hiệu lực từ 01/01/2020: không còn tồn tại vào ngày "
            "01/07/2025 để sắp xếp.",
        )
    ]
    # a unit merged twice on one date
    problems = _refused(
        Plan(
            BASIS,
            DAY,
            [
                Step(merge, quan.code, thanh.code, row=2),
                Step(merge, quan.code, commune_a.code, row=3),
            ],
        )
    )
    assert (
        3,
        "predecessor",
        "Xã Cẩm Quan được sắp xếp hai lần trong cùng nghị quyết (dòng 2): "
        "mỗi đơn vị chỉ nhập vào một đơn vị.",
    ) in problems
    # a successor of the wrong kind
    assert _refused(Plan(BASIS, DAY, [Step(merge, quan.code, district_a.code, row=2)])) == [
        (
            2,
            "successor",
            "Đơn vị sau sắp xếp Huyện Cẩm Xuyên là đơn vị cấp huyện, không phải đơn vị cấp xã.",
        )
    ]
    # a date before a predecessor's own creation
    young = factories.CommuneFactory(name="Cẩm Mới", parent=district_a, valid_from=date(2024, 1, 1))
    assert _refused(
        Plan(BASIS, date(2023, 1, 1), [Step(merge, young.code, thanh.code, row=2)])
    ) == [
        (
            2,
            "predecessor",
            "Ngày sắp xếp 01/01/2023 không sau ngày Xã Cẩm Mới được thành lập (01/01/2024).",
        )
    ]
    # an unknown code, a district in a commune merger, a wrong designation, no basis
    problems = _refused(
        Plan(
            "",
            DAY,
            [
                Step(merge, "khong-co", thanh.code, row=2),
                Step(merge, district_a.code, "moi", "Mới", "Xã", row=3),
                Step(merge, quan.code, "moi2", "Mới 2", "Quận", row=4),
            ],
        )
    )
    assert (None, "basis", "Nhập căn cứ: số, ngày và cơ quan ban hành nghị quyết.") in problems
    assert (2, "predecessor", "Không có đơn vị nào mang mã “khong-co”.") in problems
    assert (
        3,
        "predecessor",
        "Huyện Cẩm Xuyên là đơn vị cấp huyện: thao tác “Nhập xã” chỉ áp dụng cho đơn vị cấp xã.",
    ) in problems
    assert (
        4,
        "prefix",
        "Loại đơn vị “Quận” không dùng cho đơn vị cấp xã: ghi một trong Xã, "
        "Phường, Thị trấn, Đặc khu.",
    ) in problems
    # communes of two provinces into one
    assert _refused(Plan(BASIS, DAY, [Step(merge, commune_b.code, thanh.code, row=2)])) == [
        (
            2,
            "successor",
            f"Các xã nhập vào “{thanh.code}” thuộc các tỉnh khác nhau: nhập tỉnh "
            "trước (một nghị quyết riêng) rồi mới nhập các xã.",
        )
    ]
    # the future, and a resolution applied twice
    assert _refused(Plan(BASIS, date(2099, 1, 1), [Step(merge, quan.code, thanh.code)]))[0][1] == (
        "effective"
    )
    reorganisation.apply(Plan(BASIS, DAY, [Step(merge, quan.code, thanh.code)]), actor=None)
    with pytest.raises(Refused, match="đã hết hiệu lực từ 01/07/2025"):
        reorganisation.apply(Plan(BASIS, DAY, [Step(merge, quan.code, thanh.code)]), actor=None)
    assert Reorganisation.objects.count() == 1


def test_a_reorganisation_before_a_later_one_is_refused(area, district_a, commune_a):
    quan, thanh, *_ = area
    reorganisation.apply(
        Plan(BASIS, DAY, [Step(Action.ABOLISH_DISTRICT, district_a.code)]), actor=None
    )
    problems = [
        p.message
        for p in reorganisation.problems(
            Plan(BASIS, date(2024, 1, 1), [Step(Action.MERGE_COMMUNES, quan.code, thanh.code)])
        )
    ]
    assert problems == [
        "Xã Cẩm Quan đã được chuyển đơn vị cấp trên từ 01/07/2025, sau ngày 01/01/2024: ghi các "
        "lần sắp xếp theo thứ tự thời gian."
    ]


def test_a_plan_whose_rows_only_keep_units_as_they_are_is_refused_not_recorded(commune_a):
    """A commune «merged» into itself alone changes nothing: no empty legal act is recorded,
    once or on every apply."""
    plan = Plan(BASIS, DAY, [Step(Action.MERGE_COMMUNES, commune_a.code, commune_a.code, row=2)])
    with pytest.raises(Refused) as refused:
        reorganisation.apply(plan, actor=None)
    assert "không có gì thay đổi để ghi" in refused.value.problems[0].message
    assert not Reorganisation.objects.exists()


def test_the_preview_says_what_it_will_do(area, province, district_a, commune_a, official_a):
    quan, *_ = area
    lines = reorganisation.describe(plan_2025(commune_a, quan, district_a))
    assert lines == [
        "Kết thúc Huyện Cẩm Xuyên: 1 đơn vị trực thuộc chuyển về trực thuộc Tỉnh Hà Tĩnh.",
        "Nhập xã: Xã Cẩm Tân, Xã Cẩm Quan → thành lập Xã Cẩm Tân Quan (mã ha-tinh.cam-tan-quan, "
        "trực thuộc Tỉnh Hà Tĩnh).",
        "1 vai trò tại các đơn vị hết hiệu lực kết thúc từ 01/07/2025.",
    ]
    assert not Reorganisation.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs a server that makes writers wait")
def test_one_resolution_applied_twice_at_once_is_applied_once(province, district_a, commune_a):
    for n in range(4):
        quan = factories.CommuneFactory(name=f"Cẩm Quan {n}", parent=district_a)
        plan = Plan(BASIS, DAY, [Step(Action.MERGE_COMMUNES, quan.code, f"moi-{n}", "Mới", "Xã")])
        results = race(
            lambda plan=plan: reorganisation.apply(plan, actor=None),
            lambda plan=plan: reorganisation.apply(plan, actor=None),
        )
        assert sorted(r.split(":")[0] for r in results) == ["ok", "refused"], results
        assert ReorganisationStep.objects.filter(predecessor=quan).count() == 1


def _sheet(rows) -> bytes:
    import tablib

    from units.resources.annex import REORG_COLUMNS

    data = tablib.Dataset(headers=REORG_COLUMNS)
    for row in rows:
        data.append([row.get(c, "") for c in REORG_COLUMNS])
    return data.export("xlsx")


def test_the_annex_in_excel_every_bad_row_listed(area, district_a, commune_a):
    from imports import registry

    quan, thanh, *_ = area
    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    base = {"Căn cứ": BASIS, "Ngày hiệu lực": "01/07/2025"}
    check = registry.check(
        "reorganisation",
        admin,
        _sheet(
            [
                base | {"Thao tác": "Kết thúc cấp huyện", "Mã đơn vị cũ": district_a.code},
                base
                | {"Thao tác": "Nhập xã", "Mã đơn vị cũ": "khong-co", "Mã đơn vị sau sắp xếp": "x"},
                base
                | {
                    "Thao tác": "Nhap xa",
                    "Mã đơn vị cũ": quan.code,
                    "Tên đơn vị cũ": "Cẩm Thành",
                    "Mã đơn vị sau sắp xếp": thanh.code,
                },
                {
                    "Căn cứ": "Nghị quyết khác",
                    "Ngày hiệu lực": "02/07/2025",
                    "Thao tác": "Gộp",
                    "Mã đơn vị cũ": thanh.code,
                },
            ]
        ),
    )
    assert not check.ok and check.plan == []
    assert [(e["row"], e["column"], e["message"]) for e in check.errors] == [
        (
            4,
            "Tên đơn vị cũ",
            f"Mã “{quan.code}” là đơn vị Cẩm Quan, không phải “Cẩm Thành”: kiểm tra lại mã.",
        ),
        (
            5,
            "Thao tác",
            "Thao tác “Gộp” không hợp lệ: dùng “Nhập xã”, “Kết thúc cấp huyện”, “Nhập tỉnh”, "
            "“Đổi tên, loại đơn vị”.",
        ),
        (5, "", "Căn cứ hoặc ngày hiệu lực khác dòng 2: mỗi tệp là một nghị quyết."),
    ]
    # the rows read well: the whole plan is checked, by the row it comes from
    check = registry.check(
        "reorganisation",
        admin,
        _sheet(
            [
                base | {"Thao tác": "Kết thúc cấp huyện", "Mã đơn vị cũ": district_a.code},
                base
                | {"Thao tác": "Nhập xã", "Mã đơn vị cũ": "khong-co", "Mã đơn vị sau sắp xếp": "x"},
            ]
        ),
    )
    assert [(e["row"], e["column"], e["message"]) for e in check.errors] == [
        (3, "Mã đơn vị cũ", "Không có đơn vị nào mang mã “khong-co”."),
        (
            3,
            "Tên đơn vị sau sắp xếp",
            "Không có đơn vị nào mang mã “x”: để thành lập đơn vị mới, ghi tên đơn vị sau sắp xếp.",
        ),
        (
            3,
            "Loại đơn vị sau sắp xếp",
            "Ghi loại đơn vị mới: Xã, Phường, Thị trấn, Đặc khu.",
        ),
    ]
    # and a good one previews what it does, writing nothing
    check = registry.check(
        "reorganisation",
        admin,
        _sheet(
            [
                base
                | {
                    "Thao tác": "Nhập xã",
                    "Mã đơn vị cũ": quan.code,
                    "Mã đơn vị sau sắp xếp": thanh.code,
                }
            ]
        ),
    )
    assert check.ok and [p["text"] for p in check.preview] == [
        "Nhập xã: Xã Cẩm Quan nhập vào Xã Cẩm Thành (đã có)."
    ]
    assert not Reorganisation.objects.exists()


def test_only_administrators_import_a_reorganisation(official_a, district_officer):
    from units.access import can_reorganise, import_kinds

    office = factories.province_office(official_a.roles.get().unit.province, username="vp")
    for user in (official_a, district_officer, office):
        assert "reorganisation" not in import_kinds(user) and not can_reorganise(user)
    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    assert "reorganisation" in import_kinds(admin) and can_reorganise(admin)


def test_the_page_previews_then_applies(client, area, province, district_a, commune_a):
    from django.urls import reverse

    quan, thanh, *_ = area
    admin = factories.UserFactory(username="quan_tri", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("units:reorganisation-add")
    data = {
        "basis": BASIS,
        "effective": "01/07/2025",
        "action": "merge_communes",
        "predecessors": f"{commune_a.code}\n{quan.code}\n",
        "successor_code": "ha-tinh.cam-tan-quan",
        "successor_name": "Cẩm Tân Quan",
        "successor_prefix": "Xã",
        "parent_code": province.code,
    }
    page = client.post(url, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "Nhập xã: Xã Cẩm Tân, Xã Cẩm Quan → thành lập Xã Cẩm Tân Quan (mã ha-tinh.cam-tan-quan, "
        "trực thuộc Tỉnh Hà Tĩnh)." in text
    )
    assert 'name="apply"' in text and not Reorganisation.objects.exists()
    fingerprint = re.search(r'name="previewed" value="([0-9a-f]+)"', text).group(1)

    # a bad plan: every problem shown, what was typed kept, nothing written
    bad = client.post(url, {**data, "successor_prefix": "", "apply": "1", "parent_code": "x"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Ghi loại đơn vị mới: Xã, Phường, Thị trấn, Đặc khu." in text
    assert "Không có đơn vị nào mang mã “x”." in text and "Cẩm Tân Quan" in text
    assert not Reorganisation.objects.exists()

    # applying what was not previewed (here: a changed name) previews it again instead
    changed = client.post(
        url, {**data, "successor_name": "Khác", "apply": "1", "previewed": fingerprint}
    )
    assert changed.status_code == 200 and "xem lại rồi áp dụng" in changed.content.decode()
    assert not Reorganisation.objects.exists()
    done = client.post(url, {**data, "apply": "1", "previewed": fingerprint})
    reorg = Reorganisation.objects.get()
    assert done.status_code == 302 and done.url == reverse("units:reorganisation", args=[reorg.pk])
    assert reorg.source == "Trang sắp xếp" and reorg.recorded_by == admin
    record = client.get(done.url).content.decode()
    assert "Cẩm Tân Quan" in record and "thành lập mới" in record
    assert client.get(reverse("units:reorganisations")).content.decode().count(BASIS) == 1


def test_the_units_import_does_not_move_a_unit_with_results(province, district_a, commune_a, f318):
    """Moving a commune with years of results is a reorganisation, not an edit of its row."""
    import tablib

    from criteria import services
    from imports import registry
    from units.resources import UnitResource

    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=None)
    data = tablib.Dataset(headers=UnitResource.COLUMNS)
    row = {
        "Mã đơn vị": commune_a.code,
        "Tên": "Cẩm Tân",
        "Cấp": "Xã",
        "Mã đơn vị cấp trên": province.code,
    }
    data.append([row.get(c, "") for c in UnitResource.COLUMNS])
    check = registry.check("units", admin, data.export("xlsx"))
    assert [e["message"] for e in check.errors] == [
        "Xã Cẩm Tân đã có kết quả đánh giá: chuyển sang đơn vị cấp trên khác là một lần sắp xếp "
        "đơn vị hành chính, ghi theo nghị quyết ở trang Sắp xếp ĐVHC (để các năm trước giữ đơn "
        f"vị cấp trên của năm đó). Giữ nguyên đơn vị cấp trên hiện nay: “{district_a.code}”."
    ]


def test_the_national_summary_of_2023_keeps_the_provinces_of_2023(
    province, district_a, commune_a, other_province, district_b, commune_b, f318
):
    from criteria import services
    from dashboards.selectors import national_summary

    for unit in (commune_a, commune_b):
        services.assessment_open(commune=unit, framework=f318, year=2023, actor=None)
    today = date(2026, 12, 6)

    def rows(year, **kw):
        data = national_summary(Filters(framework=f318, year=year), today, **kw)
        return sorted((r.province.name, r.communes, r.assessed) for r in data.rows)

    before = rows(2023)
    assert before == [("Hà Tĩnh", 1, 1), ("Đắk Nông", 1, 1)]
    reorganisation.apply(
        Plan(
            "Nghị quyết 202/2025/QH15 (minh họa)",
            DAY,
            [
                Step(Action.MERGE_PROVINCES, province.code, "moi", "Tỉnh mới", "Tỉnh"),
                Step(Action.MERGE_PROVINCES, other_province.code, "moi", "Tỉnh mới", "Tỉnh"),
            ],
        ),
        actor=None,
    )
    assert rows(2023) == before
    assert rows(2023, tiers=True) == before
    assert rows(2026) == [("Tỉnh mới", 2, 0)]
