"""Threshold choice, judgement and gap wording, over unsaved rows (no database)."""

from decimal import Decimal

from criteria import rules
from criteria.models import Indicator, IndicatorStatus, Threshold

Status = IndicatorStatus.Status


def _indicator(comparator=">=", unit="%"):
    return Indicator(
        code="x", name="x", unit=unit, kind=Indicator.Kind.NUMERIC, comparator=comparator
    )


def _t(indicator, value, *, category="", province_id=None, year=None, text=""):
    return Threshold(
        indicator=indicator,
        value=None if value is None else Decimal(value),
        category=category,
        province_id=province_id,
        year=year,
        text=text,
    )


def test_region_threshold_beats_common_and_other_regions_never_apply():
    ind = _indicator()
    rows = [_t(ind, 45), _t(ind, 36, category="tdmnpb"), _t(ind, 50, category="dbsh")]
    assert rules.pick_threshold(rows, province_id=1, category="tdmnpb", year=2020).value == 36
    assert rules.pick_threshold(rows, province_id=1, category="dbsh", year=2020).value == 50
    assert rules.pick_threshold(rows, province_id=1, category="btb", year=2020).value == 45


def test_provincial_threshold_beats_national_only_in_its_own_province():
    ind = _indicator()
    rows = [_t(ind, 80), _t(ind, 90, province_id=7)]
    assert rules.pick_threshold(rows, province_id=7, category="btb", year=2023).value == 90
    assert rules.pick_threshold(rows, province_id=8, category="btb", year=2023).value == 80


def test_year_specific_threshold_applies_only_that_year():
    ind = _indicator(unit="triệu đồng/người/năm")
    rows = [_t(ind, 46, year=2022), _t(ind, 52, year=2024)]
    assert rules.pick_threshold(rows, province_id=1, category="", year=2024).value == 52
    assert rules.pick_threshold(rows, province_id=1, category="", year=2023) is None


def test_no_threshold_means_the_official_judges():
    ind = _indicator()
    picked = rules.pick_threshold([_t(ind, None)], province_id=1, category="", year=2023)
    assert picked is None
    assert not rules.is_automatic(picked)


def test_judge_each_comparator():
    t_ge = _t(_indicator(">="), 50)
    t_le = _t(_indicator("<="), 6)
    assert rules.judge(Decimal(50), t_ge) == Status.MET
    assert rules.judge(Decimal("49.99"), t_ge) == Status.NOT_MET
    assert rules.judge(Decimal(6), t_le) == Status.MET
    assert rules.judge(Decimal("6.1"), t_le) == Status.NOT_MET
    assert rules.judge(None, t_ge) == Status.NOT_ASSESSED


def test_gap_is_written_in_the_indicators_own_unit():
    t = _t(_indicator(">="), 50)
    assert rules.gap_text(Decimal("24.62"), t) == "còn thiếu 25,38 điểm % để đạt ≥ 50 %"
    assert rules.gap_text(Decimal(60), t) == ""
    income = _t(_indicator(">=", unit="triệu đồng/người/năm"), 45)
    assert (
        rules.gap_text(Decimal("41.5"), income)
        == "còn thiếu 3,5 triệu đồng/người/năm để đạt ≥ 45 triệu đồng/người/năm"
    )
    poverty = _t(_indicator("<="), 6)
    assert rules.gap_text(Decimal("7.25"), poverty) == "vượt 1,25 điểm % so với mức ≤ 6 %"


def test_criterion_is_met_only_when_every_indicator_is():
    met, unmet, open_ = (
        IndicatorStatus(status=s) for s in (Status.MET, Status.NOT_MET, Status.NOT_ASSESSED)
    )
    assert rules.criterion_status([met, met]) == Status.MET
    assert rules.criterion_status([met, unmet, open_]) == Status.NOT_MET
    assert rules.criterion_status([met, open_]) == Status.NOT_ASSESSED
    assert rules.criterion_status([]) == Status.NOT_ASSESSED
