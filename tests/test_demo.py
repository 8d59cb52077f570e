"""The demo set-up reproduces the seed plans (../shared/seeds/)."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from criteria import authoring, rules
from criteria.models import Assessment, IndicatorStatus
from criteria.selectors import commune_year
from units.models import Unit, User

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="camtan").exists()


def test_cam_tan_2023_matches_seed_000(demo):
    cam_tan = Unit.objects.get(name="Cẩm Tân")
    camtan = User.objects.get(username="camtan")
    assert camtan.check_password("ntm-demo")
    data = commune_year(camtan, cam_tan, cam_tan.framework, 2023)
    assert data.headline == "10/19"
    assert [c.criterion.number for c in data.unmet] == [5, 6, 11, 12, 13, 15, 17, 18, 19]
    failing = {
        r.status.indicator.code
        for c in data.unmet
        for r in c.rows
        if r.status.status == Status.NOT_MET
    }
    assert {"15.2", "17.1", "17.3", "18.2", "19.2"} <= failing


def test_krong_no_has_its_eleven_communes_under_the_district_office(demo):
    from units.access import communes_visible_to

    krongno = User.objects.get(username="krongno")
    names = set(communes_visible_to(krongno).values_list("name", flat=True))
    assert len(names) == 11 and {"Nâm Nung", "Buôn Choah", "Đắk Drô"} <= names
    assert "Cẩm Tân" not in names
    # Nâm Nung registered five criteria for 2022, so it stood at 14/19.
    assert Assessment.objects.get(commune__name="Nâm Nung", year=2021).headline == "14/19"


def test_song_van_has_its_villages(demo):
    song_van = Unit.objects.get(name="Song Vân")
    villages = set(song_van.children.filter(kind="village").values_list("name", flat=True))
    assert {"Hoàng Vân", "Tân Lập"} <= villages


def test_thien_ke_2020_uses_the_2016_2020_set_with_a_provincial_road_bar(demo):
    thien_ke = Unit.objects.get(name="Thiện Kế")
    assert thien_ke.framework.key == "xa_ntm_2016_2020"
    data = commune_year(User.objects.get(username="thienke"), thien_ke, thien_ke.framework, 2020)
    rows = {r.status.indicator.code: r for g in data.groups for c in g.criteria for r in c.rows}
    assert rows["2.4"].threshold.is_provincial
    assert rows["2.4"].gap == "còn thiếu 25,38 điểm % để đạt ≥ 50 %"
    assert rules.judge(rows["15.1"].status.value, rows["15.1"].threshold) == Status.MET


def test_seed_demo_is_idempotent(demo, settings):
    counts = (Unit.objects.count(), User.objects.count(), IndicatorStatus.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Unit.objects.count(), User.objects.count(), IndicatorStatus.objects.count()) == counts


def test_province_office_reads_every_commune_and_reviews_those_directly_under_it(demo):
    from units.access import can_review, communes_visible_to

    hatinh = User.objects.get(username="hatinh")
    visible = communes_visible_to(hatinh)
    assert visible.filter(name="Cẩm Tân").exists() and not visible.filter(name="Nâm Nung").exists()
    assert not can_review(hatinh, Unit.objects.get(name="Cẩm Tân"))  # its district's office does
    # the communes directly under the province since 2025 are the province office's to verify
    assert can_review(hatinh, Unit.objects.get(name="Cẩm Hưng (minh họa)"))
    assert can_review(User.objects.get(username="camxuyen"), Unit.objects.get(name="Cẩm Tân"))


def test_the_illustrative_2026_set_of_ha_tinh_carries_cam_thanh_2023_values(demo, client):
    from io import StringIO

    from django.urls import reverse

    from criteria.models import Framework

    f2026 = Framework.objects.get(key="xa_ntm_2026_2030")
    assert (f2026.criteria.count(), f2026.indicators.count()) == (10, 0)  # waiting for the annex
    illustrative = Framework.objects.get(key="ha_tinh_minh_hoa_2026_2030")
    assert illustrative.illustrative and illustrative.is_published
    assert illustrative.province.name == "Hà Tĩnh"
    year = Assessment.objects.get(framework=illustrative, commune__name="Cẩm Thành", year=2026)
    assert year.headline == "4/10"
    carried = year.statuses.exclude(carried_from="")
    assert carried.count() == 6
    assert carried.get(indicator__code="8.1").carried_from == (
        "chép từ năm 2023 (318/QĐ-TTg, chỉ tiêu 17.1) – cần xác nhận"
    )

    client.force_login(User.objects.get(username="camthanh"))
    html = client.get(year.get_absolute_url()).content.decode()
    assert "Bộ chỉ tiêu minh họa – không phải số liệu chính thức" in html
    # the province's workbook: every sheet says so, on screen and on each printed page
    client.force_login(User.objects.get(username="hatinh"))
    page = client.get(
        reverse("dashboards:province", args=[illustrative.province_id]),
        {"framework": illustrative.key, "year": 2026},
    ).content.decode()
    assert "Số liệu chính năm 2026 – bộ chỉ tiêu minh họa</h2>" in page
    response = client.get(
        reverse("dashboards:province-xlsx", args=[illustrative.province_id]),
        {"framework": illustrative.key, "year": 2026},
    )
    book = load_workbook(io.BytesIO(response.content))
    note = "Lưu ý: bộ chỉ tiêu minh họa – không phải số liệu chính thức"
    assert len(book.worksheets) > 3
    for ws in book.worksheets:
        assert ws.cell(row=ws.max_row, column=1).value == note, ws.title
        assert ws.oddHeader.center.text == note
        if ws.auto_filter.ref:  # sorting the rows leaves the note below them
            assert ws.auto_filter.ref.endswith(str(ws.max_row - 2)), (ws.title, ws.auto_filter.ref)
    client.force_login(User.objects.get(username="krongno"))  # Đắk Nông: not its province
    url = reverse("criteria:framework-detail", args=[illustrative.pk])
    assert client.get(url).status_code == 404
    client.force_login(User.objects.get(username="tw"))
    assert client.get(url).status_code == 200

    out = StringIO()
    call_command("load_criteria", dry_run=True, stdout=out)
    assert "bộ tiêu chí ha_tinh_minh_hoa_2026_2030" in out.getvalue()


def test_the_readme_walk_an_office_enters_an_indicator_and_corrects_a_bar(demo, client):
    """README "Try the 2026–2030 switch": 4/10 → 3/10 (a new indicator, not yet assessed) →
    4/10 (3.1's bar for nhóm 2 lowered below Cẩm Thành's carried value)."""
    from django.urls import reverse

    from criteria.models import Framework, Indicator

    illustrative = Framework.objects.get(key="ha_tinh_minh_hoa_2026_2030")
    year = Assessment.objects.get(framework=illustrative, commune__name="Cẩm Thành", year=2026)
    client.force_login(User.objects.get(username="hatinh"))
    basis = "QĐ minh họa số 1"
    response = client.post(
        reverse("criteria:indicator-add", args=[illustrative.pk]),
        {
            "code": "5.2",
            "criterion": illustrative.criteria.get(number=5).pk,
            "name": "Tỷ lệ dân số có sổ khám chữa bệnh điện tử (minh họa)",
            "unit": "%",
            "kind": "numeric",
            "comparator": ">=",
            "nguong1": "80",
            "legal_basis": basis,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    year.refresh_from_db()
    assert year.headline == "3/10"

    indicator = Indicator.objects.get(framework=illustrative, code="3.1")
    response = client.post(
        reverse("criteria:indicator-edit", args=[indicator.pk]),
        {
            "code": "3.1",
            "criterion": indicator.criterion_id,
            "name": indicator.name,
            "unit": indicator.unit,
            "kind": "numeric",
            "comparator": ">=",
            "nguong0": "90",
            "nguong1": "65",
            "nguong2": "60",
            "legal_basis": basis,
            "seen": authoring.last_change(illustrative),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    year.refresh_from_db()
    assert year.headline == "4/10"
    status = year.statuses.get(indicator=indicator)
    assert "Đánh giá lại theo ngưỡng ≥ 65" in status.changes.latest("at").detail


def test_song_van_shows_hoang_van_at_7_of_9_on_its_page_and_dashboard(demo, client):
    from django.urls import reverse

    song_van = Unit.objects.get(name="Song Vân")
    village = Unit.objects.get(name="Hoàng Vân")
    year = Assessment.objects.get(commune=village, year=2023)
    assert year.headline == "7/9" and year.framework.illustrative
    client.force_login(User.objects.get(username="songvan"))
    for url in (
        reverse("criteria:commune-detail", args=[song_van.pk]),
        reverse("dashboards:commune", args=[song_van.pk]),
    ):
        html = client.get(url).content.decode()
        assert reverse("criteria:village-detail", args=[village.pk]) in html
        assert "7/9" in html
    html = client.get(reverse("criteria:village-detail", args=[village.pk])).content.decode()
    assert 'id="headline-count">7/9<' in html and "không phải số liệu chính thức" in html


def test_from_a_clean_demo_an_office_authors_a_nang_cao_set_by_workbook_and_a_commune_shows_both_counts(
    demo, client
):
    """Issue 12, "Done when": Hà Tĩnh's office fills the template, imports and publishes its
    own nâng cao set; xã Cẩm Tân opens 2023 on it and its page shows that count beside its
    basic-NTM count; Đắk Nông's office cannot see the set."""
    import openpyxl
    from django.urls import reverse

    from criteria import workbook
    from criteria.models import Framework
    from criteria.services import assessment_open
    from imports.models import ImportRun
    from imports.services import import_run_check, import_run_start

    office = User.objects.get(username="hatinh")
    book = openpyxl.load_workbook(io.BytesIO(workbook.framework_template_xlsx()))
    fields = {
        "Mã": "ha_tinh_nang_cao_2021_2025",
        "Tên": "Bộ tiêu chí xã NTM nâng cao tỉnh Hà Tĩnh (thử)",
        "Hạng công nhận": "Xã NTM nâng cao",
        "Tỉnh": "ha-tinh",
        "Từ năm": 2021,
        "Đến năm": 2025,
        "Ngưỡng phân theo": "Không phân loại",
        "Ban hành ngay": "có",
    }
    for row in book["Bộ tiêu chí"].iter_rows(min_row=2):
        if row[0].value in fields:
            row[1].value = fields[row[0].value]
    sheet = book["Tiêu chí"]
    for r, (number, name) in enumerate([(1, "Quy hoạch"), (2, "Giao thông")], start=2):
        sheet.cell(row=r, column=1, value=number)
        sheet.cell(row=r, column=2, value=name)
    indicators = book["Chỉ tiêu"]
    headers = [c.value for c in indicators[1]]
    for r, values in enumerate(
        [
            {
                "Mã": "1.1",
                "Số tiêu chí": 1,
                "Tên": "Quy hoạch được rà soát",
                "Loại": "Đạt/không đạt",
            },
            {
                "Mã": "2.1",
                "Số tiêu chí": 2,
                "Tên": "Đường xã nhựa hóa",
                "Loại": "Số đo",
                "Đơn vị tính": "%",
                "So sánh": ">=",
                "Ngưỡng chung": 100,
            },
        ],  # fmt: skip
        start=2,
    ):
        for header, value in values.items():
            indicators.cell(row=r, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    run = import_run_check(
        user=office, kind=ImportRun.Kind.FRAMEWORK, file_name="nc.xlsx", content=out.getvalue()
    )
    assert run.state == ImportRun.State.CHECKED, run.errors
    import_run_start(run=run, actor=office)
    nang_cao = Framework.objects.get(key="ha_tinh_nang_cao_2021_2025")
    assert nang_cao.is_published and nang_cao.province.code == "ha-tinh"

    cam_tan = Unit.objects.get(name="Cẩm Tân")
    official = User.objects.get(username="camtan")
    assessment_open(commune=cam_tan, framework=nang_cao, year=2023, actor=official)
    client.force_login(official)
    html = client.get(
        reverse("criteria:commune-detail", args=[cam_tan.pk]),
        {"year": 2023, "framework": "xa_ntm_2021_2025"},
    ).content.decode()
    assert 'id="headline-count">10/19<' in html
    assert "đạt <strong>0/2</strong> tiêu chí" in html

    client.force_login(User.objects.get(username="krongno"))
    assert client.get(reverse("criteria:framework-detail", args=[nang_cao.pk])).status_code == 404


def test_the_register_shows_recognitions_at_risk_and_a_merged_commune_lacking_its_own(demo):
    from datetime import date

    from recognition import selectors
    from recognition.models import Decision

    # every demo decision says it is illustrative
    assert Decision.objects.exists()
    assert all("(minh họa)" in d.number and "minh họa" in d.note for d in Decision.objects.all())
    ha_tinh = Unit.objects.filter(province__code="ha-tinh")
    xa_ntm, nang_cao, *_ = selectors.tier_figures(ha_tinh, on=date(2026, 1, 1))
    # the communes of Cẩm Xuyên (seed 002), and Cẩm Lộc by its acknowledgement after the merger
    assert len(xa_ntm.recognised) == 9
    [cam_loc] = [r for r in xa_ntm.recognised if r.unit.name == "Cẩm Lộc (minh họa)"]
    assert cam_loc.decision.kind == "thua_nhan" and "5424/BNN-VPĐP" in cam_loc.decision.basis
    [risk] = xa_ntm.at_risk
    assert risk.unit.name == "Cẩm Tân" and risk.assessment.year == 2022
    assert risk.lost_text == "5, 6, 11, 12, 13, 15, 17, 18, 19" and risk.revocation_case
    assert [u.name for u in xa_ntm.lacking] == ["Cẩm Hưng (minh họa)"]
    assert [u.name for u in nang_cao.lacking] == ["Cẩm Hưng (minh họa)"]
    assert nang_cao.recognised == []  # Cẩm Thịnh's nâng cao ended with the merger
    # Krông Nô: three communes NTM (seed 001), none nâng cao: the register, not a goal
    krong_no = Unit.objects.filter(parent__code="dak-nong.krong-no")
    xa_ntm, nang_cao, *_ = selectors.tier_figures(krong_no, on=date(2026, 1, 1))
    assert sorted(r.unit.name for r in xa_ntm.recognised) == ["Nam Đà", "Đắk Drô", "Đắk Sôr"]
    assert nang_cao.empty


def test_song_van_has_a_half_ready_nang_cao_dossier(demo):
    from dossiers.models import Dossier
    from dossiers.selectors import readiness

    dossier = Dossier.objects.get(commune__code="bac-giang.tan-yen.song-van")
    assert dossier.tier == "xa_ntm_nang_cao" and dossier.year == 2025
    ready = readiness(dossier.items.select_related("checklist_item"))
    assert 0 < ready.done < ready.total and ready.missing


def test_the_district_office_has_a_year_waiting_for_its_review(demo, client):
    """README «Try a review»: Cẩm Thành's 2023, sent by its chairman, is in camxuyen's inbox,
    and the review page offers both answers."""
    year = Assessment.objects.get(commune__name="Cẩm Thành", year=2023)
    assert year.state == Assessment.State.SUBMITTED
    assert year.submitted_by.username == "camthanh-ct"
    assert year.events.get().actor.username == "camthanh-ct"
    client.force_login(User.objects.get(username="camxuyen"))
    inbox = client.get("/viec-cua-toi/").content.decode()
    assert f'href="/danh-gia/{year.pk}/tham-tra/">Xã Cẩm Thành – năm 2023</a>' in inbox
    review = client.get(f"/danh-gia/{year.pk}/tham-tra/").content.decode()
    assert 'value="return">Trả lại xã' in review and 'value="verify"' in review
