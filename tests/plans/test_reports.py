"""The recognition dossier's documents drafted from the data (plans.reports): the «Báo cáo kết
quả xây dựng nông thôn mới năm …» (BC-UBND) and the «Tờ trình đề nghị thẩm định, xét công
nhận» (TTr-UBND), printed with the plans' Decree 30 layout, «Kính gửi» (ô 9a) included; PDFs
read back with poppler, DOCX with python-docx and LibreOffice."""

import datetime
import os
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from criteria import services as criteria_services
from criteria.models import Framework, IndicatorStatus
from dossiers import services as dossier_services
from dossiers.models import DossierItem
from plans import services
from plans.docx import plan_docx_bytes
from plans.models import Plan, PlanEvent
from plans.pdf import plan_pdf_bytes
from plans.render import plan_document, plan_document_context
from tests import factories

from .conftest import PlanFactory, squash
from .test_docx import all_text, open_docx

pytestmark = pytest.mark.django_db
Status = IndicatorStatus.Status
NTM = "xa_ntm"
NANG_CAO = "xa_ntm_nang_cao"
REQUEST = (
    "UBND xã Cẩm Tân kính đề nghị Ủy ban nhân dân tỉnh Hà Tĩnh thẩm định, xét công nhận xã "
    "Cẩm Tân đạt chuẩn nông thôn mới năm 2023."
)


@pytest.fixture
def leader_a(commune_a):
    user = factories.official(commune_a, username="chu_tich_a", kind="commune_leader")
    user.full_name, user.position = "Trịnh Minh Chung", "Chủ tịch UBND xã"
    user.save()
    return user


@pytest.fixture
def verified_year(assessment_a, leader_a, district_officer):
    """Cẩm Tân 2023 on 318/QĐ-TTg, verified by the district: every indicator met except 5
    (criterion 5, Trường học, has this one indicator) and 17.1, so 17 of the 19 criteria."""
    assessment_a.statuses.update(status=Status.MET, note="Đạt")
    assessment_a.statuses.filter(indicator__code="5").update(
        status=Status.NOT_MET, note="Trường mầm non còn thiếu 02 phòng học"
    )
    assessment_a.statuses.filter(indicator__code="17.1").update(
        status=Status.NOT_MET, note="Chờ dự án nhà máy nước sạch của tỉnh"
    )
    criteria_services.assessment_recount(assessment_a)
    criteria_services.assessment_submit(assessment=assessment_a, actor=leader_a)
    criteria_services.assessment_verify(assessment=assessment_a, actor=district_officer)
    assessment_a.refresh_from_db()
    return assessment_a


def _text(plan: Plan) -> str:
    return "\n".join(f"{s.heading}\n{s.body}" for s in plan.sections.all())


def _report(commune, actor, year=2023) -> tuple[Plan, list[str]]:
    return services.plan_draft(
        unit=commune, kind=Plan.Kind.COMMUNE_REPORT, year_start=year, year_end=year, actor=actor
    )


def _proposal(commune, actor, tier=NTM, year=2023) -> tuple[Plan, list[str]]:
    return services.plan_draft(
        unit=commune,
        kind=Plan.Kind.COMMUNE_PROPOSAL,
        year_start=year,
        year_end=year,
        actor=actor,
        tier=tier,
    )


# --- drafting ---------------------------------------------------------------------------------


def test_report_of_a_verified_year_gives_the_counts_the_table_and_the_unmet_indicators(
    verified_year, official_a, commune_a
):
    total = verified_year.indicator_count
    plan, warnings = _report(commune_a, official_a)

    assert (plan.doc_type, plan.kind, plan.symbol) == ("bc", "bao_cao_xa", "BC-UBND")
    assert plan.title == "Kết quả xây dựng nông thôn mới năm 2023"
    assert plan.type_name == "BÁO CÁO" and plan.addressee == "Ủy ban nhân dân huyện Cẩm Xuyên"
    text = _text(plan)
    counts = f"17/19 tiêu chí, {total - 2}/{total} chỉ tiêu"
    assert (verified_year.verified_met_count, verified_year.verified_indicator_met_count) == (
        17,
        total - 2,
    )
    assert f"xã tự đánh giá đạt {counts}." in text
    assert re.search(rf"Kết quả thẩm tra ngày \d\d/\d+/20\d\d: xã đạt {counts}\.", text)
    headings = [s.heading for s in plan.sections.all() if s.heading]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ",
        "1. Kết quả chung",
        "2. Kết quả từng tiêu chí",
        "3. Các tiêu chí chưa đạt",
        "II. TỒN TẠI, HẠN CHẾ",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
    ]
    table = plan.sections.get(heading="2. Kết quả từng tiêu chí").body.splitlines()
    assert table[0] == "| TT | Tiêu chí | Tự đánh giá | Thẩm tra |" and len(table) == 20
    assert re.match(r"\| 17 \| .+ \| Chưa đạt \| Chưa đạt \|$", table[17])
    assert re.match(r"\| 1 \| .+ \| Đạt \| Đạt \|$", table[1])
    unmet = plan.sections.get(heading="3. Các tiêu chí chưa đạt").body
    assert "+ Chỉ tiêu 5 (" in unmet and "chưa đạt; Trường mầm non còn thiếu 02 phòng học." in unmet
    assert "+ Chỉ tiêu 17.1 (" in unmet and "Chờ dự án nhà máy nước sạch của tỉnh." in unmet
    assert [line.split()[4] for line in unmet.splitlines() if line.startswith("- ")] == ["5", "17"]
    assert "- Còn 2 tiêu chí chưa đạt: số 5 (" in text
    assert "- Còn 2 chỉ tiêu chưa đạt: 5, 17.1." in text
    assert "(Chưa có nhiệm vụ năm 2024 trong hệ thống" in text  # a placeholder, not a made-up task
    assert plan.closing.endswith("của Ủy ban nhân dân xã Cẩm Tân./.")
    assert (plan.authority_lines, plan.signer_title, plan.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trịnh Minh Chung",
    )
    recipients = [r.text for r in plan.recipients.all()]
    assert recipients[0] == "Như trên;" and recipients[-1] == "Lưu: VT."
    assert warnings == [] and plan.events.get().action == PlanEvent.Action.DRAFTED


def test_report_of_a_year_not_verified_says_so(assessment_a, official_a, commune_a):
    plan, _ = _report(commune_a, official_a)

    text = _text(plan)
    assert "xã tự đánh giá đạt 0/19 tiêu chí" in text
    assert "Kết quả năm 2023 chưa được thẩm tra (trạng thái: đang cập nhật)." in text
    assert "Kết quả thẩm tra" not in text


def test_report_without_an_assessment_is_a_skeleton_with_a_warning(commune_a, official_a):
    plan, warnings = _report(commune_a, official_a)

    assert warnings == [
        "Chưa có kết quả đánh giá năm 2023 của xã Cẩm Tân: dự thảo chỉ có khung, cần nhập kết "
        "quả các chỉ tiêu rồi lập lại dự thảo."
    ]
    text = _text(plan)
    assert "(Chưa có kết quả đánh giá năm 2023 trong hệ thống" in text
    assert not re.search(r"\d+/19 tiêu chí", text)  # no figure without data


def test_report_directions_are_the_next_years_tasks(verified_year, official_a, commune_a):
    factories.TaskFactory(
        unit=commune_a,
        plan_year=2024,
        title="Xây dựng bổ sung 02 phòng học trường mầm non",
        deadline_text="tháng 10/2024",
    )

    plan, _ = _report(commune_a, official_a)

    directions = plan.sections.get(heading="III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024")
    body = plan.sections.get(order=directions.order + 1).body
    assert body.startswith("Các nhiệm vụ năm 2024 đã giao:\n- Xây dựng bổ sung 02 phòng học")
    assert "+ Thời gian hoàn thành: tháng 10/2024." in body


def test_proposal_has_the_bases_the_results_and_the_request(
    verified_year, official_a, commune_a, f318
):
    # the catalogue records no issuing body for 318: as an office would enter it
    Framework.objects.filter(pk=f318.pk).update(decision_body="Thủ tướng Chính phủ")

    plan, warnings = _proposal(commune_a, official_a)

    assert (plan.doc_type, plan.kind, plan.symbol, plan.tier) == (
        "ttr",
        "to_trinh_xa",
        "TTr-UBND",
        NTM,
    )
    assert plan.title == (
        "Về việc thẩm định, xét, công nhận xã Cẩm Tân đạt chuẩn nông thôn mới năm 2023"
    )
    assert plan.addressee == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    bases = [b.text for b in plan.bases.all()]
    assert bases[0].startswith("Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02 tháng 8 năm 2022")
    assert bases[1] == (
        "Căn cứ Quyết định số 318/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ ban "
        "hành bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025"
    )
    text = _text(plan)
    assert "xã tự đánh giá đạt 17/19 tiêu chí" in text and "Kết quả thẩm tra ngày" in text
    assert "+ Chỉ tiêu 17.1 (" in text
    assert REQUEST in text
    assert plan.closing == (
        "Ủy ban nhân dân xã Cẩm Tân kính trình Ủy ban nhân dân tỉnh Hà Tĩnh xem xét, quyết định./."
    )
    assert [r.text for r in plan.recipients.all()] == ["Như trên;", "Lưu: VT."]
    assert warnings[0].startswith("«Kính gửi» mặc định là Ủy ban nhân dân tỉnh Hà Tĩnh")
    assert "chưa được xác nhận" in warnings[0]
    assert any("còn 2 tiêu chí chưa đạt" in w for w in warnings)
    assert any(w.startswith("Chưa mở hồ sơ đề nghị công nhận") for w in warnings)


def test_proposal_lists_the_dossiers_documents_with_their_status(
    verified_year, official_a, commune_a
):
    dossier, _ = dossier_services.dossier_open(
        commune=commune_a, tier=NTM, year=2023, actor=official_a
    )
    items = list(dossier.items.select_related("checklist_item").order_by("checklist_item__order"))
    DossierItem.objects.filter(pk=items[0].pk).update(status=DossierItem.Status.READY)

    plan, warnings = _proposal(commune_a, official_a)

    body = plan.sections.get(order=plan.sections.get(heading="II. HỒ SƠ KÈM THEO").order + 1).body
    lines = body.splitlines()
    assert lines[0].startswith(f"Hồ sơ đề nghị công nhận gồm {len(items)} thành phần")
    assert lines[1] == "| TT | Hồ sơ | Bắt buộc | Tình trạng |"
    assert lines[2].startswith(f"| 1 | {items[0].checklist_item.name} |")
    assert lines[2].endswith("| Đã có |") and lines[3].endswith("| Chưa có |")
    assert len(lines) == 2 + len(items)
    assert any(w.startswith("Hồ sơ bắt buộc chưa có: ") for w in warnings)
    assert not any(w.startswith("Chưa mở hồ sơ") for w in warnings)


def test_proposal_for_a_tier_without_a_years_assessment_is_a_skeleton(
    verified_year, official_a, commune_a
):
    plan, warnings = _proposal(commune_a, official_a, tier=NANG_CAO)

    assert plan.title.endswith("xã Cẩm Tân đạt chuẩn nông thôn mới nâng cao năm 2023")
    assert "17/19" not in _text(plan)  # the basic set's results never stand for nâng cao
    assert "xã Cẩm Tân đạt chuẩn nông thôn mới nâng cao năm 2023." in _text(plan)
    assert any(w.startswith("Chưa có kết quả đánh giá năm 2023") for w in warnings)
    assert "nông thôn mới nâng cao" in plan.bases.all()[1].text


def test_proposal_needs_a_tier_and_the_recognition_kinds_a_commune(
    official_a, commune_a, district_a, district_officer
):
    with pytest.raises(ValidationError) as refused:
        _proposal(commune_a, official_a, tier="")
    assert refused.value.message_dict == {"tier": ["Chọn hạng đề nghị công nhận cho tờ trình."]}
    with pytest.raises(ValidationError) as refused:
        _report(district_a, district_officer)
    assert refused.value.message_dict == {"kind": ["Loại văn bản này dành cho cấp xã."]}
    with pytest.raises(ValidationError) as refused:
        services.plan_draft(
            unit=commune_a,
            kind=Plan.Kind.COMMUNE_REPORT,
            year_start=2023,
            year_end=2024,
            actor=official_a,
        )
    assert "lập cho một năm" in refused.value.message_dict["year_end"][0]
    assert not Plan.objects.exists()


# --- pages ------------------------------------------------------------------------------------


def test_the_create_form_offers_the_two_kinds_and_drafts_a_proposal(client_a, commune_a):
    page = client_a.get(reverse("plans:plan-list"))
    assert 'value="bao_cao_xa"' in page.content.decode()
    assert 'value="to_trinh_xa"' in page.content.decode()

    response = client_a.post(
        reverse("plans:plan-create"),
        {"unit": commune_a.pk, "kind": "to_trinh_xa", "year_start": 2023, "tier": NANG_CAO},
    )

    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.doc_type, plan.tier, plan.year_end) == ("ttr", NANG_CAO, 2023)
    detail = client_a.get(plan.get_absolute_url()).content.decode()
    assert "Tờ trình 2023 – " in detail and "Xã đạt chuẩn NTM nâng cao" in detail


def test_a_proposal_without_a_tier_is_refused_in_the_form(client_a, commune_a):
    response = client_a.post(
        reverse("plans:plan-create"),
        {"unit": commune_a.pk, "kind": "to_trinh_xa", "year_start": 2023},
    )

    assert response.status_code == 200
    assert "Chọn hạng đề nghị công nhận cho tờ trình." in response.content.decode()
    assert not Plan.objects.exists()


def test_the_list_shows_each_documents_type(client_a, commune_a, official_a):
    _report(commune_a, official_a)
    _proposal(commune_a, official_a)
    services.plan_draft(
        unit=commune_a, kind=Plan.Kind.BLANK, year_start=2023, year_end=2023, actor=official_a
    )

    html = client_a.get(reverse("plans:plan-list")).content.decode()

    cells = re.findall(r"<td data-label=\"Loại văn bản\">(Kế hoạch|Báo cáo|Tờ trình)</td>", html)
    assert sorted(cells) == ["Báo cáo", "Kế hoạch", "Tờ trình"]


def test_kinh_gui_is_edited_on_the_form_of_a_report_only(client_a, commune_a, official_a):
    from .test_views import _edit_data

    report, _ = _report(commune_a, official_a)
    blank, _ = services.plan_draft(
        unit=commune_a, kind=Plan.Kind.BLANK, year_start=2023, year_end=2023, actor=official_a
    )
    blank_form = client_a.get(reverse("plans:plan-edit", args=[blank.pk])).context["header"]
    assert "addressee" not in blank_form.fields

    url = reverse("plans:plan-edit", args=[report.pk])
    assert "addressee" in client_a.get(url).context["header"].fields
    data = _edit_data(
        report, addressee="Ủy ban nhân dân tỉnh Hà Tĩnh / Sở Nông nghiệp và Môi trường"
    )
    response = client_a.post(url, data)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.addressee == "Ủy ban nhân dân tỉnh Hà Tĩnh / Sở Nông nghiệp và Môi trường"
    assert "addressee" in report.events.first().detail
    too_long = _edit_data(report, addressee="x" * 501)
    response = client_a.post(url, too_long)
    assert response.status_code == 200 and "Kính gửi dài 501 ký tự" in response.content.decode()


def test_downloads_are_named_after_the_type(client_a, commune_a, official_a):
    report, _ = _report(commune_a, official_a)

    response = client_a.get(reverse("plans:plan-docx", args=[report.pk]))

    disposition = response["Content-Disposition"]
    assert 'filename="bao-cao-cam-tan-2023.docx"' in disposition
    assert "B%C3%A1o%20c%C3%A1o%20C%E1%BA%A9m%20T%C3%A2n%202023.docx" in disposition


# --- numbers ----------------------------------------------------------------------------------


def test_an_issued_number_is_unique_per_type_symbol(commune_a, leader_a):
    dated = {"number": 5, "issue_date": datetime.date(2024, 3, 5)}
    PlanFactory(unit=commune_a, status=Plan.Status.ISSUED, **dated)  # 05/KH-UBND
    report = PlanFactory(
        unit=commune_a, doc_type="bc", kind="bao_cao_xa", symbol="BC-UBND", title="Kết quả", **dated
    )
    services.plan_issue(plan=report, actor=leader_a)  # 05/BC-UBND: another symbol, allowed

    second = PlanFactory(
        unit=commune_a, doc_type="bc", kind="bao_cao_xa", symbol="BC-UBND", title="Khác", **dated
    )
    with pytest.raises(ValidationError) as refused:
        services.plan_issue(plan=second, actor=leader_a)
    assert "Số 05/BC-UBND năm 2024 đã dùng cho báo cáo “Kết quả”" in refused.value.messages[0]


# --- printed: PDF, HTML, DOCX -----------------------------------------------------------------


@pytest.fixture
def report(verified_year, official_a, commune_a):
    plan, _ = _report(commune_a, official_a)
    return plan


@pytest.fixture
def proposal(verified_year, official_a, commune_a):
    plan, _ = _proposal(commune_a, official_a)
    return plan


def test_report_pdf_has_the_decree_30_frame_and_bao_cao(report, poppler):
    pdf = plan_pdf_bytes(report)
    pages = poppler.pages(pdf)
    text = squash(poppler.text(pdf))

    assert pages[0].split()[:4] == ["ỦY", "BAN", "NHÂN", "DÂN"]
    for expected in [
        "XÃ CẨM TÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Cẩm Tân, ngày tháng năm 2023",
        "BÁO CÁO",
        "Kết quả xây dựng nông thôn mới năm 2023",
        "Kính gửi: Ủy ban nhân dân huyện Cẩm Xuyên",
        "I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ",
        "xã tự đánh giá đạt 17/19 tiêu chí",
        "Trường mầm non còn thiếu 02 phòng học",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trịnh Minh Chung",
        "xã Cẩm Tân./.",
    ]:
        assert expected in text, expected
    # the blank number: "Số:" and "/BC-UBND" around an empty box (pdftotext may read the
    # right column in between), laid out by the shared header
    assert "Số:" in text and "/BC-UBND" in text
    html = render_to_string("plans/pdf/plan.html", plan_document_context(report))
    assert 'Số: <span class="blank"></span>/BC-UBND' in html
    assert "KẾ HOẠCH" not in text and "KH-UBND" not in text
    # the type, then the summary, then «Kính gửi», then the body
    assert text.index("BÁO CÁO") < text.index("Kết quả xây dựng") < text.index("Kính gửi:")
    assert text.index("Kính gửi:") < text.index("Ủy ban nhân dân xã Cẩm Tân báo cáo")
    assert poppler.info(pdf)["Title"].startswith("BÁO CÁO Kết quả xây dựng nông thôn mới")


def test_registered_report_prints_its_number(report, poppler):
    Plan.objects.filter(pk=report.pk).update(number=4, issue_date=datetime.date(2024, 1, 15))
    report.refresh_from_db()

    text = squash(poppler.text(plan_pdf_bytes(report)))

    assert "Số: 04/BC-UBND" in text and "Cẩm Tân, ngày 15 tháng 01 năm 2024" in text


def test_proposal_pdf_shows_to_trinh_kinh_gui_and_the_request(proposal, poppler):
    text = squash(poppler.text(plan_pdf_bytes(proposal)))

    for expected in [
        "TỜ TRÌNH",
        "Về việc thẩm định, xét, công nhận xã Cẩm Tân đạt chuẩn nông thôn mới năm 2023",
        "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh",
        "Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02 tháng 8 năm 2022",
        REQUEST,
        "kính trình Ủy ban nhân dân tỉnh Hà Tĩnh xem xét, quyết định./.",
        "- Như trên;",
        "- Lưu: VT.",
    ]:
        assert expected in text, expected
    assert "Số:" in text and "/TTr-UBND" in text
    assert "KẾ HOẠCH" not in text


def test_several_recipients_go_under_kinh_gui_each_on_its_line(proposal, poppler):
    Plan.objects.filter(pk=proposal.pk).update(
        addressee="Ủy ban nhân dân tỉnh Hà Tĩnh / Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh"
    )
    proposal.refresh_from_db()

    lines = [" ".join(line.split()) for line in poppler.text(plan_pdf_bytes(proposal)).splitlines()]

    at = lines.index("Kính gửi:")
    assert lines[at + 1 : at + 3] == [
        "- Ủy ban nhân dân tỉnh Hà Tĩnh;",
        "- Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh.",
    ]
    html = render_to_string("plans/pdf/plan.html", plan_document_context(proposal))
    indent = plan_document(proposal).addressee_indent_css
    assert re.fullmatch(r"\d+\.\d\dpt", indent)  # never "52,14pt" in a Vietnamese locale
    assert f'<p style="padding-left: {indent}">- Ủy ban nhân dân tỉnh Hà Tĩnh;</p>' in html


def test_a_ke_hoach_prints_ke_hoach_and_no_kinh_gui_even_with_one_stored(plan, poppler):
    Plan.objects.filter(pk=plan.pk).update(addressee="Ủy ban nhân dân huyện Cẩm Xuyên")
    plan.refresh_from_db()

    text = squash(poppler.text(plan_pdf_bytes(plan)))
    docx = all_text(open_docx(plan_docx_bytes(plan)))
    html = render_to_string("plans/plan_print.html", {"plan": plan, **plan_document_context(plan)})

    assert "KẾ HOẠCH" in text and "Số: 30/KH-UBND" in text and "Kính gửi" not in text
    assert "KẾ HOẠCH" in docx and "Kính gửi" not in docx
    assert "Kính gửi" not in html


def test_print_view_of_a_proposal(client_a, proposal):
    html = client_a.get(reverse("plans:plan-print", args=[proposal.pk])).content.decode()

    assert '<p class="c ten-loai" role="heading" aria-level="1">TỜ TRÌNH</p>' in html
    assert '<p class="c kinh-gui">Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh</p>' in html
    assert "Bản in tờ trình" in html


@pytest.mark.parametrize(
    ("fixture", "type_name", "addressee"),
    [
        ("report", "BÁO CÁO", "Kính gửi: Ủy ban nhân dân huyện Cẩm Xuyên"),
        ("proposal", "TỜ TRÌNH", "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh"),
    ],
)
def test_docx_has_the_type_name_and_kinh_gui(request, fixture, type_name, addressee):
    plan = request.getfixturevalue(fixture)
    document = open_docx(plan_docx_bytes(plan))
    text = all_text(document)

    assert type_name in text and addressee in text and "KẾ HOẠCH" not in text
    assert f"Số: {chr(0xA0) * 8}/{plan.symbol}" in text
    paragraph = next(p for p in document.paragraphs if p.text == addressee)
    assert paragraph.alignment == 1  # centred, under the summary
    titles = [p.text for p in document.paragraphs]
    assert titles.index(type_name) < titles.index(plan.title) < titles.index(addressee)
    assert document.core_properties.title.startswith(f"{plan.type_label} {plan.title}")


def test_docx_lists_several_recipients_under_the_colon(proposal):
    Plan.objects.filter(pk=proposal.pk).update(addressee="Ủy ban nhân dân tỉnh Hà Tĩnh / Sở Y tế")
    proposal.refresh_from_db()
    document = open_docx(plan_docx_bytes(proposal))

    texts = [p.text for p in document.paragraphs]
    at = texts.index("Kính gửi:")
    assert texts[at + 1 : at + 3] == ["- Ủy ban nhân dân tỉnh Hà Tĩnh;", "- Sở Y tế."]
    label, first = document.paragraphs[at], document.paragraphs[at + 1]
    assert first.paragraph_format.left_indent > label.paragraph_format.left_indent > 0


def test_libreoffice_opens_the_proposal_docx(proposal, tmp_path, poppler):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        message = "LibreOffice không có trên máy này: cài gói Debian 'libreoffice-writer-nogui'"
        if os.environ.get("CI") or os.environ.get("NTM_REQUIRE_BROWSER"):
            pytest.fail(message + " (CI cài sẵn trong .ci/run)", pytrace=False)
        pytest.skip(message)
    source = tmp_path / "to-trinh.docx"
    source.write_bytes(plan_docx_bytes(proposal))
    subprocess.run(  # noqa: S603
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    text = squash(poppler.text((tmp_path / "to-trinh.pdf").read_bytes()))

    assert "TỜ TRÌNH" in text and "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh" in text
    assert REQUEST in text


def test_a_dossier_links_to_its_proposal_and_the_form_comes_prefilled(
    client_a, commune_a, official_a
):
    dossier, _ = dossier_services.dossier_open(
        commune=commune_a, tier="xa_ntm_nang_cao", year=2025, actor=official_a
    )
    page = client_a.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    link = re.search(r'href="([^"]+)"[^>]*>Lập tờ trình từ số liệu<', page).group(1)
    form = client_a.get(link.replace("&amp;", "&")).context["form"]
    assert form.initial == {
        "unit": str(commune_a.pk),
        "kind": Plan.Kind.COMMUNE_PROPOSAL,
        "year_start": "2025",
        "tier": "xa_ntm_nang_cao",
    }


def test_report_states_the_communes_dated_figures_as_of_the_year(
    assessment_a, official_a, commune_a
):
    from units.facts import record_fact

    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    for kind, value, day in (
        ("dan_so", 8120, datetime.date(2019, 4, 1)),
        ("dan_so", 8512, datetime.date(2024, 4, 1)),  # after the year reported: not used
        ("dien_tich", "24.5", datetime.date(2020, 1, 1)),
        ("so_thon", 9, datetime.date(2021, 1, 1)),
    ):
        record_fact(actor=admin, unit=commune_a, kind=kind, value=value, as_of=day, basis="TK")

    plan, _ = _report(commune_a, official_a)

    assert (
        "Xã Cẩm Tân có diện tích tự nhiên 24,5 km² (tính đến 01/01/2020), dân số 8.120 người "
        "(tính đến 01/04/2019), 9 thôn, khu dân cư (tính đến 01/01/2021)."
    ) in _text(plan)
