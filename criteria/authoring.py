"""Writes to the catalogue itself: frameworks authored in the app, and corrections to published
ones. The services of the catalogue, as `services.py` is for assessments.

Every function runs in one transaction, checks that the actor may change the framework
(units.access.can_author_framework), and writes a FrameworkChange per change (who, when,
old → new, the legal basis). Rows written here are `Origin.APP`, so `load_criteria` leaves them
alone. A draft changes freely; a published framework changes only on the record, with a legal
basis, and the change reaches the years in progress:

- a new indicator reaches every year not yet verified as "chưa đánh giá";
- a changed threshold re-judges the measured values of those years (each re-judgement in the
  indicator's history) and never touches a verified year;
- structure that assessments use is never deleted: it is retired with a date.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from common.numbers import number_vi
from units.access import can_author_framework, can_author_national, can_create_framework_for
from units.models import Unit, User

from .models import (
    Assessment,
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    FrameworkChange,
    Indicator,
    IndicatorStatus,
    Origin,
    Threshold,
)
from .rejudging import _lock_open_years, _reach_open_years, _recount_open, rejudge

Action = FrameworkChange.Action
Status = IndicatorStatus.Status
COMMON = ""  # the threshold column that applies to every category ("chỉ tiêu chung")

# Units an indicator measured against a percentage bar may use; "%" bars above 100 are refused.
PERCENT = "%"


@dataclass(frozen=True)
class Bar:
    """One threshold cell as an office types it: a number, or a requirement in words, or
    neither ("judged by the official", no row)."""

    value: Decimal | None = None
    text: str = ""

    @property
    def empty(self) -> bool:
        return self.value is None and not self.text

    def describe(self, unit: str = "") -> str:
        if self.value is not None:
            return f"{number_vi(self.value, 4)}{' ' + unit if unit else ''}"
        return self.text or "cán bộ đánh giá"


# --- checks shared by the pages and the workbook ---------------------------------------------


def _require_author(actor: User, framework: Framework) -> None:
    if not can_author_framework(actor, framework):
        raise PermissionDenied("Bạn không được sửa bộ tiêu chí này.")


def _require_basis(framework: Framework, legal_basis: str) -> str:
    legal_basis = (legal_basis or "").strip()
    if framework.is_published and not legal_basis:
        raise ValidationError(
            {
                "legal_basis": "Bộ tiêu chí đã ban hành: ghi căn cứ của thay đổi (số, ngày văn "
                "bản sửa đổi, đính chính)."
            }
        )
    if len(legal_basis) > 255:
        raise ValidationError({"legal_basis": "Căn cứ tối đa 255 ký tự."})
    return legal_basis


def check_indicator_fields(
    *, framework: Framework, kind: str, comparator: str, unit: str, bars: dict[str, Bar]
) -> None:
    """Refuse an indicator whose parts do not fit together. Raises ValidationError keyed by
    field: kind, comparator, unit, thresholds."""
    errors: dict[str, list[str]] = {}
    if kind not in Indicator.Kind.values:
        errors.setdefault("kind", []).append(
            f"Loại chỉ tiêu “{kind}” không hợp lệ: "
            + ", ".join(label for _, label in Indicator.Kind.choices)
            + "."
        )
    if comparator not in Indicator.Comparator.values:
        errors.setdefault("comparator", []).append(
            f"Phép so sánh “{comparator}” không hợp lệ: dùng ≥ (>=), ≤ (<=) hoặc = (==)."
        )
    numbers = {key: bar.value for key, bar in bars.items() if bar.value is not None}
    if kind == Indicator.Kind.NUMERIC and not unit:
        errors.setdefault("unit", []).append("Chỉ tiêu số đo cần đơn vị tính (ví dụ %, km, hộ).")
    if kind != Indicator.Kind.NUMERIC:
        if numbers:
            errors.setdefault("thresholds", []).append(
                "Chỉ tiêu không phải số đo không có ngưỡng bằng số: ghi yêu cầu bằng lời, hoặc "
                "đổi loại thành “Số đo”."
            )
        if comparator != Indicator.Comparator.GTE:
            errors.setdefault("comparator", []).append(
                "Chỉ tiêu không phải số đo không có phép so sánh: để ≥ (mặc định)."
            )
    if unit == PERCENT:
        for key, value in numbers.items():
            if value < 0 or value > 100:
                errors.setdefault("thresholds", []).append(
                    f"Ngưỡng {key or 'chung'} = {number_vi(value)} %: tỷ lệ phải từ 0 đến 100."
                )
    valid = {COMMON} | set(framework.categories.values_list("key", flat=True))
    for key in bars:
        if key not in valid:
            errors.setdefault("thresholds", []).append(
                f"“{key}” không phải vùng/nhóm xã của bộ tiêu chí"
                + (
                    f" (có: {', '.join(sorted(valid - {COMMON}))})."
                    if len(valid) > 1
                    else ": bộ này không chia vùng/nhóm, chỉ có ngưỡng chung."
                )
            )
    if errors:
        raise ValidationError(errors)


def _record(framework, actor, action, target="", field="", old="", new="", basis="", at=None):
    return FrameworkChange.objects.create(
        framework=framework,
        actor=actor,
        at=at or timezone.now(),
        action=action,
        target=target[:120],
        field=field[:60],
        old_value=str(old)[:4000],
        new_value=str(new)[:4000],
        legal_basis=basis[:255],
    )


def last_change(framework: Framework) -> int:
    """The newest change on the set's record (0: none): what an edit page was opened on."""
    return FrameworkChange.objects.filter(framework=framework).aggregate(n=Max("pk"))["n"] or 0


def _check_seen(framework: Framework, seen: int | None) -> None:
    """Refuse a correction sent from a page opened before another change to the set (call
    with the set's row locked): it would write back what that page showed over a colleague's
    change. None: no page (a script, the Excel import, which compares row by row)."""
    if seen is None:
        return
    since = FrameworkChange.objects.filter(framework=framework, pk__gt=seen).select_related("actor")
    latest = since.order_by("-pk").first()
    if latest is None:
        return
    who = latest.actor.display_name if latest.actor else "hệ thống"
    when = timezone.localtime(latest.at)
    raise ValidationError(
        f"Chưa lưu: bộ tiêu chí đã được {who} sửa lúc {when:%H:%M %d/%m/%Y} "
        f"({latest.get_action_display().lower()} {latest.target}"
        f"{f' – {latest.field}' if latest.field else ''}) từ lúc bạn mở trang. Mở lại trang "
        "để xem thay đổi đó, rồi sửa lại; phần bạn vừa nhập vẫn còn ở dưới.",
        code="stale",
    )


def _lock_set(framework: Framework, seen: int | None) -> Framework:
    """The set's row locked – every correction from a page takes it, so two cannot pass the
    check together – and the page's view of it checked."""
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _check_seen(framework, seen)
    return framework


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return number_vi(value, 4)
    if isinstance(value, Unit):
        return str(value)
    return str(value)


def _apply_fields(obj, actor, framework, target, fields: dict, basis: str) -> list[str]:
    """Set changed fields on obj, record each, return their names."""
    changed = []
    for name, new in fields.items():
        old = getattr(obj, name)
        if old == new:
            continue
        _record(framework, actor, Action.EDITED, target, name, _shown(old), _shown(new), basis)
        setattr(obj, name, new)
        changed.append(name)
    return changed


# --- frameworks ------------------------------------------------------------------------------

FRAMEWORK_FIELDS = (
    "name",
    "short_name",
    "level",
    "unit_kind",
    "decision_number",
    "decision_date",
    "decision_body",
    "effective_date",
    "period_start",
    "period_end",
    "category_kind",
    "notes",
    "illustrative",
)


def _check_framework(fields: dict) -> None:
    errors = {}
    start, end = fields.get("period_start"), fields.get("period_end")
    if start is not None and end is not None and end < start:
        errors["period_end"] = "Năm kết thúc phải sau hoặc bằng năm bắt đầu."
    if fields.get("level") in Framework.REGISTER_ONLY_LEVELS:
        errors["level"] = (
            f"Hạng “{Framework.Level(fields['level']).label}” chỉ ghi trong sổ công nhận: "
            "ứng dụng không đánh giá tỉnh theo bộ tiêu chí."
        )
    if fields.get("level") == Framework.Level.KDC_KIEU_MAU and (
        fields.get("unit_kind") != Framework.UnitKind.VILLAGE
    ):
        errors["unit_kind"] = "Bộ tiêu chí khu dân cư kiểu mẫu đánh giá thôn, khu dân cư."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def framework_create(*, actor: User, key: str, province: Unit | None, **fields) -> Framework:
    """A new framework, a draft authored in the app. A province office creates its own
    province's sets only; a national set needs the national role."""
    if province is None and not can_author_national(actor):
        raise PermissionDenied("Chỉ Văn phòng Điều phối Trung ương tạo bộ tiêu chí quốc gia.")
    if province is not None and not can_create_framework_for(actor, province):
        raise PermissionDenied("Bạn chỉ tạo được bộ tiêu chí của tỉnh mình.")
    if province is not None and province.kind != Unit.Kind.PROVINCE:
        raise ValidationError({"province": "Bộ tiêu chí riêng thuộc về một tỉnh."})
    if Framework.objects.filter(key=key).exists():
        raise ValidationError({"key": f"Mã bộ tiêu chí “{key}” đã có: chọn mã khác."})
    unknown = set(fields) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    _check_framework(fields)
    framework = Framework.objects.create(
        key=key,
        province=province,
        origin=Origin.APP,
        state=Framework.State.DRAFT,
        **fields,
    )
    _record(framework, actor, Action.CREATED, str(framework), new=framework.legal_basis)
    return framework


@transaction.atomic
def framework_update(
    *, framework: Framework, actor: User, legal_basis: str = "", seen: int | None = None, **fields
) -> list[str]:
    """Change a framework's own fields; each change on the record. Returns the changed names.
    `seen`: last_change of the page it was sent from (_check_seen)."""
    _require_author(actor, framework)
    framework = _lock_set(framework, seen)
    basis = _require_basis(framework, legal_basis)
    unknown = set(fields) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    if framework.is_published and fields.get("category_kind", framework.category_kind) != (
        framework.category_kind
    ):
        raise ValidationError(
            {"category_kind": "Bộ tiêu chí đã ban hành: không đổi cách phân vùng/nhóm."}
        )
    _check_framework({f: fields.get(f, getattr(framework, f)) for f in FRAMEWORK_FIELDS})
    changed = _apply_fields(framework, actor, framework, "bộ tiêu chí", fields, basis)
    if changed:
        framework.origin = Origin.APP
        framework.save(update_fields=[*changed, "origin"])
    return changed


def publish_problems(framework: Framework) -> list[str]:
    """What stops a framework from being published (empty: it may be)."""
    problems = []
    criteria = list(framework.criteria.filter(retired_on__isnull=True).order_by("number"))
    if not criteria:
        problems.append("Bộ tiêu chí chưa có tiêu chí nào.")
    counts = dict(
        Indicator.objects.filter(framework=framework, retired_on__isnull=True)
        .values("criterion_id")
        .annotate(n=Count("pk"))
        .values_list("criterion_id", "n")
    )
    empty = [str(c.number) for c in criteria if not counts.get(c.pk)]
    if empty:
        problems.append(
            f"Tiêu chí chưa có chỉ tiêu nào: {', '.join(empty)}. Mỗi tiêu chí cần ít nhất một "
            "chỉ tiêu."
        )
    if framework.category_kind and not framework.categories.exists():
        problems.append("Bộ tiêu chí phân ngưỡng theo vùng/nhóm nhưng chưa có vùng/nhóm nào.")
    return problems


@transaction.atomic
def framework_publish(*, framework: Framework, actor: User) -> None:
    """Draft → published: from now on it can be assessed on, and changes go on the record."""
    _require_author(actor, framework)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.is_published:
        raise ValidationError("Bộ tiêu chí này đã được ban hành.")
    problems = publish_problems(framework)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    Framework.objects.filter(pk=framework.pk).update(
        state=Framework.State.PUBLISHED, published_at=now
    )
    _record(
        framework,
        actor,
        Action.PUBLISHED,
        str(framework),
        "state",
        "Dự thảo",
        "Đã ban hành",
        at=now,
    )


@transaction.atomic
def framework_delete_draft(*, framework: Framework, actor: User) -> None:
    _require_author(actor, framework)
    if not framework.is_draft or framework.assessments.exists():
        raise ValidationError("Chỉ xóa được bộ tiêu chí dự thảo chưa dùng để đánh giá.")
    framework.delete()


# --- categories (regions, commune groups) and criterion groups ------------------------------


@transaction.atomic
def category_add(
    *,
    framework: Framework,
    actor: User,
    key: str,
    name: str,
    description: str = "",
    legal_basis: str = "",
) -> FrameworkCategory:
    _require_author(actor, framework)
    basis = _require_basis(framework, legal_basis)
    if not framework.category_kind:
        raise ValidationError(
            {
                "key": "Bộ tiêu chí này không phân ngưỡng theo vùng/nhóm: đổi “ngưỡng phân theo” trước."
            }
        )
    if framework.categories.filter(key=key).exists():
        raise ValidationError({"key": f"Vùng/nhóm “{key}” đã có trong bộ tiêu chí."})
    order = framework.categories.count() + 1
    category = FrameworkCategory.objects.create(
        framework=framework,
        key=key,
        name=name,
        description=description,
        order=order,
        origin=Origin.APP,
    )
    _record(framework, actor, Action.ADDED, f"vùng/nhóm {key}", new=name, basis=basis)
    return category


@transaction.atomic
def group_add(
    *, framework: Framework, actor: User, code: str, name: str, legal_basis: str = ""
) -> CriterionGroup:
    _require_author(actor, framework)
    basis = _require_basis(framework, legal_basis)
    if framework.groups.filter(code=code).exists():
        raise ValidationError({"code": f"Nhóm tiêu chí “{code}” đã có."})
    group = CriterionGroup.objects.create(
        framework=framework,
        code=code,
        name=name,
        order=framework.groups.count() + 1,
        origin=Origin.APP,
    )
    _record(framework, actor, Action.ADDED, f"nhóm tiêu chí {code}", new=name, basis=basis)
    return group


# --- criteria ----------------------------------------------------------------------------------


@transaction.atomic
def criterion_add(
    *,
    framework: Framework,
    actor: User,
    number: int,
    name: str,
    group: CriterionGroup | None = None,
    legal_basis: str = "",
) -> Criterion:
    """A new criterion. On a published framework the years in progress count it at once
    (as "chưa đánh giá" until it has indicators)."""
    _require_author(actor, framework)
    basis = _require_basis(framework, legal_basis)
    if framework.criteria.filter(number=number).exists():
        raise ValidationError({"number": f"Tiêu chí số {number} đã có trong bộ tiêu chí."})
    if group is not None and group.framework_id != framework.pk:
        raise ValidationError({"group": "Nhóm tiêu chí thuộc bộ tiêu chí khác."})
    criterion = Criterion.objects.create(
        framework=framework, number=number, name=name, group=group, origin=Origin.APP
    )
    _record(framework, actor, Action.ADDED, f"tiêu chí {number}", new=name, basis=basis)
    if framework.is_published:
        _recount_open(framework)
    return criterion


@transaction.atomic
def criterion_update(
    *, criterion: Criterion, actor: User, legal_basis: str = "", seen: int | None = None, **fields
) -> list[str]:
    framework = criterion.framework
    _require_author(actor, framework)
    _lock_set(framework, seen)
    basis = _require_basis(framework, legal_basis)
    if set(fields) - {"name", "group"}:
        raise TypeError("criterion_update changes name and group only")
    group = fields.get("group")
    if group is not None and group.framework_id != framework.pk:
        raise ValidationError({"group": "Nhóm tiêu chí thuộc bộ tiêu chí khác."})
    changed = _apply_fields(
        criterion, actor, framework, f"tiêu chí {criterion.number}", fields, basis
    )
    if changed:
        criterion.origin = Origin.APP
        criterion.save(update_fields=[*changed, "origin"])
    return changed


@transaction.atomic
def criterion_retire(*, criterion: Criterion, actor: User, on: date, legal_basis: str = "") -> None:
    """A draft's unused criterion is deleted; otherwise it is retired from `on`: years that
    begin after that date no longer count it; earlier years keep it."""
    framework = criterion.framework
    _require_author(actor, framework)
    basis = _require_basis(framework, legal_basis)
    if criterion.retired_on is not None:
        raise ValidationError(
            f"Tiêu chí {criterion.number} đã ngừng áp dụng từ {criterion.retired_on:%d/%m/%Y}."
        )
    used = IndicatorStatus.objects.filter(indicator__criterion=criterion).exists()
    if framework.is_draft and not used:
        _record(
            framework, actor, Action.DELETED, f"tiêu chí {criterion.number}", old=criterion.name
        )
        criterion.delete()
        return
    Criterion.objects.filter(pk=criterion.pk).update(retired_on=on, origin=Origin.APP)
    Indicator.objects.filter(criterion=criterion, retired_on__isnull=True).update(
        retired_on=on, origin=Origin.APP
    )
    _record(
        framework,
        actor,
        Action.RETIRED,
        f"tiêu chí {criterion.number}",
        "retired_on",
        "",
        _shown(on),
        basis,
    )
    _recount_open(framework)


# --- indicators and thresholds -----------------------------------------------------------------


@transaction.atomic
def indicator_add(
    *,
    framework: Framework,
    actor: User,
    criterion: Criterion,
    code: str,
    name: str,
    kind: str,
    unit: str = "",
    comparator: str = Indicator.Comparator.GTE,
    bars: dict[str, Bar] | None = None,
    guidance: str = "",
    legal_basis: str = "",
) -> Indicator:
    """A new indicator with its national (or, for a province's set, the set's own) thresholds:
    one per category, or a common one; an empty bar = judged by the official. On a published
    framework it reaches every year not yet verified as "chưa đánh giá"."""
    _require_author(actor, framework)
    basis = _require_basis(framework, legal_basis)
    bars = {k: b for k, b in (bars or {}).items() if not b.empty}
    if criterion.framework_id != framework.pk:
        raise ValidationError({"criterion": "Tiêu chí thuộc bộ tiêu chí khác."})
    if criterion.retired_on is not None:
        raise ValidationError({"criterion": f"Tiêu chí {criterion.number} đã ngừng áp dụng."})
    if Indicator.objects.filter(framework=framework, code=code).exists():
        raise ValidationError({"code": f"Mã chỉ tiêu {code} đã có trong bộ tiêu chí."})
    check_indicator_fields(
        framework=framework, kind=kind, comparator=comparator, unit=unit, bars=bars
    )
    last = Indicator.objects.filter(framework=framework).order_by("-order").first()
    indicator = Indicator.objects.create(
        framework=framework,
        criterion=criterion,
        code=code,
        name=name,
        unit=unit,
        kind=kind,
        comparator=comparator,
        guidance=guidance,
        order=(last.order + 1) if last else 1,
        origin=Origin.APP,
    )
    for category, bar in bars.items():
        Threshold.objects.create(
            indicator=indicator,
            category=category,
            value=bar.value,
            text=bar.text,
            decision=basis or framework.decision_number,
            origin=Origin.APP,
        )
    _record(
        framework,
        actor,
        Action.ADDED,
        f"chỉ tiêu {code}",
        new=f"{name} – {describe_bars(bars, unit, comparator)}",
        basis=basis,
    )
    if framework.is_published:
        _reach_open_years(indicator, actor)
    return indicator


def describe_bars(bars: dict[str, Bar], unit: str, comparator: str) -> str:
    if not bars:
        return "cán bộ đánh giá"
    symbol = {">=": "≥", "<=": "≤", "==": "="}.get(comparator, "")
    parts = []
    for key in sorted(bars):
        bar = bars[key]
        text = f"{symbol} {bar.describe(unit)}" if bar.value is not None else bar.describe()
        parts.append(f"{key or 'chung'}: {text}")
    return "; ".join(parts)


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, actor: User, legal_basis: str = "", rejudge_years=True, **fields
) -> list[str]:
    """Change an indicator's name, unit, kind, comparator or guidance. A change of kind,
    unit or comparator on a published framework re-judges the years in progress."""
    framework = indicator.framework
    _require_author(actor, framework)
    basis = _require_basis(framework, legal_basis)
    allowed = {"name", "unit", "kind", "comparator", "guidance", "criterion"}
    if set(fields) - allowed:
        raise TypeError(f"indicator_update changes {allowed} only")
    merged = {f: fields.get(f, getattr(indicator, f)) for f in ("kind", "comparator", "unit")}
    bars = {
        t.category: Bar(t.value, t.text) for t in indicator.thresholds.filter(province__isnull=True)
    }
    check_indicator_fields(framework=framework, bars=bars, **merged)
    criterion = fields.get("criterion")
    if criterion is not None and criterion.framework_id != framework.pk:
        raise ValidationError({"criterion": "Tiêu chí thuộc bộ tiêu chí khác."})
    changed = _apply_fields(
        indicator, actor, framework, f"chỉ tiêu {indicator.code}", fields, basis
    )
    if changed:
        indicator.origin = Origin.APP
        indicator.save(update_fields=[*changed, "origin"])
        if (
            rejudge_years
            and framework.is_published
            and {"kind", "comparator", "unit"} & set(changed)
        ):
            rejudge(indicator, actor=actor, basis=basis)
        if framework.is_published and "criterion" in changed:
            _recount_open(framework)
    return changed


@transaction.atomic
def thresholds_set(
    *,
    indicator: Indicator,
    actor: User,
    bars: dict[str, Bar],
    legal_basis: str = "",
    rejudge_years: bool = True,
) -> list[str]:
    """Set the framework's own thresholds of an indicator (a provincial tightening of a national
    set stays a provincial Threshold row, written elsewhere). `bars` is the whole set of columns:
    a column left empty is removed (the official judges). On a published framework the years in
    progress are re-judged; verified years are never touched. Returns the columns changed."""
    framework = indicator.framework
    _require_author(actor, framework)
    basis = _require_basis(framework, legal_basis)
    check_indicator_fields(
        framework=framework,
        kind=indicator.kind,
        comparator=indicator.comparator,
        unit=indicator.unit,
        bars={k: b for k, b in bars.items() if not b.empty},
    )
    current = {(t.category, t.year): t for t in indicator.thresholds.filter(province__isnull=True)}
    changed = []
    for category, bar in bars.items():
        row = current.get((category, None))
        old = Bar(row.value, row.text) if row else Bar()
        if old == bar:
            continue
        column = category or "chung"
        _record(
            framework,
            actor,
            Action.EDITED,
            f"chỉ tiêu {indicator.code}",
            f"ngưỡng {column}",
            old.describe(indicator.unit),
            bar.describe(indicator.unit),
            basis,
        )
        changed.append(column)
        if bar.empty:
            if row:
                row.delete()
        elif row:
            Threshold.objects.filter(pk=row.pk).update(
                value=bar.value, text=bar.text, origin=Origin.APP, decision=basis or row.decision
            )
        else:
            Threshold.objects.create(
                indicator=indicator,
                category=category,
                value=bar.value,
                text=bar.text,
                decision=basis or framework.decision_number,
                origin=Origin.APP,
            )
    if changed:
        Indicator.objects.filter(pk=indicator.pk).update(origin=Origin.APP)
        if rejudge_years and framework.is_published:
            rejudge(indicator, actor=actor, basis=basis)
    return changed


@transaction.atomic
def indicator_correct(
    *,
    indicator: Indicator,
    actor: User,
    bars: dict[str, Bar],
    legal_basis: str = "",
    seen: int | None = None,
    **fields,
) -> list[str]:
    """One correction of an indicator from the page: its fields (indicator_update) and its
    thresholds (thresholds_set) in one transaction, so either both are saved or neither.

    The fields and the bars are checked together as they will be at the end; then applied in
    the order whose state in between is also valid (changing "số đo" to "đạt/không đạt" and
    dropping the numeric bar in the same form must not trip on the old bar). Returns the names
    of the changed fields and columns. `seen`: last_change of the page (_check_seen)."""
    framework = indicator.framework
    _require_author(actor, framework)
    _lock_set(framework, seen)
    _require_basis(framework, legal_basis)
    merged = {f: fields.get(f, getattr(indicator, f)) for f in ("kind", "comparator", "unit")}
    check_indicator_fields(
        framework=framework, bars={k: b for k, b in bars.items() if not b.empty}, **merged
    )
    current = {
        t.category: Bar(t.value, t.text) for t in indicator.thresholds.filter(province__isnull=True)
    }
    try:
        check_indicator_fields(framework=framework, bars=current, **merged)
    except ValidationError:
        fields_first = False  # the new fields do not fit the old bars: change the bars first
    else:
        fields_first = True
    # both halves first, then the years in progress re-judged once, from the final state
    field_changes: list[str] = []
    column_changes: list[str] = []

    def update_fields():
        field_changes.extend(
            indicator_update(
                indicator=indicator,
                actor=actor,
                legal_basis=legal_basis,
                rejudge_years=False,
                **fields,
            )
        )

    def update_bars():
        column_changes.extend(
            thresholds_set(
                indicator=indicator,
                actor=actor,
                bars=bars,
                legal_basis=legal_basis,
                rejudge_years=False,
            )
        )

    for step in (update_fields, update_bars) if fields_first else (update_bars, update_fields):
        step()
    judged = column_changes or {"kind", "comparator", "unit"} & set(field_changes)
    if judged and framework.is_published:
        indicator.refresh_from_db()
        rejudge(indicator, actor=actor, basis=legal_basis.strip())
    return field_changes + column_changes


@transaction.atomic
def indicator_retire(*, indicator: Indicator, actor: User, on: date, legal_basis: str = "") -> None:
    """A draft's unused indicator is deleted; otherwise it is retired from `on` and no longer
    opened in later years. Years already open keep its row and history, but the years it no
    longer counts in (selectors.in_force_in) are counted again without it."""
    framework = indicator.framework
    _require_author(actor, framework)
    basis = _require_basis(framework, legal_basis)
    if indicator.retired_on is not None:
        raise ValidationError(
            f"Chỉ tiêu {indicator.code} đã ngừng áp dụng từ {indicator.retired_on:%d/%m/%Y}."
        )
    if framework.is_draft and not indicator.statuses.exists():
        _record(framework, actor, Action.DELETED, f"chỉ tiêu {indicator.code}", old=indicator.name)
        indicator.delete()
        return
    Indicator.objects.filter(pk=indicator.pk).update(retired_on=on, origin=Origin.APP)
    _record(
        framework,
        actor,
        Action.RETIRED,
        f"chỉ tiêu {indicator.code}",
        "retired_on",
        "",
        _shown(on),
        basis,
    )
    # the years in progress it no longer counts in (from `on`'s year, or the next one when it
    # is retired during a year) are counted again without it, each on its record
    from .services import assessment_recount, years_rejudged

    first = on.year if (on.month, on.day) == (1, 1) else on.year + 1
    locked = _lock_open_years(framework)
    reached = list(Assessment.objects.filter(pk__in=locked, year__gte=first))
    for assessment in reached:
        assessment_recount(assessment)
    years_rejudged(
        reached,
        actor=actor,
        comment=f"Chỉ tiêu {indicator.code} ngừng áp dụng từ {_shown(on)}"
        + (f" (căn cứ: {basis})" if basis else ""),
    )
