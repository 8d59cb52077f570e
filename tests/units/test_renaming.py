"""A unit renamed or given another designation by a resolution (a thị trấn become phường, a
huyện become thị xã) continues with its code and records; a page or a document of an earlier
year names it as it was called then, and the resolution keeps what it was called before."""

from datetime import date

import pytest

from criteria.models import Assessment
from dashboards.selectors import Filters, unit_dashboard
from imports.models import ImportRun
from plans import services
from plans.models import Plan
from tests import factories
from units import reorganisation
from units.models import ReorganisationStep, Unit, UnitPlacement
from units.reorganisation import Action, Refused, Step
from units.reorganisation import Plan as ReorgPlan
from units.selectors import as_in, names_in, parent_in, timeline

pytestmark = pytest.mark.django_db
BASIS = "Nghị quyết 871/NQ-UBTVQH14 ngày 10/01/2020 (minh họa)"
DAY = date(2020, 2, 1)


@pytest.fixture
def town(district_a, f318):
    return factories.CommuneFactory(
        prefix="Thị trấn", name="Cẩm Xuyên", parent=district_a, framework=f318
    )


def rename(unit, *, name="", prefix="", day=DAY, basis=BASIS, actor=None):
    return reorganisation.apply(
        ReorgPlan(basis, day, [Step(Action.RENAME, unit.code, "", name, prefix, row=2)]),
        actor=actor,
    )


def test_a_town_become_ward_keeps_its_records_and_its_old_name_for_earlier_years(town):
    reorg = rename(town, prefix="Phường")
    town.refresh_from_db()
    assert str(town) == "Phường Cẩm Xuyên"
    assert town.valid_to is None and town.placed_since == DAY  # it continues
    step = ReorganisationStep.objects.get(reorganisation=reorg)
    assert (step.predecessor, step.successor, step.was, step.became) == (
        town,
        town,
        "Thị trấn Cẩm Xuyên",
        "Phường Cẩm Xuyên",
    )
    assert str(step) == "Đổi tên, loại đơn vị: Thị trấn Cẩm Xuyên → Phường Cẩm Xuyên"
    placement = UnitPlacement.objects.get(unit=town)
    assert (placement.prefix, placement.name, placement.valid_to) == ("Thị trấn", "Cẩm Xuyên", DAY)
    assert str(as_in(town, 2019)) == "Thị trấn Cẩm Xuyên"
    assert str(as_in(town, 2020)) == "Phường Cẩm Xuyên"  # its name at the end of 2020
    assert as_in(town, 2021) is town
    with pytest.raises(ValueError):
        as_in(town, 2019).save()  # a name of its past is never written over today's


def test_a_renamed_unit_keeps_its_parent_and_its_later_merger_is_recorded(town, district_a):
    rename(town, name="Cẩm Xuyên Mới", prefix="Phường")
    town.refresh_from_db()
    assert town.parent == district_a and town.search_name == "phuong cam xuyen moi"
    lines = [text for text, _ in timeline(town)]
    assert lines == [
        "Mang tên Thị trấn Cẩm Xuyên đến trước 01/02/2020, đổi thành Phường Cẩm Xuyên Mới "
        f"theo {BASIS}.",
        f"Thuộc {district_a}.",
    ]
    # a unit renamed once may still be merged later (one step that ends it)
    other = factories.CommuneFactory(name="Cẩm Quan", parent=district_a)
    reorganisation.apply(
        ReorgPlan(
            "NQ 1665/NQ-UBTVQH15 (minh họa)",
            date(2025, 7, 1),
            [Step(Action.MERGE_COMMUNES, town.code, other.code)],
        ),
        actor=None,
    )
    town.refresh_from_db()
    assert town.valid_to == date(2025, 7, 1)


def test_a_document_of_an_earlier_year_names_the_unit_and_its_district_as_they_were(
    town, district_a, province
):
    rename(district_a, prefix="Thị xã")
    rename(town, prefix="Phường", day=date(2020, 3, 1), basis="NQ 2 (minh họa)")
    town.refresh_from_db()
    old = services.plan_draft(
        unit=town, kind=Plan.Kind.COMMUNE_REPORT, year_start=2019, year_end=2019, actor=None
    )[0]
    new = services.plan_draft(
        unit=town, kind=Plan.Kind.COMMUNE_REPORT, year_start=2021, year_end=2021, actor=None
    )[0]
    assert "THỊ TRẤN CẨM XUYÊN" in old.body_lines
    assert old.addressee == "Ủy ban nhân dân huyện Cẩm Xuyên"
    assert "PHƯỜNG CẨM XUYÊN" in new.body_lines
    assert new.addressee == "Ủy ban nhân dân thị xã Cẩm Xuyên"
    assert old.unit == town  # the plan belongs to the unit; only its texts are of 2019
    town.refresh_from_db()
    assert str(town) == "Phường Cẩm Xuyên"
    assert str(parent_in(town, 2019)) == "Huyện Cẩm Xuyên"


def test_a_dashboard_of_an_earlier_year_lists_the_commune_by_its_name_then(town, district_a, f318):
    Assessment.objects.create(commune=town, framework=f318, year=2019)
    rename(town, prefix="Phường")
    then = unit_dashboard(district_a, Filters(framework=f318, year=2019), date(2026, 1, 1))
    now = unit_dashboard(district_a, Filters(framework=f318, year=2021), date(2026, 1, 1))
    assert [str(r.commune) for r in then.rows] == ["Thị trấn Cẩm Xuyên"]
    assert [str(r.commune) for r in now.rows] == ["Phường Cẩm Xuyên"]
    assert names_in([Unit.objects.get(pk=town.pk)], 2021) == {}


def test_a_province_page_of_an_earlier_year_names_its_district_as_it_was_then(
    town, province, district_a, f318
):
    """A huyện become thị xã in 2020 is «Huyện Cẩm Xuyên» on the province's 2019 page."""
    from dashboards.selectors import province_dashboard

    Assessment.objects.create(commune=town, framework=f318, year=2019)
    rename(district_a, prefix="Thị xã")
    then = province_dashboard(province, Filters(framework=f318, year=2019), date(2026, 1, 1))
    now = province_dashboard(province, Filters(framework=f318, year=2021), date(2026, 1, 1))
    assert [a.label for a in then.areas] == ["Huyện Cẩm Xuyên"]
    assert [a.label for a in now.areas] == ["Thị xã Cẩm Xuyên"]


@pytest.mark.parametrize(
    "step, message",
    [
        (
            Step(Action.RENAME, "{town}", "", "", ""),
            "Ghi tên mới hoặc loại đơn vị mới của Thị trấn Cẩm Xuyên: dòng này không đổi gì.",
        ),
        (
            Step(Action.RENAME, "{town}", "", "", "Quận"),
            "Loại đơn vị “Quận” không dùng cho đơn vị cấp xã: ghi một trong Xã, Phường, Thị "
            "trấn, Đặc khu.",
        ),
        (
            Step(Action.RENAME, "{town}", "khac", "", "Phường"),
            "Đổi tên, loại đơn vị giữ nguyên đơn vị và mã của nó: để trống mã đơn vị sau sắp "
            "xếp hoặc ghi chính mã “{town}”.",
        ),
        (
            Step(Action.RENAME, "{village}", "", "Thôn 2", ""),
            "Thôn Thôn 1 là thôn: thao tác “Đổi tên, loại đơn vị” áp dụng cho đơn vị cấp xã, cấp "
            "huyện, cấp tỉnh.",
        ),
    ],
)
def test_a_rename_that_changes_nothing_or_breaks_a_rule_is_refused(town, province, step, message):
    village = factories.UnitFactory(
        kind="village", prefix="Thôn", name="Thôn 1", parent=town, province=province
    )
    codes = {"town": town.code, "village": village.code}
    step.predecessor_code = step.predecessor_code.format(**codes)
    step.successor_code = step.successor_code.format(**codes)
    with pytest.raises(Refused) as refused:
        reorganisation.apply(ReorgPlan(BASIS, DAY, [step]), actor=None)
    assert [p.message for p in refused.value.problems] == [message.format(**codes)]
    town.refresh_from_db()
    assert str(town) == "Thị trấn Cẩm Xuyên" and not UnitPlacement.objects.exists()


def test_a_unit_cannot_be_renamed_and_merged_away_by_one_resolution(town, district_a):
    other = factories.CommuneFactory(name="Cẩm Quan", parent=district_a)
    plan = ReorgPlan(
        BASIS,
        DAY,
        [
            Step(Action.MERGE_COMMUNES, town.code, other.code, row=2),
            Step(Action.RENAME, town.code, "", "", "Phường", row=3),
        ],
    )
    assert [(p.row, p.message) for p in reorganisation.problems(plan)] == [
        (
            3,
            "Thị trấn Cẩm Xuyên vừa được đổi tên vừa hết hiệu lực trong cùng nghị quyết (dòng "
            "2): đơn vị nhập vào đơn vị khác hoặc kết thúc thì không đổi tên; tên mới là của "
            "đơn vị sau sắp xếp.",
        )
    ]


def test_a_commune_moved_and_renamed_by_one_resolution_keeps_one_earlier_placement(
    town, district_a, province
):
    """2025: the district ends and the town, kept whole, becomes a xã under the province."""
    reorganisation.apply(
        ReorgPlan(
            BASIS,
            date(2025, 7, 1),
            [
                Step(Action.ABOLISH_DISTRICT, district_a.code, row=2),
                Step(Action.RENAME, town.code, "", "", "Xã", row=3),
            ],
        ),
        actor=None,
    )
    town.refresh_from_db()
    assert (str(town), town.parent) == ("Xã Cẩm Xuyên", province)
    placement = UnitPlacement.objects.get(unit=town)
    assert (placement.parent, placement.prefix) == (district_a, "Thị trấn")
    texts = [text for text, _ in timeline(town)]
    assert texts[0].startswith(f"Thuộc {district_a} đến trước 01/07/2025")
    assert texts[1].startswith("Mang tên Thị trấn Cẩm Xuyên đến trước 01/07/2025")


def test_the_annex_row_and_the_record_page(client, town):
    """The Excel pipeline takes the row (upload, check, preview, apply on the queue)."""
    import tablib

    from imports import services as imports
    from units.resources.annex import REORG_COLUMNS

    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    sheet = tablib.Dataset(headers=REORG_COLUMNS)
    row = {
        "Căn cứ": BASIS,
        "Ngày hiệu lực": "01/02/2020",
        "Thao tác": "Đổi tên, loại đơn vị",
        "Mã đơn vị cũ": town.code,
        "Tên đơn vị cũ": "Cẩm Xuyên",
        "Loại đơn vị sau sắp xếp": "Phường",
    }
    sheet.append([row.get(c, "") for c in REORG_COLUMNS])
    run = imports.import_run_check(
        user=admin,
        kind=ImportRun.Kind.REORGANISATION,
        file_name="doi-ten.xlsx",
        content=tablib.Databook([sheet]).export("xlsx"),
    )
    assert run.state == ImportRun.State.CHECKED, run.errors
    assert [p["text"] for p in run.preview] == [
        "Đổi tên, loại đơn vị: Thị trấn Cẩm Xuyên thành Phường Cẩm Xuyên (giữ nguyên mã "
        f"{town.code} và hồ sơ; văn bản, trang của các năm trước vẫn ghi tên cũ)."
    ]
    imports.import_run_start(run=run, actor=admin)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE
    town.refresh_from_db()
    assert str(town) == "Phường Cẩm Xuyên"
    reorg = ReorganisationStep.objects.get(predecessor=town).reorganisation
    client.force_login(admin)
    page = client.get(f"/sap-xep/{reorg.pk}/").content.decode()
    assert "Thị trấn Cẩm Xuyên" in page and "giữ nguyên đơn vị, mã và hồ sơ" in page
    assert "Đơn vị chuyển đơn vị cấp trên (0)" in page  # a rename moves nothing


def test_the_page_renames_a_district_into_a_town_with_a_preview(client, district_a):
    """A huyện become thị xã, typed on the page: its designation is offered, previewed, then
    applied; its communes stay under it."""
    import re

    from django.urls import reverse

    admin = factories.UserFactory(username="quan_tri", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("units:reorganisation-add")
    data = {
        "basis": BASIS,
        "effective": "01/02/2020",
        "action": "rename",
        "predecessors": district_a.code,
        "successor_prefix": "Thị xã",
    }
    text = client.post(url, data).content.decode()
    assert f"Đổi tên, loại đơn vị: {district_a} thành Thị xã {district_a.name}" in text
    fingerprint = re.search(r'name="previewed" value="([0-9a-f]+)"', text).group(1)
    done = client.post(url, {**data, "apply": "1", "previewed": fingerprint})
    assert done.status_code == 302
    district_a.refresh_from_db()
    assert district_a.prefix == "Thị xã" and district_a.valid_to is None
