"""The one-cell notation of parties and funding used by the Excel files and the history."""

import pytest
from django.core.exceptions import ValidationError

from assignments.entries import (
    FundingData,
    PartyData,
    format_funding,
    format_parties,
    parse_funding,
    parse_parties,
    split_entries,
)
from assignments.models import FundingLine, ResponsibleParty

Role = ResponsibleParty.Role
Kind = ResponsibleParty.Kind
Source = FundingLine.Source


def test_the_plans_own_wording_reads_as_people_and_organisations():
    parties = parse_parties(
        "Chủ trì: Đ/c Trần Ngọc Quang – Trưởng phòng KTHT; Phối hợp: Hội Nông dân"
    )
    assert parties == [
        PartyData(Role.LEAD, "Trần Ngọc Quang", Kind.PERSON, "Trưởng phòng KTHT"),
        PartyData(Role.COOPERATE, "Hội Nông dân", Kind.ORGANISATION),
    ]


def test_a_person_may_carry_a_unit_and_an_account():
    [p] = parse_parties(
        "tham mưu: đồng chí Dương Đăng Lâm – Công chức Địa chính - Xây dựng (UBND xã Thiện Kế) [thienke]"
    )
    assert (p.role, p.kind, p.name, p.position, p.unit_name, p.username) == (
        Role.ADVISE,
        Kind.PERSON,
        "Dương Đăng Lâm",
        "Công chức Địa chính - Xây dựng",
        "UBND xã Thiện Kế",
        "thienke",
    )


def test_a_hyphen_never_splits_a_name_only_the_long_dash_does():
    [p] = parse_parties("Tham mưu: Đ/c Công chức Văn hóa - xã hội")
    assert (p.name, p.position) == ("Công chức Văn hóa - xã hội", "")


def test_parties_written_out_read_back_the_same():
    parties = [
        PartyData(
            Role.DIRECT, "Phạm Hoàng Anh", Kind.PERSON, "Phó Chủ tịch UBND huyện, phó Ban chỉ đạo"
        ),
        PartyData(Role.ADVISE, "Công chức văn hóa"),
        PartyData(Role.CARRY_OUT, "Trương Minh Đăng", unit_name="Hội Nông dân xã"),
        PartyData(Role.LEAD, "Trưởng phòng", position="Phòng Kinh tế (kiêm nhiệm)"),
        PartyData(
            Role.COOPERATE, "Các tổ chức chính trị - xã hội từ xã đến thôn", Kind.ORGANISATION
        ),
    ]
    assert parse_parties(format_parties(parties)) == parties


def test_funding_reads_sources_amounts_disbursement_and_notes():
    lines = parse_funding(
        "Ngân sách huyện: 500.000.000, đã giải ngân 200.000.000; Xã hội hóa: 120.000.000\n"
        "Khác: 12,8 tỷ (Tổng vốn; kế hoạch không tách nguồn)"
    )
    assert lines == [
        FundingData(Source.DISTRICT, 500_000_000, 200_000_000),
        FundingData(Source.SOCIAL, 120_000_000),
        FundingData(Source.OTHER, 12_800_000_000, 0, "Tổng vốn; kế hoạch không tách nguồn"),
    ]


def test_funding_written_out_reads_back_the_same():
    lines = [
        FundingData(Source.CENTRAL, 1_000_000_000, 250_000_000, "Vốn NTM"),
        FundingData(Source.PEOPLE, 85_000_000),
        FundingData(Source.CREDIT, 0),
    ]
    assert format_funding(lines) == (
        "Ngân sách trung ương: 1.000.000.000, đã giải ngân 250.000.000 (Vốn NTM); "
        "Nhân dân đóng góp: 85.000.000; Vốn tín dụng: 0"
    )
    assert parse_funding(format_funding(lines)) == lines


def test_separators_inside_parentheses_do_not_split():
    assert split_entries("A: 1 (x; y)\nB: 2; ; C: 3") == ["A: 1 (x; y)", "B: 2", "C: 3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Giám sát: Đ/c A", "Vai trò “Giám sát” không có"),
        ("Đ/c Trần Ngọc Quang", "viết dạng “Vai trò: tên”"),
        ("Phối hợp: Hội Nông dân [hoind]", "chỉ gắn tài khoản cho cá nhân"),
        ("Chủ trì: Đ/c  – Trưởng phòng", "thiếu họ tên"),
    ],
)
def test_bad_parties_are_named_in_vietnamese(text, message):
    with pytest.raises(ValidationError) as info:
        parse_parties(text)
    assert message in " ".join(info.value.messages)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Ngân sách huyện: -500.000", "Số tiền không được âm."),
        ("Ngân sách huyện: 1,5", "phải là số nguyên đồng"),
        ("Quỹ vì người nghèo: 5.000.000", "Nguồn vốn “Quỹ vì người nghèo” không có"),
        ("500.000.000", "viết dạng “Nguồn: số tiền”"),
        ("Xã: 5.000.000, đã giải ngân -1", "Số tiền không được âm."),
    ],
)
def test_bad_funding_is_named_in_vietnamese(text, message):
    with pytest.raises(ValidationError) as info:
        parse_funding(text)
    assert message in " ".join(info.value.messages)


def test_every_bad_entry_of_a_cell_is_reported_at_once():
    with pytest.raises(ValidationError) as info:
        parse_funding("Xã: -1; Tỉnh: abc; Huyện: 5.000")
    assert len(info.value.messages) == 2
