"""A workbook's sheets read in one pass over its XML (zip + ElementTree): each cell's saved value and,
beside it, its formula, never evaluated. openpyxl opened every workbook twice (once for the
values, once for the formulas) at 12–18 ms a form; this reads both at once in about a tenth
of that (1.2 ms), the difference between hours and minutes for 50,000 forms.

The values are those openpyxl gives (the intake's findings were written against it): numbers
as int or float, shared and inline strings, booleans, error codes as text, and numbers in a
date format as dates. A received file is hostile until read: its size and unpacked size are
bounded before this runs (pipeline/intake/read.py), and an XML part that declares a DTD or an
entity is refused before it is parsed, as a workbook never needs one (entity expansion is how
a small file becomes gigabytes).
"""
from __future__ import annotations

import functools
import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.etree.ElementTree import ParseError

RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = RELATIONSHIPS + "/officeDocument"


@dataclass(frozen=True)
class Sheet:
    name: str
    state: str  # visible, hidden or veryHidden
    part: str  # the sheet's XML inside the archive


UNSAFE = (b"<!DOCTYPE", b"<!ENTITY")


def parse(data: bytes) -> ElementTree.Element:
    """One XML part as a tree (C-accelerated). A DTD or an entity declaration is refused before
    parsing: in a UTF-8 part (as Excel writes them) its markup cannot hide, and a part in another
    encoding is refused with it. Damage is a ParseError."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise ParseError("the part is not UTF-8, as Excel writes every part")
    if any(marker in data for marker in UNSAFE):
        raise ParseError("the part declares a DTD or entities, which a workbook never needs")
    return ElementTree.fromstring(data)


LOCAL_NAMES: dict[str, str] = {}  # a workbook uses a dozen tags a hundred thousand times


def local(tag: str) -> str:
    name = LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(LOCAL_NAMES) < 1024:  # the invented tags of a hostile part are not kept
            LOCAL_NAMES[tag] = name
    return name


def relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """id -> (type, target part) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.NameToInfo:
        return {}
    return relationships_of(archive.read(rels), folder)


# The parts below are the same in every form written from one template (relationships, workbook,
# styles): each distinct content is parsed once, and the thousandth form costs only its sheet.
PARSED_PARTS = 64


@functools.lru_cache(maxsize=PARSED_PARTS)
def relationships_of(data: bytes, folder: str) -> dict[str, tuple[str, str]]:
    found = {}
    for element in parse(data):
        if local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[element.get("Id")] = (element.get("Type", ""), path)
    return found


def workbook_part(archive: zipfile.ZipFile) -> str:
    for kind, target in relationships(archive, "").values():
        if kind == OFFICE_DOCUMENT:
            return target
    return "xl/workbook.xml"


def sheets(archive: zipfile.ZipFile, workbook: str, rels: dict) -> tuple[tuple[Sheet, ...], bool]:
    """The workbook's sheets in order, and whether its dates count from 1904."""
    return sheets_of(archive.read(workbook), tuple(rels.items()))


@functools.lru_cache(maxsize=PARSED_PARTS)
def sheets_of(data: bytes, rels: tuple) -> tuple[tuple[Sheet, ...], bool]:
    targets = dict(rels)
    found, date1904 = [], False
    for element in parse(data).iter():
        name = local(element.tag)
        if name == "sheet":
            kind_target = targets.get(element.get(f"{{{RELATIONSHIPS}}}id"), ("", ""))
            found.append(Sheet(element.get("name", ""), element.get("state", "visible"), kind_target[1]))
        elif name == "workbookPr":
            date1904 = element.get("date1904", "0") in ("1", "true")
    return tuple(found), date1904


def string_text(element: ElementTree.Element) -> str:
    """A shared or inline string's text: its plain text and its runs' (phonetic hints left out)."""
    parts = []
    for child in element:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [t.text or "" for t in child if local(t.tag) == "t"]
    return "".join(parts)


def shared_strings(archive: zipfile.ZipFile, rels: dict) -> tuple[str, ...]:
    part = next((t for k, t in rels.values() if k.endswith("/sharedStrings")), None)
    if part is None or part not in archive.NameToInfo:
        return ()
    return shared_strings_of(archive.read(part))


@functools.lru_cache(maxsize=PARSED_PARTS)
def shared_strings_of(data: bytes) -> tuple[str, ...]:
    return tuple(string_text(si) for si in parse(data))


def date_styles(archive: zipfile.ZipFile, rels: dict) -> tuple[frozenset[int], frozenset[int]]:
    """The cell styles whose number format is a date, and those that are a duration, as openpyxl
    decides them (custom formats by their code, built-in ones by their number)."""
    part = next((t for k, t in rels.values() if k.endswith("/styles")), None)
    if part is None or part not in archive.NameToInfo:
        return frozenset(), frozenset()
    return date_styles_of(archive.read(part))


@functools.lru_cache(maxsize=PARSED_PARTS)
def date_styles_of(data: bytes) -> tuple[frozenset[int], frozenset[int]]:
    custom: dict[int, str] = {}
    formats: list[int] = []
    for element in parse(data):
        name = local(element.tag)
        if name == "numFmts":
            custom.update((int(f.get("numFmtId", 0)), f.get("formatCode", "")) for f in element)
        elif name == "cellXfs":
            formats = [int(xf.get("numFmtId", 0)) for xf in element]
    if not any(formats):
        return frozenset(), frozenset()
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
    codes = [custom[n] if n in custom else BUILTIN_FORMATS.get(n) for n in formats]
    return (frozenset(i for i, code in enumerate(codes) if is_date_format(code)),
            frozenset(i for i, code in enumerate(codes) if is_timedelta_format(code)))


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@functools.lru_cache(maxsize=4096)
def coordinate(text: str) -> tuple[int, int]:
    """'C9' -> (9, 3)."""
    split = next(i for i, c in enumerate(text) if c.isdigit())
    return int(text[split:]), column_number(text[:split].upper())


def cast_number(text: str):
    """A number as openpyxl gives it: a float when written with a point or an exponent, else an int."""
    return float(text) if ("." in text or "E" in text or "e" in text) else int(text)


class Book:
    """One workbook's parts that every sheet shares."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        workbook = workbook_part(archive)
        rels = relationships(archive, workbook)
        self.sheets, self.date1904 = sheets(archive, workbook, rels)
        self.strings = shared_strings(archive, rels)
        self.dates, self.durations = date_styles(archive, rels)

    def value(self, kind: str, raw: str | None, inline: str | None, style: int):
        """A cell's saved value from its type, its <v> text, its inline string and its style."""
        if kind == "inlineStr":
            return inline
        if raw is None:
            return None
        if kind == "n":
            number = cast_number(raw)
            if style in self.dates:
                from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
                try:
                    return from_excel(number, CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900,
                                      timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text result) and "e" (an error code such as #DIV/0!)

    def grids(self, part: str, max_row: int, max_col: int) -> tuple[list[list], list[list]]:
        """(values, formulas) of the sheet's first max_row rows and max_col columns. A formula is
        '=' and its text; a shared formula's later cells are '=' alone (not translated: the intake
        only asks whether a cell has one), an array or data-table formula no text, as openpyxl."""
        values: list[list] = []
        formulas: list[list] = []
        data = next((e for e in parse(self.archive.read(part)) if local(e.tag) == "sheetData"), ())
        row_number = 0
        for row in data:
            row_number = int(row.get("r") or row_number + 1)
            if row_number > max_row:
                break
            column = 0
            for cell in row:
                where = cell.get("r")
                column = coordinate(where)[1] if where else column + 1
                if column > max_col:
                    continue
                raw = formula = inline = None
                for child in cell:
                    name = local(child.tag)
                    if name == "v":
                        raw = child.text or None
                    elif name == "f" and child.get("t") not in ("array", "dataTable"):
                        formula = "=" + (child.text or "")
                    elif name == "is":
                        inline = string_text(child)
                value = self.value(cell.get("t", "n"), raw, inline, int(cell.get("s") or 0))
                while len(values) < row_number:
                    values.append([None] * max_col)
                    formulas.append([None] * max_col)
                values[row_number - 1][column - 1] = value
                formulas[row_number - 1][column - 1] = formula if formula is not None else value
        return values, formulas
