"""The shared base of every spreadsheet import (imports.registry lists the kinds).

An import is a **dry run** first: `run_check(resource_class, user, content)` reads the file's
first sheet (`read_dataset`, within MAX_COLUMNS, MAX_CELL and IMPORT_MAX_ROWS), runs a
`RowsResource` subclass over it with django-import-export, and returns a `Check`: the planned
writes, or every bad row with its row number (the header is row 1), column and a Vietnamese
message. Nothing is written here. The resource of each kind lives beside the models it writes
(criteria.resources, plans.resources, units.resources, assignments.resources) with the function
that writes its plan through that app's services; a service refusing a row raises `RowFailed`,
and the import pipeline (imports.services) rolls everything back.

Also here: the upload checks (`read_upload`, `check_xlsx`), the cell parsers shared by the
resources and criteria.workbook (`parse_int`, `parse_decimal`, `choice`, `attempt`), and the
template and export writers. Nothing here imports a project app.
"""

import io
import os
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import openpyxl
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import resources
from import_export.formats.base_formats import XLSX

from common.numbers import number_vi, read_number
from common.spreadsheets import cell_text, neutralise
from common.text import fold

# What a file may be (README "Nhập từ Excel", docs/imports.md).
IMPORT_MAX_BYTES = 5 * 1024 * 1024  # the upload
IMPORT_MAX_UNPACKED = 60 * 1024 * 1024  # its XML once unzipped (zip bombs are refused before)
IMPORT_MAX_ROWS = 20_000
PREVIEW_LIMIT = 200
# A sheet is read within these bounds, whatever the file claims: the templates have at most a
# few dozen columns (a sheet's <dimension> may claim 18 278, and openpyxl would pad every row to
# it), and no cell of these kinds holds more than an indicator's note (4 000 characters: a
# longer cell is refused before any row is checked, so no error message repeats a huge cell row
# after row).
MAX_COLUMNS = 60
MAX_CELL = 4_000


class SheetError(Exception):
    """The file cannot be read as the template's sheet (message in Vietnamese)."""


@dataclass
class Check:
    """What a dry run found: the planned writes, and every bad row."""

    kind: str
    rows: int = 0
    plan: list = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    # statuses: the version of each row read, as ImportRun.versions keeps it (status_key)
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowFailed(Exception):
    """A service refused a row while writing: everything is rolled back."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def of(cls, row: int, error: ValidationError | str, column: str = "", columns=None):
        if isinstance(error, str):
            items = [(column, error)]
        elif hasattr(error, "error_dict"):
            items = [
                ((columns or {}).get(name, column), message)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        else:
            items = [(column, message) for message in error.messages]
        return cls([{"row": row, "column": c, "message": m} for c, m in items])


Progress = Callable[[int, int], None] | None


def row_written(progress: Progress, done: int, total: int) -> None:
    """Report one more row written. IMPORTS_TEST_ROW_DELAY (seconds, **tests only**: the worker
    test kills a worker half way through a run) slows every row down; unset in real use."""
    delay = os.environ.get("IMPORTS_TEST_ROW_DELAY")
    if delay:
        time.sleep(float(delay))
    if progress is not None:
        progress(done, total)


# --- uploads --------------------------------------------------------------------------------


def read_upload(upload) -> bytes:
    """The bytes of an uploaded .xlsx, refused (ValidationError, Vietnamese) unless it is a
    real Excel 2007+ file of reasonable size, checked before any XML is parsed."""
    if upload.size > IMPORT_MAX_BYTES:
        raise ValidationError(f"Tệp quá lớn: tối đa {IMPORT_MAX_BYTES // (1024 * 1024)} MB.")
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise ValidationError("Chỉ nhận tệp Excel .xlsx (Excel 2007 trở lên).")
    content = upload.read()
    upload.seek(0)
    check_xlsx(content)
    return content


def check_xlsx(content: bytes) -> None:
    """A zip with the parts of a workbook, whose declared unpacked size is bounded. Python's
    zipfile never inflates a member past its declared size, so the sum bounds the work."""
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError("Tệp không phải Excel .xlsx hoặc bị hỏng.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError("Tệp không phải Excel .xlsx hoặc bị hỏng.") from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError("Tệp không phải Excel .xlsx hoặc bị hỏng.")
    if sum(i.file_size for i in infos) > IMPORT_MAX_UNPACKED:
        raise ValidationError(
            f"Tệp giải nén ra quá lớn (trên {IMPORT_MAX_UNPACKED // (1024 * 1024)} MB): "
            f"chia thành nhiều tệp, mỗi tệp tối đa {number_vi(IMPORT_MAX_ROWS)} dòng."
        )


# --- reading cells --------------------------------------------------------------------------


def parse_int(text: str, what: str) -> int:
    if not text.lstrip("-").isdigit():
        raise ValidationError(f"{what} phải là số nguyên, không phải “{text}”.")
    return int(text)


def parse_decimal(value) -> Decimal | None:
    """24,62 or 24.62 or a number cell; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError("Giá trị phải là một số (ví dụ 24,62).")
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        number = read_number(cell_text(value))  # 24,62; 1.250.000; «1.234» is asked
    if not number.is_finite():
        raise ValidationError("Giá trị phải là một số (ví dụ 24,62).")
    number = number.quantize(Decimal("0.0001")) if number.as_tuple().exponent < -4 else number
    if abs(number) >= Decimal("1e10"):
        raise ValidationError("Giá trị quá lớn.")
    return number


def choice(text: str, choices, what: str) -> str:
    """A TextChoices value from its label or its code, with or without diacritics."""
    folded = fold(text)
    for value, label in choices:
        if folded in (fold(label), fold(value), fold(value.replace("_", " "))):
            return value
    names = ", ".join(f"“{label}”" for _, label in choices)
    raise ValidationError(f"{what} “{text}” không hợp lệ: dùng {names}.")


def attempt(errors: dict, column: str, parse: Callable):
    """parse(), its ValidationError's messages added to errors[column] (then None)."""
    try:
        return parse()
    except ValidationError as e:
        errors.setdefault(column, []).extend(e.messages)
        return None


# --- the resources' base --------------------------------------------------------------------


class RowsResource(resources.ModelResource):
    """Parse and check rows against data fetched in bulk in before_import(); write nothing.

    A subclass fills COLUMNS, REQUIRED, HELP, TITLE, `prefetch(dataset)`, `parse(row, number)`
    (returns a planned write, or None when the row changes nothing; raises ValidationError keyed
    by column), `describe(planned)` and the export's dehydrate_* methods.
    """

    COLUMNS: list[str] = []
    REQUIRED: list[str] = []
    HELP: list[tuple[str, str]] = []
    TITLE = ""  # the sheet's name in templates and exports (31 characters at most)
    MAX_CELL = MAX_CELL  # a longer cell refuses the file before any row is checked
    FORMATTED: tuple[str, ...] = ()  # columns whose number formats are read (read_dataset)

    class Meta:
        abstract = True

    def __init__(self, *, user, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.check = Check(kind="")
        self._number = 0
        self._skip = False
        self._seen: dict[tuple, int] = {}
        self.number_formats: dict[tuple[int, str], str] = {}

    # export ---------------------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None):
        return self.COLUMNS

    # import (dry run) -----------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        headers = [" ".join(str(h or "").split()) for h in dataset.headers or []]
        by_folded = {fold(c): c for c in self.COLUMNS}
        dataset.headers = [by_folded.get(fold(h), h) for h in headers]
        self.number_formats = getattr(dataset, "number_formats", {})
        missing = [c for c in self.REQUIRED if c not in dataset.headers]
        if missing:
            raise SheetError(
                "Tệp không đúng mẫu: thiếu cột "
                + ", ".join(f"“{c}”" for c in missing)
                + ". Dòng 1 phải là tiêu đề các cột như trong tệp mẫu."
            )
        self.prefetch(dataset)

    def number_format(self, number: int, column: str) -> str:
        """The number format of a FORMATTED column's cell on sheet row `number` ("" when
        General, text or empty)."""
        return self.number_formats.get((number, _header_key(column)), "")

    def prefetch(self, dataset) -> None:
        raise NotImplementedError

    def parse(self, row, number: int):
        raise NotImplementedError

    def describe(self, planned) -> str:
        raise NotImplementedError

    def duplicate(self, key: tuple, number: int, what: str) -> None:
        first = self._seen.setdefault(key, number)
        if first != number:
            raise ValidationError({NON_FIELD_ERRORS: [f"Trùng với dòng {first}: cùng {what}."]})

    def get_or_init_instance(self, instance_loader, row):
        return self._meta.model(), True

    def import_instance(self, instance, row, **kwargs):
        self._number = kwargs["row_number"] + 1  # the sheet's row: the header is row 1
        self._skip = False
        if not any(cell_text(v) for v in row.values()):
            self._skip = True  # an empty line of the sheet
            return
        self.check.rows += 1
        planned = self.parse(row, self._number)
        if planned is None:
            self.check.unchanged += 1
            self._skip = True
            return
        self.check.plan.append(planned)
        if getattr(planned, "is_new", False):
            self.check.created += 1
        else:
            self.check.changed += 1
        if len(self.check.preview) < PREVIEW_LIMIT:
            self.check.preview.append(
                {
                    "row": self._number,
                    "action": "Thêm mới" if getattr(planned, "is_new", False) else "Sửa",
                    "text": self.describe(planned),
                }
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return self._skip and not import_validation_errors

    def save_instance(self, instance, is_create, row, **kwargs):
        """Nothing is written here: services write the plan after the whole file is good."""

    def save_m2m(self, instance, row, **kwargs):
        pass

    def bulk_create(self, *args, **kwargs):
        pass

    def bulk_update(self, *args, **kwargs):
        pass

    def bulk_delete(self, *args, **kwargs):
        pass


# --- reading a file and checking it ----------------------------------------------------------


def _header_key(header) -> str:
    """A header as RowsResource.before_import matches it (spaces collapsed, no diacritics)."""
    return fold(" ".join(str(header or "").split()))


def read_dataset(
    content: bytes, max_cell: int = MAX_CELL, formatted: Iterable[str] = ()
) -> tablib.Dataset:
    """The first sheet of an .xlsx (already checked by check_xlsx), read row by row within
    MAX_COLUMNS and `max_cell` (MAX_CELL unless the kind's resource allows more) and
    IMPORT_MAX_ROWS. `formatted`: columns whose cells' number formats are kept too, in
    `dataset.number_formats` {(sheet row, _header_key(column)): format} for the number and date
    cells not in General: Excel stores «12/2023» typed in a cell as 01/12/2023 shown mm/yyyy,
    and «100%» as 1 shown 0%."""
    damaged = "Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu (sheet đầu tiên)."
    wanted = {_header_key(c) for c in formatted}
    number_formats: dict[tuple[int, str], str] = {}
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]  # the first sheet, not the one open when it was saved
        sheet.reset_dimensions()  # read the cells there are, not the range the file claims
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=not wanted)
        headers = list(next(rows, None) or [])
        if wanted:
            headers = [c.value for c in headers]
        while headers and headers[-1] is None:
            headers.pop()
        keep = {i: _header_key(h) for i, h in enumerate(headers) if _header_key(h) in wanted}
        dataset = tablib.Dataset(headers=headers)
        cut = False
        for number, row in enumerate(rows, start=2):
            if wanted:
                for i, key in keep.items():
                    cell = row[i] if i < len(row) else None
                    fmt = getattr(cell, "number_format", None) or "General"
                    if fmt != "General" and isinstance(cell.value, int | float | datetime):
                        number_formats[(number, key)] = fmt
                row = [c.value for c in row]
            values = list(row[: len(headers)]) + [None] * (len(headers) - len(row))
            for column, value in enumerate(values):
                if isinstance(value, str) and len(value) > max_cell:
                    raise SheetError(
                        f"Dòng {number}, cột “{cell_text(headers[column])[:40]}”: ô dài "
                        f"{number_vi(len(value))} ký tự, tối đa {number_vi(max_cell)} ký tự. "
                        "Không nhập dòng nào."
                    )
            dataset.append(values)
            if len(dataset) > IMPORT_MAX_ROWS + 1000:  # trailing empty lines are dropped below
                cut = True
                break
    except SheetError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise SheetError(damaged) from None
    while len(dataset) and not any(cell_text(v) for v in dataset[-1]):
        del dataset[-1]  # trailing empty lines some spreadsheets keep
    if len(dataset) > IMPORT_MAX_ROWS:
        raise SheetError(
            f"Tệp có {'trên ' if cut else ''}{number_vi(len(dataset))} dòng, quá giới hạn "
            f"{number_vi(IMPORT_MAX_ROWS)} dòng một lần nhập: chia thành nhiều tệp."
        )
    dataset.number_formats = number_formats
    return dataset


def run_check(resource_class: type[RowsResource], user, content: bytes, kind: str = "") -> Check:
    """A dry run of the resource over the whole file: the plan of writes, or every bad row
    (nothing written)."""
    result = Check(kind=kind)
    try:
        dataset = read_dataset(content, resource_class.MAX_CELL, resource_class.FORMATTED)
    except SheetError as e:
        result.errors.append({"row": "", "column": "", "message": str(e)})
        return result
    resource = resource_class(user=user)
    resource.check = result
    outcome = resource.import_data(dataset, dry_run=True, use_transactions=True)
    for error in outcome.base_errors:
        message = str(error.error) if isinstance(error.error, SheetError) else "Lỗi khi đọc tệp."
        result.errors.append({"row": "", "column": "", "message": message})
    if outcome.base_errors:
        result.plan = []
        return result
    columns = resource.COLUMNS
    for row in outcome.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                result.errors.append(
                    {
                        "row": row.number + 1,
                        "column": "" if column == NON_FIELD_ERRORS else column,
                        "message": message,
                    }
                )
    for number, row_errors in outcome.row_errors():
        for _ in row_errors:
            result.errors.append(
                {"row": number + 1, "column": "", "message": "Không đọc được dòng này."}
            )
    result.errors.sort(
        key=lambda e: (
            e["row"] or 0,
            columns.index(e["column"]) if e["column"] in columns else 99,
        )
    )
    if result.errors:
        result.plan = []
    return result


# --- files out ------------------------------------------------------------------------------


def template_xlsx(resource_class: type[RowsResource], title: str = "") -> bytes:
    """The header row only, and a second sheet explaining each column."""
    sheet = tablib.Dataset(headers=resource_class.COLUMNS, title=(title or "Mẫu")[:31])
    guide = tablib.Dataset(headers=["Cột", "Cách ghi"], title="Hướng dẫn")
    for column, text in resource_class.HELP:
        guide.append([column, text])
    return tablib.Databook([sheet, guide]).export("xlsx")


def export_xlsx(resource_class: type[RowsResource], user, rows, title: str = "") -> bytes:
    """The given rows (already scoped to the user) as a sheet that imports back unchanged."""
    dataset = resource_class(user=user).export(list(rows))
    dataset.title = (title or "Dữ liệu")[:31]
    return XLSX().export_data(dataset)
