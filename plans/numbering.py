"""How documents are numbered (ô 3, «Số, ký hiệu»). A State document's number is given once
a calendar year by its unit for its symbol (Decree 30/2020/NĐ-CP). A Party document's – a cấp
ủy's, or a steering committee's it set up – runs from 01 for each type within a term of the
cấp ủy (Hướng dẫn 36-HD/VPTW), whatever the year.

The terms are data (`PartyTerm`: the day the congress closed, recorded by those who draft
the unit's documents, each entry and correction on record). `plans.services.plan_issue` asks
here which issued document a number clashes with; the plan's page asks which number comes
next."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from common.text import nfc
from units.models import Unit, User

from . import records
from .models import PartyTerm, PartyTermChange, Plan, PlanEvent

# the Communist Party of Vietnam was founded on 03/02/1930: no congress of its bodies closed
# before; a bound against a mistyped year, not a fact the app relies on
EARLIEST_CONGRESS = datetime.date(1930, 2, 3)
TERM_FIELDS = {"congress_closed_on": "Ngày bế mạc đại hội", "name": "Đại hội"}


def term_on(unit_id: int, day: datetime.date) -> PartyTerm | None:
    """The term of the unit's cấp ủy that `day` falls in: the last congress closed before it
    (the closing day itself ends the term before: HD 36)."""
    return (
        PartyTerm.objects.filter(unit=unit_id, congress_closed_on__lt=day)
        .order_by("-congress_closed_on")
        .first()
    )


def term_end(term: PartyTerm) -> datetime.date | None:
    """The last day of the term: the day the next congress closed (None: still running)."""
    return (
        PartyTerm.objects.filter(unit=term.unit_id, congress_closed_on__gt=term.congress_closed_on)
        .order_by("congress_closed_on")
        .values_list("congress_closed_on", flat=True)
        .first()
    )


def term_text(term: PartyTerm, end: datetime.date | None) -> str:
    """ "Đại hội … nhiệm kỳ 2020–2025 (từ 22/07/2020)" – the name, the first day and the last
    (`end`: term_end)."""
    until = f" đến {end:%d/%m/%Y}" if end else ""
    return f"{term.name} (từ {term.starts_on:%d/%m/%Y}{until})"


def _in_term(term: PartyTerm, end: datetime.date | None) -> Q:
    """Issued Party documents numbered in the term (ending on `end`): those it was given when
    issued, and those whose date falls in it (issued before the term was recorded, or under
    another record)."""
    dated = Q(issue_date__gt=term.congress_closed_on)
    if end:
        dated &= Q(issue_date__lte=end)
    return Q(party_term=term) | dated


def _issued_with_symbol(plan: Plan):
    return Plan.objects.filter(
        unit=plan.unit_id, symbol=plan.symbol, status=Plan.Status.ISSUED
    ).exclude(pk=plan.pk)


def _series(plan: Plan, day: datetime.date, term: PartyTerm | None, end=None):
    """The issued documents whose numbers `plan` shares a series with (a Party document's:
    in `term`, ending on `end`)."""
    same = _issued_with_symbol(plan)
    if plan.party_format:
        return same.filter(doc_format=Plan.Format.PARTY).filter(_in_term(term, end))
    return same.exclude(doc_format=Plan.Format.PARTY).filter(issue_date__year=day.year)


def no_term_error(plan: Plan, day: datetime.date) -> ValidationError:
    return ValidationError(
        f"Văn bản của Đảng đánh số theo nhiệm kỳ cấp ủy (Hướng dẫn 36-HD/VPTW), nhưng "
        f"{plan.unit} chưa có nhiệm kỳ nào bắt đầu trước ngày {day:%d/%m/%Y}. Ghi ngày bế "
        "mạc đại hội ở trang «Nhiệm kỳ cấp ủy» (Kế hoạch → Nhiệm kỳ cấp ủy) rồi ban hành."
    )


def issued_clash(plan: Plan, term: PartyTerm | None = None) -> Plan | None:
    """The issued document that already carries this plan's number in its series: the same
    unit and symbol, in the same year (State) or term (Party: `term`, the one the plan's date
    falls in)."""
    if plan.party_format and term is None:
        return None
    end = term_end(term) if term is not None else None
    return _series(plan, plan.issue_date, term, end).filter(number=plan.number).first()


def number_used(plan: Plan, clash: Plan | None, term: PartyTerm | None = None) -> ValidationError:
    where = f"trong nhiệm kỳ {term.name}" if plan.party_format and term else ""
    where = where or f"năm {plan.issue_date.year}"
    if clash is None:
        return ValidationError(f"Số {plan.number_text()} {where} đã dùng. Chọn số khác.")
    return ValidationError(
        f"Số {plan.number_text()} {where} đã dùng cho {clash.type_label.lower()} "
        f"“{clash.title[:80]}” ban hành ngày {clash.issue_date:%d/%m/%Y}. Chọn số khác."
    )


@dataclass(frozen=True)
class Series:
    """What the page says of a draft's number: the series it is in, the numbers used, the
    next one. `missing_term`: a Party document whose unit has no term recorded for its date."""

    label: str
    used: list[int]
    missing_term: bool = False

    @property
    def next_number(self) -> int:
        return max(self.used, default=0) + 1

    @property
    def text(self) -> str:
        """ "Trong năm 2024: đã dùng số 01–03, 05; số tiếp theo 06." (a term's series alike)."""
        if self.missing_term:
            return "Văn bản của Đảng đánh số theo nhiệm kỳ cấp ủy: chưa ghi nhiệm kỳ của đơn vị."
        if not self.used:
            return f"Trong {self.label}: chưa dùng số nào; số đầu tiên 01."
        return (
            f"Trong {self.label}: đã dùng số {self.used_text}; số tiếp theo {self.next_number:02d}."
        )

    @property
    def used_text(self) -> str:
        """ "01–07, 09" – the numbers used, runs joined."""
        runs, numbers = [], sorted(set(self.used))
        for n in numbers:
            if runs and n == runs[-1][1] + 1:
                runs[-1][1] = n
            else:
                runs.append([n, n])
        return ", ".join(f"{a:02d}" if a == b else f"{a:02d}–{b:02d}" for a, b in runs)


def series_of(plan: Plan) -> Series:
    """The series of a draft, on its issue date (today when none is typed yet)."""
    day = plan.issue_date or timezone.localdate()
    if plan.party_format:
        term = term_on(plan.unit_id, day)
        if term is None:
            return Series(label="", used=[], missing_term=True)
        end = term_end(term)
        label = f"nhiệm kỳ {term_text(term, end)}"
    else:
        term, end, label = None, None, f"năm {day.year}"
    used = [n for n in _series(plan, day, term, end).values_list("number", flat=True) if n]
    return Series(label=label, used=used)


@transaction.atomic
def party_term_save(
    *,
    actor: User,
    unit: Unit,
    congress_closed_on: datetime.date,
    name: str,
    term: PartyTerm | None = None,
    version: int | None = None,
) -> PartyTerm:
    """Record a term of the unit's cấp ủy, or correct one (from a page showing `version`),
    with a history row of what changed. Refused in Vietnamese, nothing written: a congress
    not yet closed (a date after today) or before 1930, a second term after the same
    congress, a name missing or too long, a stale page.

    The unit's issued Party documents then belong to the term their date falls in
    (`_relink`, each move on the document's record); a record that would put one number twice
    in a term is refused. Saves of one unit's terms and issues take turns (its row locked)."""
    Unit.objects.select_for_update().only("pk").get(pk=unit.pk)
    name = " ".join(nfc(name).split())
    errors = {}
    limit = PartyTerm._meta.get_field("name").max_length
    if not name:
        errors["name"] = "Ghi tên đại hội, ví dụ: Đại hội đại biểu Đảng bộ xã … nhiệm kỳ 2020–2025."
    elif len(name) > limit:
        errors["name"] = f"Tên đại hội dài {len(name)} ký tự, quá {limit}."
    if congress_closed_on > timezone.localdate():
        errors["congress_closed_on"] = (
            f"Ngày {congress_closed_on:%d/%m/%Y} chưa đến: ghi nhiệm kỳ khi đại hội đã bế mạc."
        )
    elif congress_closed_on < EARLIEST_CONGRESS:
        errors["congress_closed_on"] = "Ngày bế mạc đại hội không trước năm 1930."
    same = PartyTerm.objects.filter(unit=unit, congress_closed_on=congress_closed_on)
    if term is not None:
        same = same.exclude(pk=term.pk)
    if "congress_closed_on" not in errors and same.exists():
        errors["congress_closed_on"] = (
            f"{unit} đã có nhiệm kỳ sau đại hội bế mạc ngày {congress_closed_on:%d/%m/%Y}."
        )
    if errors:
        raise ValidationError(errors)
    values = {"congress_closed_on": congress_closed_on, "name": name}
    now = timezone.now()
    try:  # the same congress recorded a moment ago by someone else
        term, changes, created = records.write(
            PartyTerm,
            term,
            version=version,
            values=values,
            labels=TERM_FIELDS,
            stale="Nhiệm kỳ này vừa được người khác sửa: chưa lưu gì. Mở lại trang để xem bản mới.",
            now=now,
            unit=unit,
            created_by=actor,
        )
    except IntegrityError:
        raise ValidationError(
            {"congress_closed_on": f"{unit} vừa được ghi nhiệm kỳ sau đại hội ngày này."}
        ) from None
    if not changes:
        return term
    action = PartyTermChange.Action.CREATED if created else PartyTermChange.Action.EDITED
    PartyTermChange.objects.create(term=term, actor=actor, at=now, action=action, changes=changes)
    _relink(unit, actor, now)
    return term


def _relink(unit: Unit, actor: User | None, now) -> None:
    """Each issued Party document of the unit in the term its date falls in, now that the
    terms changed (a later congress recorded after a document of its term was issued, a
    congress date corrected); each move is an event of the document. Refused – nothing
    written – when a number would then be used twice in a term."""
    terms = list(PartyTerm.objects.filter(unit=unit).order_by("-congress_closed_on"))

    def term_of(day):
        return next((t for t in terms if t.congress_closed_on < day), None)

    issued = list(
        Plan.objects.select_for_update(of=("self",))  # not the outer-joined term's row
        .filter(unit=unit, status=Plan.Status.ISSUED, doc_format=Plan.Format.PARTY)
        .exclude(issue_date=None)
        .select_related("party_term")
        .order_by("issue_date", "pk")
    )
    final = {p.pk: term_of(p.issue_date) for p in issued}
    seen: dict[tuple, Plan] = {}
    for p in issued:
        term = final[p.pk]
        if term is None or not p.number:
            continue
        first = seen.setdefault((p.symbol, p.number, term.pk), p)
        if first is not p:
            raise ValidationError(
                f"Số {p.number_text()} sẽ được dùng hai lần trong {term.name}: «{first.title}» "
                f"ngày {first.issue_date:%d/%m/%Y} và «{p.title}» ngày {p.issue_date:%d/%m/%Y}. "
                "Chưa lưu gì: kiểm tra lại ngày bế mạc đại hội hoặc số của văn bản."
            )
    moved = [p for p in issued if (t.pk if (t := final[p.pk]) else None) != p.party_term_id]
    # out of their terms first, so two documents trading terms never meet in one
    Plan.objects.filter(pk__in=[p.pk for p in moved]).update(party_term=None)
    for p in moved:
        new = final[p.pk]
        Plan.objects.filter(pk=p.pk).update(party_term=new)
        PlanEvent.objects.create(
            plan=p,
            actor=actor,
            at=now,
            action=PlanEvent.Action.EDITED,
            detail=(
                f"Nhiệm kỳ đánh số: {p.party_term.name if p.party_term else '(chưa có)'} → "
                f"{new.name if new else '(chưa có)'} (theo ngày ban hành, sau khi nhiệm kỳ "
                "cấp ủy được ghi hoặc sửa)"
            ),
        )
