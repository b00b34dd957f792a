"""A workbook in the old Excel format (.xls: Excel 97–2003, and what WPS and many offices still
save), read with xlrd: each cell's saved value, never evaluated.

The values are those pipeline/intake/xlsx.py gives, so that one form reads the same in either
format: numbers as int or float, text, booleans, error codes as text, and numbers in a date format
as dates. This format keeps a formula's result but xlrd does not give the formula, so a formula
is read as the value Excel saved, as a CSV's cell is. The file's size is bounded before this runs
(pipeline/intake/read.py); a password-protected workbook is Encrypted, and anything else xlrd
cannot make out (a cut file, another kind of document in the same container) is Damaged.
"""
from __future__ import annotations

import io

import xlrd

VISIBLE = 0  # xlrd's Sheet.visibility: 0 visible, 1 hidden, 2 very hidden


class Encrypted(Exception):
    """The workbook cannot be read without its password."""


class Damaged(Exception):
    """xlrd could not make the file out. On a cut or corrupted file it raises whatever its parser
    met (XLRDError, CompDocError, but also IndexError or struct.error), so all of them end here."""


def cell_value(cell, datemode: int):
    """One cell as xlsx.py would give it."""
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value  # a number Excel could not show as a date either: read as the number it is
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return value


def grids(data: bytes, skip: str, max_row: int, max_col: int) -> tuple[list[tuple[str, list[list], None]], list[str]]:
    """(sheet, saved values, no formulas) of every visible sheet but skip of the workbook whose bytes
    data holds, and the hidden sheets' names."""
    try:  # xlrd's warnings about a damaged file would go to standard output: the finding says it
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise Encrypted() from error
        raise Damaged(str(error)) from error
    except Exception as error:
        raise Damaged(f"{type(error).__name__}: {error}") from error
    try:
        return visible_grids(book, skip, max_row, max_col)
    except Exception as error:
        raise Damaged(f"{type(error).__name__}: {error}") from error
    finally:
        book.release_resources()


def visible_grids(book, skip: str, max_row: int, max_col: int) -> tuple[list[tuple[str, list[list], None]], list[str]]:
    """The grids of an opened workbook's visible sheets, at most max_row by max_col cells each."""
    found, hidden = [], []
    for index, name in enumerate(book.sheet_names()):
        if name == skip:
            continue
        sheet = book.sheet_by_index(index)
        if sheet.visibility != VISIBLE:
            hidden.append(name)
            continue
        rows, columns = min(sheet.nrows, max_row), min(sheet.ncols, max_col)
        found.append((name, [[cell_value(sheet.cell(r, c), book.datemode) for c in range(columns)]
                             for r in range(rows)], None))
    return found, hidden
