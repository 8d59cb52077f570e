"""Writes of what plans say, kept as data: the library of legal bases (LegalDocument, with
its history) and picking its texts into a draft, and each commune's targets and measures per
criterion (CriterionMeasure). Each write runs in one transaction with its history row."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from common.text import nfc
from criteria.models import Criterion
from units.models import Unit, User

from . import records
from .defaults import stale_error
from .models import (
    CriterionMeasure,
    CriterionMeasureChange,
    LegalDocument,
    LegalDocumentChange,
    Plan,
    PlanBasis,
    PlanEvent,
)
from .services import _event_detail
from .text import basis_key

# --- the library of legal bases --------------------------------------------------------------

LEGAL_FIELDS = {
    "kind": "Loại văn bản",
    "number": "Số, ký hiệu",
    "signed_on": "Ngày ban hành",
    "body": "Cơ quan ban hành",
    "title": "Trích yếu",
    "cite_by_default": "Tự đưa vào dự thảo",
    "cite_from": "Từ năm",
    "cite_to": "Đến năm",
}


@transaction.atomic
def legal_document_save(
    *,
    actor: User,
    unit: Unit | None,
    values: dict,
    document: LegalDocument | None = None,
    version: int | None = None,
) -> LegalDocument:
    """Add a text to a library (national when `unit` is None) or correct one, with a history
    row of what changed. A second text with the same number in the same library, or an edit
    from a page older than the entry, is refused in Vietnamese."""
    values = {
        k: nfc(v) if isinstance(v, str) else v for k, v in values.items() if k in LEGAL_FIELDS
    }
    values["number"] = " ".join(values.get("number", "").split())
    same = LegalDocument.objects.filter(unit=unit)
    if document is not None:
        same = same.exclude(pk=document.pk)
    where = f"thư viện của {unit}" if unit else "thư viện văn bản trung ương"
    wanted = values["number"].casefold()  # in Python: SQLite folds only ASCII letters
    if wanted and any(n.casefold() == wanted for n in same.values_list("number", flat=True)):
        raise ValidationError({"number": f"Văn bản số {values['number']} đã có trong {where}."})
    if not wanted:  # a text cited by its name: once per kind and name in a library
        named = " ".join(values.get("body", "").split()).casefold()
        for kind, body in same.filter(number="").values_list("kind", "body"):
            if kind == values.get("kind") and " ".join(body.split()).casefold() == named:
                raise ValidationError({"body": f"Văn bản này đã có trong {where}."})
    now = timezone.now()
    try:  # a colleague who saved the same number a moment before: the same refusal
        document, changes, created = records.write(
            LegalDocument,
            document,
            version=version,
            values=values,
            labels=LEGAL_FIELDS,
            stale="Văn bản này vừa được người khác sửa: mở lại trang để xem bản mới rồi sửa tiếp.",
            now=now,
            unit=unit,
            created_by=actor,
        )
    except IntegrityError:
        raise ValidationError(
            {"number": f"Văn bản số {values['number']} đã có trong {where}."}
        ) from None
    if not changes:
        return document
    action = LegalDocumentChange.Action.CREATED if created else LegalDocumentChange.Action.EDITED
    LegalDocumentChange.objects.create(
        document=document, actor=actor, at=now, action=action, changes=changes
    )
    return document


@transaction.atomic
def plan_add_bases(
    *, plan: Plan, actor: User, version: int, documents: Sequence[LegalDocument]
) -> list[str]:
    """Append the picked library texts to a draft's bases (those it already cites are not
    repeated), in the order given (the libraries': national texts first, then the units'); the
    plan's version is checked and the change recorded.
    Returns the lines added."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.is_frozen:
        raise ValidationError("Kế hoạch đã ban hành không sửa được; hãy tạo bản sửa đổi.")
    if locked.version != version:
        raise ValidationError(
            "Kế hoạch vừa được sửa từ lúc bạn mở trang này: chưa thêm căn cứ nào. Mở lại trang."
        )
    later = [d for d in documents if d.signed_on and d.signed_on.year > locked.year_end]
    if later:  # a plan stands on what was issued by its time
        raise ValidationError(
            "; ".join(f"{d} ban hành ngày {d.signed_on:%d/%m/%Y}" for d in later)
            + f": sau năm {locked.year_end} của kế hoạch, không làm căn cứ được. Chưa thêm căn "
            "cứ nào."
        )
    present = {basis_key(b.text) for b in locked.bases.all()}
    start = (max((b.order for b in locked.bases.all()), default=-1)) + 1
    added = []
    for document in documents:
        line = document.basis_text()
        if basis_key(line) in present:
            continue
        present.add(basis_key(line))
        added.append(line)
    if not added:
        raise ValidationError("Các văn bản đã chọn đều đã có trong phần căn cứ của kế hoạch.")
    PlanBasis.objects.bulk_create(
        PlanBasis(plan=locked, order=start + i, text=line) for i, line in enumerate(added)
    )
    Plan.objects.filter(pk=locked.pk).update(
        version=F("version") + 1, updated_by=actor, updated_at=timezone.now()
    )
    PlanEvent.objects.create(
        plan=locked,
        actor=actor,
        action=PlanEvent.Action.EDITED,
        detail=_event_detail("Thêm căn cứ từ thư viện: " + "; ".join(added)),
    )
    return added


# --- targets and measures per criterion (mục tiêu, giải pháp) -------------------------------


@dataclass(frozen=True)
class MeasureRow:
    criterion: Criterion
    target: str
    measures: str
    version: int | None  # the measure's version the page showed (None: none existed)


@transaction.atomic
def measures_save(*, unit: Unit, year: int, rows: Sequence[MeasureRow], actor: User) -> int:
    """Save the rows the official changed, each with a history row; all or nothing. A row whose
    measure changed since the page was shown (another official saved it) refuses the whole
    form, naming who, and nothing is written. Returns how many rows were written."""
    written = 0
    for row in rows:
        target, measures = nfc(row.target).strip(), nfc(row.measures).strip()
        current = (
            CriterionMeasure.objects.select_for_update()
            .filter(unit=unit, year=year, criterion=row.criterion)
            .first()
        )
        if (current.version if current else None) != row.version:
            raise stale_error(f"Tiêu chí {row.criterion.number}", current)
        before = (current.target, current.measures) if current else ("", "")
        if (target, measures) == before:
            continue
        now = timezone.now()
        if current is None:
            try:  # a colleague wrote this criterion's first line a moment before
                with transaction.atomic():
                    current = CriterionMeasure.objects.create(
                        unit=unit,
                        year=year,
                        criterion=row.criterion,
                        target=target,
                        measures=measures,
                        updated_by=actor,
                        updated_at=now,
                    )
            except IntegrityError:
                taken = CriterionMeasure.objects.filter(
                    unit=unit, year=year, criterion=row.criterion
                ).first()
                raise stale_error(f"Tiêu chí {row.criterion.number}", taken) from None
        else:
            current.target, current.measures = target, measures
            current.version += 1
            current.updated_by, current.updated_at = actor, now
            current.save()
        changes = [
            [label, old, new]
            for label, old, new in (
                ("Mục tiêu", before[0], target),
                ("Giải pháp", before[1], measures),
            )
            if old != new
        ]
        CriterionMeasureChange.objects.create(measure=current, actor=actor, at=now, changes=changes)
        written += 1
    return written
