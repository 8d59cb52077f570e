"""Issue 13, the criteria catalogue: every kind of the Excel import page (statuses, units,
targets; a criteria set's workbook, commune groups, mappings) fed its own template with valid
rows and hostile cells, then structural tricks; and every free-text form of the "Bộ tiêu chí"
pages fed hostile fields.

An upload is checked (a dry run) and, when the check passes, confirmed. Either the run is
refused with every error in Vietnamese (and its row, where a row is meant), and nothing at all
is written, or it is done and the whole plan is in the database (the same file checked again
changes nothing). A form post is a 200 with its Vietnamese errors and nothing written, or a 302
after the whole write, every stored text within its column. Never a 500, never a partial
write, and a check's memory stays bounded.
"""

import io
import itertools
import re
import tracemalloc
import unicodedata
import zipfile
from datetime import date, datetime, timedelta
from xml.sax.saxutils import quoteattr

import openpyxl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.functions import Length
from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from common.importing import IMPORT_MAX_ROWS
from criteria import authoring, workbook
from criteria.models import (
    Framework,
    FrameworkChange,
    Indicator,
    IndicatorMapping,
    UnitCategory,
)
from imports import registry as importing
from imports.models import ImportRun
from tests import factories

from . import files
from .snapshot import changed_tables, snapshot
from .strategies import hostile_cell, hostile_date, hostile_number, hostile_text

pytestmark = [
    pytest.mark.django_db,
    # a hostile number in a date-formatted cell: openpyxl reads it as an error, and says so
    pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning"),
]
State = ImportRun.State
BASIS = "QĐ 05/2026/QĐ-UBND ngày 01/3/2026"
MB = files.MB
PEAK_LIMIT = 200 * MB

# --- what is compared, and how a message is judged -------------------------------------------

CATALOGUE = [
    "units.Unit",
    "plans.TargetChange",
    "criteria.Framework",
    "criteria.FrameworkCategory",
    "criteria.CriterionGroup",
    "criteria.Criterion",
    "criteria.Indicator",
    "criteria.Threshold",
    "criteria.FrameworkChange",
    "criteria.UnitCategory",
    "criteria.FrameworkMapping",
    "criteria.IndicatorMapping",
    "criteria.CriterionResult",
]


def _models(labels):
    for label in labels:
        try:
            yield label, apps.get_model(label)
        except LookupError:  # a model not in every checkout yet
            continue


def everything() -> dict:
    """snapshot.snapshot() and the catalogue, the units and the commune groups."""
    rows = snapshot()
    for label, model in _models(CATALOGUE):
        rows[label] = list(model.objects.order_by("pk").values_list())
    return rows


TEXT_TYPES = ("CharField", "SlugField", "TextField")


def too_long() -> list[str]:
    """Every stored text longer than its column allows (SQLite does not refuse them)."""
    return [
        f"{label}.{f.name}"
        for label, model in _models(CATALOGUE)
        for f in model._meta.concrete_fields
        if f.get_internal_type() in TEXT_TYPES
        and f.max_length
        and model.objects.annotate(n=Length(f.name)).filter(n__gt=f.max_length).exists()
    ]


VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")  # a cell or a field quoted back
ENGLISH = re.compile(
    r"\b(this field|enter a|ensure this|is required|are not allowed|select a valid|"
    r"error|exception|traceback|invalid)\b|(?-i:\bNone\b)",
    re.IGNORECASE,
)


def assert_vietnamese(message) -> None:
    assert isinstance(message, str) and message.strip(), message
    plain = QUOTED.sub("", unicodedata.normalize("NFC", message))
    assert any(ch in VIETNAMESE_LETTERS for ch in plain.lower()), message[:300]
    assert not ENGLISH.search(plain), message[:300]


ROW_KINDS = ("statuses", "units", "targets")


def assert_run_errors(kind: str, errors: list[dict]) -> None:
    """Each error in Vietnamese; a row-level one (a column named) with its sheet row."""
    assert errors
    for e in errors:
        assert_vietnamese(e["message"])
        row, column = e["row"], e["column"]
        assert row == "" or (isinstance(row, int) and row >= 1), e
        sheet = column.split(":")[0]
        if column and (kind in ROW_KINDS or sheet != workbook.FRAMEWORK_SHEET):
            assert row != "", e


# --- hostile cells -------------------------------------------------------------------------------

EXTRA_CELLS = [
    "=cmd|' /C calc'!A0",
    "=1+1",
    '=HYPERLINK("http://evil.example/";"bấm")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e999",
    "-0",
    float("nan"),
    float("inf"),
    float("-inf"),
    "x" * 40_000,
    "Cẩm Tân " * 5_000,
    unicodedata.normalize("NFD", "Xã nhóm 1"),
    unicodedata.normalize("NFD", "Đạt chuẩn NTM"),
    unicodedata.normalize("NFD", "Chưa đạt"),
    "\u202enhom1",
    "nhom1\u200f",
    "\u200b17.1",
    "\ufeff2026",
    " 2.1 ",
    "2,1",
    "02.1",
    True,
    False,
    0,
    -1,
    10**15,
    2.5,
    2026.0,
    date(2026, 2, 15),
    datetime(2026, 2, 15, 13, 45),  # noqa: DTZ001 - a spreadsheet cell has no time zone
]
catalogue_cell = hostile_cell | st.sampled_from(EXTRA_CELLS)


def build(template: bytes, rows: dict[str, list[list]], cells: dict | None = None) -> bytes:
    """The template with rows appended ({sheet: rows}; "" is the first sheet) and cells set
    ({(sheet, row, column): value})."""
    book = openpyxl.load_workbook(io.BytesIO(template))

    def sheet(title):
        return book[title] if title else book.worksheets[0]

    for title, new in rows.items():
        for row in new:
            sheet(title).append(list(row))
    for (title, row, column), value in (cells or {}).items():
        sheet(title).cell(row=row, column=column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- one valid file per kind, and who imports it -------------------------------------------------


class Case:
    def __init__(self, kind, user, template, rows, positions):
        self.kind, self.user, self.template, self.rows = kind, user, template, rows
        self.positions = positions  # the cells hypothesis may replace
        self.sheet = next(iter(rows))

    def content(self, cells=None) -> bytes:
        return build(self.template, self.rows, cells)


def _grid(sheet: str, rows, columns: int) -> list[tuple]:
    return [(sheet, r, c) for r in rows for c in range(1, columns + 1)]


@pytest.fixture
def cam_due(district_a, f318):
    return factories.CommuneFactory(name="Cẩm Duệ", parent=district_a, region="btb", framework=f318)


@pytest.fixture
def provincial(province, province_office_a):
    """Hà Tĩnh's own published set "nc_ht": criteria 1, 2; indicators 1.1 (≥ 80 %), 1.2, 2.1."""
    return factories.authored_framework(actor=province_office_a, province=province)


def _case(kind: str, request) -> Case:
    get = request.getfixturevalue
    if kind == "statuses":
        code = get("commune_a").code
        get("assessment_a")  # 2023 is open; the second row opens 2024
        rows = [
            [code, "Cẩm Tân", 2023, "5", "", "Đạt", None, "", "Trường đạt chuẩn"],
            [code, "Cẩm Tân", 2024, "19.2", "", "Chưa đạt", None, "", "Có trọng án"],
        ]
        user = get("official_a")
    elif kind == "units":
        province = get("province")
        get("f318")
        rows = [
            ["ha-tinh.ky-anh", "Kỳ Anh", "Huyện", "Huyện", province.code, "btb", "", ""],
            [
                "ha-tinh.ky-anh.ky-tan",
                "Kỳ Tân",
                "Xã",
                "Xã",
                "ha-tinh.ky-anh",
                "btb",
                "xa_ntm_2021_2025",
                "Xã NTM nâng cao",
            ],
        ]
        user = factories.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    elif kind == "targets":
        a, b = get("commune_a"), get("cam_due")
        rows = [
            [a.code, "Cẩm Tân", 2024, "Đạt chuẩn NTM", "5, 9", 19, "Quý IV/2024", "Theo huyện"],
            [b.code, "Cẩm Duệ", 2024, "Đạt chuẩn NTM nâng cao", "16", None, "", ""],
        ]
        user = get("district_officer")
    elif kind == "groups":
        a, b = get("commune_a"), get("cam_due")
        rows = [
            [a.code, "Cẩm Tân", "xa_ntm_2026_2030", "nhom2", "QĐ 12/QĐ-UBND", "15/02/2026", None],
            [b.code, "", "xa_ntm_2026_2030", "Xã nhóm 1", "QĐ 12/QĐ-UBND", date(2026, 2, 15), ""],
        ]
        user = get("district_officer")
    elif kind == "mapping":
        get("provincial")
        rows = [
            ["xa_ntm_2021_2025", "17.1", "nc_ht", "1.1", "Cùng cách tính", BASIS],
            ["xa_ntm_2021_2025", "2.1", "nc_ht", "2.1", "", BASIS],
        ]
        user = get("province_office_a")
    else:
        f51 = Framework.objects.get(key="xa_ntm_2026_2030")
        template = build(workbook.framework_template_xlsx(f51), {}, {("Bộ tiêu chí", 16, 2): BASIS})
        rows = [
            ["2.1", 2, "Tỷ lệ đường xã được cứng hóa", "%", "Số đo", "≥", 100, 95, "85,5", None, ""],
            ["8.1", 8, "Cảnh quan sáng – xanh – sạch", None, "Đạt/không đạt", None, None, None,
             None, "Đạt", "Theo biên bản"],
        ]  # fmt: skip
        positions = (
            _grid("Bộ tiêu chí", range(2, 18), 1)
            + [("Bộ tiêu chí", r, 2) for r in range(2, 18)]
            + _grid("Vùng-nhóm", range(2, 5), 3)
            + _grid("Tiêu chí", range(2, 12), 3)
            + _grid("Chỉ tiêu", range(2, 4), 11)
        )
        return Case(kind, get("national_office"), template, {"Chỉ tiêu": rows}, positions)
    template = importing.template_xlsx(kind)
    title = openpyxl.load_workbook(io.BytesIO(template)).sheetnames[0]
    return Case(kind, user, template, {title: rows}, _grid(title, (2, 3), len(rows[0])))


WORKBOOK_KINDS = ["framework", "groups", "mapping"]
KINDS = [*ROW_KINDS, *WORKBOOK_KINDS]


@pytest.fixture
def case(request, kind) -> Case:
    return _case(kind, request)


# --- the run -----------------------------------------------------------------------------------


def upload(client, case: Case, content: bytes, name="nhap.xlsx"):
    """The upload through the page: the run, or the page's response when the form refused."""
    response = client.post(
        reverse("imports:import"),
        {"kind": case.kind, "file": SimpleUploadedFile(name, content)},
    )
    if response.status_code != 302:
        return response
    return ImportRun.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def refused_or_whole(client, case: Case, content: bytes) -> str:
    """Check, confirm when the check passes; the outcome, every property asserted."""
    before = everything()
    run = upload(client, case, content)
    if not isinstance(run, ImportRun):  # the upload form refused the file itself
        assert run.status_code == 200
        errors = run.context["form"].errors
        assert errors
        for messages in errors.values():
            for message in messages:
                assert_vietnamese(message)
        assert changed_tables(before, everything()) == []
        return "form refused"
    assert changed_tables(before, everything()) == []  # the check is a dry run
    assert client.get(run.get_absolute_url()).status_code == 200
    if run.state == State.REFUSED:
        assert_run_errors(case.kind, run.errors)
        assert run.content == b""
        return "refused at the check"
    if run.state == State.DONE:
        return "nothing to import"
    assert run.state == State.CHECKED, run.state
    response = client.post(reverse("imports:import-confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert client.get(run.get_absolute_url()).status_code == 200
    system = [e for e in run.errors if e["message"].startswith("Lỗi hệ thống")]
    assert not system, "an exception while writing (logged as 'Excel import … failed')"
    if run.state != State.DONE:
        assert run.state in (State.REFUSED, State.FAILED), run.state
        assert_run_errors(case.kind, run.errors)
        assert changed_tables(before, everything()) == []
        return f"{run.state} at the confirmation"
    assert too_long() == []
    again = importing.check(case.kind, case.user, content)
    assert again.errors == [] and (again.created, again.changed) == (0, 0), (
        again.errors[:3],
        again.preview[:3],
    )  # the whole plan was written: the same file now changes nothing
    return "done"


def _peak(case: Case, content: bytes) -> int:
    """The peak memory of the check (a dry run) of `content`, in bytes."""
    tracemalloc.start()
    try:
        importing.check(case.kind, case.user, content)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", KINDS)
def test_a_valid_template_imports_whole(client, case):
    client.force_login(case.user)

    assert refused_or_whole(client, case, case.content()) == "done"


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=20)
@given(data=st.data())
def test_hostile_cells_are_refused_in_vietnamese_or_imported_whole(client, case, data):
    client.force_login(case.user)
    cells = data.draw(
        st.dictionaries(st.sampled_from(case.positions), catalogue_cell, min_size=1, max_size=4),
        label="cells",
    )

    event(refused_or_whole(client, case, case.content(cells)))


# --- structural tricks ---------------------------------------------------------------------------


def _rezip(content: bytes, edit) -> bytes:
    """The archive with each member's bytes passed through edit(name, data)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, edit(info.filename, source.read(info.filename)))
    return out.getvalue()


def _sheet_part(content: bytes, title: str) -> str:
    """The zip member of the sheet titled `title` (openpyxl writes sheetN in order)."""
    titles = openpyxl.load_workbook(io.BytesIO(content), read_only=True).sheetnames
    return f"xl/worksheets/sheet{titles.index(title) + 1}.xml"


def _claim_dimension(content: bytes, title: str, ref: str) -> bytes:
    part = _sheet_part(content, title)

    def edit(name, data):
        if name != part:
            return data
        return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data)

    return _rezip(content, edit)


def _with_book(content: bytes, change) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _laughs_named(title: str) -> bytes:
    """files.billion_laughs("utf-16"), its one sheet renamed to the sheet the kind reads."""

    def edit(name, data):
        if name == "xl/workbook.xml":
            return data.replace(b'name="Sheet"', f"name={quoteattr(title)}".encode(), 1)
        return data

    return _rezip(files.billion_laughs("utf-16"), edit)


def _trick(case: Case, trick: str) -> bytes:
    good = case.content()
    main = case.sheet if case.kind != "framework" else workbook.FRAMEWORK_SHEET
    if trick == "missing":
        return _with_book(good, lambda book: book.remove(book[main]))
    if trick == "renamed":
        return _with_book(good, lambda book: setattr(book[main], "title", "Sheet1 ☃ đổi tên"))
    if trick == "duplicated":  # a second sheet of the same name (diacritics and case aside)

        def duplicate(book):
            copy = book.copy_worksheet(book[case.sheet])
            copy.title = unicodedata.normalize("NFD", case.sheet.upper())
            copy.cell(row=2, column=1).value = "=cmd|' /C calc'!A0"
            book.move_sheet(copy, offset=-len(book.sheetnames) + 1)

        return _with_book(good, duplicate)
    if trick == "shifted":  # the header row one row down
        return _with_book(good, lambda book: book[case.sheet].insert_rows(1))
    if trick == "wide":  # 60 000 columns (CJSR) claimed: beyond Excel's 16 384 (XFD)
        return _claim_dimension(good, case.sheet, "A1:CJSR60000")
    if trick == "widest":  # the widest range openpyxl accepts, claimed on a 3-row sheet
        return _claim_dimension(good, case.sheet, "A1:ZZZ3")
    if trick == "far cell":  # a real cell in Excel's last column
        return _with_book(good, lambda book: book[case.sheet].cell(row=2, column=16_384, value=1))
    if trick == "laughs":
        return _laughs_named(case.sheet)
    raise AssertionError(trick)


TRICKS = ["missing", "renamed", "duplicated", "shifted", "wide", "widest", "far cell", "laughs"]
REFUSED = {"missing", "shifted", "wide", "laughs"}  # and "renamed", for a workbook's own sheet


@pytest.mark.parametrize("kind", KINDS)
def test_structural_tricks_are_refused_in_vietnamese_or_imported_whole(client, case):
    client.force_login(case.user)
    for trick in TRICKS:
        content = _trick(case, trick)

        peak = _peak(case, content)
        outcome = refused_or_whole(client, case, content)

        assert peak < PEAK_LIMIT, (trick, peak // MB)
        if trick in REFUSED or (trick == "renamed" and case.kind in WORKBOOK_KINDS):
            assert outcome in ("form refused", "refused at the check"), (trick, outcome)


def test_a_decomposed_target_text_is_imported_once(client, request):
    """Vietnamese typed decomposed (NFD, as some Mac spreadsheets save it) in "Thời hạn"."""
    case = _case("targets", request)
    client.force_login(case.user)
    deadline = unicodedata.normalize("NFD", "Quý IV/2024 – trước Tết")
    content = case.content({(case.sheet, 2, 7): deadline})

    assert refused_or_whole(client, case, content) == "done"


# --- memory: what each row of a file costs the check -------------------------------------------

ECHOED = "Cẩm·Tân·" * 5_000  # 40 000 characters, one shared string in the file
PLACEHOLDER = "shared-cell-0"  # ASCII: openpyxl writes others as &#NNN;
SHARED_STRINGS = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
)


def _shared(content: bytes, text: str) -> bytes:
    """Every cell holding PLACEHOLDER made a reference to one shared string, `text` (openpyxl
    writes each string inline: a file of 20 000 inline copies would be refused for its size;
    one shared copy keeps it a few kB)."""
    inline = f"<is><t>{PLACEHOLDER}</t></is>".encode()
    cells = re.compile(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr">' + re.escape(inline))

    def edit(name, data):
        if name.startswith("xl/worksheets/"):
            return cells.sub(rb'\1 t="s"><v>0</v>', data)
        if name == "[Content_Types].xml":
            part = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS[0]}"/>'
            return data.replace(b"</Types>", part.encode() + b"</Types>")
        if name == "xl/_rels/workbook.xml.rels":
            link = (
                f'<Relationship Type="{SHARED_STRINGS[1]}" Target="sharedStrings.xml" Id="rIdS"/>'
            )
            return data.replace(b"</Relationships>", link.encode() + b"</Relationships>")
        return data

    out = io.BytesIO(_rezip(content, edit))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'uniqueCount="1"><si><t>{text}</t></si></sst>',
        )
    return out.getvalue()


def _many(case: Case, count: int, trick: str) -> bytes:
    """`count` rows like the case's first: each with the 40 000-character first cell (one
    shared string), or under a dimension that claims 18 278 columns (the widest openpyxl
    reads)."""
    row = list(case.rows[case.sheet][0])
    if trick == "echoed cell":
        row[0] = PLACEHOLDER
    content = build(case.template, {case.sheet: [row] * count})
    if trick == "echoed cell":
        content = _shared(content, ECHOED)
        assert len(content) < 100_000
    if trick == "claimed width":
        content = _claim_dimension(content, case.sheet, f"A1:ZZZ{count + 1}")
    return content


@pytest.mark.parametrize(
    ("kind", "trick"),
    [
        # common.importing.read_dataset reads within MAX_COLUMNS and refuses a cell over
        # MAX_CELL (before: a claimed A1:ZZZ… padded every row, ~2,8 GB for 20 000 rows, and
        # a 40 000-character cell was quoted in every row's error, ~1,5 GB)
        *[
            (kind, trick)
            for kind in ("statuses", *WORKBOOK_KINDS)
            for trick in ("claimed width", "echoed cell")
        ],
    ],
)
def test_the_check_of_a_full_file_stays_under_200_mb(case, trick):
    """Measured on 30 and 90 rows, projected to the most a file may have (IMPORT_MAX_ROWS)."""
    small, large = 30, 90
    low = _peak(case, _many(case, small, trick))
    high = _peak(case, _many(case, large, trick))

    per_row = max(high - low, 0) / (large - small)
    projected = high + per_row * (IMPORT_MAX_ROWS - large)
    assert projected < PEAK_LIMIT, f"{projected / MB:.0f} MB ({per_row / 1024:.1f} kB a row)"


# --- the forms of the "Bộ tiêu chí" pages ------------------------------------------------------

EXTRA_TEXT = [
    "x" * 40_000,
    "Cẩm Tân " * 5_000,
    "=cmd|' /C calc'!A0",
    "NaN",
    "inf",
    "-Infinity",
    "1e999",
    "\x00",
    "2026\x00",
    "01/01/2026\u200b",
    "\u202e31/12/2026",
    unicodedata.normalize("NFD", "Xã nhóm 1"),
    "١٢/٠٣/٢٠٢٦",
    "nhom1\u200f",
]
anything = hostile_text | hostile_number | hostile_date | st.sampled_from(EXTRA_TEXT)


def overrides(fields, max_size: int = 4):
    """Some of `fields` replaced by hostile values; the rest keep a valid baseline."""
    return st.dictionaries(st.sampled_from(list(fields)), anything, min_size=1, max_size=max_size)


def refused_in_vietnamese(response, before, form="form") -> None:
    assert response.status_code == 200
    errors = [m for messages in response.context[form].errors.values() for m in messages]
    assert errors, "a refused post names what is wrong"
    for message in errors:
        assert_vietnamese(message)
    assert changed_tables(before, everything()) == []


def stripped(value) -> str:
    return str(value).strip()  # what a CharField cleans


def outcome(response, before, check, form="form") -> None:
    """A 302 after the whole write (check() on what was stored), or a refusal, nothing written."""
    event(f"HTTP {response.status_code}")
    if response.status_code == 302:
        assert too_long() == []
        check()
    else:
        refused_in_vietnamese(response, before, form)


@pytest.fixture
def numbers():
    """A fresh number for each example: a baseline that stays valid after an accepted one."""
    return itertools.count(3)


@pytest.fixture
def as_province_a(client, province_office_a):
    client.force_login(province_office_a)
    return client


def _url(name, *args):
    return reverse(f"criteria:{name}", args=args)


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _framework_data(framework) -> dict:
    data = {f: getattr(framework, f) or "" for f in authoring.FRAMEWORK_FIELDS}
    data["decision_date"] = _date(framework.decision_date)
    data["effective_date"] = _date(framework.effective_date)
    data["illustrative"] = "on" if framework.illustrative else ""
    return data


@settings(max_examples=15)
@given(changes=overrides([*authoring.FRAMEWORK_FIELDS, "key", "province"]))
def test_framework_create_refuses_or_creates_whole(as_province_a, province, numbers, changes):
    data = {
        "key": f"nc_fuzz_{next(numbers)}",
        "name": "Bộ tiêu chí xã NTM nâng cao tỉnh Hà Tĩnh giai đoạn 2026 - 2030",
        "short_name": "NTM nâng cao Hà Tĩnh",
        "level": "xa_ntm_nang_cao",
        "unit_kind": "commune",
        "decision_number": "12/2026/QĐ-UBND",
        "decision_date": "15/03/2026",
        "decision_body": "UBND tỉnh Hà Tĩnh",
        "effective_date": "",
        "period_start": 2026,
        "period_end": 2030,
        "category_kind": "",
        "notes": "",
        "province": province.pk,
        **changes,
    }
    before = everything()

    response = as_province_a.post(_url("framework-create"), data)

    def created():
        framework = Framework.objects.get(key=stripped(data["key"]))
        assert framework.name == stripped(data["name"]) and framework.is_draft
        assert framework.changes.filter(action=FrameworkChange.Action.CREATED).count() == 1

    outcome(response, before, created)


@settings(max_examples=15)
@given(changes=overrides([*authoring.FRAMEWORK_FIELDS, "legal_basis"]))
def test_framework_edit_refuses_or_saves_whole(as_province_a, provincial, changes):
    framework = Framework.objects.get(pk=provincial.pk)
    data = {**_framework_data(framework), "name": "Tên mới", "legal_basis": BASIS, **changes}
    data.setdefault("seen", authoring.last_change(framework))
    last = framework.changes.order_by("pk").last()
    before = everything()

    response = as_province_a.post(_url("framework-edit", framework.pk), data)

    def saved():
        framework.refresh_from_db()
        assert framework.name == stripped(data["name"])
        for change in framework.changes.filter(pk__gt=last.pk if last else 0):
            assert change.legal_basis == stripped(data["legal_basis"])

    outcome(response, before, saved)


@pytest.fixture
def grouped(province, province_office_a):
    """Hà Tĩnh's draft keyed by commune groups."""
    return authoring.framework_create(
        actor=province_office_a, key="ht_nhom", province=province, name="Bộ tiêu chí (thử)",
        level="xa_ntm", period_start=2026, period_end=2030, category_kind="group",
    )  # fmt: skip


@settings(max_examples=12)
@given(changes=overrides(["key", "name", "description", "legal_basis"]))
def test_category_add_refuses_or_adds_whole(as_province_a, grouped, numbers, changes):
    data = {"key": f"nhom{next(numbers)}", "name": "Xã nhóm", "description": "", "legal_basis": ""}
    data.update(changes)
    before = everything()

    response = as_province_a.post(_url("framework-category-add", grouped.pk), data)

    def added():
        category = grouped.categories.get(key=stripped(data["key"]))
        assert category.name == stripped(data["name"])
        assert category.description == stripped(data["description"])

    outcome(response, before, added)


@settings(max_examples=12)
@given(changes=overrides(["code", "name", "legal_basis"]))
def test_criterion_group_add_refuses_or_adds_whole(as_province_a, provincial, numbers, changes):
    data = {"code": f"G{next(numbers)}", "name": "Hạ tầng", "legal_basis": BASIS, **changes}
    before = everything()

    response = as_province_a.post(_url("framework-group-add", provincial.pk), data)

    def added():
        group = provincial.groups.get(code=stripped(data["code"]))
        assert group.name == stripped(data["name"])

    outcome(response, before, added)


@settings(max_examples=12)
@given(changes=overrides(["number", "name", "group", "legal_basis"]))
def test_criterion_add_refuses_or_adds_whole(as_province_a, provincial, numbers, changes):
    data = {"number": next(numbers), "name": "Thủy lợi", "group": "", "legal_basis": BASIS}
    data.update(changes)
    count = provincial.criteria.count()
    before = everything()

    response = as_province_a.post(_url("criterion-add", provincial.pk), data)

    def added():
        assert provincial.criteria.count() == count + 1
        criterion = provincial.criteria.latest("pk")
        assert criterion.name == stripped(data["name"])
        assert provincial.changes.filter(target=f"tiêu chí {criterion.number}").exists()

    outcome(response, before, added)


@settings(max_examples=12)
@given(changes=overrides(["name", "group", "legal_basis"]))
def test_criterion_edit_refuses_or_saves_whole(as_province_a, provincial, changes):
    criterion = provincial.criteria.get(number=1)
    data = {"name": "Quy hoạch xây dựng", "group": "", "legal_basis": BASIS, **changes}
    data.setdefault("seen", authoring.last_change(provincial))
    before = everything()

    response = as_province_a.post(_url("criterion-edit", criterion.pk), data)

    def saved():
        criterion.refresh_from_db()
        assert criterion.name == stripped(data["name"])

    outcome(response, before, saved)


INDICATOR = {
    "name": "Tỷ lệ đường trục thôn được cứng hóa",
    "kind": "numeric",
    "unit": "%",
    "comparator": ">=",
    "guidance": "",
    "nguong0": "95,5",
    "yeucau0": "",
    "legal_basis": BASIS,
}


@settings(max_examples=15)
@given(changes=overrides([*INDICATOR, "code", "criterion", "nguong1"]))
def test_indicator_add_refuses_or_adds_whole(as_province_a, provincial, numbers, changes):
    criterion = provincial.criteria.get(number=2)
    data = {**INDICATOR, "code": f"2.{next(numbers)}", "criterion": criterion.pk, **changes}
    before = everything()

    response = as_province_a.post(_url("indicator-add", provincial.pk), data)

    def added():
        indicator = Indicator.objects.get(framework=provincial, code=stripped(data["code"]))
        assert indicator.name == stripped(data["name"])
        assert indicator.guidance == stripped(data["guidance"])
        assert indicator.unit == stripped(data["unit"])

    outcome(response, before, added)


@settings(max_examples=15)
@given(changes=overrides([*INDICATOR, "criterion"]))
def test_indicator_edit_refuses_or_saves_whole(as_province_a, provincial, changes):
    indicator = Indicator.objects.get(framework=provincial, code="1.1")
    data = {**INDICATOR, "criterion": indicator.criterion_id, "nguong0": "80", **changes}
    data.setdefault("seen", authoring.last_change(provincial))
    before = everything()

    response = as_province_a.post(_url("indicator-edit", indicator.pk), data)

    def saved():
        indicator.refresh_from_db()
        assert indicator.name == stripped(data["name"])
        assert indicator.guidance == stripped(data["guidance"])

    outcome(response, before, saved)


def _retire_data(changes) -> dict:
    return {"ngung-on": "31/12/2026", "ngung-legal_basis": BASIS, **changes}


@settings(max_examples=10)
@given(changes=overrides(["ngung-on", "ngung-legal_basis"]))
def test_criterion_retire_refuses_or_retires_whole(
    as_province_a, provincial, province_office_a, numbers, changes
):
    criterion = authoring.criterion_add(
        framework=provincial, actor=province_office_a, number=next(numbers), name="Thử",
        legal_basis=BASIS,
    )  # fmt: skip
    before = everything()

    response = as_province_a.post(_url("criterion-retire", criterion.pk), _retire_data(changes))

    def retired():
        criterion.refresh_from_db()
        assert criterion.retired_on is not None

    outcome(response, before, retired, form="retire_form")


@settings(max_examples=10)
@given(changes=overrides(["ngung-on", "ngung-legal_basis"]))
def test_indicator_retire_refuses_or_retires_whole(
    as_province_a, provincial, province_office_a, numbers, changes
):
    indicator = authoring.indicator_add(
        framework=provincial, actor=province_office_a, criterion=provincial.criteria.get(number=1),
        code=f"1.{next(numbers)}", name="Có quy chế", kind="boolean", legal_basis=BASIS,
    )  # fmt: skip
    before = everything()

    response = as_province_a.post(_url("indicator-retire", indicator.pk), _retire_data(changes))

    def retired():
        indicator.refresh_from_db()
        assert indicator.retired_on is not None

    outcome(response, before, retired, form="retire_form")


@settings(max_examples=12)
@given(changes=overrides(["source", "old_code", "new_code", "note", "basis"]))
def test_mapping_row_refuses_or_saves_whole(as_province_a, provincial, f318, changes):
    data = {
        "source": f318.pk,
        "old_code": "17.1",
        "new_code": "1.1",
        "note": "cùng cách tính",
        "basis": BASIS,
        **changes,
    }
    before = everything()

    response = as_province_a.post(_url("mapping-edit", provincial.pk), data)

    def saved():
        row = IndicatorMapping.objects.get(
            mapping__target=provincial, target__code=stripped(data["new_code"])
        )
        assert (row.source.code, row.note) == (stripped(data["old_code"]), stripped(data["note"]))

    outcome(response, before, saved)


@settings(max_examples=12)
@given(changes=overrides(["category", "basis", "valid_from", "valid_to", "note"]))
def test_unit_category_refuses_or_records_whole(as_province_a, commune_a, numbers, changes):
    f51 = Framework.objects.get(key="xa_ntm_2026_2030")
    start = date(2026, 1, 1) + timedelta(days=next(numbers))
    data = {
        "category": ["nhom1", "nhom2"][start.day % 2],
        "basis": "QĐ 60/QĐ-UBND ngày 15/01/2026",
        "valid_from": _date(start),
        "valid_to": "",
        "note": "Xã liền kề thị trấn",
        **changes,
    }
    rows = UnitCategory.objects.filter(unit=commune_a, framework=f51).count()
    before = everything()

    response = as_province_a.post(_url("unit-category-edit", f51.pk, commune_a.pk), data)

    def recorded():
        added = UnitCategory.objects.filter(unit=commune_a, framework=f51).count() - rows
        if added:
            row = UnitCategory.objects.filter(unit=commune_a, framework=f51).latest("pk")
            assert (row.basis, row.note) == (stripped(data["basis"]), stripped(data["note"]))
        else:
            assert changed_tables(before, everything()) == []  # the group was already so

    outcome(response, before, recorded)


@pytest.mark.parametrize(
    ("name", "field", "message"),
    [
        ("criterion-edit", "name", "ký tự NUL"),
        ("criterion-edit", "legal_basis", "ký tự NUL"),
        ("criterion-edit", "group", "Nhóm tiêu chí không thuộc bộ này."),
        ("framework-create", "key", "ký tự NUL"),
        ("framework-create", "province", "Bạn không soạn được bộ tiêu chí cho tỉnh này."),
    ],
)
def test_a_nul_character_is_refused_in_vietnamese(as_province_a, provincial, name, field, message):
    """Django's own message for it ("Null characters are not allowed.") has no translation."""
    if name == "criterion-edit":
        url = _url(name, provincial.criteria.get(number=1).pk)
        data = {"name": "Quy hoạch", "group": "", "legal_basis": BASIS}
        data["seen"] = authoring.last_change(provincial)
    else:
        url = _url(name)
        data = {**_framework_data(provincial), "key": "nc_moi", "province": provincial.province_id}
    before = everything()

    response = as_province_a.post(url, {**data, field: "1\x00"})

    refused_in_vietnamese(response, before)
    assert message in " ".join(response.context["form"].errors[field])
