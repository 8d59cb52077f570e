"""Amounts in whole đồng, written and read the Vietnamese way."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from common.money import format_amount, parse_vnd, vnd_full, vnd_short


@pytest.mark.parametrize(
    ("amount", "short"),
    [
        (12_800_000_000, "12,8 tỷ đồng"),
        (1_000_000_000, "1 tỷ đồng"),
        (1_250_000_000, "1,25 tỷ đồng"),
        (1_234_567_890, "1,23 tỷ đồng"),
        (450_000_000, "450 triệu đồng"),
        (10_000_000, "10 triệu đồng"),
        (1_500_000, "1,5 triệu đồng"),
        (999_999_999, "1 tỷ đồng"),  # rounds up into the next unit, never "1.000 triệu"
        (850_000, "850.000 đồng"),
        (999_999, "999.999 đồng"),
        (0, "0 đồng"),
        (None, ""),
    ],
)
def test_short_amounts_read_like_the_plans(amount, short):
    assert vnd_short(amount) == short


def test_full_amounts_group_thousands_with_dots():
    assert vnd_full(12_800_000_000) == "12.800.000.000 đồng"
    assert vnd_full(850_000) == "850.000 đồng"
    assert format_amount(500_000_000) == "500.000.000"


def test_template_filters_format_amounts():
    html = Template("{% load money %}{{ a|vnd_short }} | {{ a|vnd_full }}").render(
        Context({"a": 12_800_000_000})
    )
    assert html == "12,8 tỷ đồng | 12.800.000.000 đồng"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("500.000.000", 500_000_000),
        ("500000000", 500_000_000),
        ("500.000.000 đồng", 500_000_000),
        ("500.000.000đ", 500_000_000),
        ("12,8 tỷ", 12_800_000_000),
        ("12,8 tỷ đồng", 12_800_000_000),
        ("450 triệu", 450_000_000),
        ("10 triệu đồng", 10_000_000),
        ("0", 0),
        (120_000_000, 120_000_000),
        (120_000_000.0, 120_000_000),
    ],
)
def test_amounts_are_read_as_officials_type_them(text, amount):
    assert parse_vnd(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5.000", "Số tiền không được âm."),
        (-5000, "Số tiền không được âm."),
        ("1,5", "phải là số nguyên đồng"),
        (1.5, "phải là số nguyên đồng"),
        ("0,0000000001 tỷ", "phải là số nguyên đồng"),
        ("1.5", "không hợp lệ"),
        ("5.00.000", "không hợp lệ"),
        ("năm trăm nghìn", "không hợp lệ"),
        ("", "Nhập số tiền"),
    ],
)
def test_bad_amounts_are_refused_in_vietnamese(text, message):
    with pytest.raises(ValidationError) as info:
        parse_vnd(text)
    assert message in " ".join(info.value.messages)
