"""Demo of the 2026–2030 switch: an ILLUSTRATIVE provincial set, entered the way an office would.

The 47 indicators of 51/2025/QĐ-TTg are not available to this project, and no official figure
may be invented. So the demo does not fill 51/2025 (its page shows its 10 criteria waiting for
indicators); instead Hà Tĩnh's office enters a set of its own that is flagged *minh họa*
everywhere it shows ("bộ chỉ tiêu minh họa – không phải số liệu chính thức"): every name,
threshold and value below is made up to show how the app works, and says so.

It goes through the same doors as a person: the set through the Excel template (pre-filled from
51/2025 with its 10 criteria and 3 commune groups) and the import pipeline, then the mapping
from 318/QĐ-TTg and a commune group by their own workbooks, then a commune opening 2026 on the
set, which carries its mapped 2023 values as "cần xác nhận". Idempotent.
"""

import io
from decimal import Decimal

import openpyxl

from criteria import workbook
from criteria.models import Framework
from criteria.services import assessment_open
from imports.models import ImportRun
from imports.services import import_run_check, import_run_start

KEY = "ha_tinh_minh_hoa_2026_2030"
NOTE = "Số liệu minh họa (dữ liệu mẫu), không phải số liệu chính thức."

# code, criterion, name, unit, kind, comparator, bars {nhom1, nhom2, nhom3 | chung}, 318 source
INDICATORS = [
    ("1.1", 1, "Có quy hoạch chung xây dựng xã được phê duyệt (minh họa)", "", "boolean", ">=", {}, None),
    ("2.1", 2, "Tỷ lệ đường xã được nhựa hóa hoặc bê tông hóa (minh họa)", "%", "numeric", ">=",
     {"nhom1": 100, "nhom2": 100, "nhom3": 90}, "2.1"),
    ("3.1", 3, "Thu nhập bình quân đầu người khu vực nông thôn (minh họa)", "triệu đồng/người/năm",
     "numeric", ">=", {"nhom1": 90, "nhom2": 75, "nhom3": 60}, "10"),
    ("4.1", 4, "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ (minh họa)", "%", "numeric", ">=",
     {"nhom1": 45, "nhom2": 38, "nhom3": 30}, "12.2"),
    ("5.1", 5, "Tỷ lệ người dân tham gia bảo hiểm y tế (minh họa)", "%", "numeric", ">=",
     {"nhom1": 97, "nhom2": 95, "nhom3": 92}, "15.1"),
    ("6.1", 6, "Tỷ lệ hộ nghèo đa chiều (minh họa)", "%", "numeric", "<=",
     {"nhom1": 1.5, "nhom2": 3, "nhom3": 6}, "11"),
    ("7.1", 7, "Có điểm hỗ trợ dịch vụ công trực tuyến cho người dân (minh họa)", "", "boolean",
     ">=", {}, None),
    ("8.1", 8, "Tỷ lệ hộ được sử dụng nước sạch theo quy chuẩn (minh họa)", "%", "numeric", ">=",
     {"nhom1": 90, "nhom2": 80, "nhom3": 65}, "17.1"),
    ("9.1", 9, "Chính quyền xã được xếp loại hoàn thành tốt nhiệm vụ trở lên (minh họa)", "",
     "boolean", ">=", {}, None),
    ("10.1", 10, "Xã đạt chuẩn tiếp cận pháp luật (minh họa)", "", "boolean", ">=", {}, None),
]  # fmt: skip

# Cẩm Thành's 2023 on 318/QĐ-TTg (met: a nâng cao target in seed 002): the measured values the
# mapping carries to 2026. All made up, and its notes say so.
COMMUNE = "Cẩm Thành"
VALUES_2023 = {
    "2.1": Decimal("100"),
    "10": Decimal("68.5"),
    "12.2": Decimal("41.2"),
    "15.1": Decimal("96.1"),
    "11": Decimal("2.4"),
    "17.1": Decimal("76"),
}


def seed_frameworks(*, ha_tinh, office, commune, official) -> Framework:
    """Hà Tĩnh's illustrative 2026–2030 set, its mapping from 318, `commune`'s group and its
    2026 year carried from its 2023 on 318 (recorded by ops.demo with VALUES_2023). `office`
    is Hà Tĩnh's NTM office, `official` a commune official of `commune`."""
    existing = Framework.objects.filter(key=KEY).first()
    if existing is not None:
        return existing
    f2026 = Framework.objects.get(key="xa_ntm_2026_2030")
    _import(
        office,
        ImportRun.Kind.FRAMEWORK,
        "bo-chi-tieu-minh-hoa-ha-tinh.xlsx",
        _set_book(f2026, ha_tinh),
    )
    framework = Framework.objects.get(key=KEY)
    _import(office, ImportRun.Kind.MAPPING, "chuyen-doi-318-minh-hoa.xlsx", _mapping_book())
    _import(office, ImportRun.Kind.COMMUNE_GROUPS, "nhom-xa-minh-hoa.xlsx", _groups_book(commune))
    assessment_open(commune=commune, framework=framework, year=2026, actor=official)
    return framework


def _import(user, kind: str, file_name: str, content: bytes) -> None:
    run = import_run_check(user=user, kind=kind, file_name=file_name, content=content)
    if run.state != ImportRun.State.CHECKED:
        raise RuntimeError(f"demo workbook {file_name} refused: {run.summary} {run.errors[:5]}")
    import_run_start(run=run, actor=user)
    run.refresh_from_db()
    if run.state != ImportRun.State.DONE:
        raise RuntimeError(
            f"demo workbook {file_name} not imported: {run.summary} {run.errors[:5]}"
        )


def _rows(sheet, rows: list[dict]) -> None:
    """Write `rows` under the sheet's header row, each a {header: value}."""
    headers = [cell.value for cell in sheet[1]]
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=r, column=headers.index(header) + 1, value=value)


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set_book(f2026: Framework, ha_tinh) -> bytes:
    """The template pre-filled from 51/2025 (10 criteria, 3 commune groups), filled in."""
    book = openpyxl.load_workbook(io.BytesIO(workbook.framework_template_xlsx(f2026)))
    fields = {
        "Mã": KEY,
        "Tên": "Bộ chỉ tiêu minh họa xã nông thôn mới giai đoạn 2026 - 2030 (tỉnh Hà Tĩnh)",
        "Tên ngắn": "Xã NTM 2026–2030 – Hà Tĩnh (minh họa)",
        "Hạng công nhận": "Xã NTM",
        "Tỉnh": ha_tinh.code,
        "Số quyết định": None,  # none: an illustrative set has no decision
        "Ngày ban hành": None,
        "Cơ quan ban hành": "UBND tỉnh Hà Tĩnh (minh họa)",
        "Ngày hiệu lực": None,
        "Ban hành ngay": "có",
        "Minh họa": "có",
    }
    sheet = book["Bộ tiêu chí"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in fields:
            row[1].value = fields[row[0].value]
    rows = []
    for code, criterion, name, unit, kind, comparator, bars, _ in INDICATORS:
        row = {"Mã": code, "Số tiêu chí": criterion, "Tên": name, "Đơn vị tính": unit}
        row |= {"Loại": kind, "So sánh": comparator, "Hướng dẫn": NOTE}
        row |= {f"Ngưỡng {key}": value for key, value in bars.items()}
        rows.append(row)
    _rows(book["Chỉ tiêu"], rows)
    return _save(book)


def _mapping_book() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(workbook.mapping_template_xlsx()))
    rows = [
        {
            "Bộ tiêu chí cũ": "xa_ntm_2021_2025",
            "Mã chỉ tiêu cũ": source,
            "Bộ tiêu chí mới": KEY,
            "Mã chỉ tiêu mới": code,
            "Ghi chú": "minh họa",
            "Căn cứ": "Bảng chuyển đổi minh họa",
        }
        for code, *_, source in INDICATORS
        if source
    ]
    _rows(book["Chuyển đổi"], rows)
    return _save(book)


def _groups_book(commune) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(workbook.commune_groups_template_xlsx()))
    row = {"Mã xã": commune.code, "Tên xã": str(commune), "Bộ tiêu chí": KEY, "Nhóm": "nhom2"}
    row |= {"Căn cứ": "Phân nhóm minh họa (chưa có quyết định)", "Áp dụng từ": "01/01/2026"}
    _rows(book["Nhóm xã"], [row])
    return _save(book)


# Bắc Giang's "khu dân cư kiểu mẫu" set as the demo has it: nine criteria, one yes/no indicator
# each. The names are generic and the set is flagged minh họa: the province's real decision is
# not in this project's sources.
VILLAGE_KEY = "bac_giang_kdc_kieu_mau_minh_hoa"
VILLAGE_CRITERIA = [
    "Quy hoạch và thực hiện quy hoạch (minh họa)",
    "Giao thông, thủy lợi nội đồng (minh họa)",
    "Nhà văn hóa và khu thể thao thôn (minh họa)",
    "Nhà ở dân cư (minh họa)",
    "Thu nhập và hộ nghèo (minh họa)",
    "Sản xuất, sản phẩm chủ lực (minh họa)",
    "Văn hóa, giáo dục, y tế (minh họa)",
    "Môi trường và cảnh quan (minh họa)",
    "An ninh, trật tự và đoàn kết (minh họa)",
]
VILLAGE_UNMET = {3: "Nhà văn hóa thôn đang sửa chữa (minh họa).", 8: "Còn đoạn mương chưa có nắp đậy (minh họa)."}  # fmt: skip


def seed_village_set(*, province, village, official, actor) -> Framework:
    """A province's illustrative khu dân cư kiểu mẫu set, and `village`'s 2023 on it (7/9),
    entered by the commune's `official`. `actor` authors the set (an administrator: the demo's
    Bắc Giang has no provincial office account)."""
    from criteria import authoring
    from criteria.models import IndicatorStatus
    from criteria.services import status_update

    existing = Framework.objects.filter(key=VILLAGE_KEY).first()
    if existing is not None:
        return existing
    framework = authoring.framework_create(
        actor=actor,
        key=VILLAGE_KEY,
        province=province,
        name="Bộ tiêu chí khu dân cư kiểu mẫu (minh họa) – tỉnh Bắc Giang",
        short_name="Khu dân cư kiểu mẫu – Bắc Giang (minh họa)",
        level=Framework.Level.KDC_KIEU_MAU,
        unit_kind=Framework.UnitKind.VILLAGE,
        decision_body="UBND tỉnh Bắc Giang (minh họa)",
        period_start=2021,
        period_end=2025,
        category_kind="",
        illustrative=True,
        notes=NOTE,
    )
    for number, name in enumerate(VILLAGE_CRITERIA, start=1):
        criterion = authoring.criterion_add(
            framework=framework, actor=actor, number=number, name=name
        )
        authoring.indicator_add(
            framework=framework, actor=actor, criterion=criterion, code=str(number),
            name=f"Đạt yêu cầu: {name[:1].lower()}{name[1:]}", kind="boolean", guidance=NOTE,
        )  # fmt: skip
    authoring.framework_publish(framework=framework, actor=actor)
    framework.refresh_from_db()
    year = assessment_open(commune=village, framework=framework, year=2023, actor=official)
    for status in year.statuses.select_related("indicator__criterion", "assessment__commune"):
        number = status.indicator.criterion.number
        status_update(
            status=status,
            actor=official,
            new_status=IndicatorStatus.Status.NOT_MET
            if number in VILLAGE_UNMET
            else IndicatorStatus.Status.MET,
            value=None,
            note=VILLAGE_UNMET.get(number, NOTE),
            version=status.version,
        )
    return framework
