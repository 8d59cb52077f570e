"""Sending a dossier racing an edit of one of its documents, for real: two threads, each on
its own database connection, released together by a barrier, many rounds.

Whatever order the database lets them in, a round ends in one of two clean outcomes: the edit
comes first (the document is no longer "đã có") and sending is refused naming it, or sending
comes first and the edit is refused because the dossier is sent. Never a sent dossier with a
required document that is not "đã có"."""

from collections import Counter

import pytest
from django.db import connection

from dossiers import services
from dossiers.models import Dossier, DossierChange, DossierItem
from tests import factories
from tests.shared import race

pytestmark = [
    pytest.mark.django_db(transaction=True),  # each thread commits on its own connection
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="needs a server that makes writers wait: PostgreSQL"
    ),
]

ROUNDS = 20
Status = DossierItem.Status
State = Dossier.State


def test_sending_and_editing_at_once_end_clean(commune_a):
    official = factories.official(commune_a, username="cong_chuc")
    leader = factories.official(commune_a, username="chu_tich", kind="commune_leader")
    dossier, _ = services.dossier_open(commune=commune_a, tier="xa_ntm", year=2025, actor=official)
    dossier.items.update(status=Status.READY)
    target = dossier.items.select_related("checklist_item").get(
        checklist_item__name__startswith="Biên bản họp"
    )
    outcomes = Counter()
    for _ in range(ROUNDS):
        Dossier.objects.filter(pk=dossier.pk).update(state=State.PREPARING, version=1)
        DossierItem.objects.filter(pk=target.pk).update(status=Status.READY, version=1)
        # what each request read at its start
        page = Dossier.objects.select_related("commune").get(pk=dossier.pk)
        item = DossierItem.objects.select_related("checklist_item", "dossier").get(pk=target.pk)

        send, edit = race(
            lambda page=page: services.dossier_submit(dossier=page, actor=leader, version=1),
            lambda item=item: services.item_update(
                item=item, actor=official, status=Status.PREPARING, note="Ký lại", version=1
            ),
        )

        state = Dossier.objects.get(pk=dossier.pk).state
        status = DossierItem.objects.get(pk=target.pk).status
        if send == "ok":
            assert edit.startswith("refused: Hồ sơ đã gửi"), edit
            assert (state, status) == (State.SUBMITTED, Status.READY)
            outcomes["sent first"] += 1
        else:
            assert send.startswith("refused: Chưa gửi được hồ sơ: còn thiếu 1 hồ sơ bắt buộc"), send
            assert target.checklist_item.name in send
            assert edit == "ok"
            assert (state, status) == (State.PREPARING, Status.PREPARING)
            outcomes["edited first"] += 1
    assert outcomes.total() == ROUNDS
    # one record per step that happened, none for a refused one
    changes = DossierChange.objects.filter(dossier=dossier)
    assert changes.filter(action="submitted").count() == outcomes["sent first"]
    assert changes.filter(action="item").count() == outcomes["edited first"]
