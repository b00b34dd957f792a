"""How the report prints a number, shared by the text, the tables and the figures."""
from decimal import ROUND_HALF_UP, Decimal


def num(value, digits: int = 0, trim: bool = False) -> str:
    """Fixed decimals, rounded half up from the exact value, no thousands separator; None prints '-'.

    trim drops the zeros a published table does not print after rounding: 18099.70 → 18099.7,
    210.00 → 210 (an amount keeps only the decimals it needs)."""
    if value is None:
        return "-"
    quantum = Decimal(1).scaleb(-digits)
    text = str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text

