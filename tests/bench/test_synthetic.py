"""`synth_country` on a small country: sizes, summaries that agree with a rebuild, history
that agrees with the versions, the same data from the same seed, and `--delete` that leaves
real units alone."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.urls import reverse

from assignments.models import FundingLine, ResponsibleParty, Task
from bench import synthetic
from criteria.models import (
    Assessment,
    CriterionResult,
    Evidence,
    IndicatorStatus,
    StatusChange,
)
from criteria.summaries import summaries_rebuild
from plans.models import Target
from units.models import (
    Reorganisation,
    ReorganisationStep,
    Role,
    RoleChange,
    Unit,
    UnitPlacement,
    User,
)
from units.selectors import placed_below

pytestmark = [pytest.mark.django_db, pytest.mark.bench]

Status = IndicatorStatus.Status
INDICATORS, CRITERIA = 56, 19  # 318/QĐ-TTg as modelled in fixtures/criteria


def synth(*args) -> str:
    out = io.StringIO()
    call_command("synth_country", *args, stdout=out)
    return out.getvalue()


def fingerprint() -> dict:
    """The synthetic data without primary keys (which differ from run to run)."""
    statuses = IndicatorStatus.objects.filter(assessment__commune__is_synthetic=True)
    return {
        "units": list(
            Unit.objects.filter(is_synthetic=True)
            .order_by("code")
            .values_list(
                "code", "kind", "name", "parent__code", "province__code", "region", "level_goal"
            )
        ),
        "assessments": list(
            Assessment.objects.filter(commune__is_synthetic=True)
            .order_by("commune__code", "year")
            .values_list("commune__code", "year", "state", "met_count", "verified_met_count")
        ),
        "statuses": list(
            statuses.order_by(
                "assessment__commune__code", "assessment__year", "indicator__code"
            ).values_list("status", "value", "note", "version", "verified_status", "updated_at")
        ),
        "history": list(
            StatusChange.objects.filter(status__in=statuses)
            .order_by(
                "status__assessment__commune__code", "status__indicator__code", "at", "action"
            )
            .values_list("action", "at", "old_status", "new_status", "new_value", "actor__username")
        ),
        "tasks": list(
            Task.objects.filter(unit__is_synthetic=True)
            .order_by("unit__code", "deadline", "title", "status")
            .values_list("unit__code", "title", "deadline", "status", "progress")
        ),
        "funding": sorted(
            FundingLine.objects.filter(task__unit__is_synthetic=True).values_list(
                "task__unit__code", "source", "planned", "disbursed"
            )
        ),
        "targets": list(
            Target.objects.filter(unit__is_synthetic=True)
            .order_by("unit__code")
            .annotate(n=Count("criteria"))
            .values_list("unit__code", "level", "n")
        ),
        "users": sorted(synthetic.synthetic_users().values_list("username", "roles__kind")),
    }


def test_small_pre2025_country_has_every_kind_of_row():
    out = synth("--shape", "pre2025", "--communes", "20", "--years", "2021-2025", "--villages", "2")

    assert "pre2025: 2 tỉnh" in out and "20 xã" in out
    units = Unit.objects.filter(is_synthetic=True)
    assert units.filter(kind="province").count() == 2
    assert units.filter(kind="district").count() >= 2
    communes = units.filter(kind="commune")
    assert communes.count() == 20
    assert units.filter(kind="village").count() == 40
    assert not communes.exclude(parent__kind="district").exists()
    assert not communes.exclude(code__startswith="synth-").exists()
    assert communes.order_by("code").first().name == "Tổng Hợp 00001"
    assert str(communes.order_by("code").first()) == "Xã Tổng Hợp 00001"
    assert communes.first().framework.key == "xa_ntm_2021_2025"

    assert Assessment.objects.filter(commune__in=communes).count() == 20 * 5
    statuses = IndicatorStatus.objects.filter(assessment__commune__in=communes)
    assert statuses.count() == 20 * 5 * INDICATORS
    assert (
        CriterionResult.objects.filter(assessment__commune__in=communes).count() == 100 * CRITERIA
    )
    by_status = dict(statuses.values_list("status").annotate(n=Count("pk")))
    assert by_status[Status.MET] > 0.8 * statuses.count()  # most met, a few not
    assert by_status[Status.NOT_MET] > 0
    assert Assessment.objects.filter(commune__in=communes, state="verified").exists()
    assert statuses.exclude(verified_status="").exists()
    # improving over the years
    first, last = (
        sum(
            Assessment.objects.filter(commune__in=communes, year=y).values_list(
                "met_count", flat=True
            )
        )
        for y in (2021, 2025)
    )
    assert last > first

    assert Task.objects.filter(unit__is_synthetic=True).exists()
    assert ResponsibleParty.objects.filter(task__unit__is_synthetic=True).exists()
    assert FundingLine.objects.filter(task__unit__is_synthetic=True).exists()
    assert Target.objects.filter(unit__is_synthetic=True, year=2025).exists()
    assert not Target.objects.filter(unit__is_synthetic=True).exclude(year=2025).exists()
    evidence = Evidence.objects.filter(status__in=statuses)
    assert evidence.exists()
    assert {e.file.name for e in evidence} == {synthetic.EVIDENCE_NAME}
    assert evidence.first().file.open("rb").read(5) == b"%PDF-"

    assert User.objects.filter(username="synth-admin", is_superuser=True).exists()
    assert (
        Role.objects.filter(unit__kind="district", kind="supervisor").count()
        == units.filter(kind="district").count()
    )
    assert Role.objects.filter(unit__kind="province", kind="province_office").count() == 2


def test_post2025_communes_sit_under_their_province():
    synth("--shape", "post2025", "--communes", "12", "--years", "2024-2025")

    communes = Unit.objects.filter(is_synthetic=True, kind="commune")
    assert communes.count() == 12
    assert not Unit.objects.filter(is_synthetic=True, kind="district").exists()
    assert not communes.exclude(parent__kind="province").exists()
    assert Role.objects.filter(unit__kind="province", kind="supervisor").count() == 2


def test_reform_country_goes_through_the_2025_reorganisation():
    """The districts' country until 2024, one reorganisation on 01/07/2025 (units.reorganisation),
    2025 written for the new communes; --delete removes the reorganisation's record too."""
    out = synth(
        "--shape", "reform", "--communes", "60", "--years", "2023-2025", "--officials", "0.5",
        "--villages", "1",
    )  # fmt: skip

    assert "reform: 2 tỉnh" in out and "60 xã" in out
    reorg = Reorganisation.objects.get()
    assert "giả lập" in reorg.basis and "synth_country" in reorg.basis
    assert reorg.effective == synthetic.REFORM_DAY
    units = Unit.objects.filter(is_synthetic=True)
    old = units.filter(kind="commune", valid_from__isnull=True)
    new = units.filter(kind="commune", valid_from=synthetic.REFORM_DAY)
    assert old.count() == 60
    assert 14 <= new.count() <= 26  # about three into one, within each district
    assert not new.exclude(code__startswith="synth-x").exists()
    assert set(old.values_list("valid_to", flat=True)) == {synthetic.REFORM_DAY}
    assert set(units.filter(kind="district").values_list("valid_to", flat=True)) == {
        synthetic.REFORM_DAY
    }
    assert not new.exclude(parent__kind="province").exists()
    assert not new.filter(valid_to__isnull=False).exists()
    assert Unit.merged_from.through.objects.filter(from_unit__in=new).count() == 60
    assert not new.filter(merged_from__isnull=True).exists()
    # the villages followed their communes
    assert not units.filter(kind="village").exclude(parent__in=new).exists()
    assert UnitPlacement.objects.filter(ended_by=reorg).count() == 60
    assert (
        ReorganisationStep.objects.filter(reorganisation=reorg).count()
        == 60 + units.filter(kind="district").count()
    )

    province = units.filter(kind="province").order_by("code").first()
    districts = units.filter(kind="district", province=province)
    DISTRICT, COMMUNE = Unit.Kind.DISTRICT, Unit.Kind.COMMUNE
    assert set(placed_below(province, DISTRICT, 2023)) == set(districts)
    assert not placed_below(province, COMMUNE, 2023).filter(pk__in=new).exists()
    # 2025: the new communes directly under the province; the districts and the old communes
    # lived in its first half, so the year still counts them (units.selectors.existing_in)
    assert placed_below(province, COMMUNE, 2025).filter(pk__in=new, parent=province).exists()
    assert set(placed_below(province, DISTRICT, 2025)) == set(districts)
    # after it, the post-2025 shape: no district, only the new communes
    assert not placed_below(province, DISTRICT, 2026).exists()
    assert set(placed_below(province, COMMUNE, 2026)) == set(new.filter(province=province))

    assessments = Assessment.objects.filter(commune__is_synthetic=True)
    assert set(assessments.filter(commune__in=old).values_list("year", flat=True)) == {2023, 2024}
    assert assessments.filter(commune__in=old).count() == 60 * 2
    assert set(assessments.filter(commune__in=new).values_list("year", flat=True)) == {2025}
    assert assessments.filter(commune__in=new).count() == new.count()
    assert IndicatorStatus.objects.filter(assessment__commune__in=new).count() == (
        new.count() * INDICATORS
    )
    assert summaries_rebuild(dry_run=True).corrected == 0
    # the old communes' roles ended with the reorganisation; the new ones have their own
    assert not Role.objects.filter(unit__in=old).exists()
    assert not Role.objects.filter(unit__kind="district", unit__is_synthetic=True).exists()
    assert RoleChange.objects.filter(action="ended", basis=reorg.basis).exists()
    assert Role.objects.filter(unit__in=new, kind="commune_official").exists()
    assert Role.objects.filter(unit=province, kind="supervisor").exists()
    assert Target.objects.filter(unit__in=new, year=2025).exists()
    assert Task.objects.filter(unit__in=new, plan_year=2025).exists()

    synth("--delete")

    assert not Unit.objects.filter(is_synthetic=True).exists()
    assert not Unit.objects.filter(code__startswith="synth-").exists()
    assert not Reorganisation.objects.exists()
    assert not ReorganisationStep.objects.exists() and not UnitPlacement.objects.exists()
    assert not Assessment.objects.exists() and not RoleChange.objects.exists()
    assert not User.objects.filter(username__startswith="synth-").exists()


def test_reform_country_is_reproducible():
    args = ["--shape", "reform", "--communes", "20", "--years", "2024-2025", "--seed", "5"]
    synth(*args)
    first = fingerprint()
    synth("--delete")
    synth(*args)
    assert fingerprint() == first


def test_delete_keeps_a_real_reorganisation():
    """Only the reform shape's own reorganisation is removed."""
    real = Reorganisation.objects.create(
        basis="Nghị quyết 1665/NQ-UBTVQH15", effective=date(2025, 7, 1)
    )
    synth("--shape", "reform", "--communes", "10", "--years", "2024-2025")

    synth("--delete")

    assert list(Reorganisation.objects.all()) == [real]


def test_maintained_summaries_agree_with_a_rebuild():
    synth("--communes", "20", "--years", "2021-2025", "--seed", "7")

    report = summaries_rebuild(dry_run=True)
    assert report.assessments == 100
    assert report.corrected == 0  # the indicator counts included (criteria.summaries.COUNT_FIELDS)
    # the indicator counts written in bulk, against the statuses counted here
    assessments = Assessment.objects.filter(commune__is_synthetic=True).annotate(
        met=Count("statuses", filter=Q(statuses__status=Status.MET)),
        verified=Count("statuses", filter=Q(statuses__verified_status=Status.MET)),
        judged=Count("statuses", filter=~Q(statuses__verified_status="")),
    )
    for a in assessments:
        assert (a.indicator_count, a.indicator_met_count) == (INDICATORS, a.met)
        expected = a.verified if a.judged else None
        assert a.verified_indicator_met_count == expected
        assert a.counts_text == f"{a.met_count}/{CRITERIA} tiêu chí, {a.met}/{INDICATORS} chỉ tiêu"
    assert any(a.verified_indicator_met_count is not None for a in assessments)
    assert any(a.verified_indicator_met_count is None for a in assessments)
    out = io.StringIO()
    call_command("rebuild_summaries", "--dry-run", stdout=out)
    assert "cần sửa 0" in out.getvalue()


def test_every_version_has_its_history_row():
    """One save of a status = one version and its history rows, stamped with one time."""
    synth("--communes", "20", "--years", "2021-2025")

    saves = (
        StatusChange.objects.filter(action__in=["update", "evidence_added"])
        .values("status")
        .annotate(n=Count("at", distinct=True))
    )
    saved = {row["status"]: row["n"] for row in saves}
    versions = IndicatorStatus.objects.filter(assessment__commune__is_synthetic=True)
    assert versions.filter(version__gt=1).exists()
    for pk, version in versions.values_list("pk", "version"):
        assert version - 1 == saved.get(pk, 0)
    opened = StatusChange.objects.filter(action__in=["create", "copy_forward"])
    assert opened.count() == versions.count()  # every status opened once


def test_same_seed_same_data_other_seed_other_data():
    args = ["--communes", "15", "--years", "2022-2024", "--villages", "1", "--officials", "0.5"]
    synth(*args, "--seed", "42")
    first = fingerprint()
    synth("--delete")
    synth(*args, "--seed", "42")
    assert fingerprint() == first
    synth("--delete")
    synth(*args, "--seed", "43")
    assert fingerprint()["statuses"] != first["statuses"]


def test_refuses_to_add_a_second_country():
    synth("--communes", "5", "--years", "2025")

    with pytest.raises(CommandError, match="--delete"):
        synth("--communes", "5", "--years", "2025")


def test_years_outside_the_framework_are_refused():
    with pytest.raises(CommandError, match="2021–2025"):
        synth("--communes", "5", "--years", "2019-2021")
    assert not Unit.objects.filter(is_synthetic=True).exists()


def test_dry_run_writes_nothing():
    out = synth("--communes", "10000", "--dry-run")

    assert "63 tỉnh, 700 huyện, 10000 xã (tỉnh lớn nhất 560 xã)" in out
    assert not Unit.objects.filter(is_synthetic=True).exists()


def test_delete_leaves_real_units_and_their_records_alone(assessment_a, commune_a, official_a):
    """A real commune with its year, statuses and history (tests/conftest.py) survives."""
    real_statuses = IndicatorStatus.objects.filter(assessment=assessment_a).count()
    real_history = StatusChange.objects.filter(status__assessment=assessment_a).count()
    real_units = set(Unit.objects.values_list("pk", flat=True))
    synth("--communes", "20", "--years", "2024-2025", "--password", "ntm-synth")
    assert Unit.objects.filter(is_synthetic=True).count() > 20

    out = synth("--delete")

    assert "Đã xóa dữ liệu giả lập" in out
    assert set(Unit.objects.values_list("pk", flat=True)) == real_units
    assert IndicatorStatus.objects.count() == real_statuses
    assert StatusChange.objects.count() == real_history
    assert not User.objects.filter(username__startswith="synth-").exists()
    assert User.objects.filter(pk=official_a.pk).exists()
    assert not Task.objects.exists() and not Target.objects.exists()
    assert not Path(synthetic._evidence_path()).exists()
    assert synth("--delete")  # nothing left: a second run is harmless


def test_delete_refuses_when_a_real_unit_sits_under_a_synthetic_one(commune_a):
    synth("--communes", "5", "--years", "2025")
    district = Unit.objects.filter(is_synthetic=True, kind="district").first()
    commune_a.parent = district
    commune_a.save(update_fields=["parent"])

    with pytest.raises(Exception, match="protected|PROTECT|Cannot delete"):
        synth("--delete")
    assert Unit.objects.filter(is_synthetic=True, kind="commune").count() == 5
    assert IndicatorStatus.objects.filter(assessment__commune__is_synthetic=True).exists()


def test_synthetic_accounts_sign_in_with_the_shared_password(client):
    synth("--communes", "10", "--years", "2025", "--officials", "1", "--password", "ntm-synth")
    official = User.objects.filter(username__startswith="synth-cb-").first()

    response = client.post(
        reverse("login"), {"username": official.username, "password": "ntm-synth"}
    )
    assert response.status_code == 302
    assert client.get(reverse("criteria:commune-list")).context["user"] == official
    assert not User.objects.get(username="synth-admin").has_usable_password()
