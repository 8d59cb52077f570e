"""The national default list of dossier documents (../shared/reference/cong-nhan-ntm.md §5).

The exact list of QĐ 18/2022/QĐ-TTg is not confirmed: this one is built only from the duties
that are, every row is `is_default` and shown «mặc định, cần đối chiếu», and each can be edited
or replaced by a province's own list. The row "evidence per criterion; no outstanding XDCB
debt; security status" of the reference is three documents here (conditions 1, 3 and 4), and
"báo cáo thẩm tra; biên bản / kết quả Hội đồng thẩm định" two; those two are written by the
offices above after the commune sends its dossier, so they are not required at sending.

The data migration 0002 installs the list; `install_default_checklist` is idempotent (a tier
that already has national rows is left alone), so it can be called again where a test
database was emptied.
"""

from django.db.models import Model

BASIS_ART5 = "Điều 5 QĐ 18/2022/QĐ-TTg"
BASIS_PRACTICE = "Thực tiễn; mẫu trước năm 2021 (TT 40/2014/TT-BNNPTNT)"

# the report's name names the tier
TIER_WORDS = {
    "xa_ntm": "nông thôn mới",
    "xa_ntm_nang_cao": "nông thôn mới nâng cao",
    "xa_ntm_kieu_mau": "nông thôn mới kiểu mẫu",
}

# (name with {tier}, basis, required)
ROWS = [
    (
        "Tờ trình của UBND xã đề nghị thẩm tra, thẩm định, xét công nhận xã đạt chuẩn {tier}",
        BASIS_PRACTICE,
        True,
    ),
    ("Báo cáo kết quả thực hiện xây dựng {tier} của xã", BASIS_ART5, True),
    (
        "Văn bản ý kiến của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội xã; tổng hợp ý "
        "kiến của Nhân dân",
        BASIS_ART5,
        True,
    ),
    (
        "Tài liệu chứng minh báo cáo đã được thông báo, công bố công khai (ít nhất 05 lần "
        "trong 15 ngày)",
        BASIS_ART5,
        True,
    ),
    (
        "Báo cáo kết quả lấy ý kiến sự hài lòng của người dân (Ủy ban MTTQ xã)",
        "Điều kiện 2 QĐ 18/2022/QĐ-TTg; HD 90/HD-MTTW-BTT",
        True,
    ),
    (
        "Biên bản họp đề nghị xét công nhận xã đạt chuẩn {tier}",
        "Mẫu trước năm 2021 (TT 40/2014/TT-BNNPTNT)",
        True,
    ),
    ("Minh chứng kết quả đạt chuẩn từng tiêu chí", "Điều kiện 1 QĐ 18/2022/QĐ-TTg", True),
    (
        "Xác nhận không có nợ đọng xây dựng cơ bản thuộc Chương trình MTQG xây dựng nông thôn mới",
        "Điều kiện 3 QĐ 18/2022/QĐ-TTg",
        True,
    ),
    (
        "Xác nhận xã không phức tạp về an ninh, trật tự",
        "Điều kiện 4 QĐ 18/2022/QĐ-TTg",
        True,
    ),
    ("Báo cáo thẩm tra", "Thực tiễn (thẩm tra trước khi thẩm định)", False),
    (
        "Biên bản, kết quả bỏ phiếu của Hội đồng thẩm định",
        "Thực tiễn (Hội đồng thẩm định của tỉnh)",
        False,
    ),
]


def default_rows(tier: str) -> list[dict]:
    """The default list of one commune tier, as field values."""
    words = TIER_WORDS[tier]
    return [
        {
            "province": None,
            "tier": tier,
            "name": name.format(tier=words),
            "basis": basis,
            "required": required,
            "order": (n + 1) * 10,
            "is_default": True,
        }
        for n, (name, basis, required) in enumerate(ROWS)
    ]


def install_default_checklist(model: type[Model] | None = None) -> int:
    """Create the default rows of each commune tier that has no national row yet; returns how
    many were created. `model`: ChecklistItem, or its historical version in a migration."""
    if model is None:
        from .models import ChecklistItem

        model = ChecklistItem
    created = 0
    for tier in TIER_WORDS:
        if model.objects.filter(province__isnull=True, tier=tier).exists():
            continue
        rows = [model(**values) for values in default_rows(tier)]
        model.objects.bulk_create(rows)
        created += len(rows)
    return created
