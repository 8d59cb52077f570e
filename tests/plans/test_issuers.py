"""Issuers as the documents write them: a Party body's plan carries «ĐẢNG CỘNG SẢN VIỆT NAM»,
«*» under its name, «Số 07-KH/BCĐ» and T/M; a people's committee's keeps the Quốc hiệu and
«Số: 07/KH-UBND». Read back from the real PDF and DOCX."""

import re

import pytest
from django.urls import reverse

from plans.docx import plan_docx_bytes
from plans.models import Plan, Signatory, default_symbol, symbol_for_type
from plans.pdf import plan_pdf_bytes
from plans.services import plan_draft
from units.models import Unit, User

from .conftest import squash
from .test_docx import all_text, open_docx
from .test_views import _edit_data

pytestmark = pytest.mark.django_db


def _issue_number(plan, number):
    Plan.objects.filter(pk=plan.pk).update(number=number)
    plan.refresh_from_db()
    return plan


def test_the_district_steering_committee_plan_is_numbered_and_headed_as_the_party_writes(
    demo, poppler
):
    cam_xuyen = Unit.objects.get(code="ha-tinh.cam-xuyen")
    plan, _ = plan_draft(
        unit=cam_xuyen,
        kind=Plan.Kind.DISTRICT_CRITERIA,
        year_start=2021,
        year_end=2021,
        actor=User.objects.get(username="camxuyen"),
    )
    plan = _issue_number(plan, 7)
    assert (plan.issuer, plan.doc_format, plan.symbol) == ("bcd", "dang", "KH/BCĐ")
    assert plan.number_text() == "07-KH/BCĐ"  # seed 002: «Số: 07-KH/BCĐ»

    text = squash(poppler.text(plan_pdf_bytes(plan), first=1, last=1))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 07-KH/BCĐ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text and "Độc lập" not in text
    assert re.search(r"BAN CHỈ ĐẠO XÂY DỰNG NÔNG THÔN MỚI .*\* Số 07-KH/BCĐ", text)  # «*»
    # signed by the Bí thư Huyện ủy as head of the committee (the district's signatory; seed
    # 002 names the office, not the person)
    assert (plan.authority_lines, plan.signer_title) == ("TRƯỞNG BAN", "BÍ THƯ HUYỆN ỦY")
    last = squash(poppler.text(plan_pdf_bytes(plan)))
    assert re.search(r"TRƯỞNG BAN\s+BÍ THƯ HUYỆN ỦY", last)
    words = squash(all_text(open_docx(plan_docx_bytes(plan))))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in words and "Số 07-KH/BCĐ" in words
    assert "CỘNG HÒA XÃ HỘI" not in words


def test_a_commune_party_committee_plan_is_drafted_as_its_own(demo, client, poppler):
    thien_ke = Unit.objects.get(code="tuyen-quang.son-duong.thien-ke")
    official = User.objects.get(username="thienke")
    client.force_login(official)
    response = client.post(
        reverse("plans:plan-create"),
        {
            "unit": thien_ke.pk,
            "kind": Plan.Kind.COMMUNE_ANNUAL,
            "year_start": 2020,
            "issuer": Plan.Issuer.DANG_UY,
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(unit=thien_ke, year_start=2020)
    assert (plan.issuer, plan.doc_format, plan.symbol) == ("dang_uy", "dang", "KH/ĐU")
    assert plan.body_lines == "ĐẢNG ỦY XÃ THIỆN KẾ"
    assert plan.parent_body == "ĐẢNG BỘ HUYỆN SƠN DƯƠNG"
    assert (plan.authority_lines, plan.signer_title) == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert "giai đoạn 2020-2020" not in plan.title
    assert plan.opening.startswith("Đảng ủy xã Thiện Kế xây dựng Kế hoạch")  # not "UBND xã …"
    text = squash(poppler.text(plan_pdf_bytes(_issue_number(plan, 12)), first=1, last=1))
    for expected in ("ĐẢNG BỘ HUYỆN SƠN DƯƠNG", "ĐẢNG ỦY XÃ THIỆN KẾ", "ĐẢNG CỘNG SẢN VIỆT NAM"):
        assert expected in text
    assert "Số 12-KH/ĐU" in text and "ỦY BAN NHÂN DÂN" not in text
    last = squash(poppler.text(plan_pdf_bytes(plan)).split("Nơi nhận")[-1])
    assert "T/M ĐẢNG ỦY" in last and "BÍ THƯ" in last


def test_the_format_is_chosen_on_the_edit_form_and_changes_the_number_line(demo, client, poppler):
    cam_tan = Unit.objects.get(code="ha-tinh.cam-xuyen.cam-tan")
    official = User.objects.get(username="camtan")
    plan, _ = plan_draft(
        unit=cam_tan, kind=Plan.Kind.COMMUNE_ANNUAL, year_start=2024, year_end=2024, actor=official
    )
    plan = _issue_number(plan, 5)
    assert (plan.doc_format, plan.number_text()) == ("nha_nuoc", "05/KH-UBND")
    client.force_login(official)
    data = _edit_data(
        plan,
    )
    data.update({"h-doc_format": "dang", "h-issuer": "dang_uy", "h-symbol": "KH/ĐU"})
    response = client.post(reverse("plans:plan-edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.doc_format, plan.number_text()) == ("dang", "05-KH/ĐU")
    text = squash(poppler.text(plan_pdf_bytes(plan), first=1, last=1))
    assert "Số 05-KH/ĐU" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text


def test_a_huyen_uy_is_named_in_full_under_the_province_s_dang_bo(
    province, district_a, district_officer, poppler
):
    """HD 36, Phụ lục 3: «ĐẢNG BỘ TỈNH THÁI NGUYÊN» (regular) over «HUYỆN UỶ ĐỊNH HOÁ» (bold),
    not «ĐẢNG BỘ HUYỆN … / HUYỆN ỦY»."""
    plan, _ = plan_draft(
        unit=district_a,
        kind=Plan.Kind.DISTRICT_ANNUAL,
        year_start=2023,
        year_end=2023,
        actor=district_officer,
        issuer=Plan.Issuer.HUYEN_UY,
    )
    assert (plan.parent_body, plan.body_lines) == ("ĐẢNG BỘ TỈNH HÀ TĨNH", "HUYỆN ỦY CẨM XUYÊN")
    text = squash(poppler.text(plan_pdf_bytes(plan), first=1, last=1))
    assert "ĐẢNG BỘ TỈNH HÀ TĨNH HUYỆN ỦY CẨM XUYÊN" in text
    head = open_docx(plan_docx_bytes(plan)).tables[0].cell(0, 0)
    bold = {r.text: r.bold for p in head.paragraphs for r in p.runs}
    assert (bold["ĐẢNG BỘ TỈNH HÀ TĨNH"], bold["HUYỆN ỦY CẨM XUYÊN"]) == (None, True)

    provincial, _ = plan_draft(
        unit=province,
        kind=Plan.Kind.DISTRICT_ANNUAL,
        year_start=2026,
        year_end=2026,
        actor=None,
        issuer=Plan.Issuer.HUYEN_UY,
    )
    assert (provincial.parent_body, provincial.body_lines) == ("", "TỈNH ỦY HÀ TĨNH")


def test_symbols_follow_the_format():
    assert default_symbol("kh", "UBND") == "KH-UBND"
    assert default_symbol("kh", "BCĐ", party=True) == "KH/BCĐ"
    assert symbol_for_type("KH/BCĐ", "kh", "bc") == "BC/BCĐ"
    assert symbol_for_type("KH-UBND", "kh", "bc") == "BC-UBND"


def test_the_signer_is_picked_from_the_unit_s_people_by_name_and_title(demo, client):
    cam_tan = Unit.objects.get(code="ha-tinh.cam-xuyen.cam-tan")
    official = User.objects.get(username="camtan")
    leader = User.objects.get(username="camtan-ct")  # Phó Chủ tịch UBND xã Cẩm Tân
    plan, _ = plan_draft(
        unit=cam_tan, kind=Plan.Kind.COMMUNE_ANNUAL, year_start=2024, year_end=2024, actor=official
    )
    Plan.objects.filter(pk=plan.pk).update(signer_name="", signer_title="", authority_lines="")
    plan.refresh_from_db()
    client.force_login(official)
    page = client.get(reverse("plans:plan-edit", args=[plan.pk])).content.decode()
    # the signatory the commune keeps (seed 000's signer) once, then its people with a role
    kept = Signatory.objects.get(unit=cam_tan, full_name="Trịnh Minh Chung")
    assert page.count("Trịnh Minh Chung – ") == 1
    assert "Trịnh Minh Chung – Phó Chủ tịch UBND xã</option>" in page
    assert f"{official.full_name} – {official.position}" in page
    assert "camtan-ct" not in page  # people by name, never by account
    stranger = User.objects.get(username="krongno")
    data = _edit_data(plan)
    data["h-signer"] = f"u{stranger.pk}"
    response = client.post(reverse("plans:plan-edit", args=[plan.pk]), data)
    assert "Người này không thuộc đơn vị ban hành." in response.content.decode()
    data["h-signer"] = f"u{leader.pk}"  # listed once, as kept: not twice under two keys
    response = client.post(reverse("plans:plan-edit", args=[plan.pk]), data)
    assert "Người này không thuộc đơn vị ban hành." in response.content.decode()
    data["h-signer"] = f"s{kept.pk}"
    assert client.post(reverse("plans:plan-edit", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert (plan.authority_lines, plan.signer_title, plan.signer_name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trịnh Minh Chung",
    )


def test_party_and_committee_signatures_follow_hd_36():
    from plans.drafting import signature_block

    secretary = ("Nguyễn Văn A", "Bí thư Đảng ủy xã")
    deputy = ("Trần Thị B", "Phó Bí thư Đảng ủy xã")
    head = ("Lê Văn C", "Phó trưởng ban Ban Chỉ đạo")
    assert signature_block(*secretary, "dang_uy") == ("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn A")
    assert signature_block(*deputy, "dang_uy") == ("T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Trần Thị B")
    assert signature_block(*secretary, "huyen_uy")[0] == "T/M BAN THƯỜNG VỤ"
    assert signature_block(*head, "bcd") == ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Lê Văn C")


def test_an_acting_chairman_signs_q_chu_tich(commune_a, official_a, poppler):
    """Decree 30: «Q.» – quyền, someone given the head's powers: «Q. CHỦ TỊCH», not CHỦ TỊCH."""
    Signatory.objects.create(
        unit=commune_a,
        issuer=Plan.Issuer.UBND,
        full_name="Lê Văn Quyền",
        position="Quyền Chủ tịch UBND xã",
    )
    plan, _ = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=official_a,
    )
    assert (plan.authority_lines, plan.signer_title, plan.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN",
        "Q. CHỦ TỊCH",
        "Lê Văn Quyền",
    )
    signature = squash(poppler.text(plan_pdf_bytes(plan)).split("Nơi nhận")[-1])
    assert "TM. ỦY BAN NHÂN DÂN Q. CHỦ TỊCH Lê Văn Quyền" in signature


def _word_heights(poppler, pdf: bytes) -> dict[str, float]:
    """The height of each word on the first page (the first time it appears): proportional to
    its font size, Liberation Serif's regular, bold and italic having the same line box."""
    import html
    import shutil

    page = poppler._run(
        shutil.which("pdftotext"), "-bbox", "-f", "1", "-l", "1", poppler._file(pdf), "-"
    )
    heights: dict[str, float] = {}
    for y_min, y_max, word in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page
    ):
        heights.setdefault(html.unescape(word), float(y_max) - float(y_min))
    return heights


def test_a_party_header_has_the_sizes_of_hd_36(commune_a, official_a, poppler):
    """HD 36, Phụ lục 3: the body above (14, upright) and the issuing body (14, bold), «Số …»
    (14), place and date (14, italic), the type name (15–16, bold); a State header keeps
    Decree 30's 12 / 13 pt."""
    from docx.shared import Pt

    plan, _ = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2023,
        year_end=2023,
        actor=official_a,
        issuer=Plan.Issuer.DANG_UY,
    )
    document = open_docx(plan_docx_bytes(plan))
    header = document.tables[0]
    size = {r.text: r.font.size for c in header._cells for p in c.paragraphs for r in p.runs}
    assert size["ĐẢNG BỘ HUYỆN CẨM XUYÊN"] == size["ĐẢNG ỦY XÃ CẨM TÂN"] == Pt(14)
    assert size[next(t for t in size if t.startswith("Số "))] == Pt(14)
    assert size[next(t for t in size if ", ngày " in t)] == Pt(14)
    type_name = next(p for p in document.paragraphs if p.text == "KẾ HOẠCH")
    assert type_name.runs[0].font.size == Pt(15)

    heights = _word_heights(poppler, plan_pdf_bytes(plan))
    body = heights["sau:"]  # the opening, «… như sau:»: 14 pt
    for word in ("BỘ", "ỦY", "Số", "ngày"):  # the body above, the issuing body, number, date
        assert heights[word] == pytest.approx(body, rel=0.02), word
    assert heights["KẾ"] == pytest.approx(body * 15 / 14, rel=0.02)

    plan.doc_format = Plan.Format.STATE  # the same lines as Decree 30 sets them
    size = {
        r.text: r.font.size
        for c in open_docx(plan_docx_bytes(plan)).tables[0]._cells
        for p in c.paragraphs
        for r in p.runs
    }
    assert size["ĐẢNG ỦY XÃ CẨM TÂN"] == Pt(12)
    assert _word_heights(poppler, plan_pdf_bytes(plan))["Số:"] == pytest.approx(
        body * 13 / 14, rel=0.02
    )


def test_a_committee_document_in_the_state_format_signs_kt(client_a, commune_a, official_a):
    """The mark follows the document's format, not its issuer: a Ban Chỉ đạo's document in
    Decree 30's format signs «KT. TRƯỞNG BAN», in HD 36's «K/T TRƯỞNG BAN»."""
    plan, _ = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.BLANK,
        year_start=2023,
        year_end=2023,
        actor=official_a,
        issuer=Plan.Issuer.BCD,
    )
    deputy = Signatory.objects.create(
        unit=commune_a, issuer=Plan.Issuer.BCD, full_name="Lê Văn C", position="Phó Trưởng ban"
    )
    for doc_format, authority in (("nha_nuoc", "KT. TRƯỞNG BAN"), ("dang", "K/T TRƯỞNG BAN")):
        data = _edit_data(plan)
        data.update({"h-issuer": "bcd", "h-doc_format": doc_format, "h-signer": f"s{deputy.pk}"})
        assert client_a.post(reverse("plans:plan-edit", args=[plan.pk]), data).status_code == 302
        plan.refresh_from_db()
        assert (plan.doc_format, plan.authority_lines) == (doc_format, authority)


def test_switching_only_the_format_gives_the_signing_line_that_formats_marks(
    client_a, commune_a, official_a
):
    """The signer kept, the format changed: «K/T TRƯỞNG BAN» becomes «KT. TRƯỞNG BAN» in
    Decree 30's format and back in HD 36's, without picking the signer again."""
    plan, _ = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.BLANK,
        year_start=2023,
        year_end=2023,
        actor=official_a,
        issuer=Plan.Issuer.BCD,
    )
    Plan.objects.filter(pk=plan.pk).update(
        doc_format="dang", authority_lines="K/T TRƯỞNG BAN", signer_title="PHÓ TRƯỞNG BAN"
    )
    for doc_format, authority in (("nha_nuoc", "KT. TRƯỞNG BAN"), ("dang", "K/T TRƯỞNG BAN")):
        plan.refresh_from_db()
        data = _edit_data(plan)
        data.update({"h-issuer": "bcd", "h-doc_format": doc_format})
        assert client_a.post(reverse("plans:plan-edit", args=[plan.pk]), data).status_code == 302
        plan.refresh_from_db()
        assert (plan.doc_format, plan.authority_lines) == (doc_format, authority)
