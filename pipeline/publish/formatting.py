"""How the report prints a number, shared by the text, the tables and the figures."""
import re
import unicodedata
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


ZH_DIGITS = "零一二三四五六七八九"


def num_zh(value) -> str:
    """A whole number from 0 to 99 in Chinese numerals (三批, 十大领域), as house style writes small counts."""
    number = Decimal(str(value))
    if number != number.to_integral_value() or not 0 <= number < 100:
        raise ValueError(f"num_zh prints whole numbers from 0 to 99, not {value}")
    tens, units = divmod(int(number), 10)
    if tens == 0:
        return ZH_DIGITS[units]
    return (ZH_DIGITS[tens] if tens > 1 else "") + "十" + (ZH_DIGITS[units] if units else "")


RANGE_MARK = "—"
RANGE = re.compile(r"(?<=\d)\s*[-‐–~～－]\s*(?=\d)")


def ranges(text: str) -> str:
    """A numeric range with the report's one range mark, the 一字线 of GB/T 15834 (15-20年 → 15—20年),
    as Table 6's years (2007—2009年) already print it."""
    return RANGE.sub(RANGE_MARK, text)


def display_width(text: str) -> int:
    """Columns text takes in a terminal or a spreadsheet cell: a Chinese character (full width) takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
