"""The district's (after 2025, the province's) «Báo cáo kết quả xây dựng nông thôn mới năm …»
drafted from the data (plans.reports_district): the communes of the year, each one's results of
the year, the communes meeting each criterion, the targets against the results, the next
year's targets as directions; printed as a Decree 30 BÁO CÁO and read back from the PDF."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from criteria import services as criteria_services
from criteria.models import Criterion, IndicatorStatus
from plans import services
from plans.docx import plan_docx_bytes
from plans.models import Plan, Target
from plans.pdf import plan_pdf_bytes
from tests import factories

from .conftest import squash
from .test_docx import open_docx

pytestmark = pytest.mark.django_db
Status = IndicatorStatus.Status


@pytest.fixture
def year_2023(assessment_a, official_a, district_a, district_officer, f318):
    """Cẩm Tân 2023 verified at 17/19 (criteria 5 and 17 not met), Cẩm Quan 2023 self-assessed
    at 18/19 (criterion 17 not met), Cẩm Minh without a 2023 assessment; Cẩm Tân's target was
    19 criteria, adding 5 and 17."""
    assessment_a.statuses.update(status=Status.MET)
    assessment_a.statuses.filter(indicator__code__in=["5", "17.1"]).update(status=Status.NOT_MET)
    criteria_services.assessment_recount(assessment_a)
    criteria_services.assessment_submit(assessment=assessment_a, actor=official_a)
    criteria_services.assessment_verify(assessment=assessment_a, actor=district_officer)
    quan = factories.CommuneFactory(name="Cẩm Quan", parent=district_a, framework=f318)
    official = factories.official(quan, username="official_quan")
    other = criteria_services.assessment_open(
        commune=quan, framework=f318, year=2023, actor=official
    )
    other.statuses.update(status=Status.MET)
    other.statuses.filter(indicator__code="17.1").update(status=Status.NOT_MET)
    criteria_services.assessment_recount(other)
    factories.CommuneFactory(name="Cẩm Minh", parent=district_a, framework=f318)
    criteria = Criterion.objects.filter(framework=f318, number__in=[5, 17])
    services.target_set(
        unit=assessment_a.commune,
        year=2023,
        actor=district_officer,
        level=Target.Level.NTM,
        criteria=list(criteria),
        target_count=19,
    )
    return assessment_a


def _report(unit, actor, year=2023) -> tuple[Plan, list[str]]:
    return services.plan_draft(
        unit=unit, kind=Plan.Kind.DISTRICT_REPORT, year_start=year, year_end=year, actor=actor
    )


def _text(plan: Plan) -> str:
    return "\n".join(f"{s.heading}\n{s.body}" for s in plan.sections.all())


def test_the_district_report_gives_each_commune_each_criterion_and_the_targets_missed(
    year_2023, district_a, district_officer
):
    plan, warnings = _report(district_a, district_officer)

    assert (plan.doc_type, plan.kind, plan.symbol) == ("bc", "bao_cao_huyen", "BC-UBND")
    assert plan.addressee == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert plan.body_lines == "ỦY BAN NHÂN DÂN / HUYỆN CẨM XUYÊN"
    assert plan.title == "Kết quả xây dựng nông thôn mới năm 2023"
    assert warnings == ["Chưa có kết quả đánh giá năm 2023 của: Cẩm Minh."]
    headings = [s.heading for s in plan.sections.all() if s.heading]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN NĂM 2023",
        "1. Kết quả chung",
        "2. Kết quả từng tiêu chí",
        "3. Kết quả từng xã",
        "4. Nhiệm vụ và nguồn lực năm 2023",
        "II. TỒN TẠI, HẠN CHẾ",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
    ]
    general = plan.sections.get(heading="1. Kết quả chung").body.splitlines()
    assert general[0].startswith("- Năm 2023, toàn huyện có 03 xã thực hiện Bộ tiêu chí")
    assert general[0].endswith("; 02 xã đã có kết quả tự đánh giá, 01 xã đã được thẩm tra.")
    assert general[1:] == [
        "- Bình quân theo kết quả tự đánh giá: 17,5/19 tiêu chí/xã (01 xã đạt 18 tiêu chí, "
        "01 xã đạt 17 tiêu chí).",
        "- Bình quân theo kết quả thẩm tra: 17/19 tiêu chí/xã (01 xã đạt 17 tiêu chí).",
        "- Chưa có kết quả đánh giá năm 2023: Cẩm Minh.",
    ]
    by_criterion = plan.sections.get(heading="2. Kết quả từng tiêu chí").body.splitlines()
    assert (
        by_criterion[0] == "| TT | Tiêu chí | Số xã đạt | Tỷ lệ (%) |" and len(by_criterion) == 20
    )
    assert by_criterion[1].endswith("| 2/2 | 100 |")
    assert by_criterion[5].endswith("| 1/2 | 50 |")  # criterion 5: Cẩm Quan only
    assert by_criterion[17].endswith("| 0/2 | 0 |")  # criterion 17: neither
    assert plan.sections.get(heading="3. Kết quả từng xã").body.splitlines() == [
        "| TT | Xã | Tự đánh giá | Thẩm tra | Chỉ tiêu giao năm 2023 |",
        "| 1 | Cẩm Minh | Chưa đánh giá | — | — |",
        "| 2 | Cẩm Quan | 18/19 | — | — |",
        "| 3 | Cẩm Tân | 17/19 | 17/19 | 19/19 |",
    ]
    shortfalls = _text(plan).split("II. TỒN TẠI, HẠN CHẾ")[1]
    assert "- Các tiêu chí còn xã chưa đạt: số 17 (" in shortfalls
    assert "): 2/2 xã chưa đạt; số 5 (" in shortfalls and "): 1/2 xã chưa đạt." in shortfalls
    assert (
        "- Xã chưa đạt chỉ tiêu giao năm 2023: Cẩm Tân (giao đạt 19 tiêu chí, đạt 17; chưa đạt "
        "tiêu chí giao số 5, 17)." in shortfalls
    )
    # no target for 2024 yet: a bracket for the office, nothing made up
    assert "(Chưa giao chỉ tiêu năm 2024 cho các xã trong hệ thống" in _text(plan)
    assert plan.bases.first().text.startswith("Căn cứ Quyết định số 318/QĐ-TTg")
    assert [r.text for r in plan.recipients.all()][:2] == [
        "Như trên;",
        "Thường trực cấp ủy, HĐND huyện (để b/c);",
    ]


def test_the_next_years_targets_are_the_directions(year_2023, district_a, district_officer, f318):
    services.target_set(
        unit=year_2023.commune,
        year=2024,
        actor=district_officer,
        level=Target.Level.NTM,
        criteria=list(Criterion.objects.filter(framework=f318, number=17)),
    )
    plan, _ = _report(district_a, district_officer)
    directions = plan.sections.filter(heading="").last().body.splitlines()
    assert directions[:2] == [
        "Chỉ tiêu giao các xã năm 2024:",
        "- Xã Cẩm Tân: Đạt chuẩn NTM, phấn đấu đạt thêm 01 tiêu chí (Môi trường và an toàn thực "
        "phẩm).",
    ]


def test_a_province_report_names_each_communes_district_and_asks_for_its_addressee(
    year_2023, province, district_a
):
    office = factories.province_office(province, username="vp_tinh")
    plan, warnings = _report(province, office)
    assert plan.addressee == ""
    assert "Ghi nơi nhận báo cáo (ô «Kính gửi») trước khi trình ký." in warnings
    communes = plan.sections.get(heading="3. Kết quả từng xã").body
    assert "| 3 | Cẩm Tân (huyện Cẩm Xuyên) | 17/19 | 17/19 | 19/19 |" in communes
    assert "Như trên;" not in [r.text for r in plan.recipients.all()]


def test_a_year_without_communes_is_a_skeleton_with_a_warning(district_b, other_province):
    office = factories.supervisor(district_b, username="vp_krong_no")
    plan, warnings = _report(district_b, office)
    assert "Huyện Krông Nô chưa có xã nào trong hệ thống năm 2023." in warnings
    assert "(Bổ sung những tồn tại, hạn chế khác và nguyên nhân.)" in _text(plan)


def test_the_district_report_is_a_supervisors(commune_a, official_a):
    # (a district drafting the commune's report: tests/plans/test_reports.py)
    with pytest.raises(ValidationError) as refused:
        _report(commune_a, official_a)
    assert refused.value.message_dict["kind"] == [
        "Loại văn bản này dành cho đơn vị giám sát (huyện hoặc tỉnh)."
    ]
    assert not Plan.objects.exists()


def test_the_office_drafts_it_from_the_plans_page(client, year_2023, district_a, district_officer):
    client.force_login(district_officer)
    offered = _kinds_offered(client)
    assert {"bao_cao_huyen", "huyen_nam"} <= offered
    assert "bao_cao_xa" not in offered  # the commune's own documents are the commune's
    response = client.post(
        reverse("plans:plan-create"),
        {"unit": district_a.pk, "kind": "bao_cao_huyen", "year_start": 2023},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.unit, plan.year_end, plan.doc_type) == (district_a, 2023, "bc")
    # "Cập nhật số liệu": a commune's result changed since is offered, nothing else
    year_2023.statuses.filter(indicator__code="5").update(status=Status.MET)
    criteria_services.assessment_recount(year_2023)
    refresh = client.get(reverse("plans:plan-refresh", args=[plan.pk]))
    assert refresh.status_code == 200
    assert "| 3 | Cẩm Tân | 18/19 | 17/19 | 19/19 |" in refresh.content.decode()


def test_the_printed_report_reads_back_from_the_pdf(
    year_2023, district_a, district_officer, poppler
):
    plan, _ = _report(district_a, district_officer)
    text = squash(poppler.text(plan_pdf_bytes(plan)))
    for expected in [
        "HUYỆN CẨM XUYÊN",
        "BÁO CÁO",
        "Kết quả xây dựng nông thôn mới năm 2023",
        "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh",
        "Ủy ban nhân dân huyện Cẩm Xuyên báo cáo kết quả xây dựng nông thôn mới năm 2023",
        "3. Kết quả từng xã",
        "Cẩm Tân 17/19 17/19 19/19",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
        "TM. ỦY BAN NHÂN DÂN",
        "huyện Cẩm Xuyên./.",
    ]:
        assert expected in text, expected
    assert text.index("Kính gửi:") < text.index("I. KẾT QUẢ THỰC HIỆN NĂM 2023")


def _kinds_offered(client) -> set[str]:
    """The kinds the create form's «Loại văn bản» offers (the filter above the list offers
    every kind: an office reads its communes' documents too)."""
    page = client.get(reverse("plans:plan-list")).content.decode()
    select = re.search(r'<select name="kind".*?</select>', page, re.S).group(0)
    return set(re.findall(r'<option value="([^"]+)"', select))


def test_a_communes_officials_are_offered_the_communes_documents_only(client_a):
    offered = _kinds_offered(client_a)
    assert {"bao_cao_xa", "trong"} <= offered
    assert not offered & {"bao_cao_huyen", "huyen_nam"}
    response = client_a.post(reverse("plans:plan-create"), {"kind": "bao_cao_huyen"})
    assert "Chọn loại văn bản trong danh sách." in response.content.decode()


def test_the_docx_carries_the_communes_table_as_a_table(year_2023, district_a, district_officer):
    plan, _ = _report(district_a, district_officer)
    document = open_docx(plan_docx_bytes(plan))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["3", "Cẩm Tân", "17/19", "17/19", "19/19"] in rows
    assert ["17", "Môi trường và an toàn thực phẩm", "0/2", "0"] in rows


def test_the_one_unit_a_person_drafts_for_is_chosen_already(client_a, commune_a):
    page = client_a.get(reverse("plans:plan-list")).content.decode()
    assert f'<option value="{commune_a.pk}" selected>' in page
    assert "---------" not in page


def test_the_office_reaches_its_communes_targets_of_this_year_and_the_next_from_the_plans_page(
    client, district_a, district_officer, official_a
):
    this_year = timezone.localdate().year
    client.force_login(district_officer)
    page = client.get(reverse("plans:plan-list")).content.decode()
    for year in (this_year, this_year + 1):
        link = reverse("plans:targets-edit", args=[district_a.pk]) + f"?year={year}"
        assert f'href="{link}"' in page
        assert f"Giao chỉ tiêu năm {year} cho các xã thuộc Huyện Cẩm Xuyên" in page
        assert client.get(link).status_code == 200
    # a commune sets no targets: no such link for its officials
    client.force_login(official_a)
    assert "Giao chỉ tiêu năm" not in client.get(reverse("plans:plan-list")).content.decode()


def test_the_offices_figures_lead_to_its_targets_and_its_report_of_the_year(
    client, year_2023, district_a, district_officer
):
    client.force_login(district_officer)
    page = client.get(reverse("dashboards:unit", args=[district_a.pk]), {"year": 2023})
    html = page.content.decode()
    targets = reverse("plans:targets-edit", args=[district_a.pk]) + "?year=2023"
    assert f'href="{targets}">Giao chỉ tiêu năm 2023</a>' in html
    report = (
        reverse("plans:plan-list") + f"?don_vi={district_a.pk}&amp;loai=bao_cao_huyen&amp;nam=2023"
    )
    assert f'href="{report}#tao-du-thao">Lập báo cáo kết quả năm 2023</a>' in html
    # the link opens the form filled in: the district, its report, the year
    form = client.get(report.replace("&amp;", "&")).context["form"]
    assert (form["unit"].value(), form["kind"].value(), form["year_start"].value()) == (
        str(district_a.pk),
        "bao_cao_huyen",
        "2023",
    )


def test_figures_read_by_an_office_that_sets_nothing_there_offer_nothing_to_do(
    client, year_2023, district_a, province_office_a
):
    client.force_login(province_office_a)  # reads the district's figures, drafts none of its
    response = client.get(reverse("dashboards:unit", args=[district_a.pk]), {"year": 2023})
    assert response.status_code == 200 and "Tổng hợp Huyện Cẩm Xuyên" in response.content.decode()
    assert "Giao chỉ tiêu năm" not in response.content.decode()
    assert "Lập báo cáo kết quả năm" not in response.content.decode()


def test_a_commune_assessed_on_its_provinces_own_set_is_counted_on_that_set(
    district_a, district_officer, province, f318
):
    """Each commune's year on the xã NTM set it was really assessed on: its province's own set
    of that tier stands beside the national one, each with its own part and numbering."""
    from criteria.models import Assessment, CriterionResult, Framework

    own = Framework.objects.create(
        key="xa_ntm_ht_thu",
        name="Bộ tiêu chí xã nông thôn mới tỉnh Hà Tĩnh (thử)",
        level=Framework.Level.XA_NTM,
        unit_kind="commune",
        province=province,
        period_start=2021,
        period_end=2025,
    )
    first = Criterion.objects.create(framework=own, number=1, name="Quy hoạch")
    thanh = factories.CommuneFactory(name="Cẩm Thành", parent=district_a, framework=own)
    year = Assessment.objects.create(
        commune=thanh, framework=own, year=2023, met_count=1, criteria_count=1
    )
    CriterionResult.objects.create(
        assessment=year, criterion=first, commune=thanh, framework=own, year=2023, status=Status.MET
    )
    factories.CommuneFactory(name="Cẩm Minh", parent=district_a, framework=f318)

    plan, _ = _report(district_a, district_officer)
    headings = [s.heading for s in plan.sections.all() if s.heading.startswith(("1.", "4."))]
    assert headings[0].startswith("1. Kết quả chung (Bộ tiêu chí quốc gia")
    assert headings[1] == ("4. Kết quả chung (Bộ tiêu chí xã nông thôn mới tỉnh Hà Tĩnh (thử))")
    assert "(Chưa có xã nào có kết quả đánh giá năm 2023 theo bộ tiêu chí này.)" in _text(plan)
    own_communes = plan.sections.get(heading__startswith="6. Kết quả từng xã").body
    assert "| 1 | Cẩm Thành | 1/1 | — | — |" in own_communes
    own_criteria = plan.sections.get(heading__startswith="5. Kết quả từng tiêu chí").body
    assert "| 1 | Quy hoạch | 1/1 | 100 |" in own_criteria


def test_a_higher_tiers_target_is_not_judged_on_the_basic_sets_results(
    year_2023, district_a, district_officer, f318
):
    """A commune aiming at nâng cao works on that tier's set: its target names that tier and
    is never told short by the xã NTM results."""
    services.target_set(
        unit=year_2023.commune,
        year=2023,
        actor=district_officer,
        level=Target.Level.NANG_CAO,
        criteria=[],
        target_count=15,
    )
    plan, _ = _report(district_a, district_officer)
    communes = plan.sections.get(heading="3. Kết quả từng xã").body
    assert "| 3 | Cẩm Tân | 17/19 | 17/19 | Đạt chuẩn NTM nâng cao |" in communes
    assert "Xã chưa đạt chỉ tiêu giao" not in _text(plan)


def test_the_list_of_documents_is_narrowed_and_paged_not_cut_at_200(
    client, district_a, district_officer, commune_a
):
    from .conftest import PlanFactory

    for n in range(55):
        PlanFactory(unit=commune_a, title=f"Kế hoạch số {n}", year_start=2020, year_end=2020)
    PlanFactory(
        unit=district_a,
        kind=Plan.Kind.DISTRICT_REPORT,
        doc_type="bc",
        title="Kết quả xây dựng nông thôn mới năm 2023",
        year_start=2023,
        year_end=2023,
    )
    client.force_login(district_officer)
    url = reverse("plans:plan-list")
    first = client.get(url)
    assert "56 văn bản." in first.content.decode()
    assert len(first.context["plans"]) == 50
    assert len(client.get(url, {"page": 2}).context["plans"]) == 6  # all of them reachable

    def found(**filters):
        response = client.get(url, filters)
        assert response.status_code == 200
        return [p.title for p in response.context["plans"]]

    assert found(loai_van_ban="bao_cao_huyen") == ["Kết quả xây dựng nông thôn mới năm 2023"]
    assert found(thoi_ky=2023) == ["Kết quả xây dựng nông thôn mới năm 2023"]
    assert len(found(tim="cam xuyen")) == 1  # the unit's name, without diacritics
    assert found(tim="số 7") == ["Kế hoạch số 7"]
    assert found(trang_thai="issued") == []
    # a filter that makes no sense is said, and the list is not narrowed by it
    refused = client.get(url, {"thoi_ky": "năm ngoái"})
    assert "field-error" in refused.content.decode() and "56 văn bản." in refused.content.decode()


def test_the_years_tasks_and_their_money_by_source_are_reported(
    year_2023, district_a, district_officer, commune_b
):
    """The tasks of the district and of its communes in the year, by status and past their
    deadline, and their money by source – another district's tasks are not counted."""
    cam_tan = year_2023.commune
    done = factories.TaskFactory(unit=cam_tan, status="done", deadline_text="tháng 6/2023")
    late = factories.TaskFactory(unit=district_a, deadline_text="tháng 3/2023")
    factories.FundingLineFactory(task=done, source="xa", planned=500_000_000, disbursed=500_000_000)
    factories.FundingLineFactory(task=late, source="tinh", planned=1_500_000_000, disbursed=0)
    elsewhere = factories.TaskFactory(unit=commune_b)
    factories.FundingLineFactory(task=elsewhere, source="xa", planned=9_000_000_000)
    factories.TaskFactory(unit=cam_tan, plan_year=2024, deadline_text="tháng 12/2024")

    plan, _ = _report(district_a, district_officer)
    body = plan.sections.get(heading="4. Nhiệm vụ và nguồn lực năm 2023").body.splitlines()
    assert body == [
        "- Năm 2023 có 02 nhiệm vụ của huyện Cẩm Xuyên và các xã: 01 chưa bắt đầu, 01 hoàn "
        "thành; 01 nhiệm vụ quá hạn chưa hoàn thành.",
        "| Nguồn vốn | Kế hoạch | Đã giải ngân | Tỷ lệ giải ngân (%) |",
        "| Ngân sách tỉnh | 1,5 tỷ đồng | 0 đồng | 0 |",
        "| Ngân sách xã | 500 triệu đồng | 500 triệu đồng | 100 |",
        "| Tổng cộng | 2 tỷ đồng | 500 triệu đồng | 25 |",
    ]


def test_a_year_without_tasks_asks_for_them_in_brackets(year_2023, district_a, district_officer):
    plan, _ = _report(district_a, district_officer)
    body = plan.sections.get(heading="4. Nhiệm vụ và nguồn lực năm 2023").body
    assert body.startswith("(Chưa có nhiệm vụ năm 2023 của huyện Cẩm Xuyên và các xã")
