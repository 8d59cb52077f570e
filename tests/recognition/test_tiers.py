"""Tier figures come from the register and each tier's own set: recognised, eligible, at risk
(with the criteria lost and the QĐ 18 bands), lacking re-recognition – never one tier read
from another tier's set."""

from datetime import date

import pytest
from django.urls import reverse

from recognition import selectors, services
from recognition.models import Recognition
from tests import factories
from units.models import Unit

from .conftest import BODY, record, verified

pytestmark = pytest.mark.django_db


def _figure(tier, year=2024):
    figures = {f.tier: f for f in selectors.tier_figures(Unit.objects.all(), year=year)}
    return figures[tier]


def test_the_basic_set_met_in_full_makes_no_commune_nang_cao(office_a, commune_a, f318):
    verified(commune_a, f318, 2024, actor=office_a)
    assert [a.commune for a in _figure("xa_ntm").eligible] == [commune_a]
    nang_cao = _figure("xa_ntm_nang_cao")
    assert nang_cao.empty  # not recognised, not eligible: never assessed on a nâng cao set


def test_a_full_result_on_the_tiers_own_set_is_eligible_until_recognised(
    office_a, commune_a, province
):
    # the catalogue's nâng cao set lists indicators for 4 of its 19 criteria only: a
    # province's own set (2 criteria, 3 indicators) is met in full here
    own = factories.authored_framework(actor=office_a, province=province)
    verified(commune_a, own, 2026, actor=office_a)
    record(office_a, commune_a, on=date(2020, 12, 1))  # NTM first
    assert [a.commune for a in _figure("xa_ntm_nang_cao", 2026).eligible] == [commune_a]
    record(office_a, commune_a, tier="xa_ntm_nang_cao", on=date(2026, 11, 1), framework=own)
    figure = _figure("xa_ntm_nang_cao", 2026)
    assert figure.eligible == [] and [r.unit for r in figure.recognised] == [commune_a]


def test_a_recognised_commune_that_lost_criteria_is_at_risk_with_them_named(
    office_a, commune_a, f318
):
    record(office_a, commune_a, on=date(2022, 12, 1), year=2022)
    verified(commune_a, f318, 2024, not_met=[1, 2, 3, 4, 5, 17], actor=office_a)
    [risk] = _figure("xa_ntm").at_risk
    assert risk.unit == commune_a and risk.lost_text == "1, 2, 3, 4, 5, 17"
    assert str(risk.share) == "31.6"  # 6 of 19
    assert [c.number for c in risk.named_lost] == [17]  # Môi trường và an toàn thực phẩm
    assert risk.revocation_case


def test_fewer_lost_criteria_are_at_risk_but_not_a_revocation_case(office_a, commune_a, f318):
    record(office_a, commune_a, on=date(2022, 12, 1), year=2022)
    verified(commune_a, f318, 2024, not_met=[5], actor=office_a)
    [risk] = _figure("xa_ntm").at_risk
    assert risk.lost_text == "5" and not risk.revocation_case


def test_criteria_not_assessed_are_not_criteria_lost(office_a, commune_a, f318):
    record(office_a, commune_a, on=date(2022, 12, 1), year=2022)
    verified(commune_a, f318, 2024, unassessed=range(1, 20), actor=office_a)
    assert _figure("xa_ntm").at_risk == []  # nothing verified as not met: no evidence of a loss


def test_a_commune_at_risk_has_its_unassessed_criteria_shown_apart(
    client, office_a, commune_a, f318
):
    record(office_a, commune_a, on=date(2022, 12, 1), year=2022)
    verified(commune_a, f318, 2024, not_met=[5], unassessed=range(6, 18), actor=office_a)
    [risk] = _figure("xa_ntm").at_risk
    assert risk.lost_text == "5" and str(risk.share) == "5.3"  # 1 of 19, not 13 of 19
    assert not risk.revocation_case
    assert [c.number for c in risk.unassessed] == list(range(6, 18))
    client.force_login(office_a)
    page = client.get(reverse("recognition:unit", args=[commune_a.pk])).content.decode()
    assert "không còn đạt tiêu chí 5 (5,3% số tiêu chí)" in page
    assert "tiêu chí 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 chưa đủ dữ liệu" in page


def test_a_2021_2025_recognition_is_judged_on_its_own_period_not_on_a_2026_2030_set(
    office_a, commune_a, province, nang_cao
):
    record(office_a, commune_a, on=date(2021, 12, 1))
    record(
        office_a, commune_a, tier="xa_ntm_nang_cao", number="200/QĐ-UBND",
        on=date(2023, 12, 1), framework=nang_cao,
    )  # fmt: skip
    own = factories.authored_framework(actor=office_a, province=province)  # 2026–2030
    verified(commune_a, own, 2026, not_met=[2], actor=office_a)  # 1 of its 2 criteria
    assert _figure("xa_ntm_nang_cao", 2026).at_risk == []  # not "50 %: thuộc trường hợp thu hồi"
    verified(commune_a, nang_cao, 2025, not_met=[4], actor=office_a)  # on its own set
    [risk] = _figure("xa_ntm_nang_cao", 2026).at_risk
    assert risk.assessment.framework == nang_cao and risk.lost_text == "4"


def test_a_recognition_from_before_2021_is_judged_on_the_2021_2025_set(office_a, commune_a, f318):
    record(office_a, commune_a, on=date(2019, 12, 1))  # no set named: the 2016–2020 one
    verified(commune_a, f318, 2024, not_met=[5], actor=office_a)
    [risk] = _figure("xa_ntm").at_risk
    assert risk.lost_text == "5"


def test_a_result_older_than_the_recognition_puts_nothing_at_risk(office_a, commune_a, f318):
    verified(commune_a, f318, 2021, not_met=[5], actor=office_a)
    record(office_a, commune_a, on=date(2022, 12, 1), year=2022)
    figure = _figure("xa_ntm")
    assert figure.at_risk == [] and len(figure.recognised) == 1


def test_a_revoked_commune_counts_as_recognised_no_more(office_a, commune_a):
    record(office_a, commune_a, on=date(2022, 12, 1))
    services.revoke(
        actor=office_a,
        entry=Recognition.objects.get(),
        number="7/QĐ-UBND",
        signed_on=date(2024, 2, 1),
        body=BODY,
        reason="Không duy trì tiêu chí",
    )
    assert _figure("xa_ntm", 2023).recognised and not _figure("xa_ntm", 2024).recognised


def test_a_merged_commune_lacks_the_tiers_its_predecessors_held(office_a, merged):
    new, (thinh, ha) = merged
    record(office_a, thinh, number="10/QĐ-UBND", on=date(2020, 12, 1))
    figure = selectors.tier_figures(Unit.objects.all(), on=date(2025, 8, 1))[0]
    assert figure.lacking == [new] and figure.recognised == []


def test_a_result_on_a_set_no_longer_in_force_makes_no_one_eligible(office_a, commune_a, f318):
    verified(commune_a, f318, 2025, actor=office_a)
    assert [a.commune for a in _figure("xa_ntm", 2025).eligible] == [commune_a]
    assert _figure("xa_ntm", 2026).eligible == []  # 318/QĐ-TTg ended with 2025


def test_nang_cao_is_eligible_only_for_a_commune_that_is_ntm(office_a, commune_a, province):
    own = factories.authored_framework(actor=office_a, province=province)
    verified(commune_a, own, 2026, actor=office_a)
    assert _figure("xa_ntm_nang_cao", 2026).eligible == []
    record(office_a, commune_a, on=date(2025, 12, 1))
    assert [a.commune for a in _figure("xa_ntm_nang_cao", 2026).eligible] == [commune_a]
