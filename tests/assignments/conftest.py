"""Tasks in xã A (Cẩm Tân, under district A) and xã B (Nâm Nung, another province)."""

import pytest

from assignments import services
from assignments.entries import FundingData, PartyData
from assignments.models import FundingLine, ResponsibleParty
from criteria.models import Criterion, Indicator

Role = ResponsibleParty.Role
Source = FundingLine.Source


def make_task(unit, *, actor=None, **fields):
    defaults = {
        "title": "Xây rãnh thoát nước có nắp đậy trong khu dân cư",
        "plan_year": 2023,
        "deadline_text": "tháng 12/2023",
    }
    return services.task_create(actor=actor, unit=unit, **{**defaults, **fields})


@pytest.fixture
def criterion_17(f318):
    return Criterion.objects.get(framework=f318, number=17)


@pytest.fixture
def indicator_17_3(f318):
    return Indicator.objects.get(framework=f318, code="17.3")


@pytest.fixture
def task_a(commune_a, official_a, criterion_17, indicator_17_3):
    """Criterion 17 in xã A: official_a advises, the Front leads, two sources of money."""
    return make_task(
        commune_a,
        actor=official_a,
        criterion=criterion_17,
        indicator=indicator_17_3,
        description="Các thôn vận động xã hội hóa xây rãnh thoát nước có nắp đậy.",
        parties=[
            PartyData(Role.LEAD, "Mặt trận Tổ quốc xã", kind="organisation"),
            PartyData(Role.ADVISE, "Nguyễn Văn A", position="Công chức NTM", user_id=official_a.pk),
        ],
        funding=[
            FundingData(Source.COMMUNE, 500_000_000, 200_000_000),
            FundingData(Source.SOCIAL, 120_000_000),
        ],
    )


@pytest.fixture
def task_b(commune_b, official_b):
    return make_task(
        commune_b,
        actor=official_b,
        title="Hoàn thành tiêu chí Trường học",
        funding=[FundingData(Source.PROVINCE, 1_000_000_000)],
    )


@pytest.fixture
def district_task(district_a, district_officer):
    return make_task(
        district_a,
        actor=district_officer,
        title="Tiêu chí Giao thông: hoàn thành ĐH 124",
        plan_year=2021,
        deadline_text="10/2/2021",
        parties=[PartyData(Role.DIRECT, "Phạm Hoàng Anh", position="Phó Chủ tịch UBND huyện")],
        funding=[FundingData(Source.DISTRICT, 3_000_000_000)],
    )
