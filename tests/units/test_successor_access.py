"""Successors read their predecessors' records, and write none of them (issue 16, item 3):
the officials of a commune formed by a merger, and the office of a province formed by merging
provinces, open the old units' pages, history and evidence as their own history; a form that
would change them is refused; nobody else gains anything."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments.models import Task
from criteria import services
from criteria.forms import validate_evidence
from criteria.models import Assessment, IndicatorStatus
from tests import factories
from units.access import can_edit_commune, communes_visible_to, units_visible_to
from units.models import Role

pytestmark = pytest.mark.django_db
MERGER = date(2025, 7, 1)


@pytest.fixture
def merged(province, district_a, commune_a, f318, official_a):
    """Xã Cẩm Hưng (from 01/07/2025) formed from Cẩm Tân (commune_a, with its 2023 year and an
    evidence file) and Cẩm Thịnh, themselves formed in 2019 from older communes."""
    older = factories.CommuneFactory(name="Cẩm Tân cũ", parent=district_a, framework=f318)
    commune_a.merged_from.set([older])
    thinh = factories.CommuneFactory(name="Cẩm Thịnh", parent=district_a, framework=f318)
    for unit in (commune_a, thinh):
        unit.valid_to = MERGER
        unit.save(update_fields=["valid_to"])
    new = factories.CommuneFactory(
        name="Cẩm Hưng", parent=province, province=province, framework=f318, valid_from=MERGER
    )
    new.merged_from.set([commune_a, thinh])
    year = services.assessment_open(commune=commune_a, framework=f318, year=2023, actor=None)
    status = IndicatorStatus.objects.get(assessment=year, indicator__code="17.3")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    validate_evidence(upload)
    evidence = services.evidence_add(status=status, actor=official_a, upload=upload)
    official = factories.official(new, username="can_bo_cam_hung")
    leader = factories.official(new, username="chu_tich_cam_hung", kind=Role.Kind.COMMUNE_LEADER)
    return new, official, leader, older, thinh, status, evidence


def test_a_merged_communes_officials_read_every_predecessor(client, merged, commune_a):
    new, official, _, older, thinh, status, evidence = merged
    assert set(communes_visible_to(official)) == {new, commune_a, thinh, older}
    client.force_login(official)
    for url in (
        reverse("criteria:commune-detail", args=[commune_a.pk]),
        reverse("criteria:commune-trail", args=[commune_a.pk]),
        reverse("criteria:status-history", args=[status.pk]),
        reverse("criteria:commune-detail", args=[older.pk]),  # two mergers back
        reverse("recognition:unit", args=[commune_a.pk]),
        reverse("dashboards:commune", args=[commune_a.pk]),
    ):
        assert client.get(url).status_code == 200, url
    scan = client.get(reverse("criteria:evidence-download", args=[evidence.pk]))
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == b"%PDF-1.4 x"


def test_nobody_writes_the_past(client, merged, commune_a):
    new, official, leader, _, _, status, _ = merged
    assert not can_edit_commune(official, commune_a) and can_edit_commune(official, new)
    before = IndicatorStatus.objects.get(pk=status.pk)
    for user in (official, leader):
        client.force_login(user)
        edit = client.post(
            reverse("criteria:status-edit", args=[status.pk]),
            {"status": "chua_dat", "note": "Sửa quá khứ", "version": before.version},
        )
        assert edit.status_code == 403
        year = Assessment.objects.get(commune=commune_a, year=2023)
        submit = client.post(
            reverse("criteria:assessment-submit", args=[year.pk]), {"version": year.version}
        )
        assert submit.status_code == 403
        opened = client.post(
            reverse("criteria:assessment-open", args=[commune_a.pk]),
            {"framework": year.framework_id, "year": 2024},
        )
        assert opened.status_code == 403
    after = IndicatorStatus.objects.get(pk=status.pk)
    assert (after.status, after.note, after.version) == (before.status, before.note, before.version)
    assert Assessment.objects.get(commune=commune_a, year=2023).state == "draft"
    assert not Task.objects.exists()


def test_others_gain_nothing(client, merged, commune_a, commune_b, official_b):
    new = merged[0]
    assert commune_a not in communes_visible_to(official_b)
    client.force_login(official_b)
    assert client.get(reverse("criteria:commune-detail", args=[commune_a.pk])).status_code == 404
    # the predecessors' officials do not read the new commune (it is not their past)
    predecessor_official = factories.official(commune_a, username="cong_chuc_cu")
    assert new not in communes_visible_to(predecessor_official)


def test_a_merged_provinces_office_reads_the_old_provinces_communes(other_province, commune_b):
    """Đắk Nông merged into a new province on 01/07/2025: its office reads the old communes."""
    new_province = factories.UnitFactory(kind="province", prefix="Tỉnh", name="Lâm Đồng mới")
    new_province.merged_from.set([other_province])
    office = factories.supervisor(new_province, username="vp_tinh_moi")
    assert commune_b in communes_visible_to(office)
    assert commune_b in units_visible_to(office)
    assert not can_edit_commune(office, commune_b)
