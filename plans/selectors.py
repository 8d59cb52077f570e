"""Reads of plans and targets, scoped to the user."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from common.text import fold
from criteria.models import Assessment, Criterion, CriterionResult, Framework, IndicatorStatus
from criteria.selectors import default_framework
from units.access import (
    can_set_targets,
    can_write_legal_library,
    can_write_unit_documents,
    communes_visible_to,
    document_units,
    legal_library_scope,
    units_visible_to,
)
from units.models import Unit, User
from units.selectors import parent_in, placed_below, province_in

from .models import (
    CriterionMeasure,
    LegalDocument,
    PartyTerm,
    PartyTermChange,
    Plan,
    PlanItem,
    RecipientList,
    Signatory,
    Target,
    TargetChange,
    UnitDocumentChange,
)

TARGET_HISTORY_LENGTH = 50
Status = IndicatorStatus.Status


def plans_visible_to(user: User) -> QuerySet[Plan]:
    return Plan.objects.filter(unit__in=units_visible_to(user)).select_related("unit")


def plans_found(
    user: User,
    *,
    tim: str | None = None,
    loai_van_ban: str | None = None,
    thoi_ky: int | None = None,
    trang_thai: str | None = None,
) -> QuerySet[Plan]:
    """The documents the user may read, narrowed by plans.forms.PlanFilterForm, newest first:
    `tim` in the title or the unit's name (the unit's also without diacritics)."""
    plans = plans_visible_to(user)
    if tim:
        plans = plans.filter(
            Q(title__icontains=tim)
            | Q(unit__name__icontains=tim)
            | Q(unit__search_name__icontains=fold(tim))
        )
    if loai_van_ban:
        plans = plans.filter(kind=loai_van_ban)
    if thoi_ky:
        plans = plans.filter(year_start__lte=thoi_ky, year_end__gte=thoi_ky)
    if trang_thai:
        plans = plans.filter(status=trang_thai)
    return plans.order_by("-year_start", "-created_at", "-pk")


def get_plan_for_user(user: User, pk: int, *, for_write: bool = False) -> Plan:
    """A plan of a unit the user may read (else 404); for_write also needs the right to draft
    the unit's documents (else 403)."""
    try:
        plan = plans_visible_to(user).select_related("unit__parent", "unit__province").get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404("Không tìm thấy kế hoạch hoặc bạn không có quyền xem.") from None
    if for_write and not can_write_unit_documents(user, plan.unit):
        raise PermissionDenied("Bạn không có quyền sửa kế hoạch của đơn vị này.")
    return plan


def writable_units(user: User) -> QuerySet[Unit]:
    """Units whose plans the user may draft (units.access.document_units), by kind and name."""
    return document_units(user).order_by("kind", "name")


# --- the targets page -----------------------------------------------------------------------


@dataclass(frozen=True)
class TargetPageRow:
    commune: Unit
    target: Target | None  # with its criteria and set_by
    criteria: list[Criterion]  # the set of its target that year (target_frameworks): its choices


@dataclass(frozen=True)
class TargetHistoryLine:
    at: datetime
    who: str
    commune: str
    text: str  # "Ghi chú: (trống) → Ưu tiên tiêu chí 5; Thời hạn: …"


@dataclass(frozen=True)
class TargetsPage:
    unit: Unit
    year: int
    can_write: bool  # the supervising office of the unit sets its communes' targets
    rows: list[TargetPageRow]
    history: list[TargetHistoryLine]  # newest first, at most TARGET_HISTORY_LENGTH


def target_frameworks(units: Iterable[Unit], year: int) -> dict[int, int | None]:
    """{unit id: id of the set its target of `year` counts on}: the criteria an office may pick
    for it and the set the target is written with. A commune's is the basic-tier set it is
    assessed on that year (its province's own, where it is); else the xã NTM set in force that
    year in its province (criteria.selectors.default_framework, once per province) – in 2026
    the 2026–2030 set, whatever set the commune was on in 2025 –; else its own set. A village
    has none. One query, and the sets of each province the first time."""
    units = [u for u in units if u.kind == Unit.Kind.COMMUNE]
    found: dict[int, int | None] = {}
    for commune_id, framework_id in (
        Assessment.objects.filter(
            commune__in=[u.pk for u in units], year=year, framework__level=Framework.Level.XA_NTM
        )
        .order_by("-pk")
        .values_list("commune_id", "framework_id")
    ):
        found[commune_id] = framework_id  # the first one opened wins
    by_province: dict[int | None, int | None] = {}
    for u in units:
        if u.pk in found:
            continue
        if u.province_id not in by_province:
            framework = default_framework(u, year)
            by_province[u.province_id] = framework.pk if framework else None
        found[u.pk] = by_province[u.province_id] or u.framework_id
    return found


def targets_page(user: User, unit: Unit, year: int) -> TargetsPage:
    """The communes under `unit` in the year (its hierarchy that year) that the user may see
    (communes_visible_to: commune staff see their own commune only, an office the communes it
    covers), their targets for the year and the latest changes; each commune's criteria are
    those of the set its target counts on that year (target_frameworks). Six queries, and the
    sets of each province, whatever the number of communes."""
    communes = list(
        placed_below(unit, Unit.Kind.COMMUNE, year)
        .filter(pk__in=communes_visible_to(user).values("pk"))
        .order_by("name", "pk")
    )
    targets = {
        t.unit_id: t
        for t in Target.objects.filter(unit__in=communes, year=year)
        .select_related("set_by")
        .prefetch_related("criteria")
    }
    frameworks = target_frameworks(communes, year)
    choices: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(
        framework__in={f for f in frameworks.values() if f}
    ).order_by("number"):
        choices.setdefault(criterion.framework_id, []).append(criterion)
    changes = (
        TargetChange.objects.filter(target__in=[t.pk for t in targets.values()])
        .select_related("actor", "target__unit")
        .order_by("-at", "-pk")[:TARGET_HISTORY_LENGTH]
        if targets
        else []
    )
    return TargetsPage(
        unit=unit,
        year=year,
        can_write=can_set_targets(user, unit),
        rows=[
            TargetPageRow(c, targets.get(c.pk), choices.get(frameworks.get(c.pk), []))
            for c in communes
        ],
        history=[
            TargetHistoryLine(
                at=timezone.localtime(change.at),
                who=change.actor.display_name if change.actor else "",
                commune=str(change.target.unit),
                text="; ".join(
                    f"{c['label']}: {c['old'] or '(trống)'} → {c['new'] or '(trống)'}"
                    for c in change.changes
                ),
            )
            for change in changes
        ],
    )


# --- the library of legal bases --------------------------------------------------------------


def legal_documents_visible_to(user: User) -> QuerySet[LegalDocument]:
    return (
        LegalDocument.objects.filter(legal_library_scope(user))
        .select_related("unit__parent")
        .order_by(F("unit__name").asc(nulls_first=True), F("signed_on").desc(nulls_last=True), "pk")
    )


def get_legal_document_for_user(user: User, pk: int, *, for_write: bool = False) -> LegalDocument:
    try:
        document = legal_documents_visible_to(user).get(pk=pk)
    except LegalDocument.DoesNotExist:
        raise Http404("Không tìm thấy văn bản hoặc bạn không có quyền xem.") from None
    if for_write and not can_write_legal_library(user, document.unit):
        raise PermissionDenied("Bạn không được sửa văn bản trong thư viện này.")
    return document


# --- the terms of a unit's cấp ủy (plans.numbering) -------------------------------------------

PARTY_TERM_HISTORY_LENGTH = 50


def get_party_term_for_user(user: User, pk: int, *, for_write: bool = False) -> PartyTerm:
    """A term of a unit the user sees (else 404); `for_write`: of a unit whose documents the
    user drafts (else 403)."""
    try:
        term = PartyTerm.objects.select_related("unit").get(pk=pk, unit__in=units_visible_to(user))
    except PartyTerm.DoesNotExist:
        raise Http404("Không tìm thấy nhiệm kỳ hoặc bạn không có quyền xem.") from None
    if for_write and not can_write_unit_documents(user, term.unit):
        raise PermissionDenied("Chỉ người lập văn bản của đơn vị được sửa nhiệm kỳ cấp ủy.")
    return term


@dataclass(frozen=True)
class TermRow:
    term: PartyTerm
    ends_on: date | None  # the day the next congress closed (None: running)
    documents: int  # issued Party documents numbered in it


def party_terms_of(unit: Unit) -> list[TermRow]:
    """The unit's terms, newest first, each with its last day and the Party documents issued
    in it: the term each was numbered in, else the one its date falls in (two queries)."""
    terms = list(PartyTerm.objects.filter(unit=unit).order_by("-congress_closed_on"))
    issued = Plan.objects.filter(unit=unit, status=Plan.Status.ISSUED, doc_format=Plan.Format.PARTY)
    counts: dict[int, int] = {}
    for day, linked in issued.values_list("issue_date", "party_term"):
        if linked is None:  # issued before its term was recorded: by its date
            linked = next((t.pk for t in terms if day and day > t.congress_closed_on), None)
        if linked is not None:
            counts[linked] = counts.get(linked, 0) + 1
    rows, end = [], None
    for term in terms:  # newest first: each ends where the one after it began
        rows.append(TermRow(term=term, ends_on=end, documents=counts.get(term.pk, 0)))
        end = term.congress_closed_on
    return rows


def party_term_history(unit: Unit):
    return (
        PartyTermChange.objects.filter(term__unit=unit)
        .select_related("actor", "term")
        .order_by("-at", "-pk")[:PARTY_TERM_HISTORY_LENGTH]
    )


def legal_documents_for_plan(plan: Plan) -> QuerySet[LegalDocument]:
    """What a plan may cite from the libraries: the national texts, the plan's unit's and
    those of the units above it – in the plan's year (a 2024 plan: its district, abolished
    since, and the province of 2024) and today."""
    then = [parent_in(plan.unit, plan.year_start), province_in(plan.unit, plan.year_start)]
    units = {plan.unit_id, plan.unit.parent_id, plan.unit.province_id} | {
        u.pk for u in then if u is not None
    }
    units -= {None}
    return (
        LegalDocument.objects.filter(Q(unit__isnull=True) | Q(unit__in=units))
        .select_related("unit")
        .order_by(F("unit__name").asc(nulls_first=True), F("signed_on").desc(nulls_last=True), "pk")
    )


@dataclass(frozen=True)
class SignerChoice:
    key: str  # "s<pk>": a signatory kept for the unit; "u<pk>": a user with a role there
    name: str
    position: str

    @property
    def label(self) -> str:
        return (self.name or "(không ghi tên)") + (f" – {self.position}" if self.position else "")


def signers_for(plan: Plan) -> list[SignerChoice]:
    """Who may be named as the signer, by name: the people the unit keeps as its signatories
    (plans.models.Signatory, in office), then the people with a role at the unit."""
    kept = [
        SignerChoice(f"s{s.pk}", s.full_name, s.position)
        for s in Signatory.objects.filter(unit=plan.unit_id, active=True)
    ]
    users = (
        User.objects.filter(roles__unit=plan.unit_id, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )
    named = {c.name for c in kept if c.name}
    people = [
        SignerChoice(f"u{u.pk}", u.full_name or u.get_full_name() or u.username, u.position)
        for u in users
    ]
    return kept + [c for c in people if c.name not in named]  # a person once, as kept


# --- targets and measures per criterion (mục tiêu, giải pháp) -------------------------------


@dataclass
class MeasureLine:
    criterion: Criterion
    met: bool | None  # the criterion's self-assessed result that year (None: not assessed)
    measure: CriterionMeasure | None
    carried: CriterionMeasure | None  # last year's, offered as a starting point


@dataclass
class MeasuresPage:
    commune: Unit
    year: int
    framework: object
    lines: list[MeasureLine]
    can_write: bool


def measures_page(user: User, commune: Unit, year: int) -> MeasuresPage:
    """A commune's targets and measures of a year, one line per criterion of its set (unmet
    ones first), with last year's text offered where this year has none. Five queries."""
    assessment = (
        Assessment.objects.filter(commune=commune, year=year)
        .select_related("framework")
        .order_by(F("framework_id").desc(nulls_last=True))
        .first()
    )
    framework = assessment.framework if assessment else commune.framework
    lines: list[MeasureLine] = []
    if framework is not None:
        results = {}
        if assessment is not None:
            results = dict(
                CriterionResult.objects.filter(assessment=assessment).values_list(
                    "criterion_id", "status"
                )
            )
        mine = {
            m.criterion_id: m
            for m in CriterionMeasure.objects.filter(unit=commune, year=year).select_related(
                "updated_by"
            )
        }
        last = {
            m.criterion_id: m for m in CriterionMeasure.objects.filter(unit=commune, year=year - 1)
        }
        for criterion in Criterion.objects.filter(framework=framework).order_by("number"):
            status = results.get(criterion.pk)
            met = None if status in (None, "", Status.NOT_ASSESSED) else status == Status.MET
            lines.append(
                MeasureLine(
                    criterion,
                    met,
                    mine.get(criterion.pk),
                    None if criterion.pk in mine else last.get(criterion.pk),
                )
            )
        lines.sort(key=lambda line: (line.met is not False, line.criterion.number))
    return MeasuresPage(commune, year, framework, lines, can_write_unit_documents(user, commune))


# --- what every document of a unit carries: measures, duties, recipients, signatories --------

_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[a-zđ])[.)]\s+", re.IGNORECASE)
IMPLEMENTATION = "TỔ CHỨC THỰC HIỆN"


def is_purposes_heading(heading: str) -> bool:
    """«I. MỤC ĐÍCH, YÊU CẦU», «I. Mục đích, yêu cầu:» – the part the unit's purposes fill."""
    return "MỤC ĐÍCH" in heading.upper()


def is_implementation_heading(heading: str) -> bool:
    """«III. TỔ CHỨC THỰC HIỆN», «V. Tổ chức thực hiện:» – the part duties of bodies fill."""
    return IMPLEMENTATION in heading.upper()


def duties_in_plan(plan: Plan) -> list[tuple[str, str]]:
    """(body, duties) of the plan's «Tổ chức thực hiện» part as it was written: a numbered
    heading is a body with its text; numbered paragraphs without one are duties on their own."""
    found, inside = [], False
    for section in plan.sections.all():
        if section.level == section.Level.MUC:
            inside = is_implementation_heading(section.heading)
            continue
        if not inside:
            continue
        if section.heading:
            body = _NUMBERED.sub("", section.heading).strip().rstrip(":").strip()
            found.append((body, section.body.strip()))
            continue
        item: list[str] = []
        for line in section.body.splitlines():
            if _NUMBERED.match(line) and item:
                found.append(("", "\n".join(item)))
                item = []
            if line.strip():
                item.append(_NUMBERED.sub("", line, count=1).strip() if not item else line.strip())
        if item:
            found.append(("", "\n".join(item)))
    return [(body, duties) for body, duties in found if body or duties]


def latest_plan(unit: Unit, year: int, *, kind: str = "") -> Plan | None:
    """The unit's latest plan (of the kind, when given) from a year before `year`, issued
    ones first: where a new draft takes what was written last time."""
    plans = Plan.objects.filter(unit=unit, year_start__lt=year)
    if kind:
        plans = plans.filter(kind=kind)
    return plans.order_by("-year_start", F("issued_at").desc(nulls_last=True), "-pk").first()


@dataclass
class Items:
    rows: list[tuple[str, str]]  # (heading, text) in order
    source: str  # "" when the year's own; else where they were carried from


def items_for(unit: Unit, year: int, part: str) -> Items:
    """A unit's items of one part for the year: the year's own; else the latest earlier year's;
    else, for a unit formed by a merger, its predecessors' (the one that wrote the part
    latest); for the duties of bodies, else those the unit's latest earlier plan wrote (the
    starting point)."""
    mine = PlanItem.objects.filter(unit=unit, part=part)
    own = list(mine.filter(year=year).values_list("heading", "text"))
    if own:
        return Items(own, "")
    last_year = mine.filter(year__lt=year).order_by("-year").values_list("year", flat=True).first()
    if last_year is not None:
        rows = mine.filter(year=last_year).values_list("heading", "text")
        return Items(list(rows), f"năm {last_year}")
    # a merged commune's officials start from what a predecessor kept (a merger carries none
    # of it over by itself): its latest year up to this one, the first by name on a tie
    theirs = PlanItem.objects.filter(unit__in=unit.merged_from.all(), part=part, year__lte=year)
    latest = theirs.order_by("-year", "unit__name", "unit_id").select_related("unit").first()
    if latest is not None:
        rows = theirs.filter(unit_id=latest.unit_id, year=latest.year)
        source = (
            f"{latest.unit.prefix.lower()} {latest.unit.name} (trước sắp xếp) năm {latest.year}"
        )
        return Items(list(rows.values_list("heading", "text")), source)
    if part != PlanItem.Part.DUTIES:
        return Items([], "")
    plan = latest_plan(unit, year)
    rows = duties_in_plan(plan) if plan else []
    source = ""
    if rows and plan.number:
        source = f"{plan.type_label} số {plan.number_text()} năm {plan.period_text}"
    elif rows:
        source = f"dự thảo {plan.type_label.lower()} năm {plan.period_text}"
    return Items(rows, source)


def signatory_for(unit: Unit, issuer: str) -> Signatory | None:
    """Who signs the unit's documents of `issuer` by default: the first one in office."""
    return Signatory.objects.filter(unit=unit, issuer=issuer, active=True).first()


def recipients_for(unit: Unit, issuer: str) -> list[str]:
    """The unit's own «Nơi nhận» for documents of `issuer` ([] when it keeps none)."""
    kept = RecipientList.objects.filter(unit=unit, issuer=issuer).first()
    return kept.lines() if kept else []


@dataclass
class DefaultsPage:
    unit: Unit
    year: int
    items: dict[str, list[PlanItem]]  # the year's, by part
    carried: dict[str, Items]  # by part, offered when the year has none
    recipient_lists: list[tuple[str, str, RecipientList | None]]  # issuer, label, list
    signatories: list[Signatory]
    history: list[UnitDocumentChange]
    can_write: bool


DEFAULTS_HISTORY_LENGTH = 30
# the page's name, as links and the drafts' warnings call it
DEFAULTS_PAGE_NAME = "Giải pháp, tổ chức thực hiện, nơi nhận, người ký"


def defaults_page(user: User, unit: Unit, year: int) -> DefaultsPage:
    """A unit's purposes, targets, measures and duties of bodies for the year, its recipients
    lists and people who sign, with the latest changes. Five to thirteen queries."""
    items: dict[str, list[PlanItem]] = {part: [] for part in PlanItem.Part.values}
    for item in PlanItem.objects.filter(unit=unit, year=year).select_related("updated_by"):
        items[item.part].append(item)
    kept = {
        r.issuer: r for r in RecipientList.objects.filter(unit=unit).select_related("updated_by")
    }
    by = Plan.Issuer
    issuers = (
        (by.UBND, by.DANG_UY, by.BCD)
        if unit.kind == Unit.Kind.COMMUNE
        else (by.UBND, by.HUYEN_UY, by.BCD, by.VPDP)
    )
    return DefaultsPage(
        unit=unit,
        year=year,
        items=items,
        carried={
            part: Items([], "") if mine else items_for(unit, year, part)
            for part, mine in items.items()
        },
        recipient_lists=[(i.value, i.label, kept.get(i.value)) for i in issuers],
        signatories=list(Signatory.objects.filter(unit=unit)),
        history=list(
            UnitDocumentChange.objects.filter(unit=unit).select_related("actor")[
                :DEFAULTS_HISTORY_LENGTH
            ]
        ),
        can_write=can_write_unit_documents(user, unit),
    )
