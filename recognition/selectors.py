"""Reads of the recognition register: who is recognised at which tier on a day, who could be,
who may lose it, and which merged communes still need a decision of their own.

Nothing here is stored as a flag: every answer is read from the decisions (recognition.models),
so a register entered late, or corrected, answers for any day.

Rules (recognition.models, docs/recognition.md):
- A unit holds a tier on a day when a "công nhận" or "thừa nhận" entry for it at that tier has
  taken effect (in force from, or signed on) and no revocation of that entry has.
- A unit holds nothing from the day it ends (`valid_to`): its decisions stay on its page.
- A merged unit (one with predecessors) holds a tier only by its own entries dated on or after
  the merger (its `valid_from`); its predecessors' decisions are shown, never counted.
- Eligible: the latest verified result on a set of the tier's own level, a set in force that
  year, meets every criterion of that set; the unit does not hold the tier but holds the one
  below it (nâng cao is for a commune that is NTM). At risk: the unit holds the tier, but its
  latest verified result on the set it was recognised on or another of the period of its year,
  for a year from the recognition on, has a criterion verified as not met (one left unassessed
  is not a loss). No tier is read from another tier's set.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from common.text import fold
from criteria.models import Assessment, CriterionResult, IndicatorStatus
from units.models import ReorganisationStep, Unit

from .models import COMMUNE_TIERS, TIER_NOUNS, Decision, Recognition, RecognitionChange, Tier

POSITIVE = (Decision.Kind.RECOGNITION, Decision.Kind.ACKNOWLEDGEMENT)

# QĐ 18/2022/QĐ-TTg, on revoking a commune's recognition (docs/recognition.md, reference
# cong-nhan-ntm.md §7): 30 % to under 50 % of the criteria not met with one of these among
# them, or 50 % and more. The names are compared folded, as the sets name their criteria.
REVOCATION_NAMED = (
    "Thu nhập",
    "Môi trường và an toàn thực phẩm",
    "Môi trường",
    "Chất lượng môi trường sống",
    "Quốc phòng và An ninh",
)
REVOCATION_RULE = (
    "QĐ 18/2022/QĐ-TTg: thu hồi quyết định công nhận khi xã có từ 30% đến dưới 50% số tiêu "
    "chí không đạt chuẩn, trong đó có một trong các tiêu chí Thu nhập; Môi trường và an toàn "
    "thực phẩm; Môi trường; Chất lượng môi trường sống; Quốc phòng và An ninh – hoặc có từ 50% "
    "số tiêu chí trở lên không đáp ứng mức đạt chuẩn."
)
REVOCATION_SOURCE = (
    "https://tintuc.thuvienphapluat.com/thong-bao-van-ban-moi/email/41861/"
    "truong-hop-thu-hoi-quyet-dinh-cong-nhan-xa-dat-chuan-nong-thon-moi"
)
_NAMED = {fold(name) for name in REVOCATION_NAMED}
# The period QĐ 18 governs ("giai đoạn 2021 - 2025"): a commune recognised before it is held to
# its sets too (the demo's Cẩm Tân, recognised in 2020, on its 2022 result). No successor rule
# is known for 2026–2030, where recognition starts again under the new set (2026-2030.md).
REVOCATION_PERIOD = (2021, 2025)


def entries(unit_ids) -> QuerySet[Recognition]:
    """Every register entry of these units, with its decision, newest first per tier."""
    return (
        Recognition.objects.filter(unit_id__in=unit_ids)
        .select_related("decision", "framework", "revokes__decision", "unit")
        .order_by("unit_id", "tier", "-decision__signed_on", "-pk")
    )


def merger_days(unit_ids) -> dict[int, date]:
    """{unit id: the day of its last merger} for the merged units among `unit_ids`: the day a
    unit formed by a merger began, or the day an existing unit took others in (the last such
    reorganisation: a commune formed in 2019 that takes in a neighbour in 2025 starts again
    in 2025). Its decisions from before that day are not its standing. Two queries."""
    unit_ids = list(unit_ids)
    days: dict[int, date] = {}
    merged = Unit.objects.filter(pk__in=unit_ids, merged_from__isnull=False)
    for pk, began in merged.exclude(valid_from=None).distinct().values_list("pk", "valid_from"):
        days[pk] = began
    took_in = ReorganisationStep.objects.filter(
        successor_id__in=unit_ids,
        action__in=[
            ReorganisationStep.Action.MERGE_COMMUNES,
            ReorganisationStep.Action.MERGE_PROVINCES,
        ],
    )
    for pk, day in took_in.values_list("successor_id", "reorganisation__effective"):
        days[pk] = max(days.get(pk, day), day)
    return days


def merger_day(unit: Unit) -> date | None:
    return merger_days([unit.pk]).get(unit.pk)


def standing(unit_ids, on: date | None = None) -> dict[tuple[int, str], Recognition]:
    """{(unit id, tier): the entry by which the unit holds the tier on `on` (today)}. A unit
    that no longer exists on `on` (its `valid_to` passed: merged away, dissolved) holds none."""
    on = on or timezone.localdate()
    unit_ids = list(unit_ids)
    found = Recognition.objects.filter(unit_id__in=unit_ids, decision__signed_on__lte=on).exclude(
        unit__valid_to__lte=on
    )
    rows = [r for r in found.select_related("decision") if r.decision.effective <= on]
    revoked = {r.revokes_id for r in rows if r.is_revocation}
    merger = merger_days(unit_ids)
    held: dict[tuple[int, str], Recognition] = {}
    for row in rows:
        if row.is_revocation or row.pk in revoked:
            continue
        began = merger.get(row.unit_id)
        if began is not None and row.decision.effective < began <= on:
            continue  # before the merger: not this unit's standing since
        key = (row.unit_id, row.tier)
        current = held.get(key)
        if current is None or (row.decision.effective, row.pk) > (
            current.decision.effective,
            current.pk,
        ):
            held[key] = row
    return held


def in_force_for(unit: Unit, on: date | None = None) -> list[Recognition]:
    """The entries by which `unit` holds a tier on `on`, in the order of the tiers."""
    held = standing([unit.pk], on)
    for row in held.values():
        row.unit = unit
    order = list(Tier.values)
    return sorted(held.values(), key=lambda r: order.index(r.tier))


@dataclass
class PredecessorStanding:
    unit: Unit
    held: list[Recognition]  # the tiers it held the day before the merger


def predecessors_at_merger(unit: Unit) -> list[PredecessorStanding]:
    """The units `unit` was formed from, each with the tiers it held on the eve of the
    merger (shown on the merged unit's page; they do not make it recognised)."""
    predecessors = list(unit.merged_from.order_by("name"))
    if not predecessors:
        return []
    began = merger_day(unit)
    eve = (began - timedelta(days=1)) if began else None
    held = standing([p.pk for p in predecessors], eve) if eve else {}
    order = list(Tier.values)
    return [
        PredecessorStanding(
            p,
            sorted(
                (r for (uid, _), r in held.items() if uid == p.pk),
                key=lambda r: order.index(r.tier),
            ),
        )
        for p in predecessors
    ]


@dataclass
class LackingRow:
    unit: Unit
    predecessors: list[PredecessorStanding]
    held: list[Recognition]  # its own entries in force
    lacking: list[str]  # tiers it or a predecessor held before the merger, not held since
    # its own tiers on the eve of its last merger: a commune that took neighbours in
    before: list[Recognition] = field(default_factory=list)

    @property
    def lacking_labels(self) -> list[str]:
        return [Tier(t).label for t in self.lacking]


def merged_communes(scope: QuerySet[Unit], on: date | None = None) -> list[LackingRow]:
    """The merged communes in `scope` that exist on `on`, each with its predecessors' tiers
    at the merger, its own tiers and the tiers it lacks: held on the eve of the merger by a
    predecessor or by the commune itself (one that took a neighbour in), not held since."""
    on = on or timezone.localdate()
    communes = list(
        scope.filter(kind=Unit.Kind.COMMUNE, merged_from__isnull=False)
        .exclude(valid_to__lte=on)
        .exclude(valid_from__gt=on)
        .distinct()
        .select_related("province", "parent")
        .prefetch_related(Prefetch("merged_from", queryset=Unit.objects.order_by("name")))
        .order_by("province__name", "name")
    )
    own = standing([c.pk for c in communes], on)
    merged_on = merger_days([c.pk for c in communes])
    rows = []
    # the predecessors' standings, one read per merger day
    by_eve: dict[date, set[int]] = defaultdict(set)
    for c in communes:
        if c.pk in merged_on:
            eve = merged_on[c.pk] - timedelta(days=1)
            by_eve[eve].update(p.pk for p in c.merged_from.all())
            by_eve[eve].add(c.pk)  # an existing commune that took others in: its own tiers
    order = list(Tier.values)
    before: dict[tuple[date, int], list[Recognition]] = defaultdict(list)
    for eve, ids in by_eve.items():
        for (uid, _), row in standing(ids, eve).items():
            before[(eve, uid)].append(row)
    mine_by_unit: dict[int, list[Recognition]] = defaultdict(list)
    for (uid, _), row in own.items():
        mine_by_unit[uid].append(row)
    for c in communes:
        eve = merged_on[c.pk] - timedelta(days=1) if c.pk in merged_on else None
        preds = [
            PredecessorStanding(
                p, sorted(before.get((eve, p.pk), []), key=lambda r: order.index(r.tier))
            )
            for p in c.merged_from.all()
        ]
        mine = sorted(mine_by_unit.get(c.pk, []), key=lambda r: order.index(r.tier))
        for row in mine:
            row.unit = c
        own_before = sorted(before.get((eve, c.pk), []), key=lambda r: order.index(r.tier))
        wanted = {r.tier for p in preds for r in p.held} | {r.tier for r in own_before}
        lacking = sorted(wanted - covered({r.tier for r in mine}), key=order.index)
        rows.append(LackingRow(c, preds, mine, lacking, own_before))
    return rows


def covered(tiers: set[str]) -> set[str]:
    """The tiers a unit holding `tiers` needs no other decision for: each commune tier covers
    those below it (a commune recognised nâng cao after a merger need not be re-recognised
    xã NTM – the practice of the provinces, reference cong-nhan-ntm.md §8)."""
    held = set(tiers)
    ranks = [COMMUNE_TIERS.index(t) for t in held if t in COMMUNE_TIERS]
    if ranks:
        held.update(COMMUNE_TIERS[: max(ranks) + 1])
    return held


def lacking_rerecognition(scope: QuerySet[Unit], on: date | None = None) -> list[LackingRow]:
    """Merged communes without a decision of their own after the merger (no tier in force),
    with their predecessors' tiers: the list a province works through."""
    return [row for row in merged_communes(scope, on) if not row.held]


# --- tier figures ---------------------------------------------------------------------------


@dataclass
class AtRisk:
    unit: Unit
    entry: Recognition
    assessment: Assessment
    lost: list  # criteria.Criterion verified as not met ("chưa đạt")
    # criteria the verified result leaves unassessed: not counted as lost, shown as lacking data
    unassessed: list = field(default_factory=list)

    @property
    def share(self) -> Decimal:
        if not self.assessment.criteria_count:
            return Decimal(0)
        share = Decimal(len(self.lost) * 100) / self.assessment.criteria_count
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def named_lost(self) -> list:
        return [c for c in self.lost if fold(c.name) in _NAMED]

    @property
    def revocation_case(self) -> bool:
        """Whether the verified result falls in a revocation case of QĐ 18 (REVOCATION_RULE)."""
        share = Decimal(len(self.lost) * 100) / max(self.assessment.criteria_count, 1)
        return share >= 50 or (share >= 30 and bool(self.named_lost))

    @property
    def lost_text(self) -> str:
        return ", ".join(str(c.number) for c in self.lost)

    @property
    def unassessed_text(self) -> str:
        if not self.unassessed:
            return ""
        numbers = ", ".join(str(c.number) for c in self.unassessed)
        return f"tiêu chí {numbers} chưa đủ dữ liệu (chưa đánh giá)"


@dataclass
class TierFigure:
    tier: str
    recognised: list[Recognition] = field(default_factory=list)
    eligible: list[Assessment] = field(default_factory=list)
    at_risk: list[AtRisk] = field(default_factory=list)
    lacking: list[Unit] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Tier(self.tier).label

    @property
    def noun(self) -> str:
        return TIER_NOUNS[self.tier]

    @property
    def empty(self) -> bool:
        return not (self.recognised or self.eligible or self.at_risk or self.lacking)


def _verified(commune_ids, year: int) -> dict[tuple[int, str], list[Assessment]]:
    """{(commune id, tier): its verified results up to `year` on sets of that tier's level,
    newest first}, with the few columns the figures read."""
    found = (
        Assessment.objects.filter(
            commune_id__in=commune_ids,
            verified_met_count__isnull=False,
            framework__level__in=COMMUNE_TIERS,
            year__lte=year,
        )
        .select_related("framework")
        .only(
            "commune_id", "year", "criteria_count", "verified_met_count", "indicator_count",
            "verified_indicator_met_count", "framework__name", "framework__short_name",
            "framework__level", "framework__period_start", "framework__period_end",
            "framework__illustrative",
        )
        .order_by("commune_id", "-year", "-pk")
    )  # fmt: skip
    results: dict[tuple[int, str], list[Assessment]] = defaultdict(list)
    for a in found:
        results[(a.commune_id, a.framework.level)].append(a)
    return results


def _judges(result: Assessment, entry: Recognition) -> bool:
    """Whether `result` can put `entry` at risk: a result on the set the entry was judged on,
    on a set of the period of its year, or on a set of QĐ 18's period for an entry from before
    its end. A 2021–2025 recognition is never judged on a 2026–2030 set."""
    if result.framework_id == entry.framework_id:
        return True
    start, end = result.framework.period_start, result.framework.period_end
    if start <= entry.year <= end:
        return True
    return (start, end) == REVOCATION_PERIOD and entry.year <= end


def tier_figures(
    communes: QuerySet[Unit], *, year: int | None = None, on: date | None = None
) -> list[TierFigure]:
    """For each commune tier: recognised, eligible, at risk and lacking re-recognition among
    `communes` on `on` (31/12 of `year`, or today): the communes that exist that day."""
    if on is None:
        today = timezone.localdate()
        on = min(date(year, 12, 31), today) if year else today
    in_force = communes.filter(kind=Unit.Kind.COMMUNE).exclude(valid_to__lte=on)
    units = {u.pk: u for u in in_force.exclude(valid_from__gt=on)}
    ids = list(units)
    held = standing(ids, on)
    results = _verified(ids, on.year)
    verified = {key: found[0] for key, found in results.items()}  # the latest of each
    figures = {tier: TierFigure(tier) for tier in COMMUNE_TIERS}
    held_tiers: dict[int, set[str]] = defaultdict(set)
    risky: list[tuple[str, Recognition, Assessment]] = []
    for (uid, tier), row in held.items():
        held_tiers[uid].add(tier)
        if tier not in figures:
            continue
        row.unit = units[uid]
        figures[tier].recognised.append(row)
        # its latest result on a set it can be judged on
        latest = next((a for a in results.get((uid, tier), ()) if _judges(a, row)), None)
        if (
            latest is not None
            and latest.year >= row.year
            and latest.verified_met_count < latest.criteria_count
        ):
            risky.append((tier, row, latest))
    for (uid, tier), latest in verified.items():
        if (uid, tier) in held or not latest.criteria_count:
            continue
        if latest.verified_met_count < latest.criteria_count:
            continue
        framework = latest.framework
        if not framework.period_start <= on.year <= framework.period_end:
            continue  # a set no longer in force: its result makes no one eligible now
        rank = COMMUNE_TIERS.index(tier)
        if rank and COMMUNE_TIERS[rank - 1] not in covered(held_tiers[uid]):
            continue  # nâng cao is asked for by a commune that is NTM, and so on up
        latest.commune = units[uid]
        figures[tier].eligible.append(latest)
    # lost: verified "chưa đạt"; a criterion left unassessed is no evidence of a loss
    lost, unassessed = defaultdict(list), defaultdict(list)
    if risky:
        for result in (
            CriterionResult.objects.filter(assessment__in=[a for _, _, a in risky])
            .exclude(verified_status=IndicatorStatus.Status.MET)
            .select_related("criterion")
            .order_by("criterion__number")
        ):
            not_met = result.verified_status == IndicatorStatus.Status.NOT_MET
            (lost if not_met else unassessed)[result.assessment_id].append(result.criterion)
    for tier, row, assessment in risky:
        if lost[assessment.pk]:
            figures[tier].at_risk.append(
                AtRisk(
                    units[row.unit_id], row, assessment, lost[assessment.pk],
                    unassessed[assessment.pk],
                )
            )  # fmt: skip
    for row in merged_communes(communes, on):
        for tier in row.lacking:
            if tier in figures:
                figures[tier].lacking.append(row.unit)
    for figure in figures.values():
        figure.recognised.sort(key=lambda r: units[r.unit_id].name)
        figure.eligible.sort(key=lambda a: units[a.commune_id].name)
        figure.at_risk.sort(key=lambda r: r.unit.name)
        figure.lacking.sort(key=lambda u: u.name)
    return [figures[tier] for tier in COMMUNE_TIERS]


def history(unit: Unit) -> QuerySet[RecognitionChange]:
    return (
        RecognitionChange.objects.filter(unit=unit)
        .select_related("actor", "decision")
        .order_by("-at", "-pk")
    )
