"""Writes for plans and targets. Each runs in one transaction with its history row."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from criteria.models import Criterion
from units.models import Unit, User

from .drafting import build_draft
from .models import Plan, PlanBasis, PlanEvent, PlanRecipient, PlanSection, Target


def nfc(text: str) -> str:
    """User text is stored precomposed (TCVN 6909 = Unicode NFC), so search and PDFs agree."""
    return unicodedata.normalize("NFC", text or "")


@transaction.atomic
def plan_draft(
    *, unit: Unit, kind: str, year_start: int, year_end: int, actor: User | None
) -> tuple[Plan, list[str]]:
    """ "Tạo dự thảo": a new draft filled from the unit's current figures. Returns the plan and
    warnings (e.g. no statuses yet: the draft is a usable skeleton)."""
    if year_end < year_start:
        raise ValidationError({"year_end": "Năm kết thúc không được trước năm bắt đầu."})
    if kind in (Plan.Kind.CONSOLIDATE, Plan.Kind.COMMUNE_ANNUAL) and unit.kind != Unit.Kind.COMMUNE:
        raise ValidationError({"kind": "Loại kế hoạch này dành cho cấp xã."})
    if (
        kind in (Plan.Kind.DISTRICT_ANNUAL, Plan.Kind.DISTRICT_CRITERIA)
        and unit.kind == Unit.Kind.COMMUNE
    ):
        raise ValidationError(
            {"kind": "Loại kế hoạch này dành cho đơn vị giám sát (huyện hoặc tỉnh)."}
        )
    draft = build_draft(unit, kind, year_start, year_end)
    now = timezone.now()
    plan = Plan.objects.create(
        unit=unit,
        issuer=draft.issuer,
        kind=draft.kind,
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
        detail="\n".join(draft.warnings),
    )
    return plan, draft.warnings


HEADER_FIELDS = [
    "parent_body",
    "body_lines",
    "number",
    "symbol",
    "place",
    "issue_date",
    "title",
    "opening",
    "closing",
    "authority_lines",
    "signer_title",
    "signer_name",
    "year_start",
    "year_end",
]


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
        PlanSection(
            plan=plan, order=i, level=s["level"], heading=nfc(s["heading"]), body=nfc(s["body"])
        )
        for i, s in enumerate(sections)
    )
    PlanBasis.objects.bulk_create(
        PlanBasis(plan=plan, order=i, text=nfc(t)) for i, t in enumerate(bases)
    )
    PlanRecipient.objects.bulk_create(
        PlanRecipient(plan=plan, order=i, text=nfc(t)) for i, t in enumerate(recipients)
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
def plan_issue(*, plan: Plan, actor: User) -> None:
    """Freeze a draft as issued. It needs a number and a date, unique for the unit's symbol and year."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_frozen:
        raise ValidationError("Kế hoạch này đã ban hành.")
    errors = []
    if not plan.number:
        errors.append("Nhập số văn bản trước khi ban hành.")
    if not plan.issue_date:
        errors.append("Nhập ngày ban hành trước khi ban hành.")
    if not plan.title.strip():
        errors.append("Kế hoạch chưa có trích yếu.")
    if errors:
        raise ValidationError(errors)
    clash = (
        Plan.objects.filter(
            unit=plan.unit,
            symbol=plan.symbol,
            number=plan.number,
            status=Plan.Status.ISSUED,
            issue_date__year=plan.issue_date.year,
        )
        .exclude(pk=plan.pk)
        .first()
    )
    if clash:
        raise ValidationError(
            f"Số {plan.number_text()} năm {plan.issue_date.year} đã dùng cho kế hoạch “{clash.title[:80]}” "
            f"ban hành ngày {clash.issue_date:%d/%m/%Y}. Chọn số khác."
        )
    Plan.objects.filter(pk=plan.pk).update(
        status=Plan.Status.ISSUED,
        issued_by=actor,
        issued_at=timezone.now(),
        version=F("version") + 1,
    )
    PlanEvent.objects.create(
        plan=plan, actor=actor, action=PlanEvent.Action.ISSUED, detail=plan.number_text()
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
    """Record (or replace) a commune's or village's target for a year."""
    framework = unit.framework if unit.kind == Unit.Kind.COMMUNE else None
    foreign = [c for c in criteria if framework is None or c.framework_id != framework.pk]
    if foreign:
        raise ValidationError(
            "Tiêu chí không thuộc bộ tiêu chí của xã: " + ", ".join(str(c.number) for c in foreign)
        )
    target, _ = Target.objects.update_or_create(
        unit=unit,
        year=year,
        defaults={
            "framework": framework,
            "level": level,
            "target_count": target_count,
            "deadline_text": nfc(deadline_text),
            "note": nfc(note),
            "set_by": actor,
            "updated_at": timezone.now(),
        },
    )
    target.criteria.set(criteria)
    return target
