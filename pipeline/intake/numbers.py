"""Read a number (or a form's year) as Chinese offices type it into Excel or a CSV file.

Full-width digits and signs, thousands separators, surrounding spaces and the usual marks for
"nothing" (blank, -, —, 无) are all accepted; anything else is refused, never guessed.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

MISSING = {"", "-", "--", "—", "——", "－", "无", "/", "n/a", "N/A"}
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋　", "0123456789.,-+ ")
PLAIN = re.compile(r"[-+]?\d+(\.\d+)?")
GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")


class NotANumber(ValueError):
    """The text is neither a number nor a mark for a missing value."""


def parse_number(raw) -> Decimal | None:
    """The value as an exact Decimal, or None when it is marked missing."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NotANumber(f"{raw!r} is a yes/no value, not a number")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise NotANumber(f"{raw!r} is not a finite number")
        return Decimal(f"{raw:.15g}")  # as Excel shows it, to 15 significant digits: 312.18, not 312.17999999999995
    text = str(raw).translate(FULL_WIDTH).strip()
    if text in MISSING:
        return None
    compact = text.replace(" ", "")
    if PLAIN.fullmatch(compact):
        return Decimal(compact)
    if GROUPED.fullmatch(compact):
        return Decimal(compact.replace(",", ""))
    raise NotANumber(f"{raw!r} is not a number")


def parse_year_cell(raw) -> int | None:
    """The year of a form as offices type it: 2010, 2010.0, "２，０１０", "2010年", "2010 年度", or a
    date of that year (a cell formatted as a date); else None."""
    if isinstance(raw, date):
        return raw.year
    try:
        number = parse_number(re.sub(r"\s*(年度|年)$", "", "" if raw is None else str(raw).strip()))
    except NotANumber:
        return None
    return int(number) if number is not None and number == int(number) else None


def shown_date(value) -> str:
    """A date read from a date- or time-formatted cell, as a date when it has no time of day."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, (date, time)) else str(value)
