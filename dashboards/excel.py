"""The data of each dashboard as an .xlsx workbook (openpyxl, django-import-export's engine).

One sheet per table of the page, one header row each, so a sheet can be filtered and sorted in
Excel. Text that a spreadsheet would run as a formula (= + - @ …) gets a leading apostrophe.
"""

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from common.spreadsheets import neutralise

from .selectors import (
    SYMBOLS,
    CommuneDashboard,
    NationalSummary,
    ProvinceDashboard,
    TierTable,
    UnitDashboard,
)

# a status cell: a fill and a symbol, so it reads in colour and without it (Status values)
STATUS_FILLS = {
    "dat": PatternFill("solid", fgColor="D9EAD3"),
    "chua_dat": PatternFill("solid", fgColor="F4CCCC"),
    "chua_danh_gia": PatternFill("solid", fgColor="EEEEEE"),
}


class Book:
    """Sheets people can use: bold wrapped headers, the names frozen, an autofilter, widths
    fitted to the contents (within bounds), printed A4 landscape one page wide with the header
    row on every page.

    `note`: what every sheet says under its rows and at the top of each printed page – for a
    set that stands in for official texts, «bộ chỉ tiêu minh họa – không phải số liệu chính
    thức», so a sheet copied out of the workbook, or printed alone, still says so."""

    def __init__(self, note: str = ""):
        self.workbook = Workbook()
        self._first = True
        self.note = note

    def sheet(
        self,
        title: str,
        headers: list[str],
        rows: Iterable[Iterable],
        widths=None,
        freeze: str = "B2",
    ):
        if self._first:
            ws = self.workbook.active
            ws.title = title
            self._first = False
        else:
            ws = self.workbook.create_sheet(title)
        ws.append([neutralise(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        longest = [len(str(h)) // 2 + 2 for h in headers]  # a header wraps on two lines
        for row in rows:
            values = [neutralise(v) for v in row]
            ws.append(values)
            for i, v in enumerate(values[: len(longest)]):
                longest[i] = max(longest[i], len(str(v)) + 2 if v is not None else 0)
        ws.freeze_panes = freeze
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
        if self.note:  # below the filtered rows: sorting leaves it where it is
            ws.append([])
            ws.append([f"Lưu ý: {self.note}"])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True, color="5B3A8A")
            ws.oddHeader.center.text = f"Lưu ý: {self.note}"
        for i, fitted in enumerate(longest, start=1):
            width = (widths or [])[i - 1] if i <= len(widths or []) else None
            ws.column_dimensions[get_column_letter(i)].width = max(8, min(fitted, width or 60))
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
        return ws

    def statuses(self, ws, first_column: int, rows_cells) -> None:
        """Colour and mark the status cells (a row's cells from `first_column`, 1-based)."""
        for r, cells in enumerate(rows_cells, start=2):
            for c, cell in enumerate(cells, start=first_column):
                if cell.status:
                    target = ws.cell(row=r, column=c)
                    target.fill = STATUS_FILLS.get(cell.status, PatternFill())
                    target.value = f"{SYMBOLS[cell.status]} {target.value}"

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()


def _figures(h, year: int) -> list[tuple[str, object]]:
    return [
        ("Năm", year),
        ("Số xã", h.communes),
        ("Số xã có kết quả", h.assessed),
        (f"Số xã đạt {h.total}/{h.total} tiêu chí", h.complete),
        ("Bình quân (tiêu chí/xã)", float(h.average) if h.average is not None else None),
        (
            "Bình quân (chỉ tiêu/xã)",
            float(h.indicator_average) if h.indicator_average is not None else None,
        ),
        (f"Hoàn thành thêm so với năm {year - 1} (tiêu chí)", h.added),
        ("Tiêu chí đăng ký đạt thêm theo chỉ tiêu năm", h.target_added),
        ("Tiêu chí đăng ký đã đạt", h.target_met),
        ("Số tiêu chí rớt chuẩn", len(h.lost)),
        ("Nhiệm vụ quá hạn", h.overdue),
    ]


def _tier_notes(tiers: TierTable | None) -> list[tuple[str, object]]:
    if tiers is None:
        return []
    notes = [
        ("Công nhận đạt chuẩn theo hạng: tính đến ngày", tiers.on.strftime("%d/%m/%Y")),
        ("Công nhận đạt chuẩn theo hạng: căn cứ", tiers.basis),
        *tiers.period_notes(),
        *tiers.registered_notes(),
    ]
    if tiers.revocation_cases:
        notes += [
            ("Trường hợp thu hồi quyết định công nhận", tiers.rule),
            ("Nguồn", tiers.source),
        ]
    return notes


def _tier_sheets(book: Book, tiers: TierTable | None) -> None:
    """The four figures per tier, and every commune they count (sheet "Số liệu chính" says
    on which day and on what basis)."""
    if tiers is None:
        return
    book.sheet("Công nhận theo hạng", tiers.headers, tiers.rows, widths=[24, 16, 28, 22, 34])
    book.sheet(
        "Công nhận – từng xã",
        ["Hạng", "Tình trạng", "Mã xã", "Xã", "Chi tiết"],
        tiers.lines(),
        widths=[22, 34, 24, 24, 80],
    )


def _headline_sheets(book: Book, data, title: str) -> None:
    h = data.headline
    basis = "chỉ số liệu đã thẩm tra" if data.verified else "xã tự đánh giá"
    book.sheet(
        "Số liệu chính",
        ["Chỉ số", "Giá trị"],
        [("Đơn vị", title), ("Bộ tiêu chí", str(data.framework)), ("Số liệu", basis)]
        + (
            [("Lưu ý", data.framework.ILLUSTRATIVE_LABEL)]
            if getattr(data.framework, "illustrative", False)
            else []
        )
        + _figures(h, data.year)
        + _tier_notes(data.tiers),
        widths=[48, 40],
    )
    book.sheet(
        "Chưa đạt nhiều nhất",
        ["Tiêu chí số", "Tên tiêu chí", "Số xã chưa đạt", "Số xã chưa đánh giá", "Các xã chưa đạt"],
        (
            (u.criterion.number, u.criterion.name, u.not_met, u.not_assessed, ", ".join(u.communes))
            for u in h.unmet
        ),
        widths=[12, 40, 16, 18, 60],
    )
    book.sheet(
        "Rớt chuẩn",
        ["Mã xã", "Xã", "Tiêu chí số", "Tên tiêu chí"],
        ((c.code, str(c), cr.number, cr.name) for c, cr in h.lost),
        widths=[24, 24, 12, 40],
    )
    _tier_sheets(book, data.tiers)


def _matrix_rows(data):
    for r in data.rows:
        c = r.commune
        yield [
            c.code,
            str(c),
            str(c.parent or ""),
            c.get_level_goal_display(),
            *[cell.sheet_text for cell in r.cells],
            r.met,
            r.total,
            r.indicator_met if r.met is not None else None,
            r.indicator_total or None,
            r.basis_label,
            r.target.level_label if r.target else "",
            r.target.numbers if r.target else "",
            len(r.target.met) if r.target else None,
            None if r.added is None else len(r.added),
            r.added_numbers,
            r.lost_numbers,
            r.overdue,
        ]


def _matrix_headers(data) -> list[str]:
    return [
        "Mã xã",
        "Xã",
        "Trực thuộc",
        "Mức phấn đấu",
        *[f"TC {c.number}" for c in data.criteria],
        "Số tiêu chí đạt",
        "Tổng số tiêu chí",
        "Số chỉ tiêu đạt",
        "Tổng số chỉ tiêu",
        "Số liệu",
        f"Chỉ tiêu năm {data.year}: mức",
        "Tiêu chí đăng ký đạt thêm",
        "Trong đó đã đạt",
        "Số tiêu chí đạt thêm",
        "Tiêu chí đạt thêm",
        "Tiêu chí rớt chuẩn",
        "Nhiệm vụ quá hạn",
    ]


def _note(data) -> str:
    """The note of every sheet: the set stands in for official texts (Framework.illustrative)."""
    framework = getattr(data, "framework", None)
    return framework.ILLUSTRATIVE_LABEL if getattr(framework, "illustrative", False) else ""


def unit_workbook(data: UnitDashboard) -> bytes:
    book = Book(_note(data))
    ws = book.sheet(
        "Bảng tổng hợp",
        _matrix_headers(data),
        _matrix_rows(data),
        widths=[24, 22, 18, 16] + [22] * len(data.criteria),
        freeze="C2",  # the code and the name stay in view
    )
    book.statuses(ws, 5, (r.cells for r in data.rows))
    book.sheet(
        "Tên tiêu chí",
        ["Tiêu chí số", "Cột", "Tên tiêu chí"],
        ((c.number, f"TC {c.number}", c.name) for c in data.criteria),
        widths=[12, 8, 60],
    )
    if data.headline is not None:
        _headline_sheets(book, data, str(data.unit))
    book.sheet(
        "Kinh phí theo nguồn",
        ["Nguồn vốn", "Kế hoạch (đồng)", "Đã giải ngân (đồng)"],
        ((t.label, t.planned, t.disbursed) for t in data.funding),
        widths=[32, 20, 20],
    )
    return book.bytes()


def _shown(tiers: TierTable | None) -> list:
    return tiers.figures if tiers is not None else []


def province_workbook(data: ProvinceDashboard) -> bytes:
    book = Book(_note(data))
    book.sheet(
        "Theo huyện",
        [
            "Đơn vị",
            "Số xã",
            "Có kết quả",
            "Đạt đủ tiêu chí",
            "Bình quân (tiêu chí/xã)",
            "Bình quân (chỉ tiêu/xã)",
            "Đạt thêm",
            "Đăng ký đạt thêm",
            "Rớt chuẩn",
            *(data.tiers.recognised_headers if data.tiers else []),
            "Nhiệm vụ quá hạn",
        ],
        (
            (
                a.label,
                a.headline.communes,
                a.headline.assessed,
                a.headline.complete,
                float(a.headline.average) if a.headline.average is not None else None,
                float(a.headline.indicator_average)
                if a.headline.indicator_average is not None
                else None,
                a.headline.added,
                a.headline.target_added,
                len(a.headline.lost),
                *(t[0] for t in a.tiers),
                a.headline.overdue,
            )
            for a in data.areas
        ),
        widths=[28] + [14] * (10 + len(_shown(data.tiers))),
    )
    if data.headline is not None:
        _headline_sheets(book, data, str(data.province))
    book.sheet(
        "Kinh phí theo nguồn",
        ["Nguồn vốn", "Kế hoạch (đồng)", "Đã giải ngân (đồng)"],
        ((t.label, t.planned, t.disbursed) for t in data.funding),
        widths=[32, 20, 20],
    )
    return book.bytes()


def national_workbook(data: NationalSummary) -> bytes:
    book = Book(_note(data))
    rows = list(data.rows) + ([data.totals] if data.totals else [])
    book.sheet(
        "Theo tỉnh",
        [
            "Tỉnh",
            "Số xã",
            "Có kết quả",
            f"Đạt {data.total}/{data.total}",
            "Bình quân (tiêu chí/xã)",
            "Bình quân (chỉ tiêu/xã)",
            "Đạt thêm",
            "Đăng ký đạt thêm",
            "Rớt chuẩn",
            "Nhiệm vụ quá hạn",
        ],
        (
            (
                str(p.province) if p.province else "Cả nước",
                p.communes,
                p.assessed,
                p.complete,
                float(p.average) if p.average is not None else None,  # a number Excel sums
                float(p.indicator_average) if p.indicator_average is not None else None,
                p.added,
                p.target_added,
                p.lost,
                p.overdue,
            )
            for p in rows
        ),
        widths=[28] + [14] * 9,
    )
    if data.tiers is not None:
        book.sheet(
            "Công nhận theo tỉnh",
            ["Tỉnh"]
            + [f"{f.label}: {h}" for f in data.tiers.figures for h in data.tiers.headers[1:]],
            (
                [str(p.province) if p.province else "Cả nước"] + [n for t in p.tiers for n in t]
                for p in rows
            ),
            widths=[28] + [18] * 4 * len(data.tiers.figures),
        )
        book.sheet(
            "Ghi chú công nhận",
            ["Chỉ số", "Giá trị"],
            _tier_notes(data.tiers),
            widths=[48, 80],
        )
    book.sheet(
        "Chưa đạt nhiều nhất",
        ["Tiêu chí số", "Tên tiêu chí", "Số xã chưa đạt", "Số xã chưa đánh giá"],
        ((u.criterion.number, u.criterion.name, u.not_met, u.not_assessed) for u in data.unmet),
        widths=[12, 40, 16, 18],
    )
    return book.bytes()


def commune_workbook(data: CommuneDashboard) -> bytes:
    book = Book(_note(data))
    r = data.row
    book.sheet(
        "Từng tiêu chí",
        ["Tiêu chí số", "Tên tiêu chí", f"Kết quả năm {data.year}"],
        (
            (c.number, c.name, cell.sheet_text)
            for c, cell in zip(data.criteria, r.cells if r else [], strict=False)
        ),
        widths=[12, 50, 24],
    )
    book.sheet(
        "Qua các năm",
        [
            "Năm",
            "Số tiêu chí đạt (tự đánh giá)",
            "Đã thẩm tra",
            "Tổng số tiêu chí",
            "Số chỉ tiêu đạt (tự đánh giá)",
            "Số chỉ tiêu đạt (đã thẩm tra)",
            "Tổng số chỉ tiêu",
            "Trạng thái",
            "Đơn vị",
        ],
        # a merged commune: its predecessors' own years first, each under its own name – never
        # summed into the commune's
        (
            (
                p.year,
                p.met,
                p.verified_met,
                p.total,
                p.indicator_met if p.indicator_total else None,
                p.verified_indicator_met if p.indicator_total else None,
                p.indicator_total or None,
                p.state_label,
                name,
            )
            for name, points in [
                *((s.name, s.points) for s in data.past_trends),
                (str(data.commune), data.trend),
            ]
            for p in points
        ),
        widths=[8, 28, 14, 18, 28, 28, 18, 22, 32],
    )
    book.sheet(
        "Chỉ tiêu chưa đạt",
        ["Tiêu chí số", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kết quả", "Còn thiếu", "Ghi chú"],
        (
            (
                item.criterion.number,
                s.indicator.code,
                s.indicator.name,
                s.result_label + (" (đã thẩm tra)" if data.verified else ""),
                s.gap,
                s.note,
            )
            for item in data.unmet
            for s in item.rows
        ),
        widths=[12, 12, 50, 14, 40, 50],
    )
    book.sheet(
        "Nhiệm vụ quá hạn, đến hạn",
        ["Nhiệm vụ", "Tiêu chí số", "Thời hạn", "Tình trạng", "Tiến độ (%)"],
        (
            (
                t.title,
                t.criterion.number if t.criterion_id else None,
                t.deadline_display,
                "Quá hạn" if t.overdue else "Sắp đến hạn",
                t.progress,
            )
            for t in data.tasks.overdue + data.tasks.due_soon
        ),
        widths=[50, 12, 16, 14, 12],
    )
    book.sheet(
        "Kinh phí theo nguồn",
        ["Nguồn vốn", "Kế hoạch (đồng)", "Đã giải ngân (đồng)"],
        ((t.label, t.planned, t.disbursed) for t in data.tasks.funding),
        widths=[32, 20, 20],
    )
    return book.bytes()
