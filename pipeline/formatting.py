"""How the report prints a number, shared by the text, the tables and the figures."""
from decimal import ROUND_HALF_UP, Decimal


def num(value, digits: int = 0) -> str:
    """Fixed decimals, rounded half up from the exact value, no thousands separator; None prints '-'."""
    if value is None:
        return "-"
    quantum = Decimal(1).scaleb(-digits)
    return str(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))
