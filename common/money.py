"""Amounts in whole đồng, written the Vietnamese way.

vnd_short: "12,8 tỷ đồng", "450 triệu đồng", "850.000 đồng" (rounded, for lists and totals);
vnd_full: "12.800.000.000 đồng" (exact). parse_vnd reads what officials type:
"500.000.000", "500000000", "12,8 tỷ", "450 triệu đồng".
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from common.numbers import number_vi
from common.text import fold

BILLION = 1_000_000_000
MILLION = 1_000_000
_SCALES = {"ty": BILLION, "trieu": MILLION, "nghin": 1000, "ngan": 1000}
_AMOUNT = re.compile(
    r"^(?P<sign>[-−–])?\s*(?P<number>[\d.,\s]+?)\s*(?P<scale>ty|trieu|nghin|ngan)?\s*"
    r"(?:dong|d|vnd)?$"
)
_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")


def format_amount(amount: int | None) -> str:
    """12800000000 -> "12.800.000.000" (no unit): for forms and Excel cells."""
    if amount is None:
        return ""
    return number_vi(int(amount), 0)


def vnd_full(amount: int | None) -> str:
    if amount is None:
        return ""
    return f"{format_amount(amount)} đồng"


def vnd_short(amount: int | None) -> str:
    """Rounded to at most two decimals in tỷ or triệu; below a million, exact."""
    if amount is None:
        return ""
    value = Decimal(int(amount))
    size = abs(value)
    if size >= BILLION or round(size / MILLION, 2) >= 1000:
        return f"{number_vi(value / BILLION, 2)} tỷ đồng"
    if size >= MILLION:
        return f"{number_vi(value / MILLION, 2)} triệu đồng"
    return vnd_full(int(value))


def parse_vnd(text) -> int:
    """Whole đồng from what an official typed; ValidationError (Vietnamese) otherwise.

    A dot groups thousands ("500.000.000"); a comma is the decimal mark and only makes sense
    with "tỷ" or "triệu" ("12,8 tỷ"). The result must be a whole, non-negative number of đồng.
    """
    if isinstance(text, bool):
        raise ValidationError("Số tiền không hợp lệ.")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float | Decimal):
        value = Decimal(str(text))
    else:
        raw = " ".join(str(text or "").split())
        if not raw:
            raise ValidationError("Nhập số tiền (đồng).")
        m = _AMOUNT.match(fold(raw).replace("đ", "d"))
        if not m:
            raise ValidationError(
                f"Số tiền “{raw}” không hợp lệ: viết số đồng như 500.000.000 hoặc 12,8 tỷ."
            )
        number = m["number"].replace(" ", "")
        if not _NUMBER.match(number):
            raise ValidationError(
                f"Số tiền “{raw}” không hợp lệ: dấu chấm ngăn cách hàng nghìn (500.000.000), "
                "dấu phẩy là số lẻ (12,8 tỷ)."
            )
        if "," in number and m["scale"] is None:
            raise ValidationError(
                f"Số tiền “{raw}” phải là số nguyên đồng (dấu chấm ngăn cách hàng nghìn, "
                "ví dụ 850.000); số lẻ chỉ dùng với tỷ hoặc triệu (ví dụ 12,8 tỷ)."
            )
        number = number.replace(".", "").replace(",", ".")
        try:
            value = Decimal(number)
        except InvalidOperation:
            raise ValidationError(f"Số tiền “{raw}” không hợp lệ.") from None
        if m["scale"]:
            value *= _SCALES[m["scale"]]
        if m["sign"]:
            value = -value
    if value < 0:
        raise ValidationError("Số tiền không được âm.")
    if value != value.to_integral_value():
        raise ValidationError("Số tiền phải là số nguyên đồng (không có phần lẻ).")
    if value >= 10**17:
        raise ValidationError("Số tiền quá lớn.")
    return int(value)
