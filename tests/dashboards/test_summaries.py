"""The maintained per-criterion summary (criteria.CriterionResult) stays equal to a fresh
computation through every kind of write, and `rebuild_summaries` repairs it."""

import io

import pytest
from django.core.management import call_command

from criteria import selectors as criteria_selectors
from criteria import services, summaries
from criteria.models import Assessment, CriterionResult, IndicatorStatus
from tests import factories
from tests.dashboards.conftest import set_results, verify

Status = IndicatorStatus.Status
pytestmark = pytest.mark.django_db


def _maintained(assessment):
    return {
        r.criterion.number: (r.status, r.verified_status)
        for r in CriterionResult.objects.filter(assessment=assessment).select_related("criterion")
    }


def _fresh(assessment):
    """Judged again from the statuses by the commune page's own code path (criteria.rules)."""
    data = criteria_selectors.commune_year(
        None, assessment.commune, assessment.framework, assessment.year
    )
    self_assessed = {c.criterion.number: c.status for g in data.groups for c in g.criteria}
    verified = {}
    if assessment.statuses.exclude(verified_status="").exists():
        by_criterion = {}
        for s in assessment.statuses.select_related("indicator__criterion"):
            by_criterion.setdefault(s.indicator.criterion.number, []).append(
                s.verified_status or Status.NOT_ASSESSED
            )
        for number, values in by_criterion.items():
            verified[number] = (
                Status.MET
                if all(v == Status.MET for v in values)
                else Status.NOT_MET
                if Status.NOT_MET in values
                else Status.NOT_ASSESSED
            )
    return {
        n: (s, verified.get(n, "" if not verified else Status.NOT_ASSESSED))
        for n, s in self_assessed.items()
    }


def _update(assessment, code, actor, new_status, note="Cập nhật"):
    status = IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=assessment, indicator__code=code)
    services.status_update(
        status=status,
        actor=actor,
        new_status=new_status,
        value=status.value,
        note=note,
        version=status.version,
    )


def test_maintained_results_equal_a_fresh_computation_after_a_series_of_writes(
    commune_a, f318, official_a, district_officer
):
    leader = factories.official(commune_a, username="chu_tich", kind="commune_leader")
    a2023 = services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=official_a)
    assert _maintained(a2023) == _fresh(a2023)  # opened: everything "chưa đánh giá"
    assert len(_maintained(a2023)) == 19

    set_results(a2023, not_met=[17])
    _update(a2023, "17.1", official_a, Status.MET, "Đã có nước sạch")
    _update(a2023, "5", official_a, Status.NOT_MET, "Trường xuống cấp")
    assert _maintained(a2023) == _fresh(a2023)

    services.assessment_submit(assessment=a2023, actor=leader)
    services.assessment_verify(assessment=a2023, actor=district_officer)
    a2023.refresh_from_db()
    assert _maintained(a2023) == _fresh(a2023)
    assert a2023.verified_met_count == sum(v == Status.MET for _, v in _maintained(a2023).values())

    _update(a2023, "5", official_a, Status.MET, "Đã sửa trường")  # reopens the year
    a2024 = services.assessment_open(commune=commune_a, framework=f318, year=2024, actor=official_a)
    _update(a2024, "19.1", official_a, Status.NOT_MET, "Chưa đạt")
    a2023.refresh_from_db()
    assert a2023.state == Assessment.State.DRAFT
    for assessment in (a2023, a2024):
        assessment.refresh_from_db()
        maintained = _maintained(assessment)
        assert maintained == _fresh(assessment)
        assert assessment.met_count == sum(s == Status.MET for s, _ in maintained.values())
    assert _maintained(a2023)[5] == (Status.MET, Status.NOT_MET)  # the official result stays
    assert _maintained(a2024)[5] == (Status.MET, "")  # a new year is not verified

    out = io.StringIO()
    call_command("rebuild_summaries", "--dry-run", stdout=out)
    assert "cần sửa 0" in out.getvalue()


def test_rebuild_summaries_repairs_counts_and_results_and_a_second_run_changes_nothing(
    commune_a, f318, official_a, district_officer
):
    a2022 = services.assessment_open(commune=commune_a, framework=f318, year=2022, actor=official_a)
    set_results(a2022, not_met=[3])
    verify(a2022, district_officer)
    a2023 = services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=official_a)
    expected = {a.pk: _maintained(a) for a in (a2022, a2023)}
    counts = {
        a.pk: (a.met_count, a.criteria_count, a.verified_met_count)
        for a in Assessment.objects.filter(pk__in=expected)
    }
    # Damage them the way a raw SQL fix or an old database would.
    CriterionResult.objects.filter(assessment=a2022, criterion__number__in=[1, 2]).delete()
    CriterionResult.objects.filter(assessment=a2023).update(status=Status.MET)
    Assessment.objects.filter(pk=a2022.pk).update(met_count=0, verified_met_count=None)

    out = io.StringIO()
    call_command("rebuild_summaries", "--framework", f318.key, "--year", "2022", stdout=out)
    assert "1 năm đánh giá; đã sửa 1 (2 kết quả tiêu chí ghi lại" in out.getvalue()
    assert _maintained(a2022) == expected[a2022.pk]
    assert _maintained(a2023) != expected[a2023.pk]  # another year: left alone

    call_command("rebuild_summaries", stdout=io.StringIO())
    for a in Assessment.objects.filter(pk__in=expected):
        assert _maintained(a) == expected[a.pk]
        assert (a.met_count, a.criteria_count, a.verified_met_count) == counts[a.pk]
    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert "đã sửa 0" in out.getvalue()


def test_rebuild_summaries_refuses_an_unknown_framework():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có bộ tiêu chí “khong-co”"):
        call_command("rebuild_summaries", "--framework", "khong-co", stdout=io.StringIO())


def test_deferred_recounts_run_once_per_assessment_at_the_end(commune_a, f318, official_a):
    a = services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=official_a)
    with summaries.recounts_deferred():
        _update(a, "5", official_a, Status.MET, "Đạt")
        a.refresh_from_db()
        assert _maintained(a)[5] == (Status.NOT_ASSESSED, "")  # not yet
    a.refresh_from_db()
    assert _maintained(a)[5] == (Status.MET, "") and a.met_count == 1


def test_results_carry_their_assessments_commune_framework_and_year(
    commune_a, f318, official_a, district_officer
):
    a2022 = services.assessment_open(commune=commune_a, framework=f318, year=2022, actor=official_a)
    set_results(a2022, not_met=[3])
    verify(a2022, district_officer)
    a2023 = services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=official_a)
    _update(a2023, "5", official_a, Status.NOT_MET)

    for a in (a2022, a2023):
        copies = set(
            CriterionResult.objects.filter(assessment=a).values_list(
                "commune_id", "framework_id", "year"
            )
        )
        assert copies == {(commune_a.pk, f318.pk, a.year)}


def test_rebuild_summaries_repairs_a_wrong_copy_of_the_year(commune_a, f318, official_a):
    a2023 = services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=official_a)
    CriterionResult.objects.filter(assessment=a2023, criterion__number=4).update(year=2022)

    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)

    assert "đã sửa 1 (1 kết quả tiêu chí ghi lại" in out.getvalue()
    assert set(CriterionResult.objects.filter(assessment=a2023).values_list("year", flat=True)) == {
        2023
    }
