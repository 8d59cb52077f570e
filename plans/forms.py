from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from common.limits import BoundedCharField, text_bound
from common.years import YearField
from criteria.models import Criterion
from units.models import Unit

from .defaults import ItemRow, SignatoryRow
from .drafting import marks_in, signature_block
from .models import (
    COMMUNE_KINDS,
    KIND_DOC_TYPES,
    SUPERVISOR_KINDS,
    TIER_CHOICES,
    CriterionMeasure,
    LegalDocument,
    PartyTerm,
    Plan,
    PlanBasis,
    PlanItem,
    PlanRecipient,
    PlanSection,
    RecipientList,
    Signatory,
    Target,
)
from .services import TargetRow
from .text import markup_problems


class PlanFilterForm(forms.Form):
    """The list of documents narrowed (GET): words of the title or the unit's name (without
    diacritics too), the kind, a year the period covers, the status. Names of its own, apart
    from the create form's prefill (don_vi, loai, nam, hang)."""

    tim = forms.CharField(label="Tìm", required=False, max_length=100)
    loai_van_ban = forms.ChoiceField(
        label="Loại văn bản", choices=[("", "Tất cả"), *Plan.Kind.choices], required=False
    )
    thoi_ky = YearField(label="Năm", required=False)
    trang_thai = forms.ChoiceField(
        label="Trạng thái", choices=[("", "Tất cả"), *Plan.Status.choices], required=False
    )

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored: its error shows beside it)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or None for name in self.fields}


class PlanCreateForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Đơn vị ban hành",
        queryset=None,
        error_messages={"invalid_choice": "Bạn không được lập kế hoạch cho đơn vị này."},
    )
    kind = forms.ChoiceField(
        label="Loại văn bản",
        choices=Plan.Kind.choices,
        help_text=(
            "Báo cáo kết quả năm (của xã, hoặc của huyện, tỉnh: tổng hợp các xã) và tờ trình đề "
            "nghị công nhận (của xã): lập cho một năm."
        ),
        error_messages={"invalid_choice": "Chọn loại văn bản trong danh sách."},
    )
    year_start = YearField(label="Từ năm")
    year_end = YearField(
        label="Đến năm",
        required=False,
        help_text="Để trống nếu kế hoạch một năm.",
    )
    issuer = forms.ChoiceField(
        label="Cơ quan ban hành",
        choices=[("", "(theo loại văn bản: UBND, hoặc Ban Chỉ đạo)")] + Plan.Issuer.choices,
        required=False,
        help_text="Đảng ủy xã, Huyện ủy, Ban Chỉ đạo: văn bản theo thể thức của Đảng.",
        error_messages={"invalid_choice": "Chọn cơ quan ban hành trong danh sách."},
    )
    tier = forms.ChoiceField(
        label="Hạng đề nghị công nhận (tờ trình)",
        choices=[("", "—"), *TIER_CHOICES],
        required=False,
        help_text="Chỉ dùng cho tờ trình đề nghị thẩm định, xét công nhận.",
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if len(own := units[:2]) == 1:  # the one unit the person drafts for: chosen already
            self.fields["unit"].empty_label = None
            self.initial.setdefault("unit", own[0].pk)
        # only the kinds of the levels the person drafts for: a commune's officials are not
        # offered the district's documents, nor an office the commune's
        levels = set(units.values_list("kind", flat=True))
        self.fields["kind"].choices = [
            (kind, label)
            for kind, label in Plan.Kind.choices
            if (Unit.Kind.COMMUNE in levels and kind not in SUPERVISOR_KINDS)
            or (levels - {Unit.Kind.COMMUNE} and kind not in COMMUNE_KINDS)
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        kind = data.get("kind")
        if start and end and end < start:
            self.add_error("year_end", "Năm kết thúc không được trước năm bắt đầu.")
        if kind in KIND_DOC_TYPES and start and end and end != start:
            self.add_error("year_end", "Báo cáo, tờ trình lập cho một năm: để trống ô “Đến năm”.")
        if kind == Plan.Kind.COMMUNE_PROPOSAL and not data.get("tier"):
            self.add_error("tier", "Chọn hạng đề nghị công nhận cho tờ trình.")
        if start and not end:
            data["year_end"] = start
        return data


class PlanHeaderForm(forms.Form):
    # not required: a form sent without them (an older page) keeps the plan's own
    issuer = forms.ChoiceField(
        label="Cơ quan ban hành",
        choices=Plan.Issuer.choices,
        required=False,
        error_messages={"invalid_choice": "Chọn cơ quan ban hành trong danh sách."},
    )
    doc_format = forms.ChoiceField(
        label="Thể thức",
        choices=Plan.Format.choices,
        required=False,
        help_text=(
            "Văn bản của Đảng ủy, Huyện ủy và Ban Chỉ đạo: tiêu đề “ĐẢNG CỘNG SẢN VIỆT NAM”, "
            "số “Số 07-KH/BCĐ” (ký hiệu: KH/BCĐ), ký T/M, K/T. Văn bản của UBND: Quốc hiệu, "
            "“Số: 07/KH-UBND”, ký TM., KT."
        ),
        error_messages={"invalid_choice": "Chọn thể thức trong danh sách."},
    )
    parent_body = BoundedCharField(
        label="Cơ quan chủ quản (nếu có)",
        required=False,
        max_length=text_bound(Plan, "parent_body"),
    )
    body_lines = BoundedCharField(
        label="Tên cơ quan ban hành",
        max_length=text_bound(Plan, "body_lines"),
        help_text="Các dòng cách nhau bằng dấu “/”, ví dụ: ỦY BAN NHÂN DÂN / XÃ CẨM TÂN",
    )
    number = forms.IntegerField(
        label="Số",
        required=False,
        min_value=1,
        max_value=99999,
        help_text="Để trống cho đến khi văn thư cấp số.",
    )
    symbol = BoundedCharField(label="Ký hiệu", max_length=text_bound(Plan, "symbol"))
    place = BoundedCharField(label="Địa danh", max_length=text_bound(Plan, "place"))
    issue_date = forms.DateField(
        label="Ngày ban hành",
        required=False,
        localize=True,
        help_text="dd/mm/yyyy; để trống khi còn là dự thảo.",
    )
    year_start = YearField(label="Từ năm")
    year_end = YearField(label="Đến năm")
    title = BoundedCharField(
        label="Trích yếu",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=text_bound(Plan, "title"),
    )
    addressee = BoundedCharField(
        label="Kính gửi",
        required=False,
        max_length=text_bound(Plan, "addressee"),
        help_text=(
            "In dưới trích yếu của báo cáo, tờ trình. Nhiều nơi cách nhau bằng dấu “ / ”, "
            "ví dụ: Ủy ban nhân dân tỉnh Hà Tĩnh / Sở Nông nghiệp và Môi trường."
        ),
    )
    opening = BoundedCharField(
        label="Đoạn mở đầu",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text_bound(Plan, "opening"),
    )
    closing = BoundedCharField(
        label="Đoạn kết",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text_bound(Plan, "closing"),
    )
    authority_lines = BoundedCharField(
        label="Thẩm quyền ký",
        required=False,
        max_length=text_bound(Plan, "authority_lines"),
        help_text="Ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
    )
    signer_title = BoundedCharField(
        label="Chức vụ người ký", required=False, max_length=text_bound(Plan, "signer_title")
    )
    signer_name = BoundedCharField(
        label="Họ tên người ký", required=False, max_length=text_bound(Plan, "signer_name")
    )
    signer = forms.ChoiceField(
        label="Chọn người ký trong cán bộ của đơn vị",
        required=False,
        help_text=(
            "Điền họ tên, chức vụ và thẩm quyền ký theo chức vụ của người đó (Phó Chủ tịch: KT. "
            "CHỦ TỊCH; Bí thư Đảng ủy: T/M ĐẢNG ỦY …). Danh sách người ký của đơn vị ghi ở trang "
            "“Giải pháp, tổ chức thực hiện, nơi nhận, người ký”."
        ),
        error_messages={"invalid_choice": "Người này không thuộc đơn vị ban hành."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, has_addressee: bool = False, signers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_addressee:  # a kế hoạch has no «Kính gửi» (Decree 30, App. I §II.9)
            del self.fields["addressee"]
        if signers is None:
            del self.fields["signer"]
        else:  # plans.selectors.signers_for
            self.signers = {c.key: c for c in signers}
            self.fields["signer"].choices = [("", "(giữ như trên)")] + [
                (c.key, c.label) for c in signers
            ]

    def clean_symbol(self):
        symbol = self.cleaned_data["symbol"].strip()
        if " " in symbol:
            raise forms.ValidationError("Ký hiệu không có dấu cách, ví dụ KH-UBND hoặc KH/BCĐ.")
        return symbol

    def clean(self):
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", "Năm kết thúc không được trước năm bắt đầu.")
        for name in ("issuer", "doc_format"):
            if not data.get(name):
                data.pop(name, None)  # left as the plan has it
        signer = self.signers.get(data.pop("signer", "") or "") if "signer" in self.fields else None
        if signer is not None:  # the signature block as that person signs for the issuer
            issuer = data.get("issuer") or self.initial.get("issuer") or Plan.Issuer.UBND
            doc_format = data.get("doc_format") or self.initial.get("doc_format") or ""
            authority, title, name = signature_block(
                signer.name, signer.position, issuer, doc_format
            )
            data.update(authority_lines=authority, signer_title=title, signer_name=name)
        elif data.get("doc_format") and data["doc_format"] != self.initial.get("doc_format"):
            # the format changed, the signer kept: the signing line takes the format's marks
            data["authority_lines"] = marks_in(data.get("authority_lines", ""), data["doc_format"])
        return data


class SectionForm(forms.Form):
    level = forms.ChoiceField(
        label="Cấp", choices=PlanSection.Level.choices, initial=PlanSection.Level.KHOAN
    )
    heading = BoundedCharField(
        label="Tiêu đề",
        what="Tiêu đề mục",
        required=False,
        max_length=text_bound(PlanSection, "heading"),
    )
    body = BoundedCharField(
        label="Nội dung",
        what="Nội dung mục",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=text_bound(PlanSection, "body"),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("level") != PlanSection.Level.TEXT
            and data.get("body")
            and not data.get("heading")
        ):
            self.add_error("heading", "Mục có tiêu đề: nhập tiêu đề hoặc chọn cấp “Đoạn văn”.")
        for problem in markup_problems(data.get("body") or ""):
            self.add_error("body", problem)
        return data


class BasisForm(forms.Form):
    text = BoundedCharField(
        label="Nội dung",
        what="Căn cứ",
        required=False,
        max_length=text_bound(PlanBasis, "text"),
    )


class RecipientForm(forms.Form):
    text = BoundedCharField(
        label="Nội dung",
        what="Nơi nhận",
        required=False,
        max_length=text_bound(PlanRecipient, "text"),
    )


SectionFormSet = formset_factory(SectionForm, extra=2, can_order=True, can_delete=True)
BasisFormSet = formset_factory(BasisForm, extra=1, can_order=True, can_delete=True)
RecipientFormSet = formset_factory(RecipientForm, extra=2, can_order=True, can_delete=True)


def ordered_values(formset, keep) -> list:
    """Non-deleted, non-empty rows sorted by the order numbers the user typed (ties keep position)."""
    rows = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE") or not keep(data):
            continue
        order = data.get("ORDER")
        rows.append((order if order is not None else 10_000 + index, index, data))
    return [data for _, _, data in sorted(rows, key=lambda r: (r[0], r[1]))]


class TargetYearForm(forms.Form):
    """The year the targets page shows (?year=2024); this year when absent or invalid."""

    year = YearField(required=False)

    def year_or_current(self) -> int:
        if self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return timezone.localdate().year


class Boxes(forms.CheckboxSelectMultiple):
    """Boxes to tick as light as the list they replace: each a <label> around its box, with no
    id, no wrapper per box – a province's targets page holds 19 of them for each of its 170
    communes."""

    def render(self, name, value, attrs=None, renderer=None):
        ticked = {str(v) for v in (value or ())}
        # a field disabled (a page to read) disables its boxes
        off = " disabled" if (attrs or {}).get("disabled") or self.attrs.get("disabled") else ""
        boxes = format_html_join(
            "",
            '<label><input type="checkbox" name="{}" value="{}"{}{}> {}</label>',
            (
                (
                    name,
                    v,
                    mark_safe(" checked") if str(v) in ticked else "",  # noqa: S308
                    mark_safe(off),  # noqa: S308
                    label,
                )
                for v, label in self.choices
            ),
        )
        return format_html('<div class="boxes">{}</div>', boxes)


class TargetForm(forms.Form):
    """One commune's row on the targets page.

    The values carry their hidden initial (what the page showed), so a row the user did not
    touch is not sent to the service even when the page is stale; `version` is the target's
    version the page showed, checked by plans.services.targets_save.
    """

    VALUES = ("level", "criteria", "target_count", "deadline_text", "note")

    unit_id = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    level = forms.ChoiceField(
        label="Mức phấn đấu", choices=Target.Level.choices, show_hidden_initial=True
    )
    criteria = forms.TypedMultipleChoiceField(
        label="Tiêu chí phấn đấu đạt thêm",
        coerce=int,
        required=False,
        # boxes to tick, not a list needing Ctrl on a PC (and a picker per commune on a phone)
        widget=Boxes,
        show_hidden_initial=True,
        error_messages={"invalid_choice": "Tiêu chí không thuộc bộ tiêu chí của xã."},
    )
    target_count = forms.IntegerField(
        label="Số tiêu chí cuối năm",
        required=False,
        min_value=0,
        max_value=99,
        show_hidden_initial=True,
    )
    deadline_text = BoundedCharField(
        label="Thời hạn",
        required=False,
        max_length=text_bound(Target, "deadline_text"),
        show_hidden_initial=True,
    )
    note = BoundedCharField(
        label="Ghi chú",
        required=False,
        max_length=text_bound(Target, "note"),
        show_hidden_initial=True,
    )

    def __init__(self, *args, commune: Unit, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune
        self.criteria_by_id = {c.pk: c for c in criteria}
        self.fields["criteria"].choices = [(c.pk, f"{c.number}. {c.name}") for c in criteria]

    def chosen_text(self) -> str:
        """ "5, 17" – the numbers of the criteria ticked (as sent, or as stored), for the line
        that opens the boxes; "" for none."""
        ticked = {str(v) for v in self["criteria"].value() or ()}
        return ", ".join(
            str(c.number) for pk, c in self.criteria_by_id.items() if str(pk) in ticked
        )

    def clean_criteria(self) -> list[Criterion]:
        return [self.criteria_by_id[pk] for pk in self.cleaned_data["criteria"]]

    def has_changed(self) -> bool:
        """Whether the user changed a value of the row (not its version)."""
        return any(name in self.changed_data for name in self.VALUES)

    def to_row(self) -> TargetRow:
        d = self.cleaned_data
        return TargetRow(
            commune=self.commune,
            version=d["version"],
            level=d["level"],
            criteria=d["criteria"],
            target_count=d["target_count"],
            deadline_text=d["deadline_text"],
            note=d["note"],
        )


def target_forms(rows, data=None) -> list[TargetForm]:
    """A TargetForm per row of plans.selectors.targets_page, showing the target, or the level
    the commune aims at when it has none yet."""
    forms_ = []
    for row in rows:
        target = row.target
        if target is not None:
            initial = {
                "level": target.level,
                "criteria": [c.pk for c in target.criteria.all()],
                "target_count": target.target_count,
                "deadline_text": target.deadline_text,
                "note": target.note,
                "version": target.version,
            }
        else:
            aims_higher = row.commune.level_goal == Unit.LevelGoal.NANG_CAO
            initial = {
                "level": Target.Level.NANG_CAO if aims_higher else Target.Level.NTM,
                "criteria": [],
                "target_count": None,
                "deadline_text": "",
                "note": "",
                "version": None,
            }
        forms_.append(
            TargetForm(
                data,
                prefix=f"t{row.commune.pk}",
                commune=row.commune,
                criteria=row.criteria,
                initial={"unit_id": row.commune.pk, **initial},
            )
        )
    return forms_


NATIONAL = "tw"  # the unit choice of the national library


class LegalDocumentForm(forms.Form):
    """A text of a library of legal bases: where it belongs, its kind, number, date, body,
    title. `units`: the libraries the user keeps; `national`: whether they keep the national
    one."""

    library = forms.ChoiceField(
        label="Thư viện",
        error_messages={"invalid_choice": "Bạn không được thêm văn bản vào thư viện này."},
    )
    kind = forms.ChoiceField(label="Loại văn bản", choices=LegalDocument.Kind.choices)
    number = BoundedCharField(
        label="Số, ký hiệu",
        required=False,
        max_length=text_bound(LegalDocument, "number"),
        help_text="Ví dụ: 318/QĐ-TTg, 25/2021/QH15, 81/TB-BCĐ. Để trống với văn bản trích dẫn "
        "theo tên (nghị quyết đại hội Đảng bộ): ghi tên ở ô “Cơ quan ban hành”, ví dụ “Đại hội "
        "Đảng bộ huyện Sơn Dương lần thứ XX”.",
    )
    signed_on = forms.DateField(
        label="Ngày ban hành", required=False, localize=True, help_text="dd/mm/yyyy"
    )
    body = BoundedCharField(
        label="Cơ quan ban hành",
        max_length=text_bound(LegalDocument, "body"),
        help_text="Ví dụ: Thủ tướng Chính phủ; Ban Chỉ đạo các Chương trình MTQG huyện",
    )
    title = BoundedCharField(
        label="Trích yếu",
        required=False,
        max_length=text_bound(LegalDocument, "title"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Như văn bản ghi, ví dụ: ban hành Bộ tiêu chí quốc gia về xã nông thôn mới …",
    )
    cite_by_default = forms.BooleanField(
        label="Tự đưa vào dự thảo kế hoạch của đơn vị và các đơn vị cấp dưới",
        required=False,
    )
    cite_from = YearField(label="Từ năm", required=False)
    cite_to = YearField(label="Đến năm", required=False, help_text="Để trống nếu không giới hạn.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("cite_from"), data.get("cite_to")
        if start and end and end < start:
            self.add_error("cite_to", "Năm kết thúc không được trước năm bắt đầu.")
        return data

    def __init__(self, *args, units, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NATIONAL, "Văn bản trung ương (dùng chung)")] if national else []
        choices += [(str(u.pk), str(u)) for u in units]
        self.fields["library"].choices = choices
        self.units = {str(u.pk): u for u in units}

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on and signed_on > timezone.localdate():
            raise forms.ValidationError("Ngày ban hành không được sau hôm nay.")
        return signed_on

    def library_unit(self) -> Unit | None:
        return self.units.get(self.cleaned_data["library"])


class PartyTermForm(forms.Form):
    """A term of a unit's cấp ủy: the day its congress closed, and the congress
    (plans.numbering.party_term_save)."""

    congress_closed_on = forms.DateField(
        label="Ngày bế mạc đại hội",
        localize=True,
        help_text="dd/mm/yyyy. Nhiệm kỳ bắt đầu từ ngày hôm sau (Hướng dẫn 36-HD/VPTW).",
    )
    name = BoundedCharField(
        label="Đại hội",
        max_length=text_bound(PartyTerm, "name"),
        help_text="Ví dụ: Đại hội đại biểu Đảng bộ xã Thiện Kế lần thứ XXI, nhiệm kỳ 2020–2025",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeasureForm(forms.Form):
    """One criterion's line on the targets-and-measures page; the hidden initials tell which
    lines the official changed, `version` what the page showed (plans.library.measures_save)."""

    criterion_id = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    target = BoundedCharField(
        label="Mục tiêu",
        required=False,
        max_length=text_bound(CriterionMeasure, "target"),
        widget=forms.Textarea(attrs={"rows": 2}),
        show_hidden_initial=True,
    )
    measures = BoundedCharField(
        label="Giải pháp",
        required=False,
        max_length=text_bound(CriterionMeasure, "measures"),
        widget=forms.Textarea(attrs={"rows": 4}),
        show_hidden_initial=True,
        help_text="Mỗi giải pháp một dòng, bắt đầu bằng “- ”; ghi cả con số (kinh phí, số lớp, tỷ lệ).",
    )


def measure_forms(lines, data=None) -> list[MeasureForm]:
    """A MeasureForm per line of plans.selectors.measures_page: this year's text, or last
    year's as the starting point (it counts as changed, so saving keeps it for this year)."""
    result = []
    for line in lines:
        measure = line.measure
        initial = {
            "criterion_id": line.criterion.pk,
            "version": measure.version if measure else None,
            "target": measure.target if measure else "",
            "measures": measure.measures if measure else "",
        }
        form = MeasureForm(data, prefix=f"m{line.criterion.pk}", initial=initial)
        if measure is None and line.carried is not None and data is None:
            form.initial = {
                **initial,
                "target": line.carried.target,
                "measures": line.carried.measures,
            }
            form.fields["target"].show_hidden_initial = False
            form.fields["measures"].show_hidden_initial = False
        result.append(form)
    return result


# --- what every document of a unit carries: duties, recipients, signatories -----------------


ITEM_LABELS = {
    PlanItem.Part.PURPOSES: (
        "Tiêu đề",
        "Ví dụ: “Mục đích”, “Yêu cầu”.",
        "Nội dung",
        "Mỗi ý một dòng, có thể bắt đầu bằng “- ”.",
    ),
    PlanItem.Part.GOALS: (
        "Tiêu đề (nếu có)",
        "Để trống: các dòng nối tiếp mục tiêu do số liệu viết ra.",
        "Mục tiêu",
        "Mỗi chỉ tiêu một dòng bắt đầu bằng “- ”, ghi cả con số và thời hạn (“- Hoàn thành … "
        "trong quý I/2021.”).",
    ),
    PlanItem.Part.MEASURES: (
        "Nhóm nhiệm vụ, giải pháp",
        "Ví dụ: “Nhiệm vụ, giải pháp chung”. Để trống nếu nội dung là một đoạn tự đủ nghĩa.",
        "Nhiệm vụ, giải pháp",
        "Mỗi ý một dòng, có thể giữ số của văn bản (“1.1. Kiện toàn …”) hoặc gạch đầu dòng “- ”.",
    ),
    PlanItem.Part.DUTIES: (
        "Cơ quan, đơn vị",
        "Để trống nếu câu nhiệm vụ đã nêu tên cơ quan (“Giao Phòng … chủ trì …”).",
        "Nhiệm vụ",
        "Một đoạn, hoặc nhiều ý mỗi ý một dòng bắt đầu bằng “- ”.",
    ),
}


class ItemForm(forms.Form):
    """One group of measures, or one body's duties, on the page of what every plan of a unit
    carries (plans.defaults.items_save); labels by part."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    position = forms.IntegerField(label="Thứ tự", min_value=1, max_value=99, required=False)
    heading = BoundedCharField(required=False, max_length=text_bound(PlanItem, "heading"))
    text = BoundedCharField(
        required=False,
        max_length=text_bound(PlanItem, "text"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, part: str = PlanItem.Part.DUTIES, **kwargs):
        super().__init__(*args, **kwargs)
        heading, heading_help, text, text_help = ITEM_LABELS[part]
        self.fields["heading"].label, self.fields["heading"].help_text = heading, heading_help
        self.fields["text"].label, self.fields["text"].help_text = text, text_help

    def clean(self):
        data = super().clean()
        if data.get("heading") and not data.get("text") and not data.get("DELETE"):
            self.add_error("text", f"Ghi nội dung của “{data['heading']}”, hoặc đánh dấu Xóa.")
        for problem in markup_problems(data.get("text") or ""):
            self.add_error("text", problem)
        return data


class ItemBaseFormSet(BaseFormSet):
    def rows(self) -> list[ItemRow]:
        """The valid formset's lines for plans.defaults.items_save, numbered in page order
        where no number was given."""
        return [
            ItemRow(
                pk=f.cleaned_data.get("id"),
                version=f.cleaned_data.get("version"),
                position=f.cleaned_data.get("position") or i,
                heading=f.cleaned_data.get("heading", ""),
                text=f.cleaned_data.get("text", ""),
                delete=bool(f.cleaned_data.get("DELETE")),
            )
            for i, f in enumerate(self.forms, 1)
            if f.cleaned_data
        ]


def item_initial(items, carried) -> list[dict]:
    """The page's lines: the year's items, or those carried from before as new lines (saving
    the page writes them for the year)."""
    if items:
        return [
            {
                "id": d.pk,
                "version": d.version,
                "position": d.position,
                "heading": d.heading,
                "text": d.text,
            }
            for d in items
        ]
    return [
        {"position": i, "heading": heading, "text": text}
        for i, (heading, text) in enumerate(carried, 1)
    ]


ItemFormSet = formset_factory(
    ItemForm,
    formset=ItemBaseFormSet,
    extra=3,
    can_delete=True,
    max_num=60,
    validate_max=True,
    absolute_max=60,
)


class RecipientsForm(forms.Form):
    """The «Nơi nhận» of a unit's documents of one issuer, one line each."""

    issuer = forms.ChoiceField(choices=Plan.Issuer.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    recipients = BoundedCharField(
        label="Nơi nhận",
        required=False,
        max_length=text_bound(RecipientList, "recipients"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi nơi nhận một dòng, như trên văn bản (“UBND các xã;”, “Lưu: VT.”). Để "
        "trống: dự thảo dùng nơi nhận của kế hoạch trước.",
    )


class SignatoryForm(forms.Form):
    """Someone who signs the unit's documents (plans.defaults.signatories_save)."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    issuer = forms.ChoiceField(label="Ký văn bản của", choices=Plan.Issuer.choices)
    full_name = BoundedCharField(
        label="Họ và tên",
        required=False,
        max_length=Signatory._meta.get_field("full_name").max_length,
    )
    position = BoundedCharField(
        label="Chức vụ",
        required=False,
        max_length=Signatory._meta.get_field("position").max_length,
        help_text="“Phó Chủ tịch UBND huyện”, “Bí thư Đảng ủy”, “Bí thư Huyện ủy” …",
    )
    order = forms.IntegerField(label="Thứ tự", min_value=1, max_value=99, required=False)
    active = forms.BooleanField(label="Còn đương nhiệm", required=False, initial=True)

    def clean(self):
        data = super().clean()
        if (data.get("full_name") and not data.get("position")) and not data.get("DELETE"):
            self.add_error("position", "Ghi chức vụ của người ký.")
        return data


class SignatoryBaseFormSet(BaseFormSet):
    def rows(self) -> list[SignatoryRow]:
        return [
            SignatoryRow(
                pk=f.cleaned_data.get("id"),
                version=f.cleaned_data.get("version"),
                issuer=f.cleaned_data["issuer"],
                full_name=f.cleaned_data.get("full_name", ""),
                position=f.cleaned_data.get("position", ""),
                order=f.cleaned_data.get("order") or i,
                active=bool(f.cleaned_data.get("active")),
                delete=bool(f.cleaned_data.get("DELETE")),
            )
            for i, f in enumerate(self.forms, 1)
            if f.cleaned_data and f.cleaned_data.get("issuer")
        ]


def signatory_initial(signatories) -> list[dict]:
    return [
        {
            "id": s.pk,
            "version": s.version,
            "issuer": s.issuer,
            "full_name": s.full_name,
            "position": s.position,
            "order": s.order,
            "active": s.active,
        }
        for s in signatories
    ]


SignatoryFormSet = formset_factory(
    SignatoryForm,
    formset=SignatoryBaseFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
    absolute_max=30,
)
