"""Fixtures of the register tests: xã A (Cẩm Tân, Hà Tĩnh) and its province office, a merged
commune formed on 01/07/2025 from two communes, verified results made through the services."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from criteria import services as criteria_services
from criteria.forms import validate_evidence
from criteria.models import Assessment, Framework, IndicatorStatus
from recognition import services
from tests import factories

MERGER = date(2025, 7, 1)
BODY = "UBND tỉnh Hà Tĩnh"


@pytest.fixture
def office_a(province):
    return factories.province_office(province, username="vp_tinh_a")


@pytest.fixture
def office_b(other_province):
    return factories.province_office(other_province, username="vp_tinh_b")


@pytest.fixture
def nang_cao(db):
    return Framework.objects.get(key="xa_ntm_nang_cao_2021_2025")


def record(actor, unit, *, tier="xa_ntm", number="100/QĐ-UBND", on=date(2022, 12, 20), **kw):
    entry = services.Entry(unit, tier, kw.pop("year", None), kw.pop("framework", None))
    return services.record_decision(
        actor=actor,
        kind=kw.pop("kind", "cong_nhan"),
        number=number,
        signed_on=on,
        body=kw.pop("body", BODY),
        entries=[entry],
        **kw,
    )


def verified(commune, framework, year, *, not_met=(), unassessed=(), actor=None):
    """A verified result: every indicator met but those of the criteria in `not_met` (not met)
    and `unassessed` (left "chưa đánh giá")."""
    a = criteria_services.assessment_open(
        commune=commune, framework=framework, year=year, actor=actor
    )
    a.statuses.update(status=IndicatorStatus.Status.MET, note="Theo rà soát")
    a.statuses.filter(indicator__criterion__number__in=not_met).update(
        status=IndicatorStatus.Status.NOT_MET
    )
    a.statuses.filter(indicator__criterion__number__in=unassessed).update(
        status=IndicatorStatus.Status.NOT_ASSESSED
    )
    criteria_services.assessment_recount(a)
    Assessment.objects.filter(pk=a.pk).update(state=Assessment.State.SUBMITTED)
    a.refresh_from_db()
    criteria_services.assessment_verify(assessment=a, actor=actor)
    a.refresh_from_db()
    return a


@pytest.fixture
def merged(district_a, f318):
    """Xã Cẩm Hưng (from 01/07/2025) formed from Cẩm Thịnh and Cẩm Hà (until 30/06/2025)."""
    old = [
        factories.CommuneFactory(
            name=name, parent=district_a, framework=f318, valid_to=MERGER, code=f"old-{i}"
        )
        for i, name in enumerate(["Cẩm Thịnh", "Cẩm Hà"])
    ]
    new = factories.CommuneFactory(
        name="Cẩm Hưng",
        parent=district_a.province,
        province=district_a.province,
        framework=f318,
        valid_from=MERGER,
    )
    new.merged_from.set(old)
    return new, old


@pytest.fixture
def pdf():
    def make(name="qd-cong-nhan.pdf"):
        upload = SimpleUploadedFile(
            name, b"%PDF-1.4\n% quyet dinh\n", content_type="application/pdf"
        )
        validate_evidence(upload)  # as the forms do: it sets the checked content type
        return upload

    return make
