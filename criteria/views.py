from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from common.forms import add_refusal
from common.uploads import private_file_response
from units.access import (
    can_edit_commune,
    can_review,
    can_submit,
    get_assessed_unit_for_user,
    get_commune_for_user,
    get_village_for_user,
    home_commune_id,
    units_visible_to,
)

from . import rules, selectors, services, trail
from .forms import (
    CommuneSearchForm,
    IndicatorStatusForm,
    OpenYearForm,
    ReviewForm,
    SubmitForm,
    TrailFilterForm,
    WithdrawForm,
    YearForm,
)


@login_required
@require_GET
def commune_list(request):
    """The communes the user may read, today's first (CommuneSearchForm); a unit the user may
    not read in `unit` is a 404, as its own address would be."""
    form = CommuneSearchForm(request.GET, units=units_visible_to(request.user))
    form.is_valid()
    if "unit" in form.errors:
        raise Http404
    filters = {f: form.cleaned_data.get(f) for f in ("q", "hien_trang", "unit")}
    query, state, within = filters["q"] or "", filters["hien_trang"] or "", filters["unit"]
    found = selectors.communes_with_summary(request.user, query=query, within=within)
    page = Paginator(selectors.communes_in_state(found, state), 50).get_page(
        request.GET.get("page")
    )
    # today's list says how many merged-away communes match too, one tap from them
    ended = selectors.communes_in_state(found, form.ENDED).count() if state == "" else 0
    return render(
        request,
        "criteria/commune_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "state": state,
            "within": within,
            "ended": ended,
        },
    )


@login_required
@require_safe  # GET, and HEAD for a monitor that checks the root
def home(request):
    """Where the app opens (the root, and after signing in): a commune's own officials land
    on their commune's page, the day's work; everyone else on the list of communes."""
    commune_id = home_commune_id(request.user)
    if commune_id is not None:
        return redirect("criteria:commune-detail", commune_id)
    return redirect("criteria:commune-list")


@login_required
@require_GET
def commune_detail(request, pk):
    return _unit_page(request, get_commune_for_user(request.user, pk))


@login_required
@require_GET
def village_detail(request, pk):
    """A village (thôn, khu dân cư) on a village set: the same page as a commune's, acted on
    by the commune's officials."""
    return _unit_page(request, get_village_for_user(request.user, pk))


def _year_and_framework(request, commune):
    """The year and set a page of the commune shows: asked for (?year=&framework=), else the
    commune's default; 404 for a bad one."""
    form = YearForm(request.GET or None)
    year, framework = selectors.default_year_and_framework(commune)
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        framework = form.cleaned_data["framework"] or framework
    elif request.GET:
        raise Http404("Năm hoặc bộ tiêu chí không hợp lệ.")
    return year, framework


def _unit_page(request, commune):
    year, framework = _year_and_framework(request, commune)
    if framework is None:
        return render(request, "criteria/commune_detail.html", {"commune": commune, "data": None})
    if not selectors.province_set_applies(framework, commune, year):
        raise Http404("Bộ tiêu chí này là bộ riêng của tỉnh khác.")
    data = selectors.commune_year(request.user, commune, framework, year)
    events = selectors.review_events(data.assessment) if data.assessment else []
    shown = request.GET.get("loc", "")
    shown = shown if shown in dict(SHOWN) else ""
    return render(
        request,
        "criteria/commune_detail.html",
        {
            "commune": commune,
            "data": data,
            "open_form": OpenYearForm(),
            "events": events,
            "groups": data.rows_where(shown),
            "shown": shown,
            "filters": SHOWN,
        },
    )


# the commune page's filter of indicators (criteria.selectors.CommuneYear.rows_where)
SHOWN = [
    ("", "Tất cả"),
    ("chua-dat", "Chưa đạt"),
    ("cau-hoi", "Có câu hỏi"),
    ("chua-danh-gia", "Chưa đánh giá"),
]


@login_required
@require_POST
def assessment_open(request, pk):
    commune = get_assessed_unit_for_user(request.user, pk)
    if not can_edit_commune(request.user, commune):
        raise PermissionDenied("Bạn không có quyền cập nhật kết quả của xã này.")
    form = OpenYearForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(commune)
    if not request.POST.get("confirm"):  # first what it will do, then the year
        framework, year = form.cleaned_data["framework"], form.cleaned_data["year"]
        return render(
            request,
            "criteria/assessment_open.html",
            {
                "commune": commune,
                "framework": framework,
                "year": year,
                **selectors.opening_preview(commune, framework, year),
            },
        )
    try:
        assessment = services.assessment_open(
            commune=commune,
            framework=form.cleaned_data["framework"],
            year=form.cleaned_data["year"],
            actor=request.user,
        )
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
        return redirect(commune)
    messages.success(request, f"Đã mở năm đánh giá {assessment.year}.")
    return redirect(assessment)


def _status_form(status, threshold, data=None, files=None, prefix=None) -> IndicatorStatusForm:
    """The form of one indicator's result, as its threshold (`selectors.threshold_for_status`,
    or a page's row that picked it already) asks: a measured value, or the result itself;
    `prefix` keeps many on one page apart."""
    return IndicatorStatusForm(
        data,
        files,
        prefix=prefix,
        initial={
            "status": status.status,
            "value": status.value,
            "note": status.note,
            "version": status.version,
        },
        automatic=rules.is_automatic(threshold),
        measured=rules.is_measured(status.indicator, threshold),
        unit=rules.value_unit(status.indicator, threshold),
    )


def _save_status(request, status, form: IndicatorStatusForm) -> bool:
    """Save a valid form through services.status_update; True when done (with its message),
    False with the service's refusal on the form. A file chosen on a refused form is not kept:
    the form says so by its name, to be chosen again."""
    data = form.cleaned_data
    try:
        changed = services.status_update(
            status=status,
            actor=request.user,
            # the result of an indicator with a numeric bar is not asked: it follows the value
            new_status=None if form.automatic else data.get("status") or None,
            value=data.get("value"),
            note=data.get("note", ""),
            version=data["version"],
            upload=data.get("evidence"),
        )
    except ValidationError as e:
        add_refusal(form, e)
        _file_not_kept(form)
        return False
    if changed:
        messages.success(request, f"Đã lưu chỉ tiêu {status.indicator.code}.")
    else:
        messages.info(request, "Không có thay đổi nào để lưu.")
    return True


def _compare_with(form: IndicatorStatusForm | None, earlier: selectors.Earlier | None) -> None:
    """The value box carries last year's value, so that what is typed is compared with it as
    it is typed (static/js/far.js: ten times, or a tenth – criteria.selectors.Earlier.far_from,
    which says the same under last year's line once saved)."""
    if form is None or earlier is None or earlier.value is None or "value" not in form.fields:
        return
    form.fields["value"].widget.attrs.update(
        {"data-earlier": str(earlier.value), "data-earlier-year": str(earlier.year)}
    )


def _file_not_kept(form: IndicatorStatusForm) -> None:
    """A browser never sends a chosen file back: name it so the official chooses it again."""
    upload = form.files.get(form.add_prefix("evidence"))
    if upload is not None and "evidence" not in form.errors:
        form.add_error(
            "evidence",
            f"Tệp “{upload.name[:100]}” chưa được lưu vì các lỗi khác: chọn lại tệp sau khi sửa.",
        )


@login_required
@require_http_methods(["GET", "POST"])
def status_edit(request, pk):
    status = selectors.get_status_for_user(request.user, pk, for_edit=True)
    threshold = selectors.threshold_for_status(status)
    form = _status_form(status, threshold, request.POST or None, request.FILES or None)
    earlier = selectors.earlier_results(status.assessment, [status.indicator_id]).get(
        status.indicator_id
    )
    _compare_with(form, earlier)
    if request.method == "POST":
        if form.is_valid() and _save_status(request, status, form):
            return redirect(status.assessment)
        _file_not_kept(form)
    return render(
        request,
        "criteria/status_form.html",
        {
            "form": form,
            "status": status,
            "threshold": threshold,
            "automatic": form.automatic,
            "unit": form.unit,
            "gap": rules.gap_text(status.value, threshold),
            "evidence": status.evidence.all(),
            "earlier": earlier,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_entry(request, pk, number):
    """A criterion's work on one page: every indicator with its form, saved one at a time;
    after a save the official lands back on that indicator (and, refused, finds every error
    of it shown at once, the first one focused)."""
    commune = get_commune_for_user(request.user, pk)
    year, framework = _year_and_framework(request, commune)
    if framework is None:
        raise Http404("Xã chưa được gán bộ tiêu chí.")
    data = selectors.commune_year(request.user, commune, framework, year)
    item = next((c for g in data.groups for c in g.criteria if c.criterion.number == number), None)
    if item is None or data.assessment is None:
        raise Http404("Không có tiêu chí này trong năm đánh giá đã chọn.")
    locked = data.assessment.is_locked_for_commune
    editable = {r.status.pk: r for r in item.rows if r.can_edit and not locked}
    # each row's threshold is picked already (one query for the page, not four an indicator)
    forms = {pk: _status_form(r.status, r.threshold, prefix=f"s{pk}") for pk, r in editable.items()}
    here = request.get_full_path().split("#")[0]
    failed = None
    if request.method == "POST":
        try:
            target = int(request.POST.get("status_pk", ""))
        except ValueError:
            target = None
        if target not in editable:
            raise PermissionDenied("Bạn không cập nhật được chỉ tiêu này trên trang này.")
        status = selectors.get_status_for_user(request.user, target, for_edit=True)
        bound = _status_form(
            status, editable[target].threshold, request.POST, request.FILES, prefix=f"s{target}"
        )
        if bound.is_valid() and _save_status(request, status, bound):
            return redirect(f"{here}#chi-tieu-{status.indicator.code}")
        _file_not_kept(bound)
        forms[target], failed = bound, target
    if failed is not None:  # the first field in error takes the focus
        bound = forms[failed]
        first = next((n for n in bound.fields if n in bound.errors), None)
        if first is not None:
            bound.fields[first].widget.attrs["autofocus"] = True
    files = selectors.evidence_by_status([r.status for r in item.rows])
    earlier = selectors.earlier_results(data.assessment, [r.indicator.pk for r in item.rows])
    for r in item.rows:
        _compare_with(forms.get(r.status.pk), earlier.get(r.indicator.pk))
    rows = [
        (r, forms.get(r.status.pk), files.get(r.status.pk, []), earlier.get(r.indicator.pk))
        for r in item.rows
    ]
    return render(
        request,
        "criteria/criterion_entry.html",
        {
            "commune": commune,
            "data": data,
            "item": item,
            "rows": rows,
            "failed": failed,
            "here": here,
            "numbers": [c.criterion.number for g in data.groups for c in g.criteria],
        },
        status=400 if failed else 200,
    )


@login_required
@require_GET
def status_history(request, pk):
    status = selectors.get_status_for_user(request.user, pk)
    return render(
        request,
        "criteria/status_history.html",
        {"status": status, "changes": selectors.status_history(status)},
    )


@login_required
@require_GET
def evidence_download(request, pk):
    evidence = selectors.get_evidence_for_user(request.user, pk)
    return private_file_response(evidence, missing="Tệp minh chứng không còn trên máy chủ.")


@login_required
@require_http_methods(["GET", "POST"])
def assessment_submit(request, pk):
    """GET: what sending does, and what still keeps it from being sent; POST: send it."""
    assessment = selectors.get_assessment_for_user(request.user, pk)
    if not can_submit(request.user, assessment.commune):
        raise PermissionDenied("Chỉ lãnh đạo UBND xã được gửi kết quả đi thẩm tra.")
    if request.method == "GET":
        return render(
            request,
            "criteria/assessment_submit.html",
            {
                "a": assessment,
                "problems": services.submit_problems(assessment),
                "office": assessment.commune.parent,
            },
        )
    form = SubmitForm(request.POST)
    if not form.is_valid():  # a page without the year's version: sent from an old page
        for error in form.errors["version"]:
            messages.error(request, error)
        return redirect(assessment)
    try:
        services.assessment_submit(
            assessment=assessment, actor=request.user, version=form.cleaned_data["version"]
        )
    except ValidationError as e:
        for error in e.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"Đã gửi kết quả năm {assessment.year} đi thẩm tra.")
    return redirect(assessment)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_withdraw(request, pk):
    """Undo "Mở năm": GET shows what it does (or why it cannot), POST withdraws the year."""
    assessment = selectors.get_assessment_for_user(request.user, pk)
    if not can_edit_commune(request.user, assessment.commune):
        raise PermissionDenied("Bạn không có quyền cập nhật kết quả của xã này.")
    form = WithdrawForm(
        request.POST if request.method == "POST" else None,
        initial={"version": assessment.version},
    )
    if form.is_valid():
        try:
            services.assessment_withdraw(
                assessment=assessment,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            for error in e.messages:
                messages.error(request, error)
            return redirect(assessment)
        messages.success(
            request,
            f"Đã rút lại năm {assessment.year} ({assessment.framework}); việc rút lại được ghi "
            "trong nhật ký của xã.",
        )
        return redirect(assessment.commune)
    return render(
        request,
        "criteria/assessment_withdraw.html",
        {"a": assessment, "form": form, "problems": services.withdraw_problems(assessment)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_review(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    if not can_review(request.user, assessment.commune):
        raise PermissionDenied("Chỉ văn phòng NTM cấp trên trực tiếp của xã được thẩm tra.")
    # the version first, then the rows: a step between the two reads makes the page stale
    statuses = selectors.review_rows(assessment)
    form = ReviewForm(
        request.POST or None,
        statuses=statuses,
        year=assessment.year,
        today=timezone.localdate(),
        initial={"version": assessment.version},
    )
    valid = request.method == "POST" and form.is_valid()
    # verifying makes the year's figures official: first what it does, then the decision
    confirming = valid and form.cleaned_data["action"] == "verify" and "confirm" not in request.POST
    if valid and not confirming:
        data = form.cleaned_data
        review = services.Review(held_on=data["held_on"], participants=data["participants"])
        try:
            if data["action"] == "verify":
                services.assessment_verify(
                    assessment=assessment,
                    actor=request.user,
                    comment=data["comment"],
                    version=data["version"],
                    review=review,
                )
                done = f"Đã xác nhận thẩm tra kết quả năm {assessment.year}."
            else:
                services.assessment_return(
                    assessment=assessment,
                    actor=request.user,
                    comments=form.indicator_comments(),
                    comment=data["comment"],
                    version=data["version"],
                    review=review,
                )
                done = f"Đã trả lại kết quả năm {assessment.year} để xã bổ sung."
        except ValidationError as e:
            assessment, form = _review_again(request, pk, e)
        else:
            # the review form is not shown again: its draft on the device is settled here
            kept = f"{request.user.pk}:tham-tra:{assessment.pk}"
            messages.success(request, done, extra_tags=f"keep-saved:{kept}")
            return redirect(assessment)
    elif request.method == "POST" and "version" in form.errors:  # a page without a version
        assessment, form = _review_again(request, pk, ValidationError(form.errors["version"]))
    return render(
        request,
        "criteria/assessment_review.html",
        {
            "assessment": assessment,
            "form": form,
            "events": selectors.review_events(assessment),
            "confirming": confirming,
        },
    )


def _review_again(request, pk, error: ValidationError):
    """The review page after a refusal, nothing written: the year as it is now with its
    version, what the officer typed kept, the reason on top. The next decision is taken on
    what the page then shows."""
    assessment = selectors.get_assessment_for_user(request.user, pk)
    posted = request.POST.copy()
    posted["version"] = str(assessment.version)
    form = ReviewForm(
        posted,
        statuses=selectors.review_rows(assessment),
        year=assessment.year,
        today=timezone.localdate(),
    )
    form.is_valid()
    form.add_error(None, error)
    return assessment, form


@login_required
@require_GET
def commune_trail(request, pk):
    commune = get_commune_for_user(request.user, pk)
    actors = trail.trail_actors(commune)
    form = TrailFilterForm(request.GET or None, actors=actors)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "criterion_number": data["criterion"],
            "actor_id": data["actor"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    entries = trail.commune_trail(commune, **filters) if not form.errors else []
    return render(
        request,
        "criteria/commune_trail.html",
        {"commune": commune, "form": form, "entries": entries},
    )
