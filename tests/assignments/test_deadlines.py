"""Deadlines as the plans write them, read into an exact last day."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from assignments.deadlines import describe_deadline, format_date, parse_deadline


@pytest.mark.parametrize(
    ("text", "day", "kind"),
    [
        ("30/10/2023", date(2023, 10, 30), "day"),
        ("10/2/2021", date(2021, 2, 10), "day"),
        ("31/3/2021", date(2021, 3, 31), "day"),
        ("05/4/2024", date(2024, 4, 5), "day"),
        ("30-10-2023", date(2023, 10, 30), "day"),
        ("30.10.2023", date(2023, 10, 30), "day"),
        ("trước 30/10/2023", date(2023, 10, 30), "day"),
        ("hoàn thành trước 30/10/2023", date(2023, 10, 30), "day"),
        ("chậm nhất trước ngày 10/2/2021", date(2021, 2, 10), "day"),
        ("trước ngày 10/4/2021", date(2021, 4, 10), "day"),
        ("xong trước ngày 01/4/2024", date(2024, 4, 1), "day"),
        ("tháng 12/2023", date(2023, 12, 31), "month"),
        ("Tháng 6/2021", date(2021, 6, 30), "month"),
        ("trong tháng 2/2020", date(2020, 2, 29), "month"),  # leap year
        ("hoàn thành trong tháng 2/2020", date(2020, 2, 29), "month"),
        ("tháng 2/2021", date(2021, 2, 28), "month"),
        ("12/2023", date(2023, 12, 31), "month"),
        ("10/2024", date(2024, 10, 31), "month"),
        ("tháng 4 năm 2021", date(2021, 4, 30), "month"),
        ("Dự kiến hoàn thành vào tháng 12/2023", date(2023, 12, 31), "month"),
        ("Thời gian hoàn thành: 10/2024", date(2024, 10, 31), "month"),
        ("quý I/2021", date(2021, 3, 31), "quarter"),
        ("Quý II/2022", date(2022, 6, 30), "quarter"),
        ("quý III/2022", date(2022, 9, 30), "quarter"),
        ("quý IV/2024", date(2024, 12, 31), "quarter"),
        ("QUÝ IV/2024", date(2024, 12, 31), "quarter"),
        ("quý 1/2021", date(2021, 3, 31), "quarter"),
        ("quý IV năm 2024", date(2024, 12, 31), "quarter"),
        ("trong quý I/2021", date(2021, 3, 31), "quarter"),
        ("năm 2022", date(2022, 12, 31), "year"),
        ("cuối năm 2022", date(2022, 12, 31), "year"),
        ("  tháng   12/2023 ", date(2023, 12, 31), "month"),
    ],
)
def test_every_form_the_documents_use_gives_the_last_day(text, day, kind):
    parsed = parse_deadline(text)
    assert (parsed.day, parsed.kind) == (day, kind)
    assert parsed.text == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Nhập thời hạn"),
        ("   ", "Nhập thời hạn"),
        ("30/02/2023", "Ngày 30/02/2023 không có thật trong lịch."),
        ("31/4/2021", "Ngày 31/04/2021 không có thật trong lịch."),
        ("tháng 13/2023", "Tháng 13 không hợp lệ: tháng phải từ 1 đến 12."),
        ("0/2023", "Tháng 0 không hợp lệ"),
        ("quý V/2023", "Quý “V” không hợp lệ: dùng quý I, II, III hoặc IV."),
        ("quý 5/2023", "Quý “5” không hợp lệ"),
        ("12/23", "Năm “23” phải viết đủ 4 chữ số"),
        ("30/10/23", "Năm “23” phải viết đủ 4 chữ số"),
        ("tháng 12/1899", "Năm 1899 nằm ngoài khoảng 2000–2100."),
        ("sớm nhất có thể", "Không hiểu thời hạn “sớm nhất có thể”"),
        ("tháng 12", "Không hiểu thời hạn “tháng 12”"),
        ("2023-10-30", "Không hiểu thời hạn"),
    ],
)
def test_bad_deadlines_are_refused_in_vietnamese(text, message):
    with pytest.raises(ValidationError) as info:
        parse_deadline(text)
    assert message in " ".join(info.value.messages)


def test_a_month_or_quarter_is_shown_with_its_last_day_and_a_day_alone():
    assert describe_deadline(date(2023, 12, 31), "tháng 12/2023") == "tháng 12/2023 (31/12/2023)"
    assert describe_deadline(date(2021, 3, 31), "quý I/2021") == "quý I/2021 (31/03/2021)"
    assert describe_deadline(date(2023, 10, 30), "trước 30/10/2023") == "30/10/2023"
    assert describe_deadline(date(2023, 10, 30), "") == "30/10/2023"


def test_dates_are_written_day_month_year():
    assert format_date(date(2021, 2, 10)) == "10/02/2021"
    assert format_date(None) == ""
