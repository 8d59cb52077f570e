"""What plans say, kept as data: the library of legal bases (Căn cứ) – the texts plans cite,
kept per unit and nationally, picked into a draft – and each commune's targets and measures
per criterion (mục tiêu, giải pháp), what every document of a unit carries (duties of
bodies, recipients, signatories), and the terms of its cấp ủy that number its Party
documents. Thin views: the rules in units.access, the writes in plans.library,
plans.defaults and plans.numbering, the reads in plans.selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from common.forms import add_refusal
from units.access import (
    can_author_national,
    can_write_legal_library,
    can_write_unit_documents,
    editable_criteria,
    get_commune_for_user,
    get_unit_for_user,
    legal_library_units,
)
from units.models import Unit

from . import selectors
from .defaults import PART_NAMES, items_save, recipients_save, signatories_save
from .forms import (
    NATIONAL,
    ItemFormSet,
    LegalDocumentForm,
    PartyTermForm,
    RecipientsForm,
    SignatoryFormSet,
    TargetYearForm,
    item_initial,
    measure_forms,
    signatory_initial,
)
from .library import MeasureRow, legal_document_save, measures_save, plan_add_bases
from .models import PlanItem
from .numbering import party_term_save
from .text import basis_key


def _form(request, data=None, **kwargs) -> LegalDocumentForm:
    return LegalDocumentForm(
        data,
        units=list(legal_library_units(request.user).order_by("name")),
        national=can_author_national(request.user),
        **kwargs,
    )


STALE_PAGE = "Trang này đã cũ (không có phiên bản đã mở): tải lại trang rồi sửa lại."


def _editing(form):
    """A form correcting a row on record: the version its page showed is required, so a
    correction is never written over a change it did not see."""
    form.fields["version"].required = True
    form.fields["version"].error_messages["required"] = STALE_PAGE
    return form


def _save(request, form, document=None) -> bool:
    """The form's text into its library; False (errors on the form) when refused."""
    data = form.cleaned_data
    unit = form.library_unit()
    if not can_write_legal_library(request.user, unit):
        raise PermissionDenied("Bạn không được thêm văn bản vào thư viện này.")
    try:
        legal_document_save(
            actor=request.user,
            unit=unit,
            values=data,
            document=document,
            version=data.get("version"),
        )
    except ValidationError as e:
        add_refusal(form, e)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def library(request):
    """Every text the user may read, grouped by library; a form to add one (for those who
    keep a library)."""
    form = _form(request, request.POST or None)
    may_add = bool(form.fields["library"].choices)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied("Bạn không giữ thư viện văn bản căn cứ nào.")
        if form.is_valid() and _save(request, form):
            messages.success(request, f"Đã thêm văn bản số {form.cleaned_data['number']}.")
            return redirect("plans:library")
    documents = list(selectors.legal_documents_visible_to(request.user))
    groups: dict[int | None, list] = {}  # by library: two communes may share a name
    for document in documents:  # each with whether the user keeps its library
        groups.setdefault(document.unit_id, []).append(
            (document, can_write_legal_library(request.user, document.unit))
        )
    names = [str(d[0][0].unit) if d[0][0].unit else "Văn bản trung ương" for d in groups.values()]
    headed = [
        (
            f"{name} – {rows[0][0].unit.parent}"
            if names.count(name) > 1 and rows[0][0].unit and rows[0][0].unit.parent
            else name,
            rows,
        )
        for name, rows in zip(names, groups.values(), strict=True)
    ]
    return render(
        request,
        "plans/library.html",
        {"form": form, "may_add": may_add, "groups": headed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_edit(request, pk):
    document = selectors.get_legal_document_for_user(request.user, pk, for_write=True)
    initial = {
        "library": str(document.unit_id) if document.unit_id else NATIONAL,
        "kind": document.kind,
        "number": document.number,
        "signed_on": document.signed_on,
        "body": document.body,
        "title": document.title,
        "cite_by_default": document.cite_by_default,
        "cite_from": document.cite_from,
        "cite_to": document.cite_to,
        "version": document.version,
    }
    form = _editing(_form(request, request.POST or None, initial=initial))
    form.fields["library"].disabled = True  # a text stays in its library
    if request.method == "POST" and form.is_valid() and _save(request, form, document):
        messages.success(request, f"Đã sửa văn bản số {form.cleaned_data['number']}.")
        return redirect("plans:library")
    return render(
        request,
        "plans/library_form.html",
        {"form": form, "document": document, "changes": document.changes.select_related("actor")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_bases(request, pk):
    """Pick texts from the libraries into a draft's bases (national, the unit's, those of the
    units above it); the ones it already cites are shown as such."""
    plan = selectors.get_plan_for_user(request.user, pk, for_write=True)
    if plan.is_frozen:
        messages.error(request, f"{plan.type_label} đã ban hành không sửa được.")
        return redirect(plan)
    documents = list(selectors.legal_documents_for_plan(plan))
    if request.method == "POST":
        wanted = set(request.POST.getlist("document"))
        picked = [d for d in documents if str(d.pk) in wanted]
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            if not picked:
                raise ValidationError("Chưa chọn văn bản nào.")
            added = plan_add_bases(plan=plan, actor=request.user, version=version, documents=picked)
        except ValidationError as e:
            for error in e.messages:
                messages.error(request, error)
            return redirect("plans:plan-bases", plan.pk)
        messages.success(request, f"Đã thêm {len(added)} căn cứ vào {plan.type_label.lower()}.")
        return redirect(plan)
    cited = {basis_key(b.text) for b in plan.bases.all()}
    rows = [(d, basis_key(d.basis_text()) in cited) for d in documents]
    return render(request, "plans/plan_bases.html", {"plan": plan, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def measures_edit(request, pk):
    """A commune's targets and measures per criterion for a year (mục tiêu, giải pháp): its
    staff write them, the offices above read them; the drafts write them under each
    criterion."""
    commune = get_commune_for_user(request.user, pk)
    year = TargetYearForm(request.GET).year_or_current()
    page = selectors.measures_page(request.user, commune, year)
    if request.method == "POST" and not page.can_write:
        raise PermissionDenied("Chỉ cán bộ của xã được ghi mục tiêu, giải pháp của xã.")
    forms_ = measure_forms(page.lines, request.POST if request.method == "POST" else None)
    # an official who answers for some criteria writes those only: the others are read
    allowed = editable_criteria(request.user, commune)
    for line, form in zip(page.lines, forms_, strict=True):
        if not page.can_write or (allowed is not None and line.criterion.pk not in allowed):
            for field in form.fields.values():
                field.disabled = True
    if request.method == "POST" and all(form.is_valid() for form in forms_):
        by_id = {line.criterion.pk: line.criterion for line in page.lines}
        rows = [
            MeasureRow(
                criterion=by_id[form.cleaned_data["criterion_id"]],
                target=form.cleaned_data["target"],
                measures=form.cleaned_data["measures"],
                version=form.cleaned_data["version"],
            )
            for form in forms_
            if form.has_changed() and form.cleaned_data["criterion_id"] in by_id
        ]
        try:
            written = measures_save(unit=commune, year=year, rows=rows, actor=request.user)
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, f"Đã lưu mục tiêu, giải pháp năm {year} ({written} tiêu chí)."
            )
            return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "plans/measures_form.html",
        {"page": page, "rows": list(zip(page.lines, forms_, strict=True))},
    )


PART_TITLES = {
    PlanItem.Part.PURPOSES: "Mục đích, yêu cầu (mục I)",
    PlanItem.Part.GOALS: "Mục tiêu riêng của đơn vị (thêm vào mục “Mục tiêu”)",
    PlanItem.Part.MEASURES: "Nhiệm vụ, giải pháp chung (mục “Nhiệm vụ, giải pháp”)",
    PlanItem.Part.DUTIES: "Nhiệm vụ các cơ quan, đơn vị (mục “Tổ chức thực hiện”)",
}
PART_WHAT = {
    PlanItem.Part.PURPOSES: "Ý",
    PlanItem.Part.GOALS: "Mục tiêu",
    PlanItem.Part.MEASURES: "Nhóm",
    PlanItem.Part.DUTIES: "Cơ quan",
}
PARTS = {
    "muc-dich": PlanItem.Part.PURPOSES,
    "muc-tieu": PlanItem.Part.GOALS,
    "giai-phap": PlanItem.Part.MEASURES,
    "to-chuc": PlanItem.Part.DUTIES,
}


@login_required
@require_http_methods(["GET", "POST"])
def defaults_edit(request, pk):
    """What every document of a unit carries: its own measures and the duties of bodies of a
    year, the «Nơi nhận» of each issuer, the people who sign. Each part is its own form; the
    unit's drafters write, those who read the unit read."""
    unit = get_unit_for_user(request.user, pk)
    if unit.kind == Unit.Kind.VILLAGE:
        raise Http404("Thôn không ban hành kế hoạch.")
    year = TargetYearForm(request.GET).year_or_current()
    page = selectors.defaults_page(request.user, unit, year)
    posted = request.POST.get("part", "") if request.method == "POST" else ""
    if posted and not page.can_write:
        raise PermissionDenied("Chỉ người lập văn bản của đơn vị được sửa nội dung này.")
    shown = {part: (page.items[part], page.carried[part].rows) for part in PARTS.values()}
    items = {
        part: ItemFormSet(
            request.POST if posted == slug else None,
            prefix=slug,
            initial=item_initial(*shown[part]),
            form_kwargs={"part": part},
        )
        for slug, part in PARTS.items()
    }
    signatories = SignatoryFormSet(
        request.POST if posted == "nguoi-ky" else None,
        prefix="nguoi-ky",
        initial=signatory_initial(page.signatories),
    )
    recipients = [
        (
            label,
            kept,
            RecipientsForm(
                request.POST if posted == f"noi-nhan-{issuer}" else None,
                prefix=f"noi-nhan-{issuer}",
                initial={
                    "issuer": issuer,
                    "version": kept.version if kept else None,
                    "recipients": kept.recipients if kept else "",
                },
            ),
        )
        for issuer, label, kept in page.recipient_lists
    ]
    saved = None
    try:
        if posted in PARTS and (formset := items[PARTS[posted]]).is_valid():
            part = PARTS[posted]
            n = items_save(unit=unit, year=year, part=part, rows=formset.rows(), actor=request.user)
            saved = f"Đã lưu {PART_NAMES[part].lower()} năm {year} ({n} thay đổi).", posted
        elif posted == "nguoi-ky" and signatories.is_valid():
            n = signatories_save(unit=unit, rows=signatories.rows(), actor=request.user)
            saved = f"Đã lưu danh sách người ký ({n} thay đổi).", posted
        for label, _kept, form in recipients:
            if form.is_bound and form.is_valid():
                data = form.cleaned_data
                recipients_save(
                    unit=unit,
                    issuer=data["issuer"],
                    text=data["recipients"],
                    version=data["version"],
                    actor=request.user,
                )
                saved = f"Đã lưu nơi nhận văn bản {label}.", "noi-nhan"
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    if saved:
        messages.success(request, saved[0])
        return redirect(f"{request.path}?year={year}&phan={saved[1]}#{saved[1]}")
    return render(
        request,
        "plans/defaults_form.html",
        {
            "page": page,
            "page_name": selectors.DEFAULTS_PAGE_NAME,
            "parts": [
                (
                    slug,
                    PART_TITLES[part],
                    PART_WHAT[part],
                    items[part],
                    page.items[part],
                    page.carried[part],
                )
                for slug, part in PARTS.items()
            ],
            "measures": items[PlanItem.Part.MEASURES],
            "duties": items[PlanItem.Part.DUTIES],
            "signatories": signatories,
            "recipients": recipients,
            "recipients_kept": sum(1 for _label, kept, _form in recipients if kept),
            "recipients_errors": any(form.errors for _label, _kept, form in recipients),
            # the part just posted or saved stays open (the others open with a tap, no script)
            "opened": ("noi-nhan" if posted.startswith("noi-nhan") else posted)
            or request.GET.get("phan", "")[:20],
        },
    )


def _save_term(request, form, unit, term=None) -> bool:
    """The form's term saved (plans.numbering); False with the refusals on the form."""
    data = form.cleaned_data
    try:
        party_term_save(
            actor=request.user,
            unit=unit,
            congress_closed_on=data["congress_closed_on"],
            name=data["name"],
            term=term,
            version=data.get("version"),
        )
    except ValidationError as e:
        add_refusal(form, e)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def party_terms(request, pk):
    """The terms of a unit's cấp ủy, which number its Party documents (HD 36-HD/VPTW): read by
    whoever sees the unit, recorded by those who draft its documents."""
    unit = get_unit_for_user(request.user, pk)
    if unit.kind == Unit.Kind.VILLAGE:
        raise Http404("Thôn không ban hành văn bản của Đảng.")
    may_write = can_write_unit_documents(request.user, unit)
    if request.method == "POST" and not may_write:
        raise PermissionDenied("Chỉ người lập văn bản của đơn vị được ghi nhiệm kỳ cấp ủy.")
    form = PartyTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save_term(request, form, unit):
        messages.success(request, f"Đã ghi nhiệm kỳ: {form.cleaned_data['name']}.")
        return redirect("plans:party-terms", unit.pk)
    return render(
        request,
        "plans/party_terms.html",
        {
            "unit": unit,
            "form": form,
            "may_write": may_write,
            "rows": selectors.party_terms_of(unit),
            "changes": selectors.party_term_history(unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_term_edit(request, pk):
    term = selectors.get_party_term_for_user(request.user, pk, for_write=True)
    initial = {
        "congress_closed_on": term.congress_closed_on,
        "name": term.name,
        "version": term.version,
    }
    form = _editing(PartyTermForm(request.POST or None, initial=initial))
    if request.method == "POST" and form.is_valid() and _save_term(request, form, term.unit, term):
        messages.success(request, f"Đã sửa nhiệm kỳ: {form.cleaned_data['name']}.")
        return redirect("plans:party-terms", term.unit_id)
    return render(
        request,
        "plans/party_term_form.html",
        {"term": term, "form": form, "changes": term.changes.select_related("actor")},
    )
