"""An issued number is used once per unit, symbol and year: checked under a lock in
plans.services.plan_issue and guaranteed by a unique constraint (issue 13). A Party
document's number runs per term of the cấp ủy instead: tests/plans/test_party_terms.py."""

import contextlib
import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from plans import numbering, services
from plans.models import Plan
from tests import factories

from .conftest import PlanFactory

ISSUED = Plan.Status.ISSUED


def _issued(unit, **fields):
    defaults = {"number": 12, "symbol": "KH-UBND", "issue_date": datetime.date(2024, 3, 5)}
    return PlanFactory(unit=unit, status=ISSUED, **{**defaults, **fields})


@pytest.mark.django_db
def test_the_database_refuses_a_second_issued_plan_with_the_same_number_in_a_year(commune_a):
    _issued(commune_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        _issued(commune_a, issue_date=datetime.date(2024, 11, 20))


@pytest.mark.django_db
def test_the_number_may_repeat_in_drafts_other_years_symbols_and_units(commune_a, commune_b):
    _issued(commune_a)
    PlanFactory(unit=commune_a, number=12, issue_date=datetime.date(2024, 4, 1))  # a draft
    _issued(commune_a, issue_date=datetime.date(2025, 1, 3))
    _issued(commune_a, symbol="KH-BCĐ")
    _issued(commune_b)
    assert Plan.objects.filter(number=12, status=ISSUED).count() == 4


@pytest.mark.django_db
def test_a_clash_the_check_missed_reads_as_number_already_used(commune_a, official_a, monkeypatch):
    first = _issued(commune_a, title="Kế hoạch củng cố tiêu chí")
    draft = PlanFactory(
        unit=commune_a, number=12, issue_date=datetime.date(2024, 9, 1), title="Kế hoạch 2"
    )
    # What a concurrent issue looks like to the check: nothing issued yet; committed just after.
    check, missed = numbering.issued_clash, []

    def misses_once(plan, term=None):
        if not missed:
            missed.append(plan)
            return None
        return check(plan, term)

    monkeypatch.setattr(numbering, "issued_clash", misses_once)

    with pytest.raises(ValidationError) as refused:
        services.plan_issue(plan=draft, actor=official_a)

    assert "Số 12/KH-UBND năm 2024 đã dùng cho kế hoạch “Kế hoạch củng cố tiêu chí”" in str(
        refused.value
    )
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT and not draft.events.exists()
    assert first.status == ISSUED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: row locks")
def test_two_simultaneous_issues_of_one_number_give_one_plan_and_one_refusal():
    province = factories.UnitFactory(kind="province", prefix="Tỉnh", name="Đua")
    leader = factories.supervisor(province, username="lanh_dao_dua")
    plans = [
        PlanFactory(
            unit=province,
            number=7,
            issue_date=datetime.date(2024, 5, day),
            title=f"Kế hoạch {day}",
        )
        for day in (6, 7)
    ]
    start = threading.Barrier(2)
    # Both wait here inside their transaction, after issuing and before committing, if the
    # lock lets them: without it, both checks pass and both commit.
    before_commit = threading.Barrier(2, timeout=3)
    results = {}

    def issue(plan):
        try:
            start.wait()
            with transaction.atomic():
                services.plan_issue(plan=Plan.objects.get(pk=plan.pk), actor=leader)
                # the other one waits for our lock: the barrier breaks and we commit alone
                with contextlib.suppress(threading.BrokenBarrierError):
                    before_commit.wait()
            results[plan.pk] = "issued"
        except ValidationError as e:
            results[plan.pk] = " ".join(e.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert list(results.values()).count("issued") == 1, results
    refusal = next(r for r in results.values() if r != "issued")
    assert "Số 07/KH-UBND năm 2024 đã dùng cho kế hoạch" in refusal
    assert Plan.objects.filter(number=7, status=ISSUED).count() == 1
