"""The library of legal bases: texts kept per unit and nationally, on record, and picked into
a draft's «Căn cứ» lines (seed 000's TB 81/TB-BCĐ of 10/7/2023, seed 001's NQ 25/2021/QH15)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from plans import library, services
from plans.models import LegalDocument, LegalDocumentChange, Plan, PlanEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(district_a, district_officer):
    """Seed 000 cites it: the district steering committee's notice of 10/7/2023."""
    return library.legal_document_save(
        actor=district_officer,
        unit=district_a,
        values={
            "kind": LegalDocument.Kind.THONG_BAO,
            "number": "81/TB-BCĐ",
            "signed_on": date(2023, 7, 10),
            "body": "Ban Chỉ đạo thực hiện các Chương trình MTQG huyện",
            "title": "thông báo Kết luận của đồng chí Bí thư Huyện ủy tại Hội nghị sơ kết",
        },
    )


@pytest.fixture
def national(db):
    office = factories.national_office()
    return library.legal_document_save(
        actor=office,
        unit=None,
        values={
            "kind": LegalDocument.Kind.NGHI_QUYET,
            "number": "25/2021/QH15",
            "signed_on": date(2021, 7, 28),
            "body": "Quốc hội",
            "title": "phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025",
        },
    ), office


def test_a_text_reads_as_a_basis_line_and_its_entry_is_on_record(notice, district_officer):
    assert notice.basis_text() == (
        "Căn cứ Thông báo số 81/TB-BCĐ ngày 10/7/2023 của Ban Chỉ đạo thực hiện các Chương "
        "trình MTQG huyện thông báo Kết luận của đồng chí Bí thư Huyện ủy tại Hội nghị sơ kết"
    )
    (entry,) = notice.changes.all()
    assert entry.action == LegalDocumentChange.Action.CREATED and entry.actor == district_officer
    library.legal_document_save(
        actor=district_officer,
        unit=notice.unit,
        document=notice,
        version=notice.version,
        values={
            "kind": notice.kind,
            "number": notice.number,
            "signed_on": date(2023, 7, 11),
            "body": notice.body,
            "title": notice.title,
        },
    )
    edit = notice.changes.order_by("-pk").first()
    assert edit.changes == [["Ngày ban hành", "10/07/2023", "11/07/2023"]]
    # the same number twice in one library is refused; a page older than the entry too
    with pytest.raises(ValidationError, match="đã có trong thư viện của"):
        library.legal_document_save(
            actor=district_officer,
            unit=notice.unit,
            values={"number": "81/tb-bcđ", "kind": "thong_bao", "body": "x"},
        )
    with pytest.raises(ValidationError, match="vừa được người khác sửa"):
        library.legal_document_save(
            actor=district_officer,
            unit=notice.unit,
            document=notice,
            version=1,
            values={"kind": notice.kind, "number": notice.number, "body": "Khác"},
        )


def test_offices_keep_their_library_and_communes_read_it(
    client, notice, national, district_officer, official_a, official_b, district_a
):
    client.force_login(district_officer)
    page = client.get(reverse("plans:library")).content.decode()
    assert "81/TB-BCĐ" in page and "25/2021/QH15" in page and 'id="them"' in page
    response = client.post(
        reverse("plans:library"),
        {"library": str(district_a.pk), "kind": "quyet_dinh", "number": "", "body": ""},
    )
    # the number may be left out (a text cited by its name); the body never
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_body_error"' in html
    assert 'id="id_number_error"' not in html
    # the national library is not theirs
    response = client.post(
        reverse("plans:library"),
        {"library": "tw", "kind": "quyet_dinh", "number": "1/QĐ-TTg", "body": "Thủ tướng"},
    )
    assert "Bạn không được thêm văn bản vào thư viện này." in response.content.decode()
    assert not LegalDocument.objects.filter(number="1/QĐ-TTg").exists()
    # the commune reads its district's and the national texts; another province's commune
    # reads the national ones only
    client.force_login(official_a)
    assert notice.basis_text() in client.get(reverse("plans:library")).content.decode()
    assert client.get(reverse("plans:library-edit", args=[notice.pk])).status_code == 403
    client.force_login(official_b)
    page = client.get(reverse("plans:library")).content.decode()
    assert notice.basis_text() not in page and national[0].basis_text() in page
    assert client.get(reverse("plans:library-edit", args=[notice.pk])).status_code == 404


def test_a_draft_picks_its_bases_from_the_libraries(
    client, notice, national, commune_a, official_a
):
    plan, _ = services.plan_draft(
        unit=commune_a, kind=Plan.Kind.CONSOLIDATE, year_start=2023, year_end=2025, actor=official_a
    )
    before = [b.text for b in plan.bases.all()]
    client.force_login(official_a)
    page = client.get(reverse("plans:plan-bases", args=[plan.pk])).content.decode()
    assert notice.basis_text() in page and national[0].basis_text() in page
    response = client.post(
        reverse("plans:plan-bases", args=[plan.pk]),
        {"version": plan.version, "document": [notice.pk, national[0].pk]},
    )
    assert response.status_code == 302
    texts = [b.text for b in plan.bases.all()]
    assert texts == [*before, national[0].basis_text(), notice.basis_text()]  # national first
    event = plan.events.filter(action=PlanEvent.Action.EDITED).get()
    assert "81/TB-BCĐ" in event.detail
    # picked again: nothing doubles, and the page says they are already there
    plan.refresh_from_db()
    response = client.post(
        reverse("plans:plan-bases", args=[plan.pk]),
        {"version": plan.version, "document": [notice.pk]},
    )
    assert [b.text for b in plan.bases.all()] == texts
    assert (
        "(đã có trong kế hoạch)"
        in client.get(reverse("plans:plan-bases", args=[plan.pk])).content.decode()
    )
    # and the printed document carries it, with the Decree 30 end marks
    from plans.render import plan_document

    assert plan_document(plan).bases[-1] == notice.basis_text() + "."


def test_next_year_s_draft_starts_from_last_year_s_bases(notice, national, commune_a, official_a):
    first, _ = services.plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2023,
        year_end=2023,
        actor=official_a,
    )
    library.plan_add_bases(plan=first, actor=official_a, version=first.version, documents=[notice])
    picked = [b.text for b in first.bases.all()]
    second, _ = services.plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=official_a,
    )
    assert [b.text for b in second.bases.all()][: len(picked)] == picked
    assert notice.basis_text() in [b.text for b in second.bases.all()]
    # another kind does not inherit them
    other, _ = services.plan_draft(
        unit=commune_a, kind=Plan.Kind.CONSOLIDATE, year_start=2024, year_end=2025, actor=official_a
    )
    assert notice.basis_text() not in [b.text for b in other.bases.all()]


def test_next_year_s_draft_is_sent_to_last_year_s_recipients(commune_a, official_a):
    first, _ = services.plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2023,
        year_end=2023,
        actor=official_a,
    )
    first.recipients.all().delete()
    first.recipients.create(order=0, text="Văn phòng điều phối NTM huyện;")
    first.recipients.create(order=1, text="Lưu: VT.")
    second, _ = services.plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=official_a,
    )
    assert [r.text for r in second.recipients.all()] == [
        "Văn phòng điều phối NTM huyện;",
        "Lưu: VT.",
    ]


def test_texts_marked_for_every_draft_are_cited_in_their_years_national_first(
    district_a, province, commune_a, official_a, district_officer
):
    from plans.services import default_bases

    office = factories.national_office()

    def text(unit, actor, number, signed_on, **extra):
        return library.legal_document_save(
            actor=actor,
            unit=unit,
            values={
                "kind": "quyet_dinh",
                "number": number,
                "signed_on": signed_on,
                "body": "Cơ quan",
                "cite_by_default": True,
                **extra,
            },
        )

    local = text(district_a, district_officer, "5/QĐ-UBND", date(2021, 12, 22))
    old = text(None, office, "1600/QĐ-TTg", date(2016, 8, 16), cite_from=2016, cite_to=2020)
    new = text(None, office, "318/QĐ-TTg", date(2022, 3, 8), cite_from=2021, cite_to=2025)
    text(None, office, "9/QĐ-TTg", date(2022, 1, 1), cite_by_default=False)
    assert default_bases(commune_a, 2023, 2023) == [new.basis_text(), local.basis_text()]
    # a 2020 plan cites the texts of its period, never one issued after it (the 2021 decision)
    assert default_bases(commune_a, 2020, 2020) == [old.basis_text()]
    # a draft cites each once: the library's place, the draft's own wording kept
    plan, _ = services.plan_draft(
        unit=commune_a, kind=Plan.Kind.CONSOLIDATE, year_start=2023, year_end=2025, actor=official_a
    )
    bases = [b.text for b in plan.bases.all()]
    assert sum("318/QĐ-TTg" in b for b in bases) == 1
    assert bases[0].startswith("Căn cứ Quyết định số 318/QĐ-TTg")
    assert bases[-1] == local.basis_text()


def test_a_congress_resolution_is_kept_without_number_and_cited_by_its_name(
    district_officer, district_a
):
    """Seed 004: «Thực hiện Nghị quyết Đại hội Đảng bộ huyện Sơn Dương lần thứ XX» – no number,
    no date; once per name in a library."""
    values = {"kind": "nghi_quyet", "number": "", "body": "Đại hội Đảng bộ huyện lần thứ XX"}
    document = library.legal_document_save(actor=district_officer, unit=district_a, values=values)
    assert document.basis_text() == "Căn cứ Nghị quyết Đại hội Đảng bộ huyện lần thứ XX"
    assert str(document) == "Nghị quyết Đại hội Đảng bộ huyện lần thứ XX"
    # another text without number is welcome; the same name twice is not
    library.legal_document_save(
        actor=district_officer,
        unit=district_a,
        values={**values, "body": "Đại hội Đảng bộ huyện lần thứ XXI"},
    )
    with pytest.raises(ValidationError, match="Văn bản này đã có trong thư viện"):
        library.legal_document_save(
            actor=district_officer,
            unit=district_a,
            values={**values, "body": "Đại hội  Đảng bộ huyện lần thứ xx"},
        )


def test_a_text_issued_after_the_plan_s_years_is_not_a_basis(
    client, notice, commune_a, official_a, district_officer
):
    """Bad input (issue 18): a basis dated after the plan is refused, nothing added."""
    plan, _ = services.plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2022,
        year_end=2022,
        actor=official_a,
    )
    before = [b.text for b in plan.bases.all()]
    client.force_login(official_a)
    response = client.post(
        reverse("plans:plan-bases", args=[plan.pk]),
        {"version": plan.version, "document": [notice.pk]},  # 10/7/2023
        follow=True,
    )
    assert "ban hành ngày 10/07/2023: sau năm 2022 của kế hoạch" in response.content.decode()
    assert [b.text for b in plan.bases.all()] == before
    # nor is it cited by default in a plan of an earlier year
    library.legal_document_save(
        actor=district_officer,
        unit=notice.unit,
        document=notice,
        values={
            "kind": notice.kind,
            "number": notice.number,
            "body": notice.body,
            "signed_on": notice.signed_on,
            "title": notice.title,
            "cite_by_default": True,
        },
    )
    assert notice.basis_text() not in services.default_bases(commune_a, 2022, 2022)
    assert notice.basis_text() in services.default_bases(commune_a, 2023, 2023)


def test_a_correction_is_recorded_in_words_and_needs_the_version_its_page_showed(
    client, notice, district_officer
):
    """The history says «Thông báo → Kết luận», not the codes; a page that sends no version
    (an old or a crafted page) is refused like a stale one, nothing written."""
    created = LegalDocumentChange.objects.get(document=notice)
    assert ["Loại văn bản", "", "Thông báo"] in created.changes
    library.legal_document_save(
        actor=district_officer,
        unit=notice.unit,
        document=notice,
        version=notice.version,
        values={
            "kind": LegalDocument.Kind.KET_LUAN,
            "number": notice.number,
            "signed_on": notice.signed_on,
            "body": notice.body,
            "title": notice.title,
        },
    )
    corrected = LegalDocumentChange.objects.filter(document=notice).latest("pk")
    assert [line[1:] for line in corrected.changes] == [["Thông báo", "Kết luận"]]

    client.force_login(district_officer)
    url = reverse("plans:library-edit", args=[notice.pk])
    response = client.post(
        url,
        {"library": str(notice.unit_id), "kind": "thong_bao", "number": "82/TB-BCĐ", "body": "X"},
    )
    assert response.status_code == 200
    assert "Trang này đã cũ (không có phiên bản đã mở)" in response.content.decode()
    notice.refresh_from_db()
    assert notice.number == "81/TB-BCĐ"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="needs a server that lets two writers in at once"
)
def test_two_offices_adding_the_same_text_at_once_get_one_entry_and_a_refusal(
    district_a, district_officer
):
    from tests.shared import race

    def add(n):
        values = {"kind": "quyet_dinh", "number": f"{n}/QĐ-UBND", "body": "UBND huyện"}
        return lambda: library.legal_document_save(
            actor=district_officer, unit=district_a, values=values
        )

    for n in range(4):  # a few rounds: the barrier lets both past the check now and then
        results = race(add(n), add(n))
        assert sorted(r.split(":")[0] for r in results) == ["ok", "refused"], results
        assert f"Văn bản số {n}/QĐ-UBND đã có" in next(r for r in results if r != "ok")
        assert LegalDocument.objects.filter(number=f"{n}/QĐ-UBND").count() == 1


def test_two_communes_of_one_name_keep_two_libraries_on_the_page(client, district_a, province):
    other = factories.UnitFactory(
        kind="district", prefix="Huyện", name="Kỳ Anh", parent=province, province=province
    )
    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    for district, number in ((district_a, "1/QĐ-UBND"), (other, "2/QĐ-UBND")):
        commune = factories.CommuneFactory(name="Tân Lập", parent=district)
        library.legal_document_save(
            actor=admin,
            unit=commune,
            values={"kind": "quyet_dinh", "number": number, "body": "UBND xã"},
        )
    client.force_login(admin)
    groups = client.get(reverse("plans:library")).context["groups"]
    assert sorted(name for name, _rows in groups) == sorted(
        [f"Xã Tân Lập – {district_a}", "Xã Tân Lập – Huyện Kỳ Anh"]
    )
    assert sorted(len(rows) for _name, rows in groups) == [1, 1]
