from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from common.text import fold
from units.access import (
    can_open_national_summary,
    can_open_province_dashboard,
    can_open_unit_dashboard,
    can_set_targets,
    can_write_unit_documents,
    import_kinds,
)
from units.models import Unit

from . import excel, selectors
from .forms import DashboardFilterForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TIERS_PARAM = "cong_nhan"  # the national summary with the recognition tiers by province


def today():
    return timezone.localdate()


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(*parts) -> str:
    return "-".join(slugify(fold(str(p))) for p in parts if p)


def _sort_links(request, current: str) -> dict:
    """A link per sortable column: ascending first, then descending; other filters kept."""
    links = {}
    for key in selectors.SORTS:
        params = request.GET.copy()
        arrow = aria = ""
        if current == key:
            params["sort"], arrow, aria = f"-{key}", "▲", "ascending"
        elif current == f"-{key}":
            params["sort"], arrow, aria = key, "▼", "descending"
        else:
            params["sort"] = key
        links[key.replace("-", "_")] = {
            "url": f"?{params.urlencode()}",
            "arrow": arrow,
            "aria": aria,
        }
    return links


def _show_scope(form: DashboardFilterForm, data) -> None:
    """Let the filter form show the year and framework actually used, and offer the years
    that have results."""
    form.fields["year"].widget = forms.Select(choices=[(y, str(y)) for y in data.years])
    if data.framework is None:
        return
    values = {"year": data.year, "framework": data.framework.key}
    if form.is_bound:
        form.data = form.data.copy()
        form.data.update(values)
    else:
        form.initial.update(values)


def _filter_text(filters: selectors.Filters) -> str:
    parts = []
    if filters.level:
        parts.append(f"mức phấn đấu: {Unit.LevelGoal(filters.level).label}")
    if filters.region:
        parts.append(f"vùng: {filters.region}")
    if filters.q:
        parts.append(f"tìm: “{filters.q}”")
    return "; ".join(parts)


def _links(request) -> dict:
    """Where the page's print view, PDF and Excel live (same filters), and the way back."""
    base = request.path
    for suffix in ("in/", "pdf/", "xlsx/"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return {
        "print_url": f"{base}in/{query}",
        "pdf_url": f"{base}pdf/{query}",
        "xlsx_url": f"{base}xlsx/{query}",
        "back_url": f"{base}{query}",
    }


def _respond(request, output: str, context: dict, *, stem: str, workbook, template=None):
    context.update(
        _links(request),
        interactive=output == "html",
        pdf=output == "pdf",
        printed_at=timezone.localtime(),
    )
    if output == "html":
        return render(request, template or "dashboards/dashboard.html", context)
    if output == "print":
        return render(request, "dashboards/print.html", context)
    if output == "pdf":
        from .pdf import html_to_pdf  # WeasyPrint loads only when a PDF is asked for

        html = render_to_string("dashboards/pdf.html", context, request=request)
        return _download(html_to_pdf(html), "application/pdf", f"{stem}.pdf")
    return _download(workbook(), XLSX_TYPE, f"{stem}.xlsx")


def _commune_query(data) -> str:
    if data.framework is None:
        return ""
    return "?" + urlencode({"framework": data.framework.key, "year": data.year})


# --- dashboards ----------------------------------------------------------------------------


@login_required
@require_GET
def index(request, output="html"):
    """The dashboards the user may open; for administrators also the national summary."""
    user = request.user
    national = can_open_national_summary(user)
    if output != "html" and not national:
        raise Http404("Không tìm thấy trang này.")
    context = {
        "links": [] if national else selectors.dashboards_for(user),
        "can_import": bool(import_kinds(user)),
        "national": None,
    }
    if not national:
        return render(request, "dashboards/index.html", context)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    form.offer_for(None)
    filters = form.filters()
    # the recognition tiers by province are read from the whole register: asked for by a link
    with_tiers = request.GET.get(TIERS_PARAM) == "1"
    data = selectors.national_summary(filters, today(), tiers=with_tiers)
    _show_scope(form, data)
    tiers_query = request.GET.copy()
    tiers_query[TIERS_PARAM] = "1"
    context.update(
        tiers_url=f"?{tiers_query.urlencode()}#cong-nhan-theo-tinh",
        form=form,
        national=data,
        data=data,
        title="Tổng hợp cả nước",
        body_template="dashboards/_national_body.html",
        province_query=_commune_query(data),
        filter_text=_filter_text(filters),
    )
    return _respond(
        request,
        output,
        context,
        stem=_stem("tong-hop-ca-nuoc", data.year),
        workbook=lambda: excel.national_workbook(data),
        template="dashboards/index.html",
    )


def _crumbs(user, unit) -> list[tuple[str, str]]:
    """The levels above the unit whose dashboards the user may open, then the unit."""
    crumbs = []
    province = unit.province if unit.kind != selectors.PROVINCE else None
    if province and can_open_province_dashboard(user, province):
        crumbs.append((str(province), reverse("dashboards:province", args=[province.pk])))
    parent = unit.parent
    if (
        unit.kind == selectors.COMMUNE
        and parent is not None
        and parent.kind == selectors.DISTRICT
        and can_open_unit_dashboard(user, parent)
    ):
        crumbs.append((str(parent), reverse("dashboards:unit", args=[parent.pk])))
    crumbs.append((str(unit), ""))
    return crumbs


def _work_links(user, unit, year: int) -> list[tuple[str, str]]:
    """What an office does from its figures of the year: set its communes' targets, draft
    its report of the year (the plans page, the form filled in)."""
    links = []
    if can_set_targets(user, unit):
        url = reverse("plans:targets-edit", args=[unit.pk]) + f"?year={year}"
        links.append((f"Giao chỉ tiêu năm {year}", url))
    if unit.kind != Unit.Kind.COMMUNE and can_write_unit_documents(user, unit):
        query = urlencode({"don_vi": unit.pk, "loai": "bao_cao_huyen", "nam": year})
        url = f"{reverse('plans:plan-list')}?{query}#tao-du-thao"
        links.append((f"Lập báo cáo kết quả năm {year}", url))
    return links


@login_required
@require_GET
def unit_dashboard(request, pk, output="html"):
    unit = selectors.get_unit_for_dashboard(request.user, pk)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    form.offer_for(unit)
    filters = form.filters()
    data = selectors.unit_dashboard(unit, filters, today())
    _show_scope(form, data)
    context = {
        "form": form,
        "data": data,
        "title": f"Tổng hợp {unit}",
        "crumbs": _crumbs(request.user, unit),
        "body_template": "dashboards/_unit_body.html",
        "scope_label": str(unit),
        "target_label": f"Chỉ tiêu năm {data.year}",
        "work_links": _work_links(request.user, unit, data.year),
        "sort_links": _sort_links(request, filters.sort),
        "commune_query": _commune_query(data),
        "filter_text": _filter_text(filters),
    }
    return _respond(
        request,
        output,
        context,
        stem=_stem("tong-hop", unit, data.year),
        workbook=lambda: excel.unit_workbook(data),
    )


@login_required
@require_GET
def province_dashboard(request, pk, output="html"):
    province = selectors.get_province_for_dashboard(request.user, pk)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    form.offer_for(province)
    filters = form.filters()
    data = selectors.province_dashboard(province, filters, today())
    if data is None:
        # No district that year: the communes sat directly under the province (the two-level
        # government since 01/7/2025), so its unit dashboard shows them.
        name = {"html": "unit", "print": "unit-print", "pdf": "unit-pdf", "xlsx": "unit-xlsx"}
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse(f"dashboards:{name[output]}", args=[province.pk]) + query)
    _show_scope(form, data)
    context = {
        "form": form,
        "data": data,
        "title": f"Tổng hợp {province}",
        "crumbs": [(str(province), "")],
        "body_template": "dashboards/_province_body.html",
        "scope_label": str(province),
        "filter_text": _filter_text(filters),
        "all_communes_url": reverse("dashboards:unit", args=[province.pk]),
        "commune_query": _commune_query(data),
    }
    return _respond(
        request,
        output,
        context,
        stem=_stem("tong-hop", province, data.year),
        workbook=lambda: excel.province_workbook(data),
    )


@login_required
@require_GET
def commune_dashboard(request, pk, output="html"):
    commune = selectors.get_commune_for_dashboard(request.user, pk)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    form.offer_for(commune)
    filters = form.filters()
    data = selectors.commune_dashboard(request.user, commune, filters, today())
    _show_scope(form, data)
    for name in ("level", "region", "q", "sort"):
        del form.fields[name]  # one commune: nothing to narrow or sort
    context = {
        "form": form,
        "data": data,
        "title": f"Tổng hợp {commune}",
        "crumbs": _crumbs(request.user, commune),
        "body_template": "dashboards/_commune_body.html",
        "scope_label": str(commune),
    }
    return _respond(
        request,
        output,
        context,
        stem=_stem("tong-hop", commune, data.year),
        workbook=lambda: excel.commune_workbook(data),
    )
