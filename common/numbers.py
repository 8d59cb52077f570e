"""Numbers the Vietnamese way: decimal comma, thousands dot (24,62; 1.250.000), written and
read (`read_number`, `NumberField`: the one rule for a number typed in a form or a cell)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

# 1.234 is one thousand two hundred and thirty-four as this app writes it, and 1,234 to a
# hand used to a decimal point: it is asked, never guessed
_EITHER_WAY = re.compile(r"-?[1-9]\d{0,2}\.\d{3}")
_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
NOT_A_NUMBER = "Giá trị “{text}” phải là một số (ví dụ 24,62)."


def number_vi(value, max_places: int = 2) -> str:
    """24.6200 -> "24,62"; 50 -> "50"; 1250000 -> "1.250.000"."""
    if value is None:
        return ""
    d = Decimal(value).quantize(Decimal(1).scaleb(-max_places))
    sign = "-" if d < 0 else ""
    integer, _, fraction = f"{abs(d):f}".partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def read_number(text: str) -> Decimal:
    """A number as people type it here: 24,62 (a decimal comma); 1.250.000 or 1.250,5 (dots
    group thousands, in threes); 24.62 or 0.125 (a lone dot before other than three digits, or
    after a 0: a decimal point). «1.234» reads both ways and is refused, naming both; so are
    dots that do not group in threes («1.2.3», «62.5,3»). Spaces are ignored (1 250 000), and
    so is a percent sign after the number («85,5%»: the app keeps percentages in percent)."""
    raw = str(text).strip()
    compact = re.sub(r"[\s\u00a0]", "", raw)
    if compact.endswith("%"):
        compact = compact[:-1]
    if _EITHER_WAY.fullmatch(compact):
        whole, fraction = compact.replace(".", ""), compact.replace(".", ",")
        raise ValidationError(
            f"Không rõ “{raw}” là {whole} (dấu chấm ngăn cách hàng nghìn) hay {fraction} (dấu "
            f"chấm thập phân): ghi {whole}, hoặc {fraction} với dấu phẩy cho phần thập phân.",
            code="either_way",
        )
    if "," in compact and "." in compact or compact.count(".") > 1:
        if not _GROUPED.fullmatch(compact):
            raise ValidationError(NOT_A_NUMBER.format(text=raw[:50]), code="invalid")
        compact = compact.replace(".", "")
    try:
        number = Decimal(compact.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(NOT_A_NUMBER.format(text=raw[:50]), code="invalid") from None
    if not number.is_finite():
        raise ValidationError(NOT_A_NUMBER.format(text=raw[:50]), code="invalid")
    return number


class NumberField(forms.DecimalField):
    """A DecimalField that reads what is typed by `read_number` (a text box, not the browser's
    number box, which knows no decimal comma)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        """A value in its box as it reads back: 52,5 – not the database's 52,5000 – without
        thousands dots (a box holding «1.234» could not be saved again: it reads both ways)."""
        if isinstance(value, Decimal) and value.is_finite():
            text = f"{value.normalize():f}"
            return text.replace(".", ",")
        return super().prepare_value(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return read_number(value)
        except ValidationError as e:
            if e.code == "invalid":  # the field's own words for "not a number"
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            raise
