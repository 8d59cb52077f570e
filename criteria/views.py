from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.uploads import private_file_response
from units.access import (
    can_edit_commune,
    can_review,
    can_submit,
    get_assessed_unit_for_user,
    get_commune_for_user,
    get_village_for_user,
)

from . import rules, selectors, services
from .forms import (
    CommuneSearchForm,
    IndicatorStatusForm,
    OpenYearForm,
    ReviewForm,
    SubmitForm,
    TrailFilterForm,
    YearForm,
)


@login_required
@require_GET
def commune_list(request):
    form = CommuneSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    communes = selectors.communes_with_summary(request.user, query=query)
    page = Paginator(communes, 50).get_page(request.GET.get("page"))
    return render(
        request, "criteria/commune_list.html", {"form": form, "page": page, "query": query}
    )


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


def _unit_page(request, commune):
    form = YearForm(request.GET or None)
    year, framework = selectors.default_year_and_framework(commune)
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        framework = form.cleaned_data["framework"] or framework
    elif request.GET:
        raise Http404("Năm hoặc bộ tiêu chí không hợp lệ.")
    if framework is None:
        return render(request, "criteria/commune_detail.html", {"commune": commune, "data": None})
    if framework.province_id not in (None, commune.province_id):
        raise Http404("Bộ tiêu chí này là bộ riêng của tỉnh khác.")
    data = selectors.commune_year(request.user, commune, framework, year)
    events = selectors.review_events(data.assessment) if data.assessment else []
    return render(
        request,
        "criteria/commune_detail.html",
        {"commune": commune, "data": data, "open_form": OpenYearForm(), "events": events},
    )


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


@login_required
@require_http_methods(["GET", "POST"])
def status_edit(request, pk):
    status = selectors.get_status_for_user(request.user, pk, for_edit=True)
    threshold = selectors.threshold_for_status(status)
    automatic = rules.is_automatic(threshold)
    initial = {
        "status": status.status,
        "value": status.value,
        "note": status.note,
        "version": status.version,
    }
    form = IndicatorStatusForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        automatic=automatic,
        measured=rules.is_measured(status.indicator, threshold),
        unit=rules.value_unit(status.indicator, threshold),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.status_update(
                status=status,
                actor=request.user,
                # the result of an indicator with a numeric bar is not asked on this page
                new_status=None if automatic else data.get("status") or None,
                value=data.get("value"),
                note=data.get("note", ""),
                version=data["version"],
                upload=data.get("evidence"),
            )
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for field, errors in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, e)
        else:
            if changed:
                messages.success(request, f"Đã lưu chỉ tiêu {status.indicator.code}.")
            else:
                messages.info(request, "Không có thay đổi nào để lưu.")
            return redirect(status.assessment)
    return render(
        request,
        "criteria/status_form.html",
        {
            "form": form,
            "status": status,
            "threshold": threshold,
            "automatic": automatic,
            "unit": rules.value_unit(status.indicator, threshold),
            "gap": rules.gap_text(status.value, threshold),
            "evidence": status.evidence.all(),
        },
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
@require_POST
def assessment_submit(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    if not can_submit(request.user, assessment.commune):
        raise PermissionDenied("Chỉ lãnh đạo UBND xã được gửi kết quả đi thẩm tra.")
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
    if request.method == "POST" and form.is_valid():
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
            messages.success(request, done)
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
    actors = selectors.trail_actors(commune)
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
    entries = selectors.commune_trail(commune, **filters) if not form.errors else []
    return render(
        request,
        "criteria/commune_trail.html",
        {"commune": commune, "form": form, "entries": entries},
    )
