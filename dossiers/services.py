"""Every write of dossiers and checklists: one transaction each, a DossierChange each.

Concurrency: every write to a dossier or its documents locks the dossier's row first
(SELECT … FOR UPDATE) and decides on its state as it is then, so an edit racing a submission
is either in before it or refused; a document or checklist row changes only from the version
its page showed (a conditional UPDATE), never silently over someone else's change.
"""

from contextlib import suppress
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format

from common.limits import field_length_error
from common.uploads import store_private_file
from common.years import YEAR_MAX, YEAR_MIN, in_range
from criteria.forms import validate_evidence
from units.models import Unit, User

from . import selectors
from .models import COMMUNE_TIERS, ChecklistItem, Dossier, DossierChange, DossierItem, Tier

State = Dossier.State
Status = DossierItem.Status
TEXT_MAX = 1000  # DossierChange.before / after


def _bounded(text: str, limit: int = TEXT_MAX) -> str:
    """A history text cut to its bound ("…" at the cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _who(user: User | None) -> str:
    return user.display_name if user else "người khác"


def _when(at) -> str:
    return date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT") if at else ""


def _check_tier(tier: str) -> None:
    if tier not in COMMUNE_TIERS:
        raise ValidationError({"tier": "Hạng đề nghị công nhận không hợp lệ."})


def _check_length(model, name: str, text: str) -> None:
    message = field_length_error(model, name, text)
    if message:
        raise ValidationError({name: message})


def _lock(dossier: Dossier) -> Dossier:
    """Lock the dossier's row until the transaction ends and refresh `dossier`'s workflow
    fields from it (SQLite ignores FOR UPDATE: its writers take turns on the whole file)."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    for name in ("state", "version", "submitted_at", "submitted_by_id", "return_comment"):
        setattr(dossier, name, getattr(locked, name))
    return dossier


def _check_version(dossier: Dossier, version: int | None, *, refused: str) -> None:
    """Refuse a step taken on a page that showed an earlier version of the dossier (None: no
    page, a script)."""
    if version is None or version == dossier.version:
        return
    last = dossier.changes.select_related("actor").order_by("-at", "-pk").first()
    since = (
        f" Thay đổi gần nhất: {last.get_action_display()} ({_who(last.actor)}, {_when(last.at)})."
        if last
        else ""
    )
    raise ValidationError(
        f"{refused}: hồ sơ đã thay đổi từ lúc bạn mở trang.{since} Trạng thái hiện tại: "
        f"“{dossier.get_state_display()}”. Tải lại trang rồi làm lại.",
        code="stale",
    )


def _record(
    action, *, actor, dossier=None, province=None, tier="", item_name="", before="", after=""
):
    return DossierChange.objects.create(
        action=action,
        actor=actor,
        dossier=dossier,
        province=province,
        tier=tier or (dossier.tier if dossier else ""),
        item_name=_bounded(item_name, 255),
        before=_bounded(before),
        after=_bounded(after),
    )


# --- dossiers -------------------------------------------------------------------------------


@transaction.atomic
def dossier_open(*, commune: Unit, tier: str, year: int, actor: User) -> tuple[Dossier, bool]:
    """Open the commune's dossier for a tier and year, its documents taken from the checklist
    in force for the commune's province and the tier. An existing dossier is returned as it is
    (False: not created)."""
    if commune.kind != Unit.Kind.COMMUNE:
        raise ValidationError("Chỉ xã mới lập hồ sơ đề nghị công nhận.")
    _check_tier(tier)
    if not in_range(year):
        raise ValidationError({"year": f"Năm phải từ {YEAR_MIN} đến {YEAR_MAX}."})
    existing = Dossier.objects.filter(commune=commune, tier=tier, year=year).first()
    if existing is not None:
        return existing, False
    owner = selectors.list_province(commune.province, tier)
    items = list(selectors.checklist_in_force(owner, tier))
    if not items:
        where = f"danh mục riêng của {owner}" if owner else "danh mục mặc định"
        raise ValidationError(
            f"Chưa có hồ sơ nào trong {where} cho hạng {Tier(tier).label}: văn phòng điều phối "
            "NTM tỉnh cần lập danh mục hồ sơ trước."
        )
    try:
        with transaction.atomic():  # a second click racing the first finds its dossier
            dossier = Dossier.objects.create(
                commune=commune,
                tier=tier,
                year=year,
                checklist_province=owner,
                opened_by=actor,
            )
    except IntegrityError:
        return Dossier.objects.get(commune=commune, tier=tier, year=year), False
    DossierItem.objects.bulk_create([DossierItem(dossier=dossier, checklist_item=i) for i in items])
    scope = f"danh mục riêng của {owner}" if owner else "danh mục mặc định"
    _record(
        DossierChange.Action.OPENED,
        actor=actor,
        dossier=dossier,
        after=f"{len(items)} hồ sơ thành phần theo {scope}",
    )
    return dossier, True


def _describe(item: DossierItem) -> str:
    parts = [item.get_status_display()]
    if item.original_name:
        parts.append(f"tệp {item.original_name}")
    if item.note:
        parts.append(f"ghi chú: {item.note}")
    return "; ".join(parts)


@transaction.atomic
def item_update(
    *,
    item: DossierItem,
    actor: User,
    status: str | None,
    note: str,
    version: int,
    upload=None,
) -> bool:
    """Change one document of a dossier: its status, its note, its file (checked by
    criteria.forms.validate_evidence). A file makes the status "đã có" unless `status` says
    otherwise (None: keep the status, or "đã có" with a file). Returns False when nothing
    changed. Refused on a page from before someone else's change (`version`), while the
    dossier is sent, and "không áp dụng" for a required document."""
    dossier = _lock(item.dossier)
    current = DossierItem.objects.select_related("checklist_item", "updated_by").get(pk=item.pk)
    name = current.checklist_item.name
    if dossier.state == State.SUBMITTED:
        raise ValidationError(
            "Hồ sơ đã gửi: chờ văn phòng NTM cấp trên trả lại rồi mới sửa được. Chưa có thay "
            "đổi nào được lưu."
        )
    if current.version != version:
        raise ValidationError(
            f"Hồ sơ “{name}” vừa được {_who(current.updated_by)} cập nhật lúc "
            f"{_when(current.updated_at)}: {_describe(current)}. Thay đổi của bạn chưa được "
            "lưu. Hãy xem lại rồi lưu lại nếu vẫn cần sửa.",
            code="stale",
        )
    if current.checklist_item.is_retired:
        raise ValidationError(f"Hồ sơ “{name}” đã ngừng áp dụng: không cập nhật được nữa.")
    _check_length(DossierItem, "note", note)
    new_status = status or (Status.READY if upload is not None else current.status)
    if new_status not in Status.values:
        raise ValidationError({"status": "Tình trạng không hợp lệ."})
    if new_status == Status.NOT_APPLICABLE and current.checklist_item.required:
        raise ValidationError(
            {"status": f"“{name}” là hồ sơ bắt buộc: không chọn “Không áp dụng” được."}
        )
    if new_status == current.status and note == current.note and upload is None:
        return False

    before = _describe(current)
    old_file = current.file.name
    now = timezone.now()
    updated = DossierItem.objects.filter(pk=current.pk, version=version).update(
        status=new_status, note=note, updated_by=actor, updated_at=now, version=F("version") + 1
    )
    if not updated:  # changed between the read and the write (only without a row lock)
        raise ValidationError(
            f"Hồ sơ “{name}” vừa được người khác cập nhật. Thay đổi của bạn chưa được lưu.",
            code="stale",
        )
    current.status, current.note, current.version = new_status, note, version + 1
    current.updated_by, current.updated_at = actor, now
    if upload is not None:
        store_private_file(current, upload, what="tệp hồ sơ")
        if old_file and old_file != current.file.name:
            storage = current.file.storage

            def remove_replaced():
                with suppress(OSError):
                    storage.delete(old_file)

            transaction.on_commit(remove_replaced)
    _record(
        DossierChange.Action.ITEM,
        actor=actor,
        dossier=dossier,
        item_name=name,
        before=before,
        after=_describe(current),
    )
    item.refresh_from_db()
    return True


class MissingDocuments(ValidationError):
    """A refused submission: `missing` names every required document that is not "đã có"."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        names = "; ".join(f"“{n}”" for n in missing)
        super().__init__(
            f"Chưa gửi được hồ sơ: còn thiếu {len(missing)} hồ sơ bắt buộc: {names}. Bổ sung "
            "các hồ sơ này (tình trạng “Đã có”) rồi gửi lại.",
            code="missing",
        )


@transaction.atomic
def dossier_submit(*, dossier: Dossier, actor: User, version: int | None = None) -> None:
    """The commune sends its dossier (đang chuẩn bị / trả lại → đã gửi). Refused, nothing
    changed, while any required document in force is not "đã có" (MissingDocuments lists
    them all by name). The dossier stays locked from the check to the change."""
    _lock(dossier)
    _check_version(dossier, version, refused="Chưa gửi hồ sơ")
    if dossier.state not in (State.PREPARING, State.RETURNED):
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái “{dossier.get_state_display()}”: không gửi lại được."
        )
    missing = selectors.missing_required(dossier)
    if missing:
        raise MissingDocuments(missing)
    if not DossierItem.objects.filter(dossier=dossier).exists():
        raise ValidationError("Hồ sơ chưa có hồ sơ thành phần nào: chưa có gì để gửi.")
    old_state = dossier.get_state_display()
    now = timezone.now()
    Dossier.objects.filter(pk=dossier.pk).update(
        state=State.SUBMITTED, submitted_at=now, submitted_by=actor, version=F("version") + 1
    )
    dossier.state, dossier.submitted_at, dossier.submitted_by = State.SUBMITTED, now, actor
    dossier.version += 1
    _record(
        DossierChange.Action.SUBMITTED,
        actor=actor,
        dossier=dossier,
        before=old_state,
        after=State.SUBMITTED.label,
    )


@transaction.atomic
def dossier_return(
    *, dossier: Dossier, actor: User, comment: str, version: int | None = None
) -> None:
    """The office above returns a sent dossier to the commune, saying why (đã gửi → trả lại).
    Documents added to the commune's checklist meanwhile join it."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Ghi lý do trả lại để xã biết cần bổ sung gì."})
    _check_length(Dossier, "return_comment", comment)
    _lock(dossier)
    _check_version(dossier, version, refused="Chưa trả lại hồ sơ")
    if dossier.state != State.SUBMITTED:
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái “{dossier.get_state_display()}”: chỉ trả lại được hồ sơ "
            "đã gửi."
        )
    Dossier.objects.filter(pk=dossier.pk).update(
        state=State.RETURNED, return_comment=comment, version=F("version") + 1
    )
    dossier.state, dossier.return_comment = State.RETURNED, comment
    dossier.version += 1
    _record(
        DossierChange.Action.RETURNED,
        actor=actor,
        dossier=dossier,
        before=State.SUBMITTED.label,
        after=f"{State.RETURNED.label}: {comment}",
    )
    _add_new_items(dossier, actor=actor)


def _add_new_items(dossier: Dossier, *, actor: User) -> int:
    """Add to a dossier being prepared the items of its list in force that it lacks."""
    have = set(dossier.items.values_list("checklist_item_id", flat=True))
    new = [
        i
        for i in selectors.checklist_in_force(dossier.checklist_province, dossier.tier)
        if i.pk not in have
    ]
    DossierItem.objects.bulk_create([DossierItem(dossier=dossier, checklist_item=i) for i in new])
    for i in new:
        _record(
            DossierChange.Action.ITEM_ADDED,
            actor=actor,
            dossier=dossier,
            item_name=i.name,
            after=Status.MISSING.label,
        )
    return len(new)


# --- checklists -----------------------------------------------------------------------------


def _check_item_fields(*, name: str, basis: str) -> None:
    if not name.strip():
        raise ValidationError({"name": "Ghi tên hồ sơ."})
    _check_length(ChecklistItem, "name", name)
    _check_length(ChecklistItem, "basis", basis)


def _lock_list(province: Unit | None) -> None:
    """Changes to one province's lists take turns (the province's row is locked)."""
    if province is not None:
        Unit.objects.select_for_update().filter(pk=province.pk).first()


def _describe_checklist_item(i: ChecklistItem) -> str:
    parts = [i.name, "bắt buộc" if i.required else "không bắt buộc", f"thứ tự {i.order}"]
    if i.basis:
        parts.append(f"căn cứ: {i.basis}")
    if i.is_default:
        parts.append("mặc định, cần đối chiếu")
    return "; ".join(parts)


@transaction.atomic
def checklist_add(
    *,
    province: Unit | None,
    tier: str,
    actor: User,
    name: str,
    basis: str = "",
    required: bool = True,
    order: int | None = None,
) -> ChecklistItem:
    """Add a document to a list (a province's own, or the national defaults: None). It joins
    the dossiers being prepared from that list."""
    _check_tier(tier)
    name, basis = name.strip(), basis.strip()
    _check_item_fields(name=name, basis=basis)
    _lock_list(province)
    items = selectors.checklist(province, tier)
    if order is None:
        order = (items.aggregate(m=Max("order"))["m"] or 0) + 10
    item = ChecklistItem.objects.create(
        province=province,
        tier=tier,
        name=name,
        basis=basis,
        required=required,
        order=order,
        updated_by=actor,
    )
    _record(
        DossierChange.Action.CHECKLIST_ADDED,
        actor=actor,
        province=province,
        tier=tier,
        item_name=name,
        after=_describe_checklist_item(item),
    )
    dossiers = Dossier.objects.select_for_update().filter(
        tier=tier, checklist_province=province, state__in=[State.PREPARING, State.RETURNED]
    )
    for dossier in dossiers:
        DossierItem.objects.create(dossier=dossier, checklist_item=item)
        _record(
            DossierChange.Action.ITEM_ADDED,
            actor=actor,
            dossier=dossier,
            item_name=name,
            after=Status.MISSING.label,
        )
    return item


@transaction.atomic
def checklist_copy_defaults(*, province: Unit, tier: str, actor: User) -> int:
    """Start a province's own list for a tier from the national defaults in force (each copy
    still «mặc định, cần đối chiếu»). Refused once the province has a list for the tier."""
    _check_tier(tier)
    if province.kind != Unit.Kind.PROVINCE:
        raise ValidationError("Chỉ tỉnh mới có danh mục hồ sơ riêng.")
    _lock_list(province)
    if ChecklistItem.objects.filter(province=province, tier=tier).exists():
        raise ValidationError(
            f"{province} đã có danh mục riêng cho hạng {Tier(tier).label}: sửa trực tiếp các "
            "mục của danh mục đó."
        )
    defaults = list(selectors.checklist_in_force(None, tier))
    if not defaults:
        raise ValidationError("Danh mục mặc định của hạng này chưa có mục nào để chép.")
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                province=province,
                tier=tier,
                name=d.name,
                basis=d.basis,
                required=d.required,
                order=d.order,
                is_default=d.is_default,
                updated_by=actor,
            )
            for d in defaults
        ]
    )
    _record(
        DossierChange.Action.CHECKLIST_COPIED,
        actor=actor,
        province=province,
        tier=tier,
        before="danh mục mặc định",
        after=f"danh mục riêng của {province}: {len(defaults)} mục",
    )
    return len(defaults)


def _check_checklist_version(item: ChecklistItem, version: int) -> ChecklistItem:
    current = (
        ChecklistItem.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=item.pk)
    )
    if current.version != version:
        raise ValidationError(
            f"Mục “{current.name}” vừa được {_who(current.updated_by)} sửa lúc "
            f"{_when(current.updated_at)}: {_describe_checklist_item(current)}. Thay đổi của "
            "bạn chưa được lưu. Hãy xem lại rồi lưu lại nếu vẫn cần sửa.",
            code="stale",
        )
    return current


@transaction.atomic
def checklist_item_update(
    *,
    item: ChecklistItem,
    actor: User,
    name: str,
    basis: str,
    required: bool,
    order: int,
    checked: bool,
    version: int,
) -> bool:
    """Rename, change the basis, the order, required on/off; `checked`: the office compared it
    with the regulation (no longer «mặc định, cần đối chiếu»). Returns False when nothing
    changed."""
    name, basis = name.strip(), basis.strip()
    _check_item_fields(name=name, basis=basis)
    current = _check_checklist_version(item, version)
    fields = {
        "name": name,
        "basis": basis,
        "required": required,
        "order": order,
        "is_default": current.is_default and not checked,
    }
    if all(getattr(current, k) == v for k, v in fields.items()):
        return False
    before = _describe_checklist_item(current)
    now = timezone.now()
    updated = ChecklistItem.objects.filter(pk=current.pk, version=version).update(
        **fields, updated_by=actor, updated_at=now, version=F("version") + 1
    )
    if not updated:
        raise ValidationError(f"Mục “{current.name}” vừa được người khác sửa.", code="stale")
    for k, v in fields.items():
        setattr(item, k, v)
    item.version, item.updated_by, item.updated_at = version + 1, actor, now
    _record(
        DossierChange.Action.CHECKLIST_CHANGED,
        actor=actor,
        province=current.province,
        tier=current.tier,
        item_name=name,
        before=before,
        after=_describe_checklist_item(item),
    )
    return True


@transaction.atomic
def checklist_item_retire(*, item: ChecklistItem, actor: User, on: date, version: int) -> None:
    """Stop asking for a document from `on`: dossiers keep it (and its file) but no longer
    count it; new dossiers do not get it."""
    current = _check_checklist_version(item, version)
    if current.retired_on is not None:
        raise ValidationError(
            f"Mục “{current.name}” đã ngừng áp dụng từ "
            f"{date_format(current.retired_on, 'SHORT_DATE_FORMAT')}."
        )
    now = timezone.now()
    ChecklistItem.objects.filter(pk=current.pk).update(
        retired_on=on, updated_by=actor, updated_at=now, version=F("version") + 1
    )
    item.retired_on, item.version, item.updated_by, item.updated_at = on, version + 1, actor, now
    _record(
        DossierChange.Action.CHECKLIST_RETIRED,
        actor=actor,
        province=current.province,
        tier=current.tier,
        item_name=current.name,
        before="đang áp dụng",
        after=f"ngừng áp dụng từ {date_format(on, 'SHORT_DATE_FORMAT')}",
    )


# --- demo -----------------------------------------------------------------------------------

DEMO_PDF = b"%PDF-1.4\n% tep minh hoa cua du lieu thu\n"


def demo_half_complete(commune: Unit, tier: str, year: int, actor: User) -> Dossier:
    """One dossier half complete, through the services (so its history is real): opened from
    the checklist in force, the first half of its required documents "đã có" with a small
    PDF each, the next one "đang chuẩn bị" with a note. For ops.demo (DEBUG only)."""
    dossier, _ = dossier_open(commune=commune, tier=tier, year=year, actor=actor)
    items = [i for i in dossier.items.select_related("checklist_item") if selectors.counts(i)]
    half = len(items) // 2
    for n, item in enumerate(items[:half], start=1):
        upload = SimpleUploadedFile(f"ho-so-{n:02d}.pdf", DEMO_PDF, content_type="application/pdf")
        validate_evidence(upload)
        item_update(
            item=item,
            actor=actor,
            status=None,
            note="Bản chụp có chữ ký, đóng dấu (dữ liệu minh họa).",
            version=item.version,
            upload=upload,
        )
    if len(items) > half:
        nxt = items[half]
        item_update(
            item=nxt,
            actor=actor,
            status=Status.PREPARING,
            note="Đang hoàn thiện, chờ ý kiến Mặt trận (dữ liệu minh họa).",
            version=nxt.version,
        )
    return dossier
