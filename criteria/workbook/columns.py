"""The sheets and columns of the three workbooks, as the office sees them: the sheet names, the
rows of "Bộ tiêu chí" (FIELDS) and the column headers each sheet is read and written with."""

from ..models import Framework

CategoryKind = Framework.CategoryKind

# --- sheets and columns ----------------------------------------------------------------------

FRAMEWORK_SHEET = "Bộ tiêu chí"
CATEGORY_SHEET = "Vùng-nhóm"
GROUP_SHEET = "Nhóm tiêu chí"
CRITERION_SHEET = "Tiêu chí"
INDICATOR_SHEET = "Chỉ tiêu"
GUIDE_SHEET = "Hướng dẫn"
UNIT_GROUP_SHEET = "Nhóm xã"
MAPPING_SHEET = "Chuyển đổi"

FIELD_HEADERS = ["Trường", "Giá trị"]
# The rows of "Bộ tiêu chí": (label, attribute, how to write it).
FIELDS = [
    (
        "Mã",
        "key",
        "Mã bộ tiêu chí: chữ không dấu, số, gạch dưới, ví dụ xa_ntm_2026_2030. Bắt buộc.",
    ),
    ("Tên", "name", "Tên đầy đủ theo quyết định. Bắt buộc."),
    ("Tên ngắn", "short_name", "Tên hiện trên các trang, ví dụ “Xã NTM 2026–2030 (51/2025)”."),
    (
        "Hạng công nhận",
        "level",
        "; ".join(label for _, label in Framework.set_level_choices()) + ". Bắt buộc.",
    ),
    (
        "Đơn vị được đánh giá",
        "unit_kind",
        "; ".join(label for _, label in Framework.UnitKind.choices) + " (trống: Xã).",
    ),
    (
        "Tỉnh",
        "province",
        "Mã đơn vị của tỉnh với bộ tiêu chí riêng của tỉnh; để trống = bộ tiêu chí toàn quốc "
        "(chỉ Văn phòng Điều phối Trung ương).",
    ),
    ("Số quyết định", "decision_number", "Ví dụ 51/2025/QĐ-TTg."),
    ("Ngày ban hành", "decision_date", "dd/mm/yyyy, ví dụ 29/12/2025."),
    ("Cơ quan ban hành", "decision_body", "Ví dụ Thủ tướng Chính phủ, UBND tỉnh Hà Tĩnh."),
    ("Ngày hiệu lực", "effective_date", "dd/mm/yyyy."),
    ("Từ năm", "period_start", "Năm đầu của giai đoạn, ví dụ 2026. Bắt buộc."),
    ("Đến năm", "period_end", "Năm cuối của giai đoạn, ví dụ 2030. Bắt buộc."),
    (
        "Ngưỡng phân theo",
        "category_kind",
        "Theo nhóm xã (51/2025: nhóm 1, 2, 3), Theo vùng (1980, 318: 7 vùng) hoặc Không phân "
        "loại (chỉ có ngưỡng chung).",
    ),
    (
        "Ban hành ngay",
        "publish",
        "có / không (trống: không). “có”: sau khi nhập, bộ tiêu chí dự thảo được ban hành – "
        "mỗi tiêu chí phải có ít nhất một chỉ tiêu.",
    ),
    (
        "Căn cứ của lần nhập này",
        "basis",
        "Số, ngày văn bản sửa đổi, đính chính. Bắt buộc khi bộ tiêu chí đã ban hành và tệp "
        "thay đổi nội dung của nó.",
    ),
    (
        "Minh họa",
        "illustrative",
        "có / không (trống: không). “có”: chỉ tiêu, ngưỡng là số liệu minh họa (dữ liệu mẫu), "
        "không phải số liệu chính thức; các trang ghi rõ như vậy.",
    ),
]
LABEL = {attr: label for label, attr, _ in FIELDS}
ALIASES = {"ma bo tieu chi": "key", "can cu": "basis", "ban hanh": "publish"}

C_KEY, C_NAME, C_DESCRIPTION = "Khóa", "Tên", "Mô tả"
G_CODE, G_NAME = "Mã", "Tên"
K_NUMBER, K_NAME, K_GROUP = "Số", "Tên", "Nhóm"
I_CODE, I_CRITERION, I_NAME, I_UNIT, I_KIND, I_COMPARATOR, I_GUIDANCE = (
    "Mã",
    "Số tiêu chí",
    "Tên",
    "Đơn vị tính",
    "Loại",
    "So sánh",
    "Hướng dẫn",
)
BAR_PREFIX = "Ngưỡng"
BAR_COMMON = "Ngưỡng chung"

U_CODE, U_NAME, U_FRAMEWORK, U_CATEGORY, U_BASIS, U_FROM, U_TO = (
    "Mã xã",
    "Tên xã",
    "Bộ tiêu chí",
    "Nhóm",
    "Căn cứ",
    "Áp dụng từ",
    "Đến hết",
)
M_SOURCE, M_SOURCE_CODE, M_TARGET, M_TARGET_CODE, M_NOTE, M_BASIS = (
    "Bộ tiêu chí cũ",
    "Mã chỉ tiêu cũ",
    "Bộ tiêu chí mới",
    "Mã chỉ tiêu mới",
    "Ghi chú",
    "Căn cứ",
)

EMPTY_BAR_TEXT = "cán bộ đánh giá"
SYMBOL = {">=": "≥", "<=": "≤", "==": "="}

# the sheets of the framework workbook, in the order its errors are listed
FRAMEWORK_SHEETS = [FRAMEWORK_SHEET, CATEGORY_SHEET, GROUP_SHEET, CRITERION_SHEET, INDICATOR_SHEET]
