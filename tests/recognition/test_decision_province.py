"""A decision is one province's: two provinces whose offices write the same body ("UBND tỉnh")
and number keep two decisions, neither told nor given the other's; a decision naming units
of another province is never joined, and its details are never told."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recognition.models import Recognition, RecognitionChange
from recognition.services import JOIN_REFUSED
from tests import factories

from .conftest import record

pytestmark = pytest.mark.django_db

SAME = {"number": "15/QĐ-UBND", "body": "UBND tỉnh"}


def test_two_provinces_keep_their_own_decision_with_the_same_number(
    office_a, office_b, commune_a, commune_b
):
    a = record(office_a, commune_a, on=date(2023, 12, 20), **SAME)
    b = record(office_b, commune_b, on=date(2023, 5, 2), **SAME)  # not refused with A's date
    assert a != b
    assert (a.province, b.province) == (commune_a.province, commune_b.province)
    assert list(b.entries.values_list("unit", flat=True)) == [commune_b.pk]


def test_another_provinces_scan_never_lands_on_a_provinces_decision(
    client, office_a, office_b, commune_a, commune_b, pdf
):
    a = record(office_a, commune_a, on=date(2023, 12, 20), **SAME)
    b = record(office_b, commune_b, on=date(2023, 12, 20), upload=pdf(), **SAME)
    a.refresh_from_db()
    assert not a.file and b.file
    assert not RecognitionChange.objects.filter(unit=commune_a, action="file").exists()
    client.force_login(office_a)
    assert client.get(reverse("recognition:correct", args=[a.pk])).status_code == 200
    b.file.delete(save=False)


def test_a_decision_naming_another_provinces_units_is_not_joined_nor_told(
    office_a, office_b, commune_a, commune_b, district_a, f318
):
    """A row shared before decisions were per province (as migration 0004 finds them when it
    cannot tell): joining it is refused without its date or kind."""
    decision = record(office_a, commune_a, on=date(2023, 12, 20), **SAME)
    Recognition.objects.create(decision=decision, unit=commune_b, tier="xa_ntm", year=2023)
    other = factories.CommuneFactory(name="Cẩm Quan", parent=district_a, framework=f318)
    with pytest.raises(ValidationError) as refused:
        record(office_a, other, on=date(2023, 5, 2), **SAME)
    assert refused.value.messages == [JOIN_REFUSED]
    assert "20/12/2023" not in JOIN_REFUSED
    assert decision.entries.count() == 2
