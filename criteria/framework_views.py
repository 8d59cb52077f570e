"""The "Bộ tiêu chí" pages: criteria sets authored in the app (not the admin).

Thin views: fetch through the selectors (another province's set is a 404, a set one may read
but not change a 403), bind a form, call a criteria.authoring service, then redirect with a
message or re-render the form with the service's errors on their fields. Nothing here writes
except through the services. The reads that shape a page sit at the top of this module.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from units.models import Unit
from units.selectors import (
    authoring_province_ids,
    can_author_framework,
    can_author_national,
    can_create_framework,
    communes_visible_to,
)

from . import authoring, rules, selectors
from .framework_forms import (
    CategoryForm,
    CriterionForm,
    FrameworkCreateForm,
    FrameworkEditForm,
    GroupForm,
    IndicatorForm,
    PrefillForm,
    PreviewForm,
    RetireForm,
)
from .models import (
    Criterion,
    CriterionGroup,
    Framework,
    FrameworkCategory,
    FrameworkChange,
    Indicator,
    IndicatorStatus,
    Threshold,
)

Status = IndicatorStatus.Status
HISTORY_LIMIT = 300  # the newest changes shown on a set's page

# --- reads for these pages --------------------------------------------------------------------


def _count(rows):
    """A per-framework count as a subquery (no join that multiplies rows)."""
    counted = rows.order_by().values("framework").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


@dataclass
class Section:
    title: str
    frameworks: list[Framework]


def frameworks_listed(user) -> list[Section]:
    """The sets the user may read, national first then by province, each with its counts of
    criteria and indicators in force and of criteria without any indicator; a draft only for
    those who may author it. One query (plus the user's roles)."""
    criteria = Criterion.objects.filter(framework=OuterRef("pk"), retired_on__isnull=True)
    indicators = Indicator.objects.filter(framework=OuterRef("pk"), retired_on__isnull=True)
    frameworks = selectors.frameworks_visible_to(user).annotate(
        criteria_total=_count(criteria),
        indicator_total=_count(indicators),
        empty_total=_count(
            criteria.filter(
                ~Exists(Indicator.objects.filter(criterion=OuterRef("pk"), retired_on__isnull=True))
            )
        ),
    )
    national, provinces = [], {}
    for framework in frameworks:
        if framework.is_draft and not can_author_framework(user, framework):
            continue
        if framework.province_id is None:
            national.append(framework)
        else:
            provinces.setdefault(framework.province, []).append(framework)
    sections = [Section("Bộ tiêu chí quốc gia", national)] if national else []
    for province in sorted(provinces, key=lambda p: p.name):
        sections.append(Section(f"Bộ tiêu chí riêng của {province}", provinces[province]))
    return sections


def _criterion_for_user(user, pk: int) -> Criterion:
    """A criterion of a set the user may change (else 404 or 403, as for the set)."""
    criterion = Criterion.objects.select_related("group").filter(pk=pk).first()
    if criterion is None:
        raise Http404("Không tìm thấy tiêu chí hoặc bạn không có quyền xem.")
    criterion.framework = selectors.get_framework_for_user(
        user, criterion.framework_id, for_edit=True
    )
    return criterion


def _indicator_for_user(user, pk: int) -> Indicator:
    indicator = Indicator.objects.select_related("criterion").filter(pk=pk).first()
    if indicator is None:
        raise Http404("Không tìm thấy chỉ tiêu hoặc bạn không có quyền xem.")
    indicator.framework = selectors.get_framework_for_user(
        user, indicator.framework_id, for_edit=True
    )
    return indicator


@dataclass
class Cell:
    text: str
    muted: bool = False


@dataclass
class IndicatorLine:
    indicator: Indicator
    cells: list[Cell]


@dataclass
class CriterionBlock:
    criterion: Criterion
    indicators: list[IndicatorLine] = field(default_factory=list)


@dataclass
class GroupBlock:
    group: CriterionGroup | None
    criteria: list[CriterionBlock] = field(default_factory=list)
    titled: bool = True  # a heading of its own (not when the set has no groups at all)

    @property
    def criterion_heading(self) -> str:
        return "h4" if self.titled else "h3"


@dataclass
class ChangeLine:
    change: FrameworkChange
    field_label: str


FIELD_LABELS = {
    **{f.name: str(f.verbose_name) for f in Indicator._meta.fields},
    **{f.name: str(f.verbose_name) for f in Criterion._meta.fields},
    **{f.name: str(f.verbose_name) for f in Framework._meta.fields},
    "name": "tên",
    "group": "nhóm tiêu chí",
    "criterion": "tiêu chí",
}


def _cells(rows: list[Threshold], keys: list[str]) -> list[Cell]:
    """One cell per column (categories, then common): the bar, or who decides without one."""
    by_key: dict[str, list[Threshold]] = {}
    for t in sorted(rows, key=lambda t: (t.year is not None, t.year or 0)):
        by_key.setdefault(t.category, []).append(t)
    has_common = bool(by_key.get(authoring.COMMON))
    has_category = any(by_key.get(k) for k in keys if k != authoring.COMMON)
    cells = []
    for key in keys:
        found = by_key.get(key)
        if found:
            text = "; ".join(
                f"năm {t.year}: {t.describe()}" if t.year else t.describe() for t in found
            )
            cells.append(Cell(text))
        elif key != authoring.COMMON and has_common:
            cells.append(Cell("theo ngưỡng chung", muted=True))
        elif key == authoring.COMMON and has_category:
            cells.append(Cell("—", muted=True))
        else:
            cells.append(Cell("cán bộ đánh giá", muted=True))
    return cells


@dataclass
class FrameworkPage:
    categories: list[FrameworkCategory]
    groups: list[GroupBlock]
    criteria_count: int
    indicator_count: int
    changes: list[ChangeLine]
    changes_total: int


def framework_page(framework: Framework) -> FrameworkPage:
    """A set's criteria by group, each with its indicators and their own thresholds per
    column, and its history, newest first. A fixed number of queries."""
    categories = list(framework.categories.order_by("order"))
    keys = [c.key for c in categories] + [authoring.COMMON]
    indicators = list(Indicator.objects.filter(framework=framework).order_by("order", "code"))
    by_pk = {i.pk: i for i in indicators}
    rows: dict[int, list[Threshold]] = {}
    for t in Threshold.objects.filter(indicator__framework=framework, province__isnull=True):
        t.indicator = by_pk[t.indicator_id]  # describe() reads it: no query per row
        rows.setdefault(t.indicator_id, []).append(t)
    blocks = {
        c.pk: CriterionBlock(c) for c in Criterion.objects.filter(framework=framework)
    }  # ordered by number (Meta)
    for indicator in indicators:
        blocks[indicator.criterion_id].indicators.append(
            IndicatorLine(indicator, _cells(rows.get(indicator.pk, []), keys))
        )
    groups = {g.pk: GroupBlock(g) for g in framework.groups.order_by("order")}
    ungrouped = GroupBlock(None)
    for block in blocks.values():
        groups.get(block.criterion.group_id, ungrouped).criteria.append(block)
    group_blocks = [g for g in groups.values() if g.criteria]
    if ungrouped.criteria:
        ungrouped.titled = bool(group_blocks)
        group_blocks.append(ungrouped)
    changes = list(framework.changes.select_related("actor").order_by("-at", "-pk")[:HISTORY_LIMIT])
    return FrameworkPage(
        categories=categories,
        groups=group_blocks,
        criteria_count=sum(1 for b in blocks.values() if b.criterion.retired_on is None),
        indicator_count=sum(1 for i in indicators if i.retired_on is None),
        changes=[ChangeLine(c, FIELD_LABELS.get(c.field, c.field)) for c in changes],
        changes_total=(
            framework.changes.count() if len(changes) == HISTORY_LIMIT else len(changes)
        ),
    )


@dataclass
class PreviewRow:
    indicator: Indicator
    threshold: Threshold | None
    status: str
    value: object
    origin: str

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def unit(self) -> str:
        return rules.value_unit(self.indicator, self.threshold)


@dataclass
class PreviewCriterion:
    criterion: Criterion
    rows: list[PreviewRow]
    status: str

    @property
    def status_label(self) -> str:
        return Status(self.status).label


@dataclass
class Preview:
    commune: Unit
    year: int
    criteria: list[PreviewCriterion]
    met_count: int
    category: str
    category_missing: bool
    carried_count: int

    @property
    def headline(self) -> str:
        return f"{self.met_count}/{len(self.criteria)}"


def framework_preview_for(framework: Framework, commune: Unit, year: int) -> Preview:
    """What the commune would score on the set in that year, from the values a mapping would
    carry over (selectors.carried_values); an indicator with nothing carried is "chưa đánh
    giá". A criterion is met when all its indicators are. Reads only."""
    year_start = date(year, 1, 1)
    in_force = Q(retired_on__isnull=True) | Q(retired_on__gt=year_start)
    indicators = list(
        Indicator.objects.filter(framework=framework).filter(in_force).order_by("order", "code")
    )
    carried = selectors.carried_values(commune, framework, year, indicators)
    thresholds = selectors.thresholds_by_indicator(framework, commune.province_id)
    category = selectors.category_of(commune, framework, year)
    by_criterion: dict[int, list[PreviewRow]] = {}
    for indicator in indicators:
        status, value, _automatic, origin = carried.get(
            indicator.pk, (Status.NOT_ASSESSED, None, False, "")
        )
        threshold = rules.pick_threshold(
            thresholds.get(indicator.pk, []),
            province_id=commune.province_id,
            category=category,
            year=year,
        )
        by_criterion.setdefault(indicator.criterion_id, []).append(
            PreviewRow(indicator, threshold, status, value, origin)
        )
    criteria = []
    for criterion in selectors.active_criteria(framework, year).order_by("number"):
        found = by_criterion.get(criterion.pk, [])
        criteria.append(PreviewCriterion(criterion, found, rules.criterion_status(found)))
    return Preview(
        commune=commune,
        year=year,
        criteria=criteria,
        met_count=sum(1 for c in criteria if c.status == Status.MET),
        category=category,
        category_missing=framework.category_kind == Framework.CategoryKind.GROUP and not category,
        carried_count=len(carried),
    )


# --- helpers ------------------------------------------------------------------------------------


def _attach(error: ValidationError, form) -> None:
    """Put a service's errors next to the fields they are about (else at the top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, found in error.message_dict.items():
        form.add_error(name if name in form.fields else None, found)


def _changed_text(form, names: list[str]) -> str:
    labels = []
    for name in names:
        if name in form.fields:
            labels.append(str(form.fields[name].label).lower())
        elif name in FIELD_LABELS:
            labels.append(FIELD_LABELS[name])
        else:  # a threshold column (thresholds_set returns "chung" or a category key)
            labels.append(f"ngưỡng {name}")
    return ", ".join(labels)


def _saved(request, form, changed: list[str], what: str) -> None:
    if changed:
        messages.success(request, f"Đã lưu {what}: {_changed_text(form, changed)}.")
    else:
        messages.info(request, "Không có thay đổi nào để lưu.")


def _anchor(framework: Framework, fragment: str) -> str:
    return f"{framework.get_absolute_url()}#{fragment}"


# --- the list and a set's page ------------------------------------------------------------------


@login_required
@require_GET
def framework_list(request):
    return render(
        request,
        "criteria/framework_list.html",
        {
            "sections": frameworks_listed(request.user),
            "can_create": can_create_framework(request.user),
            "illustrative_label": Framework.ILLUSTRATIVE_LABEL,
        },
    )


@login_required
@require_GET
def framework_detail(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk)
    may_author = can_author_framework(request.user, framework)
    problems = authoring.publish_problems(framework) if framework.is_draft and may_author else []
    return render(
        request,
        "criteria/framework_detail.html",
        {
            "framework": framework,
            "page": framework_page(framework),
            "may_author": may_author,
            "problems": problems,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework_create(request):
    user = request.user
    if not can_create_framework(user):
        raise PermissionDenied("Bạn không có quyền soạn bộ tiêu chí.")
    national = can_author_national(user)
    provinces = Unit.objects.filter(kind=Unit.Kind.PROVINCE)
    if national:
        provinces = provinces.filter(valid_to__isnull=True)
    else:
        provinces = provinces.filter(pk__in=authoring_province_ids(user))
    form = FrameworkCreateForm(
        request.POST or None, national=national, provinces=provinces.order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        try:
            framework = authoring.framework_create(
                actor=user,
                key=form.cleaned_data["key"],
                province=form.cleaned_data["province"],
                **form.framework_fields(),
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(
                request,
                f"Đã tạo dự thảo “{framework}”. Thêm tiêu chí, chỉ tiêu rồi ban hành.",
            )
            return redirect(framework)
    return render(request, "criteria/framework_form.html", {"form": form, "framework": None})


@login_required
@require_http_methods(["GET", "POST"])
def framework_edit(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = FrameworkEditForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            changed = authoring.framework_update(
                framework=framework,
                actor=request.user,
                legal_basis=form.cleaned_data["legal_basis"],
                **form.framework_fields(),
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            _saved(request, form, changed, "bộ tiêu chí")
            return redirect(framework)
    return render(request, "criteria/framework_form.html", {"form": form, "framework": framework})


@login_required
@require_POST
def framework_publish(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    try:
        authoring.framework_publish(framework=framework, actor=request.user)
    except ValidationError as error:
        messages.error(request, "Chưa ban hành được:")
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Đã ban hành “{framework}”: từ nay các xã đánh giá được.")
    return redirect(framework)


@login_required
@require_POST
def framework_delete(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    name = str(framework)
    try:
        authoring.framework_delete_draft(framework=framework, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(framework)
    messages.success(request, f"Đã xóa dự thảo “{name}”.")
    return redirect("criteria:framework-list")


# --- categories, groups, criteria ---------------------------------------------------------------


def _simple_form(request, framework, form, *, title: str, template_vars=None):
    return render(
        request,
        "criteria/framework_part_form.html",
        {"form": form, "framework": framework, "title": title, **(template_vars or {})},
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_add(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = CategoryForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category = authoring.category_add(
                framework=framework,
                actor=request.user,
                key=data["key"],
                name=data["name"],
                description=data["description"],
                basis=data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(request, f"Đã thêm vùng/nhóm “{category.name}”.")
            return redirect(_anchor(framework, "vung-nhom"))
    return _simple_form(
        request,
        framework,
        form,
        title="Thêm vùng/nhóm xã",
        template_vars={"no_categories": not framework.category_kind},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_add(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = GroupForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = authoring.group_add(
                framework=framework,
                actor=request.user,
                code=data["code"].strip(),
                name=data["name"],
                basis=data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(request, f"Đã thêm nhóm tiêu chí {group}.")
            return redirect(framework)
    return _simple_form(request, framework, form, title="Thêm nhóm tiêu chí")


@login_required
@require_http_methods(["GET", "POST"])
def criterion_add(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    form = CriterionForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            criterion = authoring.criterion_add(
                framework=framework,
                actor=request.user,
                number=data["number"],
                name=data["name"],
                group=data["group"],
                legal_basis=data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(request, f"Đã thêm {criterion}. Tiếp theo: thêm chỉ tiêu của nó.")
            return redirect(_anchor(framework, f"tieu-chi-{criterion.number}"))
    return _simple_form(request, framework, form, title="Thêm tiêu chí")


def _criterion_page(request, criterion, form, retire_form):
    return render(
        request,
        "criteria/framework_criterion_form.html",
        {
            "form": form,
            "retire_form": retire_form,
            "criterion": criterion,
            "framework": criterion.framework,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = _criterion_for_user(request.user, pk)
    framework = criterion.framework
    form = CriterionForm(request.POST or None, framework=framework, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = authoring.criterion_update(
                criterion=criterion,
                actor=request.user,
                legal_basis=data["legal_basis"],
                name=data["name"],
                group=data["group"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            _saved(request, form, changed, f"tiêu chí {criterion.number}")
            return redirect(_anchor(framework, f"tieu-chi-{criterion.number}"))
    return _criterion_page(request, criterion, form, RetireForm(framework=framework))


@login_required
@require_POST
def criterion_retire(request, pk):
    criterion = _criterion_for_user(request.user, pk)
    framework = criterion.framework
    form = RetireForm(request.POST, framework=framework)
    if form.is_valid():
        try:
            authoring.criterion_retire(
                criterion=criterion,
                actor=request.user,
                on=form.cleaned_data.get("on") or timezone.localdate(),
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            if framework.is_draft:
                messages.success(request, f"Đã xóa {criterion} khỏi dự thảo.")
            else:
                messages.success(
                    request,
                    f"{criterion} ngừng áp dụng từ {form.cleaned_data['on']:%d/%m/%Y}.",
                )
            return redirect(framework)
    edit_form = CriterionForm(framework=framework, criterion=criterion)
    return _criterion_page(request, criterion, edit_form, form)


# --- indicators with their thresholds ------------------------------------------------------------


def _indicator_page(request, framework, form, *, indicator=None, retire_form=None):
    return render(
        request,
        "criteria/framework_indicator_form.html",
        {
            "form": form,
            "framework": framework,
            "indicator": indicator,
            "retire_form": retire_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk, for_edit=True)
    categories = list(framework.categories.order_by("order"))
    prefill = PrefillForm(request.GET, framework=framework)
    initial = {}
    if prefill.is_valid() and prefill.cleaned_data["tieu_chi"]:
        initial["criterion"] = prefill.cleaned_data["tieu_chi"].pk
    form = IndicatorForm(
        request.POST or None, framework=framework, categories=categories, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            indicator = authoring.indicator_add(
                framework=framework,
                actor=request.user,
                criterion=data["criterion"],
                code=data["code"].strip(),
                name=data["name"],
                kind=data["kind"],
                unit=data["unit"].strip(),
                comparator=data["comparator"],
                bars=form.bars(),
                guidance=data["guidance"],
                legal_basis=data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            messages.success(request, f"Đã thêm chỉ tiêu {indicator.code}.")
            return redirect(_anchor(framework, f"tieu-chi-{indicator.criterion.number}"))
    return _indicator_page(request, framework, form)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk):
    indicator = _indicator_for_user(request.user, pk)
    framework = indicator.framework
    categories = list(framework.categories.order_by("order"))
    form = IndicatorForm(
        request.POST or None, framework=framework, categories=categories, indicator=indicator
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = authoring.indicator_correct(
                indicator=indicator,
                actor=request.user,
                bars=form.bars(),
                legal_basis=form.cleaned_data["legal_basis"],
                **form.indicator_fields(),
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            _saved(request, form, changed, f"chỉ tiêu {indicator.code}")
            return redirect(_anchor(framework, f"tieu-chi-{indicator.criterion.number}"))
    return _indicator_page(
        request, framework, form, indicator=indicator, retire_form=RetireForm(framework=framework)
    )


@login_required
@require_POST
def indicator_retire(request, pk):
    indicator = _indicator_for_user(request.user, pk)
    framework = indicator.framework
    form = RetireForm(request.POST, framework=framework)
    if form.is_valid():
        try:
            authoring.indicator_retire(
                indicator=indicator,
                actor=request.user,
                on=form.cleaned_data.get("on") or timezone.localdate(),
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except ValidationError as error:
            _attach(error, form)
        else:
            if framework.is_draft:
                messages.success(request, f"Đã xóa chỉ tiêu {indicator.code} khỏi dự thảo.")
            else:
                messages.success(
                    request,
                    f"Chỉ tiêu {indicator.code} ngừng áp dụng từ "
                    f"{form.cleaned_data['on']:%d/%m/%Y}.",
                )
            return redirect(_anchor(framework, f"tieu-chi-{indicator.criterion.number}"))
    categories = list(framework.categories.order_by("order"))
    edit_form = IndicatorForm(framework=framework, categories=categories, indicator=indicator)
    return _indicator_page(request, framework, edit_form, indicator=indicator, retire_form=form)


# --- "xem thử" ----------------------------------------------------------------------------------


@login_required
@require_GET
def framework_preview(request, pk):
    framework = selectors.get_framework_for_user(request.user, pk)
    applies = framework.unit_kind == Framework.UnitKind.COMMUNE
    communes = communes_visible_to(request.user).select_related("parent", "province")
    if framework.province_id is not None:
        communes = communes.filter(province_id=framework.province_id)
    communes = communes.order_by("province__name", "parent__name", "name")
    this_year = timezone.localdate().year
    default_year = min(max(this_year, framework.period_start), framework.period_end)
    form = PreviewForm(
        request.GET or None,
        framework=framework,
        communes=communes,
        initial={"nam": default_year},
    )
    preview = None
    if applies and form.is_valid():
        preview = framework_preview_for(
            framework, form.cleaned_data["xa"], form.cleaned_data["nam"]
        )
    return render(
        request,
        "criteria/framework_preview.html",
        {
            "framework": framework,
            "form": form,
            "applies": applies,
            "preview": preview,
        },
    )
