"""The one rule for a number typed in a form or a cell (common.numbers.read_number)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from common.importing import parse_decimal
from common.numbers import NumberField, read_number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("24,62", "24.62"),  # the decimal comma
        ("62.5", "62.5"),  # a lone dot before other than three digits: a decimal point
        ("62.50", "62.50"),
        ("1.2345", "1.2345"),
        ("0.125", "0.125"),  # after a 0: a decimal point
        ("1.250.000", "1250000"),  # dots grouping thousands, as the app writes them
        ("1.250,5", "1250.5"),
        (" 1 250 000 ", "1250000"),
        ("-3,5", "-3.5"),
        ("1234", "1234"),
        ("85,5%", "85.5"),  # a percent sign after it: percentages are kept in percent
        ("85,5 %", "85.5"),
    ],
)
def test_a_number_is_read_as_people_here_write_it(typed, number):
    assert read_number(typed) == Decimal(number)
    assert parse_decimal(typed) == Decimal(number)  # a text cell of a workbook, the same


@pytest.mark.parametrize("typed", ["1.234", "12.500", "100.000", "-1.234"])
def test_a_number_that_reads_both_ways_is_asked_not_guessed(typed):
    whole = typed.replace(".", "")
    with pytest.raises(ValidationError) as refused:
        read_number(typed)
    message = refused.value.messages[0]
    assert f"Không rõ “{typed}” là {whole}" in message
    assert typed.replace(".", ",") in message and "dấu phẩy cho phần thập phân" in message
    with pytest.raises(ValidationError, match="Không rõ"):
        parse_decimal(typed)  # a text cell of a workbook too (a number cell is a number)
    assert parse_decimal(float(typed)) == Decimal(typed)


@pytest.mark.parametrize("typed", ["1.2.3", "62.5,3", "12,5,1", "nhiều", "1e5x", "NaN", "Infinity"])
def test_what_is_not_a_number_is_refused_by_name(typed):
    with pytest.raises(ValidationError, match="phải là một số"):
        read_number(typed)


def test_the_form_field_reads_the_same_and_keeps_its_bounds():
    field = NumberField(required=False, max_digits=6, decimal_places=2)
    assert field.clean("1.250,5") == Decimal("1250.5")
    assert field.clean("") is None
    assert field.widget.attrs["inputmode"] == "decimal"
    with pytest.raises(ValidationError, match="Không rõ"):
        field.clean("1.234")
    with pytest.raises(ValidationError):
        field.clean("12.345.678")  # more digits than the field takes


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("52.5000", "52,5"), ("1234.5000", "1234,5"), ("1234.0000", "1234"), ("0E-4", "0")],
)
def test_a_saved_value_comes_back_in_its_box_as_typed_and_saves_again(stored, shown):
    """The database keeps four places: the box showed «52,5000», and «1.234» would not save."""
    field = NumberField(required=False, max_digits=14, decimal_places=4)
    assert field.prepare_value(Decimal(stored)) == shown
    assert field.clean(shown) == Decimal(stored)
