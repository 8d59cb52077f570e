"""Numbers the Vietnamese way: decimal comma, thousands dot (24,62; 1.250.000)."""

from decimal import Decimal


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
