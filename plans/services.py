"""Writes for plans and targets. Each runs in one transaction with its history row."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import capfirst

from common.limits import field_length_error, length_error
from common.text import nfc
from criteria.models import Criterion
from units.models import Unit, User
from units.selectors import as_in, communes_below, parent_in, province_in

from . import numbering
from .drafting import (
    build_draft,
    duty_sections,
    fit_draft,
    group_sections,
    own_items,
    signature_block,
    unit_label,
)
from .models import (
    COMMUNE_KINDS,
    ISSUER_ABBREVIATIONS,
    KIND_DOC_TYPES,
    SUPERVISOR_KINDS,
    TIER_CHOICES,
    LegalDocument,
    Plan,
    PlanBasis,
    PlanEvent,
    PlanItem,
    PlanRecipient,
    PlanSection,
    Target,
    TargetChange,
    default_symbol,
    format_for,
)
from .render import PDF_MAX_WEIGHT, too_long_message, weight_of
from .reports import build_report_draft
from .reports_district import draft_district_report
from .selectors import (
    is_implementation_heading,
    is_purposes_heading,
    latest_plan,
    recipients_for,
    signatory_for,
    target_frameworks,
)
from .text import basis_key, markup_problems, parse_body


def _event_detail(text: str) -> str:
    """A history line within its column: what does not fit ends in "…"."""
    limit = PlanEvent._meta.get_field("detail").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def readdress(draft, unit: Unit, issuer: str, doc_type: str, year: int) -> None:
    """The draft issued by another body than its kind's default: its header lines, symbol and
    signature block as that body writes them (a Party body: «ĐẢNG ỦY XÃ THIỆN KẾ», KH/ĐU,
    T/M ĐẢNG ỦY – BÍ THƯ), under the body above it in the document's `year`. The signer's
    name is left to fill in: the app keeps no party offices."""
    name = f"{unit.prefix.upper()} {unit.name.upper()}".strip()
    # the running text names the issuer too ("UBND xã Thiện Kế xây dựng Kế hoạch …")
    label = unit_label(unit)
    speaker = {
        Plan.Issuer.DANG_UY: f"Đảng ủy {label}",
        Plan.Issuer.HUYEN_UY: f"Ban Thường vụ {'Huyện' if unit.kind == Unit.Kind.DISTRICT else 'Tỉnh'} ủy",
        Plan.Issuer.BCD: f"Ban Chỉ đạo xây dựng nông thôn mới {label}",
        Plan.Issuer.VPDP: f"Văn phòng Điều phối nông thôn mới {label}",
        Plan.Issuer.UBND: f"Ủy ban nhân dân {label}",
    }[issuer]
    for field in ("opening", "closing"):
        text = getattr(draft, field)
        for old in (f"Ủy ban nhân dân {label}", f"UBND {label}"):
            text = text.replace(old, speaker)
        setattr(draft, field, text)
    parent = parent_in(unit, year)
    above = f"{parent.prefix.upper()} {parent.name.upper()}".strip() if parent else ""
    party = format_for(issuer) == Plan.Format.PARTY
    draft.issuer = issuer
    draft.symbol = default_symbol(doc_type, ISSUER_ABBREVIATIONS[issuer], party=party)
    if issuer == Plan.Issuer.DANG_UY:
        draft.parent_body = f"ĐẢNG BỘ {above}" if above else ""
        draft.body_lines = f"ĐẢNG ỦY {name}"
        draft.authority_lines, draft.signer_title, draft.signer_name = "T/M ĐẢNG ỦY", "BÍ THƯ", ""
    elif issuer == Plan.Issuer.HUYEN_UY:
        # HD 36, Phụ lục 3: «ĐẢNG BỘ TỈNH THÁI NGUYÊN» over «HUYỆN UỶ ĐỊNH HOÁ» – the body
        # above, then the issuing body named in full; no sample gives a Tỉnh ủy's line above
        # it, left to fill in
        if unit.kind == Unit.Kind.DISTRICT:
            draft.parent_body = f"ĐẢNG BỘ {above}" if above else ""
            draft.body_lines = f"HUYỆN ỦY {unit.name.upper()}"
        else:
            draft.parent_body = ""
            draft.body_lines = f"TỈNH ỦY {unit.name.upper()}"
        draft.authority_lines, draft.signer_title, draft.signer_name = (
            "T/M BAN THƯỜNG VỤ",
            "BÍ THƯ",
            "",
        )
    elif issuer == Plan.Issuer.BCD:
        draft.parent_body = f"UBND {name}" if unit.kind != Unit.Kind.COMMUNE else f"ĐẢNG ỦY {name}"
        draft.body_lines = "BAN CHỈ ĐẠO XÂY DỰNG NÔNG THÔN MỚI"
        draft.authority_lines, draft.signer_title, draft.signer_name = "TRƯỞNG BAN", "", ""
    elif issuer == Plan.Issuer.VPDP:
        draft.parent_body = f"UBND {name}"
        draft.body_lines = "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI"
        draft.authority_lines, draft.signer_title, draft.signer_name = "CHÁNH VĂN PHÒNG", "", ""
    else:  # UBND
        draft.parent_body = ""
        draft.body_lines = f"ỦY BAN NHÂN DÂN / {name}"


AS_ABOVE = "Như trên;"  # the «Kính gửi» addressee, first under «Nơi nhận»


def carried_recipients(
    unit: Unit,
    kind: str,
    year: int,
    drafted: list[str],
    issuer: str = "",
    warnings: list[str] | None = None,
) -> list[str]:
    """The unit's «Nơi nhận» for documents of the issuer as it keeps them (RecipientList);
    else as it sent its last plan of the kind, when the bodies above it are those of that
    plan's year (a 2026 plan does not report to a district abolished in 2025: the draft's own
    list, said in a warning); else the draft's default list. A document with a «Kính gửi»
    (a Tờ trình, a Báo cáo) keeps its «Như trên;» first: its addressee is among those it goes
    to, whatever list the unit keeps for its plans."""
    kept = recipients_for(unit, issuer) if issuer else []
    if kept:
        if drafted[:1] == [AS_ABOVE] and AS_ABOVE not in kept:
            return [AS_ABOVE, *kept]
        return kept
    last = latest_plan(unit, year, kind=kind)
    carried = [r.text for r in last.recipients.all()] if last else []
    if carried and (moved := _moved_since(unit, last.year_start, year)):
        if warnings is not None:
            warnings.append(
                f"Nơi nhận của kế hoạch năm {last.year_start} không được dùng lại: năm {year} "
                f"{unit_label(unit)} {moved}. Dự thảo dùng nơi nhận mặc định; kiểm tra lại "
                "trước khi trình ký."
            )
        return drafted
    return carried or drafted


def _moved_since(unit: Unit, then: int, year: int) -> str:
    """How the bodies above the unit in `year` differ from those in `then` («thuộc tỉnh Hà
    Tĩnh, không còn thuộc huyện Cẩm Xuyên»); "" when its parent and province are the same."""
    for above in (parent_in, province_in):
        old, new = above(unit, then), above(unit, year)
        if (old and old.pk) != (new and new.pk):
            now = f"thuộc {unit_label(new)}" if new else "không thuộc đơn vị nào"
            return f"{now}, không còn thuộc {unit_label(old)}" if old else now
    return ""


def with_signatory(draft, unit: Unit) -> None:
    """The signature block of the unit's first signatory in office for the draft's issuer
    (plans.models.Signatory), when it keeps one."""
    signatory = signatory_for(unit, draft.issuer)
    if signatory is not None:
        draft.authority_lines, draft.signer_title, draft.signer_name = signature_block(
            signatory.full_name, signatory.position, draft.issuer
        )


def _replace_part(draft, is_heading, new_sections) -> bool:
    """Put `new_sections` in place of what follows the draft's first mục whose heading
    `is_heading` accepts, up to the next mục; False when the draft has no such mục."""
    sections = draft.sections
    start = next(
        (i for i, s in enumerate(sections) if s.level == "muc" and is_heading(s.heading)), None
    )
    if start is None:
        return False
    end = next(
        (i for i in range(start + 1, len(sections)) if sections[i].level == "muc"), len(sections)
    )
    draft.sections = sections[: start + 1] + new_sections + sections[end:]
    return True


def with_items(draft, unit: Unit, year: int) -> None:
    """The draft's «Mục đích, yêu cầu» and «Tổ chức thực hiện» parts written from the unit's
    own purposes and duties of bodies of the year (or carried from before, said in a
    warning); the draft's own text where it has none."""
    for part, is_heading, make in (
        (PlanItem.Part.PURPOSES, is_purposes_heading, lambda rows: group_sections(rows, "")),
        (PlanItem.Part.DUTIES, is_implementation_heading, duty_sections),
    ):
        carried: list[str] = []  # where they came from, said only when they were written
        rows = own_items(unit, year, part, carried)
        if rows and _replace_part(draft, is_heading, make(rows)):
            draft.warnings += carried


def default_bases(unit: Unit, year_start: int, year_end: int) -> list[str]:
    """The library texts marked to be cited by every new draft of the unit and the units below
    it, for these years: national first, then the province's, the district's, the unit's own;
    each library's by date. The units above are those of `year_start` (a 2024 plan of a
    commune cites what its district, abolished since, marked)."""
    above = [province_in(unit, year_start), parent_in(unit, year_start)]
    units = [u for u in (*(a.pk for a in above if a), unit.pk) if u]
    found = (
        LegalDocument.objects.filter(cite_by_default=True)
        .filter(Q(unit__isnull=True) | Q(unit__in=units))
        .filter(Q(cite_from__isnull=True) | Q(cite_from__lte=year_end))
        .filter(Q(cite_to__isnull=True) | Q(cite_to__gte=year_start))
        .filter(Q(signed_on__isnull=True) | Q(signed_on__year__lte=year_end))  # not yet issued
    )
    rank = {None: 0, **{u: i + 1 for i, u in enumerate(dict.fromkeys(units))}}
    ordered = sorted(found, key=lambda d: (rank.get(d.unit_id, 9), d.signed_on or date.max, d.pk))
    return [d.basis_text() for d in ordered]


_CITED_NUMBER = re.compile(r"\bsố\s+([0-9][\w/.\-]*)", re.IGNORECASE)


def _without_repeats(lines: list[str]) -> list[str]:
    """Each text cited once: a later line citing only numbers an earlier line cites takes that
    line's place (the library gives the order; the draft's or last plan's own wording of the
    same text is kept)."""
    at: dict[str, int] = {}
    kept: list[str] = []
    for line in lines:
        numbers = {n.casefold().rstrip(".,;") for n in _CITED_NUMBER.findall(line)}
        places = {at[n] for n in numbers if n in at}
        if numbers and len(places) == 1 and all(n in at for n in numbers):
            kept[places.pop()] = line
            continue
        for n in numbers:
            at.setdefault(n, len(kept))
        kept.append(line)
    return kept


def carried_bases(unit: Unit, kind: str, year: int, drafted: list[str]) -> list[str]:
    """Last time's bases as the starting point: those of the unit's latest earlier plan of the
    same kind (what the official picked and wrote then), then the draft's own not among them."""
    last = latest_plan(unit, year, kind=kind)
    if last is None:
        return drafted
    carried = [b.text for b in last.bases.all()]
    known = {basis_key(t) for t in carried}
    return carried + [t for t in drafted if basis_key(t) not in known]


def draft_for(unit: Unit, kind: str, year_start: int, year_end: int, *, tier: str = ""):
    """What the data says for a document of this kind: the report kinds by plans.reports, the
    plans by plans.drafting, with the unit's duties of bodies of the first year."""
    if kind == Plan.Kind.DISTRICT_REPORT:
        return fit_draft(draft_district_report(unit, year_start))
    if kind in KIND_DOC_TYPES:
        return build_report_draft(unit, kind, year_start, tier=tier)
    draft = build_draft(unit, kind, year_start, year_end)
    with_items(draft, unit, year_start)
    return draft


@transaction.atomic
def plan_draft(
    *,
    unit: Unit,
    kind: str,
    year_start: int,
    year_end: int,
    actor: User | None,
    tier: str = "",
    issuer: str = "",
) -> tuple[Plan, list[str]]:
    """ "Tạo dự thảo": a new draft filled from the unit's current figures. Returns the plan and
    warnings (e.g. no statuses yet: the draft is a usable skeleton).

    The Báo cáo and Tờ trình kinds (plans.models.KIND_DOC_TYPES) are drafted by plans.reports,
    the tờ trình for the recognition `tier` asked for; the other kinds by plans.drafting."""
    if year_end < year_start:
        raise ValidationError({"year_end": "Năm kết thúc không được trước năm bắt đầu."})
    if kind in COMMUNE_KINDS and unit.kind != Unit.Kind.COMMUNE:
        raise ValidationError({"kind": "Loại văn bản này dành cho cấp xã."})
    if kind in KIND_DOC_TYPES and year_end != year_start:
        raise ValidationError(
            {"year_end": "Báo cáo, tờ trình lập cho một năm: để trống ô “Đến năm”."}
        )
    if kind == Plan.Kind.COMMUNE_PROPOSAL and tier not in dict(TIER_CHOICES):
        raise ValidationError({"tier": "Chọn hạng đề nghị công nhận cho tờ trình."})
    if kind in SUPERVISOR_KINDS and unit.kind == Unit.Kind.COMMUNE:
        raise ValidationError(
            {"kind": "Loại văn bản này dành cho đơn vị giám sát (huyện hoặc tỉnh)."}
        )
    # the document names its unit as it was called in its year (a thị trấn become phường
    # since): a copy for the texts, the plan itself belongs to the unit
    then = as_in(unit, year_start)
    draft = draft_for(then, kind, year_start, year_end, tier=tier)
    if issuer and issuer != draft.issuer:
        readdress(
            draft, then, issuer, getattr(draft, "doc_type", Plan.DocType.KE_HOACH), year_start
        )
    draft.bases = _without_repeats(
        default_bases(then, year_start, year_end)
        + carried_bases(then, kind, year_start, draft.bases)
    )
    draft.recipients = carried_recipients(
        then, kind, year_start, draft.recipients, issuer=draft.issuer, warnings=draft.warnings
    )
    with_signatory(draft, then)
    fit_draft(draft)  # a line of the unit's own «Nơi nhận» may be beyond a recipient's bound
    values = {name: getattr(draft, name, None) for name in HEADER_FIELDS}
    sections = [{"heading": s.heading, "body": s.body} for s in draft.sections]
    # each text fits its field (build_draft cuts visibly); the whole may still be too long to print
    draft.warnings += _plan_text_errors(values, sections, draft.bases, draft.recipients)
    now = timezone.now()
    plan = Plan.objects.create(
        unit=unit,
        issuer=draft.issuer,
        doc_format=format_for(draft.issuer),
        kind=draft.kind,
        doc_type=getattr(draft, "doc_type", Plan.DocType.KE_HOACH),
        addressee=getattr(draft, "addressee", ""),
        tier=getattr(draft, "tier", ""),
        year_start=year_start,
        year_end=year_end,
        parent_body=draft.parent_body,
        body_lines=draft.body_lines,
        symbol=draft.symbol,
        place=draft.place,
        title=draft.title,
        opening=draft.opening,
        closing=draft.closing,
        authority_lines=draft.authority_lines,
        signer_title=draft.signer_title,
        signer_name=draft.signer_name,
        drafted_from_data_at=now,
        drafted_sections=[{"heading": s.heading, "body": s.body} for s in draft.sections],
        created_by=actor,
        updated_by=actor,
        created_at=now,
        updated_at=now,
    )
    PlanBasis.objects.bulk_create(
        PlanBasis(plan=plan, order=i, text=t) for i, t in enumerate(draft.bases)
    )
    PlanSection.objects.bulk_create(
        PlanSection(plan=plan, order=i, level=s.level, heading=s.heading, body=s.body)
        for i, s in enumerate(draft.sections)
    )
    PlanRecipient.objects.bulk_create(
        PlanRecipient(plan=plan, order=i, text=t) for i, t in enumerate(draft.recipients)
    )
    PlanEvent.objects.create(
        plan=plan,
        actor=actor,
        at=now,
        action=PlanEvent.Action.DRAFTED,
        detail=_event_detail("\n".join(draft.warnings)),
    )
    return plan, draft.warnings


HEADER_FIELDS = [
    "issuer",
    "doc_format",
    "parent_body",
    "body_lines",
    "number",
    "symbol",
    "place",
    "issue_date",
    "title",
    "addressee",
    "opening",
    "closing",
    "authority_lines",
    "signer_title",
    "signer_name",
    "year_start",
    "year_end",
]


def _plan_text_errors(
    values: dict, sections: list[dict], bases: list[str], recipients: list[str]
) -> list[str]:
    """Every text within its field's bound, and the whole plan within the printing bound."""
    errors = []
    for name, value in values.items():
        if isinstance(value, str) and (message := field_length_error(Plan, name, value)):
            errors.append(message)
    for number, section in enumerate(sections, start=1):
        heading = " ".join(section["heading"].split())
        where = f"Mục “{heading[:80]}”" if heading else f"Mục thứ {number}"
        for name, label in (("heading", "tiêu đề"), ("body", "nội dung")):
            bound = PlanSection._meta.get_field(name).max_length
            if message := length_error(f"{where}: {label}", section[name], bound):
                errors.append(message)
        errors += [f"{where}: {problem}" for problem in markup_problems(section["body"])]
    for what, model, texts in (
        ("Căn cứ", PlanBasis, bases),
        ("Nơi nhận", PlanRecipient, recipients),
    ):
        bound = model._meta.get_field("text").max_length
        for number, text in enumerate(texts, start=1):
            if message := length_error(f"{what} thứ {number}", text, bound):
                errors.append(message)
    if errors:
        return errors  # weighing a plan with a two-million-character section is pointless
    lines = [
        values["title"],
        values.get("addressee", ""),
        values["parent_body"],
        values["body_lines"],
        values["authority_lines"],
        values["signer_title"],
        values["signer_name"],
        *(s["heading"] for s in sections),
        *bases,
        *recipients,
    ]
    bodies = [parse_body(values["opening"]), parse_body(values["closing"])]
    bodies += [parse_body(s["body"]) for s in sections]
    weight = weight_of(lines, bodies)
    if weight > PDF_MAX_WEIGHT:
        errors.append(too_long_message(weight))
    return errors


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    actor: User,
    version: int,
    header: dict,
    sections: list[dict],
    bases: list[str],
    recipients: list[str],
) -> None:
    """Replace a draft's content. Issued plans are frozen; a stale version is refused."""
    if plan.is_frozen:
        raise ValidationError("Kế hoạch đã ban hành không sửa được; hãy tạo bản sửa đổi.")
    header = {
        k: nfc(v) if isinstance(v, str) else v for k, v in header.items() if k in HEADER_FIELDS
    }
    sections = [{**s, "heading": nfc(s["heading"]), "body": nfc(s["body"])} for s in sections]
    bases, recipients = [nfc(t) for t in bases], [nfc(t) for t in recipients]
    values = {name: header.get(name, getattr(plan, name)) for name in HEADER_FIELDS}
    if errors := _plan_text_errors(values, sections, bases, recipients):
        raise ValidationError(errors)
    updated = Plan.objects.filter(pk=plan.pk, version=version, status=Plan.Status.DRAFT).update(
        **header, version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    if not updated:
        current = Plan.objects.select_related("updated_by").get(pk=plan.pk)
        who = current.updated_by.display_name if current.updated_by else "người khác"
        raise ValidationError(
            f"Kế hoạch vừa được {who} sửa lúc {timezone.localtime(current.updated_at):%H:%M %d/%m/%Y}. "
            "Nội dung bạn nhập chưa được lưu: hãy mở lại kế hoạch để xem bản mới rồi sửa tiếp."
        )
    changed = [k for k, v in header.items() if getattr(plan, k) != v]
    plan.sections.all().delete()
    plan.bases.all().delete()
    plan.recipients.all().delete()
    PlanSection.objects.bulk_create(
        PlanSection(plan=plan, order=i, level=s["level"], heading=s["heading"], body=s["body"])
        for i, s in enumerate(sections)
    )
    PlanBasis.objects.bulk_create(
        PlanBasis(plan=plan, order=i, text=t) for i, t in enumerate(bases)
    )
    PlanRecipient.objects.bulk_create(
        PlanRecipient(plan=plan, order=i, text=t) for i, t in enumerate(recipients)
    )
    PlanEvent.objects.create(
        plan=plan,
        actor=actor,
        action=PlanEvent.Action.EDITED,
        detail=("Sửa: " + ", ".join(changed) + "; " if changed else "")
        + f"{len(sections)} mục, {len(bases)} căn cứ, {len(recipients)} nơi nhận",
    )
    for k, v in header.items():
        setattr(plan, k, v)
    plan.version = version + 1


@transaction.atomic
def plan_issue(*, plan: Plan, actor: User, version: int | None = None) -> None:
    """Freeze a draft as issued. It needs a number and a date; the number is unique for the
    unit's symbol in the year (State) or in the term of the cấp ủy (Party: plans.numbering).
    `version`: the one the leader's page showed (the page always sends it): a draft changed
    since is not issued unseen.

    Issues of one unit take turns: the unit's row is locked first, so the check below sees a
    number another issue has just committed. The unique constraints plan_issued_number_unique
    and plan_issued_party_number_unique are the guarantee behind it (and the only one on
    SQLite, which has no row locks); a violation reads as the same message.
    """
    Unit.objects.select_for_update().only("pk").get(pk=plan.unit_id)
    # the plan's row only: PostgreSQL locks no nullable side of an outer join (updated_by)
    plan = Plan.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=plan.pk)
    if plan.is_frozen:
        raise ValidationError("Kế hoạch này đã ban hành.")
    if version is not None and version != plan.version:
        who = plan.updated_by.display_name if plan.updated_by else "người khác"
        raise ValidationError(
            f"{plan.type_label} vừa được {who} sửa lúc "
            f"{timezone.localtime(plan.updated_at):%H:%M %d/%m/%Y}, sau khi bạn mở trang: chưa "
            "ban hành. Xem lại nội dung rồi bấm Ban hành lần nữa."
        )
    errors = []
    if not plan.number:
        errors.append("Nhập số văn bản trước khi ban hành.")
    if not plan.issue_date:
        errors.append("Nhập ngày ban hành trước khi ban hành.")
    if not plan.title.strip():
        errors.append(f"{plan.type_label} chưa có trích yếu.")
    if errors:
        raise ValidationError(errors)
    term = None
    if plan.party_format:
        term = numbering.term_on(plan.unit_id, plan.issue_date)
        if term is None:
            raise numbering.no_term_error(plan, plan.issue_date)
    if clash := numbering.issued_clash(plan, term):
        raise numbering.number_used(plan, clash, term)
    try:
        with transaction.atomic():
            Plan.objects.filter(pk=plan.pk).update(
                status=Plan.Status.ISSUED,
                issued_by=actor,
                issued_at=timezone.now(),
                party_term=term,
                version=F("version") + 1,
            )
    except IntegrityError:
        raise numbering.number_used(plan, numbering.issued_clash(plan, term), term) from None
    PlanEvent.objects.create(
        plan=plan,
        actor=actor,
        action=PlanEvent.Action.ISSUED,
        detail=_event_detail(plan.number_text() + (f" – {term.name}" if term else "")),
    )


@transaction.atomic
def plan_revise(*, plan: Plan, actor: User) -> Plan:
    """Start a new draft from an issued plan; the issued one stays as it was."""
    if not plan.is_frozen:
        raise ValidationError("Chỉ tạo bản sửa đổi từ kế hoạch đã ban hành.")
    sections = list(plan.sections.all())
    bases = list(plan.bases.all())
    recipients = list(plan.recipients.all())
    new = Plan.objects.get(pk=plan.pk)
    new.pk = None
    new.status = Plan.Status.DRAFT
    new.number = None
    new.issue_date = None
    new.revision_of = plan
    new.version = 1
    new.issued_by = None
    new.issued_at = None
    new.party_term = None  # a draft is in no term: it takes its own when issued
    new.created_by = new.updated_by = actor
    new.created_at = new.updated_at = timezone.now()
    new.save()
    PlanSection.objects.bulk_create(
        PlanSection(plan=new, order=s.order, level=s.level, heading=s.heading, body=s.body)
        for s in sections
    )
    PlanBasis.objects.bulk_create(PlanBasis(plan=new, order=b.order, text=b.text) for b in bases)
    PlanRecipient.objects.bulk_create(
        PlanRecipient(plan=new, order=r.order, text=r.text) for r in recipients
    )
    PlanEvent.objects.create(
        plan=new,
        actor=actor,
        action=PlanEvent.Action.REVISION,
        detail=f"Sửa đổi từ {plan.number_text()}",
    )
    return new


# --- targets -------------------------------------------------------------------------------

# field -> label, in the order the history lists them
TARGET_LABELS = {
    "level": "Mức phấn đấu",
    "criteria": "Tiêu chí phấn đấu đạt thêm",
    "target_count": "Số tiêu chí cuối năm",
    "deadline_text": "Thời hạn",
    "note": "Ghi chú",
}


@dataclass(frozen=True)
class TargetRow:
    """One commune's row of the targets page, with the version of the target it was based on
    (None: the page showed no target for the commune)."""

    commune: Unit
    version: int | None
    level: str
    criteria: Sequence[Criterion]
    target_count: int | None
    deadline_text: str
    note: str


def _snapshot(level: str, criteria, target_count, deadline_text: str, note: str) -> dict:
    """A target as its history shows it: every value as display text."""
    return {
        "level": Target.Level(level).label,
        "criteria": ", ".join(str(c.number) for c in sorted(criteria, key=lambda c: c.number)),
        "target_count": "" if target_count is None else str(target_count),
        "deadline_text": deadline_text,
        "note": note,
    }


def _target_snapshot(target: Target | None) -> dict:
    if target is None:
        return dict.fromkeys(TARGET_LABELS, "")
    return _snapshot(
        target.level,
        target.criteria.all(),
        target.target_count,
        target.deadline_text,
        target.note,
    )


def _target_errors(
    unit: Unit, framework_id: int | None, level, criteria, target_count, deadline_text, note
) -> list[str]:
    """`framework_id`: the set the unit's target counts on that year (target_frameworks)."""
    errors = []
    if level not in Target.Level.values:
        errors.append("Mức phấn đấu không hợp lệ.")
    foreign = [c for c in criteria if framework_id is None or c.framework_id != framework_id]
    if foreign:
        errors.append(
            "Tiêu chí không thuộc bộ tiêu chí của xã: " + ", ".join(str(c.number) for c in foreign)
        )
    if target_count is not None and not 0 <= target_count <= 99:
        errors.append("Số tiêu chí cuối năm phải từ 0 đến 99.")
    for name, text in (("deadline_text", deadline_text), ("note", note)):
        if message := field_length_error(Target, name, text):
            errors.append(message)
    return errors


def _target_write(
    *,
    target: Target | None,
    unit: Unit,
    year: int,
    framework: int | None,
    actor: User | None,
    values: dict,
) -> Target | None:
    """Create or change a target whose row is locked (or absent), with its history row; None
    when nothing changes. `values` are already checked and normalised; `framework`: the set
    it counts on (target_frameworks)."""
    old = _target_snapshot(target)
    new = _snapshot(**values)
    changes = [
        {"field": name, "label": label, "old": old[name], "new": new[name]}
        for name, label in TARGET_LABELS.items()
        if old[name] != new[name]
    ]
    if not changes:
        return None
    now = timezone.now()
    fields = {k: v for k, v in values.items() if k != "criteria"}
    if target is None:
        try:
            with transaction.atomic():  # created meanwhile by someone else: refused below
                target = Target.objects.create(
                    unit=unit,
                    year=year,
                    framework_id=framework,
                    set_by=actor,
                    updated_at=now,
                    **fields,
                )
        except IntegrityError:
            raise ValidationError(_stale_target_message(unit, year)) from None
    else:
        Target.objects.filter(pk=target.pk).update(
            **fields,
            framework_id=framework,
            set_by=actor,
            updated_at=now,
            version=F("version") + 1,
        )
        target.refresh_from_db()
    target.criteria.set(values["criteria"])
    TargetChange.objects.create(target=target, actor=actor, at=now, changes=changes)
    return target


def _stale_target_message(unit: Unit, year: int) -> str:
    current = Target.objects.select_related("set_by").filter(unit=unit, year=year).first()
    who = current.set_by.display_name if current and current.set_by else "người khác"
    when = (
        f" lúc {timezone.localtime(current.updated_at):%H:%M %d/%m/%Y}"
        if current is not None
        else ""
    )
    return f"Chỉ tiêu của {unit_label(unit)} vừa được {who} sửa{when}."


@transaction.atomic
def target_set(
    *,
    unit: Unit,
    year: int,
    actor: User | None,
    level: str,
    criteria: list[Criterion],
    target_count: int | None = None,
    deadline_text: str = "",
    note: str = "",
) -> Target:
    """Record (or replace) a commune's or village's target for a year, with its history row;
    nothing is written when nothing changes. For the Excel import (dashboards) and the demo
    data; the targets page goes through targets_save, which also checks the version it showed."""
    values = {
        "level": level,
        "criteria": list(criteria),
        "target_count": target_count,
        "deadline_text": nfc(deadline_text),
        "note": nfc(note),
    }
    framework = target_frameworks([unit], year).get(unit.pk)
    if errors := _target_errors(unit, framework, **values):
        raise ValidationError(errors)
    target = (
        Target.objects.select_for_update()
        .prefetch_related("criteria")
        .filter(unit=unit, year=year)
        .first()
    )
    written = _target_write(
        target=target, unit=unit, year=year, framework=framework, actor=actor, values=values
    )
    return written or target


@transaction.atomic
def targets_save(*, unit: Unit, year: int, rows: Sequence[TargetRow], actor: User) -> int:
    """Write the rows of the targets page of `unit` (the communes it supervises) for a year.

    Each target is locked; a row that changes nothing is skipped, a row based on an older
    version than the target's is refused, naming the commune and who changed it, and then
    nothing is written (the user reloads and sees the new values). Returns the number of
    targets written, each with its TargetChange row.
    """
    allowed = set(communes_below(unit, current=True).values_list("pk", flat=True))
    outside = [row.commune for row in rows if row.commune.pk not in allowed]
    if outside:
        raise ValidationError(
            f"Không giao chỉ tiêu được cho {', '.join(map(unit_label, outside))}: "
            f"không thuộc {unit_label(unit)}."
        )
    errors, values = [], {}
    frameworks = target_frameworks([row.commune for row in rows], year)
    for row in rows:
        row_values = {
            "level": row.level,
            "criteria": list(row.criteria),
            "target_count": row.target_count,
            "deadline_text": nfc(row.deadline_text),
            "note": nfc(row.note),
        }
        errors += [
            f"{capfirst(unit_label(row.commune))}: {e}"
            for e in _target_errors(row.commune, frameworks.get(row.commune.pk), **row_values)
        ]
        values[row.commune.pk] = row_values
    if errors:
        raise ValidationError(errors)
    current = {
        t.unit_id: t
        for t in Target.objects.select_for_update(of=("self",))
        .select_related("set_by")
        .prefetch_related("criteria")
        .filter(unit__in=[row.commune.pk for row in rows], year=year)
    }
    stale, writes = [], []
    for row in rows:
        target = current.get(row.commune.pk)
        if target is not None and _target_snapshot(target) == _snapshot(**values[row.commune.pk]):
            continue  # already as asked: a colleague made the same change, or nothing changed
        if (target.version if target else None) != row.version:
            who = target.set_by.display_name if target and target.set_by else "người khác"
            when = f" lúc {timezone.localtime(target.updated_at):%H:%M %d/%m/%Y}" if target else ""
            stale.append(f"Chỉ tiêu của {unit_label(row.commune)} vừa được {who} sửa{when}.")
            continue
        writes.append((row, target))
    if stale:
        raise ValidationError(
            [
                *stale,
                "Chỉ tiêu chưa được lưu: hãy tải lại trang để xem bản mới rồi sửa tiếp.",
            ]
        )
    written = 0
    for row, target in writes:
        if _target_write(
            target=target,
            unit=row.commune,
            year=year,
            framework=frameworks.get(row.commune.pk),
            actor=actor,
            values=values[row.commune.pk],
        ):
            written += 1
    return written
