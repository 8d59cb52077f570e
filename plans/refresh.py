"""“Cập nhật số liệu”: bring a draft's sections up to date with the data, section by section,
without touching what the official wrote.

A draft keeps the sections as the data wrote them (`Plan.drafted_sections`). Drafting again
gives the data's sections now. A section is matched to the plan's by its heading (the n-th
section with a heading matches the n-th with the same heading); for each one the data now
writes differently:

- the official has not changed it (it still reads as the data wrote it): offered, ticked;
- the official has changed it: offered with both texts side by side, not ticked – applying
  it replaces their text, so they choose;
- the plan has no section with that heading (a criterion newly unmet, say): offered to add,
  after the section it follows in the data.

A section the data no longer writes is listed and kept. Applying takes only the sections
ticked, and only if the data still says what the page showed (a fingerprint of each text):
otherwise nothing is written and the page shows the new state. One transaction, the plan's
version checked, a PlanEvent saying which sections changed.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from assignments.models import TaskChange
from criteria.models import StatusChange
from units.models import Unit
from units.selectors import as_in, below

from .models import (
    CriterionMeasureChange,
    Plan,
    PlanEvent,
    PlanSection,
    Target,
    UnitDocumentChange,
)
from .services import _event_detail, draft_for

ADDED, DATA, EDITED = "added", "data", "edited"


@dataclass
class SectionChange:
    key: str  # "<index in the new draft>:<fingerprint of its text>"
    kind: str  # ADDED, DATA (the official left it as drafted) or EDITED (they changed it)
    heading: str
    level: str
    new_body: str
    current_body: str = ""  # what the plan says now ("" for ADDED)
    section_id: int | None = None  # the plan's section it replaces
    after_id: int | None = None  # ADDED: the plan's section it follows (None: at the start)
    retitle: bool = False  # the plan's heading is the data's old one: it takes the new one

    @property
    def ticked(self) -> bool:
        return self.kind != EDITED


@dataclass
class Refresh:
    changes: list[SectionChange] = field(default_factory=list)
    gone: list[PlanSection] = field(default_factory=list)  # sections the data no longer writes
    drafted: list[dict] = field(default_factory=list)  # the data's sections now
    warnings: list[str] = field(default_factory=list)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*)\.\s*")


def _keyed(rows) -> list[tuple[tuple[str, int], object]]:
    """[((heading, occurrence), row)]: the n-th row with a heading is (heading, n), the heading
    without its numbering ("4.7. Tiêu chí 17" is "Tiêu chí 17" when 4.6 drops out)."""
    seen: dict[str, int] = {}
    keyed = []
    for row in rows:
        heading = NUMBERING.sub("", row["heading"] if isinstance(row, dict) else row.heading)
        n = seen[heading] = seen.get(heading, -1) + 1
        keyed.append(((heading, n), row))
    return keyed


def compare(plan: Plan) -> Refresh:
    """What "Cập nhật số liệu" would change in the draft now (nothing is written)."""
    unit = as_in(plan.unit, plan.year_start)  # named as in its year, as when it was drafted
    draft = draft_for(unit, plan.kind, plan.year_start, plan.year_end, tier=plan.tier)
    new = [{"heading": s.heading, "body": s.body, "level": s.level} for s in draft.sections]
    current = dict(_keyed(list(plan.sections.all())))
    drafted = dict(_keyed(plan.drafted_sections or []))
    refresh = Refresh(drafted=new, warnings=list(draft.warnings))
    previous_id = None
    matched = set()
    for index, (key, row) in enumerate(_keyed(new)):
        body = row["body"]
        change_key = f"{index}:{fingerprint(body)}"
        section = current.get(key)
        if section is None:
            refresh.changes.append(
                SectionChange(
                    change_key, ADDED, row["heading"], row["level"], body, after_id=previous_id
                )
            )
            continue
        matched.add(key)
        previous_id = section.pk
        if section.body == body:
            continue
        was = drafted.get(key)
        if was is not None and was["body"] == body:
            continue  # the data says what it said: the difference is the official's own text
        kind = DATA if was is not None and section.body == was["body"] else EDITED
        refresh.changes.append(
            SectionChange(
                change_key,
                kind,
                row["heading"],
                row["level"],
                body,
                current_body=section.body,
                section_id=section.pk,
                retitle=was is not None and section.heading == was["heading"] != row["heading"],
            )
        )
    refresh.gone = [
        s for key, s in current.items() if key not in matched and key in drafted and s.heading
    ]
    return refresh


STALE = (
    "Số liệu vừa thay đổi thêm từ lúc bạn mở trang này: chưa cập nhật gì. Xem lại các thay đổi "
    "dưới đây rồi chọn lại."
)


@transaction.atomic
def apply(*, plan: Plan, actor, version: int, keys: list[str]) -> list[SectionChange]:
    """Apply the ticked sections (their keys, as the page showed them). Refused, with nothing
    written, when the plan or the data changed since the page was shown."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.is_frozen:
        raise ValidationError("Kế hoạch đã ban hành không cập nhật được; hãy tạo bản sửa đổi.")
    if locked.version != version:
        raise ValidationError(
            "Kế hoạch vừa được sửa từ lúc bạn mở trang này: chưa cập nhật gì. Mở lại trang "
            "“Cập nhật số liệu”."
        )
    if not keys:
        raise ValidationError("Chưa chọn mục nào để cập nhật.")
    refresh = compare(locked)
    by_key = {c.key: c for c in refresh.changes}
    if any(k not in by_key for k in keys):
        raise ValidationError(STALE)
    chosen = [by_key[k] for k in keys]
    sections = list(locked.sections.all())
    for change in chosen:
        if change.section_id is not None:
            fields = {"body": change.new_body}
            if change.retitle:
                fields["heading"] = change.heading
            PlanSection.objects.filter(pk=change.section_id).update(**fields)
    added = [c for c in chosen if c.kind == ADDED]
    if added:
        _insert(locked, sections, added)
    _renumber(locked, refresh)
    drafted = _drafted_after(locked, refresh, chosen)
    Plan.objects.filter(pk=locked.pk).update(
        drafted_sections=drafted,
        drafted_from_data_at=timezone.now(),
        version=F("version") + 1,
        updated_by=actor,
        updated_at=timezone.now(),
    )
    words = [
        f"{'thêm' if c.kind == ADDED else 'cập nhật'} “{c.heading or '(đoạn)'}”" for c in chosen
    ]
    PlanEvent.objects.create(
        plan=locked,
        actor=actor,
        action=PlanEvent.Action.REFRESHED,
        detail=_event_detail("; ".join(words)),
    )
    return chosen


def _drafted_after(plan: Plan, refresh: Refresh, chosen: list[SectionChange]) -> list[dict]:
    """The data's text of each section after applying: the new text where it was applied or
    where nothing was offered (the data's text is the plan's, or unchanged); the text it was
    drafted from where a change was offered and left (the next "Cập nhật số liệu" offers it
    again)."""
    offered = {int(c.key.split(":")[0]) for c in refresh.changes}
    taken = {int(c.key.split(":")[0]) for c in chosen}
    old = dict(_keyed(plan.drafted_sections or []))
    drafted = []
    for index, (key, row) in enumerate(_keyed(refresh.drafted)):
        if index in taken or index not in offered:
            drafted.append({"heading": row["heading"], "body": row["body"]})
        elif key in old:
            drafted.append({"heading": row["heading"], "body": old[key]["body"]})
    return drafted


def _renumber(plan: Plan, refresh: Refresh) -> None:
    """Headings the official left as drafted take the data's numbering now ("4.1." becomes
    "4.2." once a criterion is added before it); a heading they wrote stays."""
    drafted = dict(_keyed(plan.drafted_sections or []))
    new = dict(_keyed(refresh.drafted))
    for key, section in _keyed(list(plan.sections.all())):
        was, now = drafted.get(key), new.get(key)
        if was and now and section.heading == was["heading"] != now["heading"]:
            PlanSection.objects.filter(pk=section.pk).update(heading=now["heading"])


def _insert(plan: Plan, sections: list[PlanSection], added: list[SectionChange]) -> None:
    """Put the new sections after the section they follow in the data; the order renumbered."""
    after: dict[int | None, list[SectionChange]] = {}
    for change in added:
        after.setdefault(change.after_id, []).append(change)

    def new(changes):
        return [
            PlanSection(plan=plan, level=c.level, heading=c.heading, body=c.new_body)
            for c in changes
        ]

    ordered = new(after.get(None, []))
    for section in sections:
        ordered.append(section)
        ordered += new(after.get(section.pk, []))
    for i, section in enumerate(ordered):
        section.order = i
    PlanSection.objects.bulk_create([s for s in ordered if s.pk is None])
    PlanSection.objects.bulk_update([s for s in ordered if s.pk is not None], ["order"])


def data_changed_since(plan: Plan) -> bool:
    """Whether the figures a draft drew on changed after it was drafted: an indicator of the
    unit or of a unit below it, a yearly target – of the plan's years or before, never of a
    later year (a 2026 figure is not what a 2023 plan drew on) –, a task, a criterion's
    measures, the unit's duties of bodies. Five indexed EXISTS at most; False for an issued
    plan or one not drafted from data."""
    since = plan.drafted_from_data_at
    if since is None or plan.is_frozen:
        return False
    units = Unit.objects.filter(Q(pk=plan.unit_id) | below(plan.unit))
    units = units.values("pk")
    return (
        StatusChange.objects.filter(
            at__gt=since,
            status__assessment__commune__in=units,
            status__assessment__year__lte=plan.year_end,
        ).exists()
        or Target.objects.filter(
            updated_at__gt=since, unit__in=units, year__lte=plan.year_end
        ).exists()
        or TaskChange.objects.filter(at__gt=since, task__unit__in=units).exists()
        or CriterionMeasureChange.objects.filter(at__gt=since, measure__unit__in=units).exists()
        or UnitDocumentChange.objects.filter(
            unit=plan.unit_id, subject=UnitDocumentChange.Subject.DUTIES, at__gt=since
        ).exists()
    )
