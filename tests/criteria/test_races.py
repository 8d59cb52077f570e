"""Edits racing the review, for real: two requests at the same moment, each in its own thread
with its own database connection, started together by a barrier, many rounds.

Whatever the order the database lets them in, a round ends in one of the clean outcomes: the
edit is saved before the year is sent (and goes with it), or it is refused in Vietnamese
because the year is under review, or it comes after the verification and reopens the year
with a "Sửa sau thẩm tra" event. Never a status changed inside a submitted or verified year
without that event."""

import io
import time
from collections import Counter
from functools import partial

import pytest
from django.core.management import call_command
from django.db import connection

from criteria import services
from criteria.models import (
    Assessment,
    AssessmentEvent,
    Framework,
    IndicatorStatus,
    StatusChange,
)
from tests import factories
from tests.shared import race

Status = IndicatorStatus.Status
State = Assessment.State
Action = AssessmentEvent.Action
pytestmark = [
    pytest.mark.django_db(transaction=True),  # each thread commits on its own connection
    # SQLite's test database lives in memory with a shared cache: a second writer is refused at
    # once ("database table is locked") instead of waiting, whatever the code does.
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="needs a server that makes writers wait: PostgreSQL"
    ),
]

ROUNDS = 50
CODE = "17.3"  # judged by the official: the edit needs no measured value
LOCKED = "đã gửi thẩm tra"  # services.status_update's refusal while the year is reviewed


@pytest.fixture
def f318(transactional_db):
    """The catalogue: loaded for the session, but an earlier transactional test empties the
    database when it ends."""
    if not Framework.objects.filter(key="xa_ntm_2021_2025").exists():
        call_command("load_criteria", verbosity=0, stdout=io.StringIO())
    return Framework.objects.get(key="xa_ntm_2021_2025")


@pytest.fixture
def people(commune_a, district_officer):
    return {
        "official": factories.official(commune_a, username="cong_chuc"),
        "leader": factories.official(commune_a, username="chu_tich", kind="commune_leader"),
        "office": district_officer,
    }


@pytest.fixture
def year(commune_a, f318, people):
    """Cẩm Tân 2023, every indicator judged, so the leader may send it."""
    year = services.assessment_open(
        commune=commune_a, framework=f318, year=2023, actor=people["official"]
    )
    year.statuses.update(status=Status.MET, note="Đạt")
    services.assessment_recount(year)
    return year


def _status(year) -> IndicatorStatus:
    """The edit page's read at the start of its request (state included)."""
    return IndicatorStatus.objects.select_related(
        "indicator", "assessment__commune", "assessment__framework"
    ).get(assessment=year, indicator__code=CODE)


def _page(year) -> Assessment:
    return Assessment.objects.select_related("commune", "framework").get(pk=year.pk)


def _reset(year) -> None:
    """Back to a draft nobody has sent: the next round starts where the first did."""
    Assessment.objects.filter(pk=year.pk).update(
        state=State.DRAFT,
        submitted_at=None,
        submitted_by=None,
        verified_at=None,
        verified_by=None,
        verified_met_count=None,
    )
    IndicatorStatus.objects.filter(assessment=year).update(
        verified_status="", verified_value=None, verified_at=None, review_comment=""
    )


def _edit(year, official, i):
    """The edit page's save; returns (the row as its page showed it, the result it records,
    the write). The service refreshes the row it is given: the first is a copy."""
    status = _status(year)
    shown = IndicatorStatus(status=status.status, version=status.version)
    target = Status.NOT_MET if status.status == Status.MET else Status.MET
    write = partial(
        services.status_update,
        status=status,
        actor=official,
        new_status=target,
        value=None,
        note=f"Sửa ở vòng {i}",
        version=status.version,
    )
    return shown, target, write


def _this_round(year, since_event: int, since_change: int):
    events = {
        e.action: e for e in AssessmentEvent.objects.filter(assessment=year, pk__gt=since_event)
    }
    changes = list(
        StatusChange.objects.filter(
            status__assessment=year, action=StatusChange.Action.UPDATE, pk__gt=since_change
        )
    )
    return events, changes


def _marks():
    last_event = AssessmentEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    last_change = StatusChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last_event or 0, last_change or 0


def _no_change_inside_a_reviewed_year(year, events, changes):
    """No status changed while the year was sent or verified, unless it reopened the year."""
    submitted, verified = events.get(Action.SUBMITTED), events.get(Action.VERIFIED)
    for change in changes:
        if submitted is None or change.at < submitted.at:
            continue  # saved while still a draft
        assert verified is not None and change.at > verified.at, (
            f"{change.status_id} changed at {change.at} while the year was under review"
        )
        assert Action.REOPENED in events, "changed after verification without reopening"
    final = _page(year)
    if final.state in (State.SUBMITTED, State.VERIFIED):
        assert Action.REOPENED not in events
    if final.state == State.VERIFIED:
        assert not [
            s.indicator.code
            for s in year.statuses.select_related("indicator")
            if s.verification == "changed"
        ]


def test_an_edit_racing_the_submit_goes_with_it_or_is_refused(year, people):
    started, outcomes = time.monotonic(), Counter()
    for i in range(ROUNDS):
        _reset(year)
        page = _page(year)  # the commune page the leader clicks on
        status, target, edit = _edit(year, people["official"], i)
        since = _marks()

        edited, submitted = race(
            edit, partial(services.assessment_submit, assessment=page, actor=people["leader"])
        )

        assert submitted == "ok", (i, submitted)
        events, changes = _this_round(year, *since)
        _no_change_inside_a_reviewed_year(year, events, changes)
        now = _status(year)
        if edited == "ok":
            outcomes["edit, then submit"] += 1
            assert len(changes) == 1 and changes[0].at < events[Action.SUBMITTED].at
            assert now.status == target
        else:
            outcomes["submit, edit refused"] += 1
            assert edited.startswith("refused:") and LOCKED in edited, (i, edited)
            assert changes == [] and (now.status, now.version) == (status.status, status.version)
        assert _page(year).state == State.SUBMITTED
    elapsed = time.monotonic() - started
    print(f"\nedit vs submit on {connection.vendor}: {dict(outcomes)} in {elapsed:.1f} s")
    assert sum(outcomes.values()) == ROUNDS


def test_an_edit_racing_submit_and_verify_goes_with_them_is_refused_or_reopens(year, people):
    started, outcomes = time.monotonic(), Counter()

    def submit_and_verify(page):
        services.assessment_submit(assessment=page, actor=people["leader"])
        review = _page(year)  # the review page, opened once the year has arrived
        services.assessment_verify(assessment=review, actor=people["office"])

    for i in range(ROUNDS):
        _reset(year)
        status, target, edit = _edit(year, people["official"], i)
        since = _marks()

        edited, reviewed = race(edit, partial(submit_and_verify, _page(year)))

        assert reviewed == "ok", (i, reviewed)
        events, changes = _this_round(year, *since)
        _no_change_inside_a_reviewed_year(year, events, changes)
        now, final = _status(year), _page(year)
        if edited != "ok":
            outcomes["submit, edit refused, verify"] += 1
            assert edited.startswith("refused:") and LOCKED in edited, (i, edited)
            assert changes == [] and now.status == now.verified_status == status.status
            assert final.state == State.VERIFIED
        elif changes[0].at < events[Action.SUBMITTED].at:
            outcomes["edit, then submit and verify"] += 1
            assert now.status == now.verified_status == target
            assert final.state == State.VERIFIED
        else:
            outcomes["submit and verify, then edit reopens"] += 1
            assert final.state == State.DRAFT and Action.REOPENED in events
            assert (now.status, now.verified_status) == (target, status.status)
            assert now.verification == "changed"
    elapsed = time.monotonic() - started
    print(f"\nedit vs submit+verify on {connection.vendor}: {dict(outcomes)} in {elapsed:.1f} s")
    assert sum(outcomes.values()) == ROUNDS
