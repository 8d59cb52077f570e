"""Tasks as a spreadsheet (the import kind "tasks"): the resource that checks a file's rows (a
dry run on common.importing's base) and `tasks_apply`, which writes the checked plan through
assignments.services. The import pipeline (imports.services) runs both; the task list's
export and template use the same resource.

One sheet, one row per task, Vietnamese headers (COLUMNS). Parties and funding are one cell
each in the notation of `assignments.entries` ("Chủ trì: Đ/c …; Phối hợp: …",
"Ngân sách huyện: 500.000.000; Xã hội hóa: 120.000.000"). A row with "Mã nhiệm vụ" changes
that task; a row without one creates a task. The unit is its code (Unit.code), the criterion
its number in the unit's framework, the deadline as the documents write it. An export carries
each task's version ("Phiên bản"): a row that would change a task updated since the export is
refused (an old file never quietly undoes a colleague's later change).

Every row is parsed and checked here against the user's rights on its unit (and, for a task
tied to a commune's criterion, on that criterion), and written through `assignments.services`,
so an imported task gets the same rules and history (TaskChange, "Nhập từ Excel") as one entered
on a page. The pipeline checks the whole file first and imports only a file without a single bad
row, in one transaction (all or nothing).
Exported text starting with = + - @ gets a leading apostrophe (no formula runs when the file is
opened); the importer removes that apostrophe again, so export → import changes nothing.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export.fields import Field

from common.importing import Check, Progress, RowFailed, RowsResource, row_written
from common.importing import export_xlsx as sheet_export
from common.importing import template_xlsx as sheet_template
from common.spreadsheets import restore
from common.text import fold
from criteria.models import Criterion, Indicator
from units.access import can_tie_task_to_criterion, can_write_task, task_units_writable_by
from units.models import Unit, User

from . import services
from .deadlines import EXAMPLES, format_date
from .entries import funding_from_row, parse_funding, parse_parties, party_from_row
from .models import DESCRIPTION_MAX_LENGTH, Task, TaskChange
from .selectors import assignable_users, tasks_visible_to

Status = Task.Status

ID = "Mã nhiệm vụ"
UNIT_CODE = "Mã đơn vị"
UNIT_NAME = "Đơn vị"
CRITERION = "Tiêu chí số"
INDICATOR = "Chỉ tiêu"
TITLE = "Tên nhiệm vụ"
DESCRIPTION = "Nội dung"
PLAN_YEAR = "Năm kế hoạch"
START = "Ngày bắt đầu"
DEADLINE = "Thời hạn"
STATUS = "Trạng thái"
PROGRESS = "Tiến độ (%)"
COMPLETED = "Ngày hoàn thành"
PARTIES = "Người/đơn vị chịu trách nhiệm"
FUNDING = "Kinh phí (đồng)"
VERSION = "Phiên bản"

COLUMNS = [
    ID,
    UNIT_CODE,
    UNIT_NAME,
    CRITERION,
    INDICATOR,
    TITLE,
    DESCRIPTION,
    PLAN_YEAR,
    START,
    DEADLINE,
    STATUS,
    PROGRESS,
    COMPLETED,
    PARTIES,
    FUNDING,
    VERSION,
]
REQUIRED = [UNIT_CODE, TITLE, PLAN_YEAR, DEADLINE]
# a service's field name -> the column it came from
FIELD_COLUMNS = {
    "unit": UNIT_CODE,
    "criterion": CRITERION,
    "indicator": INDICATOR,
    "title": TITLE,
    "description": DESCRIPTION,
    "plan_year": PLAN_YEAR,
    "start_date": START,
    "deadline_text": DEADLINE,
    "status": STATUS,
    "progress": PROGRESS,
    "completed_on": COMPLETED,
    "parties": PARTIES,
    "funding": FUNDING,
}
HELP = [
    (ID, "Để trống khi thêm nhiệm vụ mới; giữ nguyên mã khi sửa nhiệm vụ đã xuất ra."),
    (UNIT_CODE, "Mã đơn vị (xã, huyện, tỉnh), ví dụ ha-tinh.cam-xuyen.cam-tan. Bắt buộc."),
    (UNIT_NAME, "Chỉ để đọc khi xuất; khi nhập được bỏ qua."),
    (CRITERION, "Số tiêu chí trong bộ tiêu chí của xã, ví dụ 17. Để trống: nhiệm vụ chung."),
    (INDICATOR, "Mã chỉ tiêu, ví dụ 17.3 (không bắt buộc)."),
    (TITLE, "Bắt buộc."),
    (DESCRIPTION, "Không bắt buộc."),
    (PLAN_YEAR, "Ví dụ 2023. Bắt buộc."),
    (START, "Ngày/tháng/năm, ví dụ 01/02/2021 (không bắt buộc)."),
    (DEADLINE, f"Như văn bản ghi: {EXAMPLES}. Bắt buộc."),
    (STATUS, "Chưa bắt đầu, Đang thực hiện, Hoàn thành hoặc Tạm dừng (trống: Chưa bắt đầu)."),
    (
        PROGRESS,
        "Số nguyên từ 0 đến 100 (trống: 0). Hoàn thành là 100. Ô định dạng phần trăm được "
        "đọc như hiển thị: 100% là 100.",
    ),
    (COMPLETED, "Ngày/tháng/năm, chỉ khi đã hoàn thành."),
    (
        PARTIES,
        "Mỗi mục “Vai trò: tên”, cách nhau bằng dấu ; – vai trò: Chỉ đạo, Chủ trì, Tham mưu, "
        "Phối hợp, Thực hiện. Cá nhân viết “Đ/c Họ tên – Chức vụ (Đơn vị) [tên đăng nhập]”, "
        "tổ chức viết tên. Ví dụ: Chủ trì: Đ/c Trần Ngọc Quang – Trưởng phòng KTHT; "
        "Phối hợp: Hội Nông dân huyện.",
    ),
    (
        FUNDING,
        "Mỗi mục “Nguồn: số tiền kế hoạch[, đã giải ngân số tiền] (ghi chú)”, cách nhau bằng "
        "dấu ; – số nguyên đồng (500.000.000) hoặc 12,8 tỷ, 450 triệu. Nguồn: Ngân sách trung "
        "ương, tỉnh, huyện, xã; Lồng ghép; Xã hội hóa; Nhân dân đóng góp; Vốn tín dụng; Khác.",
    ),
    (
        VERSION,
        "Không sửa cột này. Khi xuất, mỗi nhiệm vụ ghi số lần đã được cập nhật; khi nhập, dòng "
        "của nhiệm vụ đã có người khác cập nhật sau lúc xuất bị từ chối (để không xóa mất thay "
        "đổi của họ): hãy xuất lại rồi sửa trên tệp mới. Để trống khi thêm nhiệm vụ mới.",
    ),
]


def _cell(row, column) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split()) if column != DESCRIPTION else str(value).strip()
    return restore(text)


def _format_parts(number_format: str) -> str:
    """A number format's codes without its literal text: quoted, escaped by a backslash, or
    in brackets (a colour, a locale)."""
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format).lower()


def _deadline_cell(value, number_format: str) -> str | None:
    """A date cell shown without its day (Excel stores «12/2023» typed in a cell as 01/12/2023
    shown mm/yyyy): the month (or year) it shows, as the documents write it; else None."""
    if not isinstance(value, date) or not number_format:
        return None
    codes = _format_parts(number_format)
    if "d" in codes or "y" not in codes:
        return None
    return f"tháng {value.month}/{value.year}" if "m" in codes else f"năm {value.year}"


def _percent_cell(value, number_format: str) -> str | None:
    """A number cell shown as a percentage (Excel stores «100%» as 1 shown 0%): the percentage
    it shows; else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if "%" not in _format_parts(number_format):
        return None
    percent = round(value * 100, 6)
    return str(int(percent)) if float(percent).is_integer() else str(percent).replace(".", ",")


def _integer(text: str, what: str) -> int:
    cleaned = text.replace("%", "").strip()
    if not cleaned.lstrip("-").isdigit():
        raise ValidationError(f"{what} phải là số nguyên, không phải “{text}”.")
    return int(cleaned)


def _date(text: str, what: str) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 – a calendar date
    except ValueError:
        raise ValidationError(
            f"{what} “{text}” phải viết dạng ngày/tháng/năm, ví dụ 01/02/2021."
        ) from None


def _status(text: str) -> str:
    if not text:
        return Status.NOT_STARTED
    folded = fold(text)
    for value, label in Status.choices:
        if folded in (fold(label), value.replace("_", " ")):
            return value
    names = ", ".join(label for _, label in Status.choices)
    raise ValidationError(f"Trạng thái “{text}” không có: dùng {names}.")


def version_key(task_id: int) -> str:
    """How a task's version at the check is kept in ImportRun.versions."""
    return f"task:{task_id}"


@dataclass
class TaskWrite:
    row: int
    unit: Unit
    task: Task | None  # None: a new task
    data: dict  # task_create/task_update's values (criterion, title, …, parties, funding)

    @property
    def is_new(self) -> bool:
        return self.task is None


class TaskResource(RowsResource):
    """Rows of tasks for one user: exports what they may see, checks what they may change."""

    COLUMNS = COLUMNS
    REQUIRED = REQUIRED
    HELP = HELP
    TITLE = "Nhiệm vụ"
    # a description may hold DESCRIPTION_MAX_LENGTH characters; a longer one is reported on its
    # row (by the service's bound), a far longer cell refuses the file unread
    MAX_CELL = 2 * DESCRIPTION_MAX_LENGTH
    # a month deadline typed in Excel is a date shown without its day, 100 % the number 1
    FORMATTED = (DEADLINE, PROGRESS)

    task_id = Field(column_name=ID)
    unit_code = Field(column_name=UNIT_CODE)
    unit_name = Field(column_name=UNIT_NAME)
    criterion_number = Field(column_name=CRITERION)
    indicator_code = Field(column_name=INDICATOR)
    title_text = Field(column_name=TITLE)
    description_text = Field(column_name=DESCRIPTION)
    year = Field(column_name=PLAN_YEAR)
    start = Field(column_name=START)
    deadline_cell = Field(column_name=DEADLINE)
    status_label = Field(column_name=STATUS)
    progress_percent = Field(column_name=PROGRESS)
    completed = Field(column_name=COMPLETED)
    parties_cell = Field(column_name=PARTIES)
    funding_cell = Field(column_name=FUNDING)
    version_number = Field(column_name=VERSION)

    class Meta:
        model = Task
        fields = (
            "task_id",
            "unit_code",
            "unit_name",
            "criterion_number",
            "indicator_code",
            "title_text",
            "description_text",
            "year",
            "start",
            "deadline_cell",
            "status_label",
            "progress_percent",
            "completed",
            "parties_cell",
            "funding_cell",
            "version_number",
        )
        export_order = fields
        import_id_fields = ()
        skip_diff = True
        use_bulk = True

    # --- export ---------------------------------------------------------------------------

    def dehydrate_task_id(self, task):
        return task.pk

    def dehydrate_unit_code(self, task):
        return task.unit.code

    def dehydrate_unit_name(self, task):
        return str(task.unit)

    def dehydrate_criterion_number(self, task):
        return task.criterion.number if task.criterion_id else ""

    def dehydrate_indicator_code(self, task):
        return task.indicator.code if task.indicator_id else ""

    def dehydrate_title_text(self, task):
        return task.title

    def dehydrate_description_text(self, task):
        return task.description

    def dehydrate_year(self, task):
        return task.plan_year

    def dehydrate_start(self, task):
        return format_date(task.start_date)

    def dehydrate_deadline_cell(self, task):
        return task.deadline_text or format_date(task.deadline)

    def dehydrate_status_label(self, task):
        return task.get_status_display()

    def dehydrate_progress_percent(self, task):
        return task.progress

    def dehydrate_completed(self, task):
        return format_date(task.completed_on)

    def dehydrate_parties_cell(self, task):
        parties = list(task.parties.all())
        return "; ".join(
            party_from_row(p).notation(p.user.username if p.user_id else "") for p in parties
        )

    def dehydrate_funding_cell(self, task):
        return "; ".join(funding_from_row(f).notation() for f in task.funding_lines.all())

    def dehydrate_version_number(self, task):
        return task.version

    # --- the check ------------------------------------------------------------------------

    def prefetch(self, dataset) -> None:
        units = task_units_writable_by(self.user).select_related("parent", "province")
        codes = {_cell({UNIT_CODE: v}, UNIT_CODE) for v in dataset[UNIT_CODE]} - {""}
        self.units = {u.code: u for u in units.filter(code__in=codes)}
        ids = set()
        if ID in dataset.headers:
            for value in dataset[ID]:
                text = _cell({ID: value}, ID)
                if text.isdigit() and len(text) < 18:
                    ids.add(int(text))
        self.tasks = {
            t.pk: t
            for t in tasks_visible_to(self.user)
            .filter(pk__in=ids)
            .select_related(
                "unit__parent", "unit__province", "criterion", "indicator", "updated_by"
            )
            .prefetch_related("parties")
        }
        self._criteria: dict[int, dict[int, Criterion]] = {}
        self._indicators: dict[int, dict[str, Indicator]] = {}
        self._accounts: dict[int, dict[str, User]] = {}

    def _criterion(self, framework_id: int, number: int) -> Criterion | None:
        if framework_id not in self._criteria:
            self._criteria[framework_id] = {
                c.number: c for c in Criterion.objects.filter(framework_id=framework_id)
            }
        return self._criteria[framework_id].get(number)

    def _indicator(self, framework_id: int, code: str) -> Indicator | None:
        if framework_id not in self._indicators:
            self._indicators[framework_id] = {
                i.code: i
                for i in Indicator.objects.filter(framework_id=framework_id).select_related(
                    "criterion"
                )
            }
        return self._indicators[framework_id].get(code)

    def _account(self, unit: Unit, username: str) -> User | None:
        if unit.pk not in self._accounts:
            self._accounts[unit.pk] = {u.username: u for u in assignable_users(unit)}
        return self._accounts[unit.pk].get(username)

    def _task(self, row, number: int) -> Task | None:
        """The task a row with "Mã nhiệm vụ" changes (None: a new task); refused whole when
        the user may not change it."""
        text = _cell(row, ID)
        if not text:
            return None
        task = self.tasks.get(int(text)) if text.isdigit() and len(text) < 18 else None
        if task is None:
            raise ValidationError(
                {ID: f"Không có nhiệm vụ mã “{text}” trong phạm vi bạn được sửa."}
            )
        if not can_write_task(self.user, task):
            raise ValidationError({ID: f"Bạn không có quyền sửa nhiệm vụ mã {task.pk}."})
        self.duplicate(("task", task.pk), number, "mã nhiệm vụ")
        return task

    def parse(self, row, number: int):
        instance = self._task(row, number)
        errors: dict[str, list[str]] = {}

        def attempt(column, parse):
            try:
                return parse()
            except ValidationError as e:
                errors.setdefault(column, []).extend(e.messages)
                return None

        code = _cell(row, UNIT_CODE)
        unit = None
        if not code:
            errors[UNIT_CODE] = ["Nhập mã đơn vị."]
        elif instance is not None and code != instance.unit.code:
            errors[UNIT_CODE] = [
                f"Không đổi được đơn vị của nhiệm vụ đã có (nhiệm vụ mã {instance.pk} thuộc "
                f"{instance.unit}, mã {instance.unit.code})."
            ]
        else:
            unit = instance.unit if instance is not None else self.units.get(code)
            if unit is None:
                errors[UNIT_CODE] = [
                    f"Không có đơn vị mã “{code}” trong phạm vi bạn được cập nhật."
                ]

        criterion = indicator = None
        # a task's numbers are read in its own set (a commune may have moved to another since)
        framework_id = set_name = None
        if unit is not None:
            framework_id = (
                services.task_framework_id(instance) if instance is not None else unit.framework_id
            )
            set_name = (
                f"Bộ tiêu chí của {unit}"
                if framework_id == unit.framework_id
                else f"Bộ tiêu chí của nhiệm vụ mã {instance.pk}"
            )
        number_text = _cell(row, CRITERION)
        if number_text and unit is not None:
            value = attempt(CRITERION, lambda: _integer(number_text, CRITERION))
            if value is not None:
                criterion = self._criterion(framework_id, value) if framework_id else None
                if criterion is None:
                    errors.setdefault(CRITERION, []).append(
                        f"{set_name} không có tiêu chí số {value}."
                        if framework_id
                        else f"{unit} chưa gắn bộ tiêu chí: để trống cột này."
                    )
        indicator_text = _cell(row, INDICATOR)
        if indicator_text and unit is not None:
            indicator = self._indicator(framework_id, indicator_text) if framework_id else None
            if indicator is None:
                errors.setdefault(INDICATOR, []).append(
                    f"{set_name} không có chỉ tiêu {indicator_text}."
                )
        target = criterion or (indicator.criterion if indicator else None)
        if (
            unit is not None
            and target is not None
            and not can_tie_task_to_criterion(self.user, unit, target.pk)
        ):
            errors.setdefault(CRITERION, []).append(
                f"Bạn không được giao tiêu chí số {target.number} của {unit}."
            )

        title = _cell(row, TITLE)
        if not title:
            errors.setdefault(TITLE, []).append("Nhập tên nhiệm vụ.")
        year_text = _cell(row, PLAN_YEAR)
        year = None
        if not year_text:
            errors.setdefault(PLAN_YEAR, []).append("Nhập năm kế hoạch.")
        else:
            year = attempt(PLAN_YEAR, lambda: _integer(year_text, PLAN_YEAR))
        start = attempt(START, lambda: _date(_cell(row, START), START))
        deadline_text = _deadline_cell(
            row.get(DEADLINE), self.number_format(number, DEADLINE)
        ) or _cell(row, DEADLINE)
        status = attempt(STATUS, lambda: _status(_cell(row, STATUS)))
        progress_text = _percent_cell(
            row.get(PROGRESS), self.number_format(number, PROGRESS)
        ) or _cell(row, PROGRESS)
        progress = (
            attempt(PROGRESS, lambda: _integer(progress_text, PROGRESS)) if progress_text else 0
        )
        if progress is not None and not 0 <= progress <= 100:
            errors.setdefault(PROGRESS, []).append(f"Tiến độ {progress} % phải từ 0 đến 100 %.")
        completed = attempt(COMPLETED, lambda: _date(_cell(row, COMPLETED), COMPLETED))
        parties = attempt(PARTIES, lambda: parse_parties(_cell(row, PARTIES))) or []
        funding = attempt(FUNDING, lambda: parse_funding(_cell(row, FUNDING))) or []
        resolved = []
        for p in parties:
            if p.username and unit is not None:
                account = self._account(unit, p.username)
                if account is None:
                    errors.setdefault(PARTIES, []).append(
                        f"Không có tài khoản “{p.username}” thuộc {unit} hoặc cấp trên."
                    )
                    continue
                p = replace(p, user_id=account.pk)
            resolved.append(p)

        data = {
            "criterion": criterion,
            "indicator": indicator,
            "title": title,
            "description": _cell(row, DESCRIPTION),
            "plan_year": year,
            "start_date": start,
            "deadline_text": deadline_text,
            "status": status,
            "progress": progress,
            "completed_on": completed,
            "parties": resolved,
            "funding": funding,
        }
        checked = None
        if not errors and unit is not None:
            try:
                # every field, the description too: the service's bounds are the form's
                checked = services.validate_task(unit=unit, task=instance, **data)
            except ValidationError as e:
                for name, messages in e.message_dict.items():
                    errors.setdefault(FIELD_COLUMNS.get(name, NON_FIELD_ERRORS), []).extend(
                        messages
                    )
        if errors:
            raise ValidationError(errors)
        if instance is None:
            deadline, criterion_now, _ = checked
            self.duplicate(
                (
                    "new",
                    unit.pk,
                    fold(title),
                    deadline,
                    criterion_now.pk if criterion_now else None,
                ),
                number,
                "đơn vị, tên nhiệm vụ, thời hạn và tiêu chí (một nhiệm vụ mới ghi hai lần)",
            )
        if instance is not None:
            exported = self._exported_version(row, instance)
            # the version read now, unchanged rows too: a row the preview called unchanged and
            # that a colleague changes before the confirm is refused then, not written back
            self.check.versions[version_key(instance.pk)] = instance.version
            deadline, criterion_now, progress_now = checked
            if services.task_unchanged(
                instance,
                **{**data, "criterion": criterion_now, "progress": progress_now},
                deadline=deadline,
            ):
                return None
            if exported is not None and exported != instance.version:
                who, when = services.last_update(instance)
                raise ValidationError(
                    {
                        VERSION: f"Nhiệm vụ mã {instance.pk} đã được {who} cập nhật lúc {when}, "
                        f"sau khi tệp này được xuất (phiên bản {exported} trong tệp, nay là "
                        f"{instance.version}): nhập dòng này sẽ xóa mất thay đổi đó. Hãy xuất "
                        "lại danh sách nhiệm vụ rồi sửa trên tệp mới."
                    }
                )
        return TaskWrite(row=number, unit=unit, task=instance, data=data)

    @staticmethod
    def _exported_version(row, task: Task) -> int | None:
        """The task's version when the file was exported (column VERSION); None for a file
        without it (one made before the column, or by hand): the check's version then."""
        text = _cell(row, VERSION)
        if not text:
            return None
        if not text.isdigit() or len(text) > 9:
            raise ValidationError(
                {
                    VERSION: f"Phiên bản “{text}” của nhiệm vụ mã {task.pk} không đúng: giữ "
                    "nguyên cột này như khi xuất, hoặc xuất lại danh sách nhiệm vụ."
                }
            )
        return int(text)

    def describe(self, w: TaskWrite) -> str:
        return f"{w.unit} – {w.data['title']} (thời hạn {w.data['deadline_text']})"


def tasks_apply(
    result: Check,
    *,
    actor: User,
    file_name: str = "",
    versions: dict | None = None,
    progress: Progress = None,
    **_,
) -> int:
    """Each planned task through assignments.services (task_create, task_update: their rules
    and a TaskChange "Nhập từ Excel"). A task changed by someone since the check (its version
    moved on) is refused, never overwritten."""
    versions = versions or {}
    where = f": {file_name}" if file_name else ""
    for done, w in enumerate(result.plan, start=1):
        try:
            if w.task is None:
                services.task_create(
                    actor=actor,
                    unit=w.unit,
                    action=TaskChange.Action.IMPORT,
                    detail=f"Nhập từ tệp Excel{where}"[:255],
                    **w.data,
                )
            else:
                checked = versions.get(version_key(w.task.pk))
                if checked is None:  # a run checked before versions were kept
                    raise RowFailed.of(w.row, "Dòng này chưa được kiểm tra: hãy tải tệp lên lại.")
                services.task_update(
                    task=w.task,
                    actor=actor,
                    version=checked,
                    action=TaskChange.Action.IMPORT,
                    detail=f"Sửa bằng tệp Excel{where}"[:255],
                    **w.data,
                )
        except ValidationError as e:
            raise RowFailed.of(w.row, e, columns=FIELD_COLUMNS) from None
        row_written(progress, done, len(result.plan))
    return 0


def export_xlsx(user: User, tasks) -> bytes:
    """The given tasks (already scoped to the user) as an .xlsx file that imports back."""
    return sheet_export(TaskResource, user, tasks, TaskResource.TITLE)


def template_xlsx() -> bytes:
    """An empty sheet with the headers, and a second sheet explaining each column."""
    return sheet_template(TaskResource, TaskResource.TITLE)
