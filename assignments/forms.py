"""Every input of the assignments pages: plain forms, so the old values stay for the history."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from common.limits import BoundedCharField, text_bound
from common.money import format_amount, parse_vnd
from common.years import YearField
from criteria.models import Criterion, Indicator
from units.models import Unit

from . import services
from .deadlines import EXAMPLES, parse_deadline
from .entries import FundingData, PartyData
from .models import FundingLine, ResponsibleParty, Task

Status = Task.Status


class AmountField(forms.CharField):
    """Whole đồng as officials type them: 500.000.000, 500000000, 12,8 tỷ, 450 triệu."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 16}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_amount(value) if isinstance(value, int) else value

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        return parse_vnd(value)


class TaskForm(forms.Form):
    title = BoundedCharField(
        label="Tên nhiệm vụ",
        max_length=text_bound(Task, "title"),
        error_messages={"required": "Nhập tên nhiệm vụ."},
    )
    description = BoundedCharField(
        label="Nội dung",
        required=False,
        max_length=text_bound(Task, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    criterion = forms.IntegerField(
        label="Tiêu chí số",
        required=False,
        min_value=1,
        max_value=99,
        help_text="Để trống nếu là nhiệm vụ chung.",
        error_messages={"invalid": "Tiêu chí phải là một số, ví dụ 17."},
    )
    indicator = forms.CharField(
        label="Chỉ tiêu",
        required=False,
        max_length=10,
        help_text="Mã chỉ tiêu nếu nhiệm vụ gắn với một chỉ tiêu, ví dụ 17.3.",
    )
    plan_year = YearField(
        label="Năm kế hoạch",
        error_messages={
            "required": "Nhập năm kế hoạch.",
            "invalid": "Năm kế hoạch phải là một số, ví dụ 2023.",
            "min_value": "Năm kế hoạch phải từ 2000 đến 2100.",
            "max_value": "Năm kế hoạch phải từ 2000 đến 2100.",
        },
    )
    start_date = forms.DateField(
        label="Ngày bắt đầu",
        required=False,
        help_text="Ngày/tháng/năm, ví dụ 01/02/2021.",
        error_messages={"invalid": "Ngày bắt đầu viết dạng ngày/tháng/năm, ví dụ 01/02/2021."},
    )
    deadline_text = BoundedCharField(
        label="Thời hạn",
        max_length=text_bound(Task, "deadline_text"),
        help_text=f"Như văn bản ghi: {EXAMPLES}.",
        error_messages={"required": "Nhập thời hạn, ví dụ " + EXAMPLES + "."},
    )
    status = forms.ChoiceField(
        label="Trạng thái",
        choices=Status.choices,
        error_messages={"invalid_choice": "Trạng thái không hợp lệ."},
    )
    progress = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Nhập tiến độ (0–100).",
            "invalid": "Tiến độ phải là số nguyên từ 0 đến 100.",
            # these two are %-formatted with the limit: a literal percent sign is doubled
            "min_value": "Tiến độ phải từ 0 đến 100 %%.",
            "max_value": "Tiến độ không được vượt quá 100 %%.",
        },
    )
    completed_on = forms.DateField(
        label="Ngày hoàn thành",
        required=False,
        help_text="Chỉ ghi khi đã hoàn thành; để trống nếu không rõ.",
        error_messages={"invalid": "Ngày hoàn thành viết dạng ngày/tháng/năm."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit: Unit, framework_id: int | None = None, **kwargs):
        """`framework_id`: the set the criterion and indicator are looked up in: a changed
        task's own (services.task_framework_id), the unit's current set for a new one."""
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.framework_id = unit.framework_id if framework_id is None else framework_id
        self.set_name = (
            f"Bộ tiêu chí của {unit}"
            if self.framework_id == unit.framework_id
            else "Bộ tiêu chí của nhiệm vụ này"
        )
        if not self.framework_id:
            self.fields[
                "criterion"
            ].help_text = f"{unit} chưa gắn bộ tiêu chí: nhiệm vụ của đơn vị này là nhiệm vụ chung."

    def clean_deadline_text(self):
        text = self.cleaned_data["deadline_text"]
        self.deadline = parse_deadline(text).day
        return text

    def clean(self):
        data = super().clean()
        number, code = data.get("criterion"), (data.get("indicator") or "").strip()
        data["criterion"], data["indicator"] = None, None
        framework_id = self.framework_id
        if number is not None:
            if not framework_id:
                self.add_error("criterion", f"{self.unit} chưa gắn bộ tiêu chí: để trống ô này.")
            else:
                data["criterion"] = Criterion.objects.filter(
                    framework_id=framework_id, number=number
                ).first()
                if data["criterion"] is None:
                    self.add_error("criterion", f"{self.set_name} không có tiêu chí số {number}.")
        if code and framework_id:
            data["indicator"] = (
                Indicator.objects.filter(framework_id=framework_id, code=code)
                .select_related("criterion")
                .first()
            )
            if data["indicator"] is None:
                self.add_error("indicator", f"{self.set_name} không có chỉ tiêu {code}.")
        elif code:
            self.add_error("indicator", f"{self.unit} chưa gắn bộ tiêu chí: để trống ô này.")
        start, deadline = data.get("start_date"), getattr(self, "deadline", None)
        if start and deadline and deadline < start:
            self.add_error(
                "deadline_text",
                f"Thời hạn {deadline:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.",
            )
        return data


class PartyForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại",
        choices=ResponsibleParty.Kind.choices,
        initial=ResponsibleParty.Kind.PERSON,
    )
    role = forms.ChoiceField(
        label="Vai trò",
        choices=[("", "—")] + ResponsibleParty.Role.choices,
        required=False,
        error_messages={"invalid_choice": "Vai trò không hợp lệ."},
    )
    name = BoundedCharField(
        label="Họ tên / tên tổ chức",
        max_length=text_bound(ResponsibleParty, "name"),
        required=False,
        help_text="Chưa có tên thì ghi chức danh, ví dụ “Công chức văn hóa”.",
    )
    position = BoundedCharField(
        label="Chức vụ", max_length=text_bound(ResponsibleParty, "position"), required=False
    )
    unit_name = BoundedCharField(
        label="Đơn vị công tác",
        max_length=text_bound(ResponsibleParty, "unit_name"),
        required=False,
    )
    user = forms.ModelChoiceField(
        label="Tài khoản",
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": "Tài khoản không thuộc đơn vị của nhiệm vụ hoặc không tồn tại."
        },
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"

    def has_changed(self):
        # An untouched extra row (only the default "cá nhân" selected) is not a party.
        return any(
            self.data.get(self.add_prefix(name)) for name in ("role", "name", "position", "user")
        )

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user and not data.get("name"):
            data["name"] = user.full_name or user.username
            data["position"] = data.get("position") or user.position
        if not data.get("role"):
            self.add_error("role", "Chọn vai trò.")
        if not data.get("name"):
            self.add_error("name", "Nhập họ tên, chức danh hoặc tên tổ chức.")
        if user and data.get("kind") == ResponsibleParty.Kind.ORGANISATION:
            self.add_error("user", "Chỉ gắn tài khoản cho cá nhân.")
        return data

    def to_data(self) -> PartyData:
        d = self.cleaned_data
        return PartyData(
            role=d["role"],
            name=d["name"],
            kind=d["kind"],
            position=d["position"],
            unit_name=d["unit_name"],
            user_id=d["user"].pk if d.get("user") else None,
        )


class FundingForm(forms.Form):
    source = forms.ChoiceField(
        label="Nguồn vốn",
        choices=[("", "—")] + FundingLine.Source.choices,
        required=False,
        error_messages={"invalid_choice": "Nguồn vốn không hợp lệ."},
    )
    planned = AmountField(label="Kế hoạch (đồng)", required=False)
    disbursed = AmountField(label="Đã giải ngân (đồng)", required=False)
    note = BoundedCharField(
        label="Ghi chú", max_length=text_bound(FundingLine, "note"), required=False
    )

    def has_changed(self):
        return any(
            self.data.get(self.add_prefix(name))
            for name in ("source", "planned", "disbursed", "note")
        )

    def clean(self):
        data = super().clean()
        if not data.get("source"):
            self.add_error("source", "Chọn nguồn vốn.")
        if data.get("planned") is None and "planned" not in self.errors:
            self.add_error("planned", "Nhập số tiền kế hoạch (đồng).")
        return data

    def to_data(self) -> FundingData:
        d = self.cleaned_data
        return FundingData(
            source=d["source"],
            planned=d["planned"],
            disbursed=d.get("disbursed") or 0,
            note=d["note"],
        )


class BasePartyFormSet(forms.BaseFormSet):
    def __init__(self, *args, users, **kwargs):
        self.users = users
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        # Every row may be left empty (an existing row cleared is dropped, like "Xóa").
        return {**super().get_form_kwargs(index), "users": self.users, "empty_permitted": True}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            users=self.users,
        )
        self.add_fields(form, None)
        return form

    def to_data(self) -> list[PartyData]:
        return [
            f.to_data()
            for f in self.forms
            if f.has_changed() and not self._should_delete_form(f) and f.cleaned_data
        ]


class BaseFundingFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def to_data(self) -> list[FundingData]:
        return [
            f.to_data()
            for f in self.forms
            if f.has_changed() and not self._should_delete_form(f) and f.cleaned_data
        ]


PartyFormSet = formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=2, can_delete=True, max_num=40
)
FundingFormSet = formset_factory(
    FundingForm, formset=BaseFundingFormSet, extra=2, can_delete=True, max_num=40
)


def _task_initial(task: Task | None, year: int) -> tuple[dict, list[dict], list[dict]]:
    """The values a task's page opens with: the task's own, or a new task's defaults."""
    if task is None:
        return {"plan_year": year, "status": Status.NOT_STARTED, "progress": 0}, [], []
    initial = {
        "title": task.title,
        "description": task.description,
        "criterion": task.criterion.number if task.criterion_id else None,
        "indicator": task.indicator.code if task.indicator_id else "",
        "plan_year": task.plan_year,
        "start_date": task.start_date,
        "deadline_text": task.deadline_text,
        "status": task.status,
        "progress": task.progress,
        "completed_on": task.completed_on,
        "version": task.version,
    }
    parties = [
        {
            "kind": p.kind,
            "role": p.role,
            "name": p.name,
            "position": p.position,
            "unit_name": p.unit_name,
            "user": p.user_id,
        }
        for p in task.parties.all()
    ]
    funding = [
        {
            "source": f.source,
            "planned": format_amount(f.planned),
            "disbursed": format_amount(f.disbursed) if f.disbursed else "",
            "note": f.note,
        }
        for f in task.funding_lines.order_by("order", "pk")
    ]
    return initial, parties, funding


class TaskEditor:
    """The task page's three forms – the task, its responsible parties, its funding lines –
    bound together (one page, no JS): a new task (`task` None) or a change of one."""

    FIELDS = (
        "criterion",
        "indicator",
        "title",
        "description",
        "plan_year",
        "start_date",
        "deadline_text",
        "status",
        "progress",
        "completed_on",
    )

    def __init__(self, data, *, unit: Unit, users, task: Task | None, year: int):
        initial, parties, funding = _task_initial(task, year)
        framework_id = services.task_framework_id(task) if task is not None else None
        self.form = TaskForm(data, unit=unit, framework_id=framework_id, initial=initial)
        self.parties = PartyFormSet(data, prefix="parties", users=users, initial=parties)
        self.funding = FundingFormSet(data, prefix="funding", initial=funding)
        self.extra_errors: dict[str, list] = {"parties": [], "funding": []}

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.parties.is_valid(), self.funding.is_valid()])

    def criterion(self) -> Criterion | None:
        """The criterion the task is tied to: chosen, or that of the chosen indicator."""
        d = self.form.cleaned_data
        return d["criterion"] or (d["indicator"].criterion if d["indicator"] else None)

    @property
    def version(self) -> int:
        version = self.form.cleaned_data["version"]
        return version if version is not None else -1

    def fields(self) -> dict:
        """The keyword arguments of services.task_create / task_update."""
        d = self.form.cleaned_data
        return {
            **{name: d[name] for name in self.FIELDS},
            "parties": self.parties.to_data(),
            "funding": self.funding.to_data(),
        }

    def attach(self, error: ValidationError) -> None:
        """Put a service's errors next to the fields they are about."""
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            if name in self.extra_errors:
                self.extra_errors[name].extend(messages)
            elif name in self.form.fields:
                self.form.add_error(name, messages)
            else:
                self.form.add_error(None, messages)

    def context(self) -> dict:
        return {
            "form": self.form,
            "parties": self.parties,
            "funding": self.funding,
            "party_errors": self.extra_errors["parties"],
            "funding_errors": self.extra_errors["funding"],
        }


class ProgressForm(forms.Form):
    """The quick update in a list row: status and progress, with the version it was based on."""

    status = forms.ChoiceField(
        label="Trạng thái",
        choices=Status.choices,
        error_messages={
            "invalid_choice": "Trạng thái không hợp lệ.",
            "required": "Chọn trạng thái.",
        },
    )
    progress = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Nhập tiến độ (0–100).",
            "invalid": "Tiến độ phải là số nguyên từ 0 đến 100.",
            # these two are %-formatted with the limit: a literal percent sign is doubled
            "min_value": "Tiến độ phải từ 0 đến 100 %%.",
            "max_value": "Tiến độ không được vượt quá 100 %%.",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


class TaskFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Xã / đơn vị",
        queryset=None,
        required=False,
        empty_label="Tất cả",
        error_messages={"invalid_choice": "Đơn vị không có trong phạm vi bạn được xem."},
    )
    criterion = forms.IntegerField(label="Tiêu chí số", required=False, min_value=1, max_value=99)
    status = forms.ChoiceField(
        label="Trạng thái", choices=[("", "Tất cả")] + Status.choices, required=False
    )
    overdue = forms.BooleanField(label="Chỉ việc quá hạn", required=False)
    due_soon = forms.BooleanField(label="Đến hạn trong 14 ngày", required=False)
    person = forms.CharField(label="Người phụ trách (tên)", required=False, max_length=100)
    user = forms.ModelChoiceField(
        label="Tài khoản phụ trách",
        queryset=None,
        required=False,
        empty_label="Tất cả",
        error_messages={"invalid_choice": "Tài khoản không có trong các nhiệm vụ bạn được xem."},
    )
    source = forms.ChoiceField(
        label="Nguồn vốn", choices=[("", "Tất cả")] + FundingLine.Source.choices, required=False
    )
    year = YearField(label="Năm kế hoạch", required=False)

    def __init__(self, *args, units, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: (
            f"{u} ({u.parent})" if u.kind == Unit.Kind.COMMUNE and u.parent_id else str(u)
        )
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"
