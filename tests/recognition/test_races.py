"""Two offices writing the same register at once, for real: two threads, each on its own
database connection, released together by a barrier, several rounds. Whatever order the
database lets them in, one revocation wins and the other is refused; one decision number
becomes one decision."""

from collections import Counter
from datetime import date

import pytest
from django.db import connection

from recognition import services
from recognition.models import Decision, Recognition, RecognitionChange
from tests import factories
from tests.shared import race

from .conftest import BODY, record

pytestmark = [
    pytest.mark.django_db(transaction=True),  # each thread commits on its own connection
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="needs a server that makes writers wait: PostgreSQL"
    ),
]

ROUNDS = 8


def test_two_revocations_of_one_recognition_end_with_one(office_a, commune_a, province):
    other_office = factories.province_office(province, username="vp_tinh_a2")
    record(office_a, commune_a, on=date(2021, 12, 1))
    entry = Recognition.objects.get()
    outcomes = Counter()
    for n in range(ROUNDS):
        Recognition.objects.filter(revokes__isnull=False).delete()
        Decision.objects.filter(kind="thu_hoi").delete()

        def revoke(actor, number, entry=entry):
            services.revoke(
                actor=actor,
                entry=entry,
                number=number,
                signed_on=date(2024, 3, 1),
                body=BODY,
                reason="Rà soát",
            )

        results = race(
            lambda n=n: revoke(office_a, f"{n}1/QĐ-UBND"),
            lambda n=n: revoke(other_office, f"{n}2/QĐ-UBND"),
        )
        assert sorted(r.split(":")[0] for r in results) == ["ok", "refused"], results
        assert Recognition.objects.filter(revokes=entry).count() == 1
        outcomes[results.index("ok")] += 1
    assert RecognitionChange.objects.filter(action="revoked").count() == ROUNDS


def test_one_number_recorded_twice_at_once_is_one_decision(office_a, commune_a, district_a, f318):
    other = factories.CommuneFactory(name="Cẩm Bình", parent=district_a, framework=f318)
    for n in range(ROUNDS):
        number = f"{n + 300}/QĐ-UBND"
        results = race(
            lambda number=number: record(office_a, commune_a, number=number),
            lambda number=number: record(office_a, other, number=number),
        )
        # the second waits for the first and adds its entry to the same decision
        assert results == ["ok", "ok"]
        assert Decision.objects.get(number=number).entries.count() == 2


def test_a_correction_racing_a_revocation_never_puts_the_revocation_first(
    office_a, commune_a, province
):
    """Moving a recognition's «có hiệu lực từ» to after a revocation being recorded at the same
    moment: whichever is served first, the second is checked against it, so the revocation
    never takes effect before the recognition."""
    other_office = factories.province_office(province, username="vp_tinh_a2")
    record(office_a, commune_a, on=date(2022, 12, 1))
    recognition, entry = Decision.objects.get(), Recognition.objects.get()
    for n in range(ROUNDS):
        Recognition.objects.filter(revokes__isnull=False).delete()
        Decision.objects.filter(kind="thu_hoi").delete()
        Decision.objects.filter(pk=recognition.pk).update(in_force_from=None)
        version = Decision.objects.get(pk=recognition.pk).version
        results = race(
            lambda version=version: services.correct_decision(
                actor=office_a,
                decision=recognition,
                version=version,
                in_force_from=date(2024, 6, 1),
            ),
            lambda n=n: services.revoke(
                actor=other_office,
                entry=entry,
                number=f"{n + 700}/QĐ-UBND",
                signed_on=date(2023, 6, 1),
                body=BODY,
                reason="Không duy trì tiêu chí",
            ),
        )
        assert sorted(r.split(":")[0] for r in results) == ["ok", "refused"], results
        recognition.refresh_from_db()
        revocation = Recognition.objects.filter(revokes=entry).select_related("decision").first()
        if revocation is not None:
            assert revocation.decision.effective >= recognition.effective, results
