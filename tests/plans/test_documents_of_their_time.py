"""A document drafted today for an earlier year names the bodies above its unit in that year
(records stay true to their time): Cẩm Thành sat under huyện Cẩm Xuyên until the district was
abolished on 01/07/2025, and under the province since."""

from datetime import date

import pytest

from plans import services
from plans.models import Plan
from tests import factories
from units import reorganisation
from units.reorganisation import Action, Step

pytestmark = pytest.mark.django_db


@pytest.fixture
def thanh(province, district_a, commune_a, f318):
    thanh = factories.CommuneFactory(name="Cẩm Thành", parent=district_a, framework=f318)
    reorganisation.apply(
        reorganisation.Plan(
            basis="Nghị quyết 1665/NQ-UBTVQH15 ngày 16/6/2025 (minh họa)",
            effective=date(2025, 7, 1),
            steps=[Step(Action.ABOLISH_DISTRICT, district_a.code, row=2)],
        ),
        actor=None,
    )
    thanh.refresh_from_db()
    assert thanh.parent == province
    return thanh


def _draft(unit, kind, year, **kw):
    plan, _warnings = services.plan_draft(
        unit=unit, kind=kind, year_start=year, year_end=year, actor=None, **kw
    )
    return plan


def _merge_provinces(*provinces):
    """Both provinces into a new Lâm Đồng on 01/07/2025: their districts move with them."""
    reorganisation.apply(
        reorganisation.Plan(
            "Nghị quyết 202/2025/QH15 (minh họa)",
            date(2025, 7, 1),
            [
                Step(Action.MERGE_PROVINCES, p.code, "lam-dong", "Lâm Đồng", "Tỉnh")
                for p in provinces
            ],
        ),
        actor=None,
    )


def test_a_report_is_addressed_to_the_body_above_the_commune_in_its_year(thanh):
    assert _draft(thanh, Plan.Kind.COMMUNE_REPORT, 2024).addressee == (
        "Ủy ban nhân dân huyện Cẩm Xuyên"
    )
    assert _draft(thanh, Plan.Kind.COMMUNE_REPORT, 2026).addressee == (
        "Ủy ban nhân dân tỉnh Hà Tĩnh"
    )


def test_a_party_plan_is_headed_under_the_party_committee_above_it_in_its_year(thanh):
    old = _draft(thanh, Plan.Kind.COMMUNE_ANNUAL, 2024, issuer=Plan.Issuer.DANG_UY)
    new = _draft(thanh, Plan.Kind.COMMUNE_ANNUAL, 2026, issuer=Plan.Issuer.DANG_UY)

    assert (old.parent_body, old.body_lines) == ("ĐẢNG BỘ HUYỆN CẨM XUYÊN", "ĐẢNG ỦY XÃ CẨM THÀNH")
    assert new.parent_body == "ĐẢNG BỘ TỈNH HÀ TĨNH"


def test_a_consolidation_plan_reports_to_the_office_of_its_year(thanh):
    plan = _draft(thanh, Plan.Kind.CONSOLIDATE, 2024)

    recipients = [r.text for r in plan.recipients.all()]
    assert any("Văn phòng điều phối NTM huyện Cẩm Xuyên" in r for r in recipients), recipients


def test_a_plan_after_the_district_ended_does_not_carry_the_recipients_sent_to_it(thanh):
    """The 2024 plan reported to «… huyện Cẩm Xuyên (để b/c)»; the 2026 plan, drafted after,
    does not take that list again: the district no longer exists above Cẩm Thành."""
    _draft(thanh, Plan.Kind.CONSOLIDATE, 2024)
    plan, warnings = services.plan_draft(
        unit=thanh, kind=Plan.Kind.CONSOLIDATE, year_start=2026, year_end=2026, actor=None
    )

    recipients = [r.text for r in plan.recipients.all()]
    assert not any("Cẩm Xuyên" in r for r in recipients), recipients
    assert (
        "Nơi nhận của kế hoạch năm 2024 không được dùng lại: năm 2026 xã Cẩm Thành thuộc tỉnh "
        "Hà Tĩnh, không còn thuộc huyện Cẩm Xuyên. Dự thảo dùng nơi nhận mặc định; kiểm tra lại "
        "trước khi trình ký."
    ) in warnings


def test_a_plan_under_the_same_district_carries_last_year_s_recipients(commune_a):
    last = _draft(commune_a, Plan.Kind.CONSOLIDATE, 2023)
    last.recipients.update(text="UBND huyện Cẩm Xuyên (để b/c);")

    plan = _draft(commune_a, Plan.Kind.CONSOLIDATE, 2024)

    assert {r.text for r in plan.recipients.all()} == {"UBND huyện Cẩm Xuyên (để b/c);"}


def test_a_proposal_goes_to_the_province_of_its_year_after_provinces_merged(
    province, other_province, district_b, commune_b
):
    _merge_provinces(province, other_province)
    commune_b.refresh_from_db()
    assert commune_b.province.name == "Lâm Đồng"

    def proposal(year):
        return _draft(commune_b, Plan.Kind.COMMUNE_PROPOSAL, year, tier="xa_ntm").addressee

    assert proposal(2024) == f"Ủy ban nhân dân tỉnh {other_province.name}"
    assert proposal(2026) == "Ủy ban nhân dân tỉnh Lâm Đồng"


def test_a_district_report_goes_to_the_province_above_the_district_in_its_year(
    province, other_province, district_b, commune_b
):
    _merge_provinces(province, other_province)
    district_b.refresh_from_db()
    assert district_b.parent.name == "Lâm Đồng"

    assert _draft(district_b, Plan.Kind.DISTRICT_REPORT, 2024).addressee == (
        f"Ủy ban nhân dân tỉnh {other_province.name}"
    )


def test_a_plan_of_its_year_cites_and_offers_the_texts_of_the_district_above_it_then(
    thanh, district_a, province
):
    """The district marked its resolution for every draft of its communes in 2021–2025; after
    the district ended, Cẩm Thành's 2024 plan still cites it and the «Căn cứ» page offers it;
    the 2026 plan's page does not offer it (its text may carry it from the 2024 plan)."""
    from plans import library
    from plans.selectors import legal_documents_for_plan

    admin = factories.UserFactory(username="quan_tri", is_superuser=True)
    resolution = library.legal_document_save(
        actor=admin,
        unit=district_a,
        values={
            "kind": "nghi_quyet",
            "number": "05-NQ/HU",
            "signed_on": date(2021, 3, 1),
            "body": "Ban Chấp hành Đảng bộ huyện Cẩm Xuyên",
            "cite_by_default": True,
            "cite_from": 2021,
            "cite_to": 2025,
        },
    )
    old = _draft(thanh, Plan.Kind.COMMUNE_ANNUAL, 2024)
    new = _draft(thanh, Plan.Kind.COMMUNE_ANNUAL, 2026)

    assert resolution.basis_text() in [b.text for b in old.bases.all()]
    assert resolution in legal_documents_for_plan(old)
    assert resolution not in legal_documents_for_plan(new)


def test_a_plan_names_the_criteria_set_as_a_document_does(commune_a, f318):
    """«theo bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025 (318/QĐ-TTg)», not
    the app's short name «Xã NTM 2021–2025 (318/QĐ-TTg)»."""
    from criteria import services as criteria_services

    criteria_services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=None)
    plan = _draft(commune_a, Plan.Kind.CONSOLIDATE, 2023)
    goal = next(s.body for s in plan.sections.all() if s.heading.endswith("Mục tiêu"))
    assert (
        "- Phấn đấu đạt 19/19 tiêu chí xã NTM theo bộ tiêu chí quốc gia về xã nông thôn mới giai "
        "đoạn 2021 - 2025 (318/QĐ-TTg)." in goal
    )


def _recognised(province, commune, signed_on):
    from recognition import services as recognition

    recognition.record_decision(
        actor=factories.province_office(province, username="vp_tinh"),
        kind="cong_nhan",
        number="100/QĐ-UBND",
        signed_on=signed_on,
        body="UBND tỉnh Hà Tĩnh",
        entries=[recognition.Entry(commune, "xa_ntm", signed_on.year)],
    )


def test_a_district_plan_of_an_earlier_year_states_the_recognitions_at_that_years_end(
    province, district_a, commune_a
):
    _recognised(province, commune_a, date(2024, 12, 20))

    def summary(year):
        return _draft(district_a, Plan.Kind.DISTRICT_ANNUAL, year).sections.first().body

    assert summary(2022).startswith("Kết quả đạt được: đến ngày 31/12/2022, chưa có quyết định")
    assert summary(2024) == (
        "Kết quả đạt được: đến ngày 31/12/2024, toàn huyện có 01 xã đạt chuẩn nông thôn mới "
        "(theo quyết định công nhận)."
    )


def test_a_commune_plan_of_an_earlier_year_cites_no_recognition_made_after_it(province, commune_a):
    _recognised(province, commune_a, date(2024, 12, 20))

    def bodies(year):
        return "\n".join(
            s.body for s in _draft(commune_a, Plan.Kind.COMMUNE_ANNUAL, year).sections.all()
        )

    assert "100/QĐ-UBND" not in bodies(2022)
    assert "(Quyết định số 100/QĐ-UBND ngày 20/12/2024 của UBND tỉnh Hà Tĩnh)" in bodies(2024)
