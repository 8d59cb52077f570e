"""Plan drafts state the recognised communes per tier from the register (recognition.services),
never a tier inferred from another tier's set or from the communes' level goals."""

from datetime import date

import pytest
from django.utils import timezone

from plans.models import Plan
from plans.services import plan_draft
from recognition import services as recognition
from tests import factories
from tests.dashboards.conftest import set_results, verify, year_of
from units.models import Unit

pytestmark = pytest.mark.django_db
BODY = "UBND tỉnh Hà Tĩnh"


def _recognise(actor, units, *, tier="xa_ntm", number="100/QĐ-UBND", on=date(2022, 12, 20)):
    return recognition.record_decision(
        actor=actor,
        kind="cong_nhan",
        number=number,
        signed_on=on,
        body=BODY,
        entries=[recognition.Entry(u, tier, on.year) for u in units],
    )


def _text(plan: Plan) -> str:
    return "\n".join(f"{s.heading}\n{s.body}" for s in plan.sections.all())


@pytest.fixture
def communes(district_a, commune_a, f318, district_officer):
    """Five communes of Cẩm Xuyên, every one aiming at nâng cao and meeting all 19 criteria of
    the xã NTM set (verified 2023): Cẩm Tân, Cẩm Bình, Cẩm Lạc recognised xã NTM in 2022,
    Cẩm Lạc also nâng cao in 2023; Cẩm Duệ recognised then revoked; Cẩm Quan never."""
    commune_a.level_goal = Unit.LevelGoal.NANG_CAO
    commune_a.save(update_fields=["level_goal"])
    others = {
        name: factories.CommuneFactory(
            name=name,
            parent=district_a,
            region="btb",
            framework=f318,
            level_goal=Unit.LevelGoal.NANG_CAO,
        )
        for name in ("Cẩm Bình", "Cẩm Lạc", "Cẩm Duệ", "Cẩm Quan")
    }
    everyone = {"Cẩm Tân": commune_a, **others}
    for commune in everyone.values():
        a = year_of(commune, f318, 2023)
        set_results(a)
        verify(a, district_officer)
    return everyone


def test_district_draft_counts_the_recognised_communes_per_tier_from_the_register(
    communes, district_a, district_officer
):
    c = communes
    decision = _recognise(
        district_officer, [c["Cẩm Tân"], c["Cẩm Bình"], c["Cẩm Lạc"], c["Cẩm Duệ"]]
    )
    _recognise(
        district_officer,
        [c["Cẩm Lạc"]],
        tier="xa_ntm_nang_cao",
        number="20/QĐ-UBND",
        on=date(2023, 11, 2),
    )
    recognition.revoke(
        actor=district_officer,
        entry=decision.entries.get(unit=c["Cẩm Duệ"]),
        number="7/QĐ-UBND",
        signed_on=date(2023, 6, 1),
        body=BODY,
        reason="Không duy trì được các tiêu chí",
    )

    plan, _ = plan_draft(
        unit=district_a,
        kind=Plan.Kind.DISTRICT_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=district_officer,
    )

    on = min(timezone.localdate(), date(2024, 12, 31))  # the plan's year, not today
    # 5 communes meet the xã NTM set and aim at nâng cao: 3 hold xã NTM, 1 nâng cao
    assert (
        f"Kết quả đạt được: đến ngày {on:%d/%m/%Y}, toàn huyện có 03 xã đạt chuẩn nông thôn "
        "mới, 01 xã đạt chuẩn nông thôn mới nâng cao (theo quyết định công nhận)."
    ) in _text(plan)
    assert "05 xã đạt chuẩn" not in _text(plan)


def test_district_draft_without_decisions_says_the_register_is_empty(
    communes, district_a, district_officer
):
    plan, _ = plan_draft(
        unit=district_a,
        kind=Plan.Kind.DISTRICT_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=district_officer,
    )

    text = _text(plan)
    assert "chưa có quyết định công nhận xã đạt chuẩn nào của huyện Cẩm Xuyên" in text
    assert "nâng cao (theo quyết định" not in text


def test_commune_draft_names_the_decisions_it_holds(communes, commune_a, official_a):
    officer = factories.UserFactory(username="vp_huyen_2")
    _recognise(officer, [commune_a])
    _recognise(
        officer, [commune_a], tier="xa_ntm_nang_cao", number="20/QĐ-UBND", on=date(2023, 11, 2)
    )

    plan, _ = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=official_a,
    )

    assert (
        "- Xã đã được công nhận đạt chuẩn nông thôn mới (Quyết định số 100/QĐ-UBND ngày "
        "20/12/2022 của UBND tỉnh Hà Tĩnh); đạt chuẩn nông thôn mới nâng cao (Quyết định số "
        "20/QĐ-UBND ngày 02/11/2023 của UBND tỉnh Hà Tĩnh)."
    ) in _text(plan)


def test_commune_draft_claims_no_tier_without_a_decision(communes, commune_a, official_a):
    plan, _ = plan_draft(
        unit=commune_a,
        kind=Plan.Kind.COMMUNE_ANNUAL,
        year_start=2024,
        year_end=2024,
        actor=official_a,
    )

    assert "đã được công nhận" not in _text(plan)
