"""Read a received file, a workbook (.xlsx, .xls) or CSV, into submissions; a file that cannot be
read is one quarantined submission. What a file holds is told by its first bytes, not its name.
Formulas are read as the values Excel saved, never evaluated."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, time, timedelta
from pathlib import Path
from xml.etree.ElementTree import ParseError

from pipeline.config import READ_SUFFIXES
from pipeline.intake import forms, xls, xlsx
from pipeline.intake.checks import check_identity
from pipeline.intake.directory import Directory
from pipeline.intake.numbers import NotANumber, parse_number, shown_date
from pipeline.intake.rules import Rules
from pipeline.intake.submission import FEATURED, Submission, Value

RECONSTRUCTION_PROVENANCES = ("published", "derived", "reconstructed")
EARLIEST_YEAR = 1990  # a date in 填报年度 from this year on names its year; before, it is a number shown as a date
# How much of a sheet is read: the form has some twenty rows and seven columns (forms.py); these
# leave room for the notes and columns an office adds, and a sheet of a million rows is not read whole.
MOST_ROWS_READ = 200
MOST_COLUMNS_READ = 10
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # an old .xls, or an encrypted workbook
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream of an encrypted .xlsx, named in the container
ZIP_SIGNATURE = b"PK\x03\x04"  # an .xlsx, or an OpenDocument file
OPEN_DOCUMENT = b"application/vnd.oasis.opendocument"


def decode(data: bytes, errors: str = "strict") -> str:
    """Text of a CSV file as Chinese Excel and WPS write it: UTF-8 (with or without BOM), UTF-16
    with its BOM (Excel's "Unicode text") or GB18030. errors="ignore" for a file's first bytes,
    which may end inside a character."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors)


def csv_separator(content: str) -> str:
    """The separator of a CSV file's cells: of comma, tab and semicolon, the one in most of its
    first lines (a comma on a tie)."""
    first_lines = content.splitlines()[:20]
    return max(",\t;", key=lambda s: (sum(s in line for line in first_lines), s == ","))


class TooLarge(Exception):
    """A file, or its unpacked parts, over the limit; its args say the size in Chinese and in English."""


class NotAForm(Exception):
    """The file holds something else than a workbook or text (a web page, an OpenDocument file …);
    its args say what, in Chinese and in English."""


# what content_kind finds that is no form, said in Chinese and in English
NOT_FORMS = {
    "empty": ("文件为空（0字节）", "the file is empty (0 bytes)"),
    "html": ("这是网页（HTML）表格，不是 Excel 工作簿；一些系统“导出为 Excel”时生成这种文件",
             "a web page (HTML) table, not an Excel workbook, as some systems 'export to Excel'"),
    "xml": ("这是 XML 文件（如 Excel 2003 的 XML 表格），不是 .xlsx 或 .xls 工作簿",
            "an XML file (an Excel 2003 XML spreadsheet, say), not an .xlsx or .xls workbook"),
}
# a reader's error on a damaged file, said in Chinese and in English ({error}: the reader's own words)
DAMAGED = (
    (csv.Error, "CSV 文件无法解析，可能某个单元格过长，或文件并非文本",
     "the CSV file cannot be parsed ({error}); a cell may be far too long or the file may not be text"),
    (ParseError, "工作簿内部的 XML 已损坏，或含有工作簿不会有的声明", "the workbook's XML is damaged or unsafe ({error})"),
    (xls.Damaged, "旧版 .xls 工作簿不完整或已损坏", "the old-format .xls workbook is incomplete or damaged ({error})"),
    (zipfile.BadZipFile, "工作簿（zip 格式）不完整或已损坏", "the workbook (a zip archive) is incomplete or damaged ({error})"),
    (Exception, "程序无法解析该文件的内容", "the file's content cannot be made out ({kind}: {error})"),
)


def content_kind(head: bytes) -> str:
    """What a file's first bytes say it is: empty, ole2 (an old .xls, or an encrypted workbook),
    zip, html, xml or text."""
    if not head:
        return "empty"
    if head.startswith(OLE2_SIGNATURE):
        return "ole2"
    if head.startswith(ZIP_SIGNATURE):
        return "zip"
    start = decode(head, errors="ignore").lstrip().lower()
    if start.startswith("<?xml"):
        return "xml"
    if start.startswith("<"):
        return "html"
    return "text"


def workbook_grids(data: bytes, kind: str, rules: Rules) -> tuple[list[tuple[str, list[list], list[list] | None]], list[str]]:
    """(sheet, cached values, formulas) of every visible sheet of a workbook, read and never
    evaluated, and the names of the hidden sheets left unread. The format is told by the content,
    not the name: an .xls saved under an .xlsx name reads as what it is (pipeline/intake/xls.py),
    an .xlsx under an .xls name too (pipeline/intake/xlsx.py, in one pass). data is the file's
    bytes, kind what content_kind made of them, ole2 or zip."""
    if kind == "ole2":  # an old .xls, or an .xlsx that a password encrypted into this container
        if ENCRYPTED_PACKAGE in data:
            raise xls.Encrypted()
        return xls.grids(data, forms.GUIDE_SHEET, MOST_ROWS_READ, MOST_COLUMNS_READ)
    grids, hidden = [], []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())  # zipfile stops a part at its declared size
        if unpacked > rules.param("file_too_large", "max_unpacked_bytes"):
            raise TooLarge(f"解压后{unpacked}字节", f"{unpacked} bytes unpacked")
        if "mimetype" in archive.NameToInfo and archive.read("mimetype").startswith(OPEN_DOCUMENT):
            raise NotAForm("OpenDocument 电子表格（.ods，LibreOffice 或 WPS 的另一种格式）",
                           "an OpenDocument spreadsheet (.ods, another format of LibreOffice or WPS)")
        if xlsx.workbook_part(archive) not in archive.NameToInfo:
            raise NotAForm("压缩包中没有 Excel 工作簿（可能是 Word 文档等其他文件）",
                           "a zip archive with no Excel workbook in it (a Word document, say)")
        book = xlsx.Book(archive)
        for sheet in book.sheets:
            if sheet.name == forms.GUIDE_SHEET:
                continue
            if sheet.state != "visible":
                hidden.append(sheet.name)
                continue
            grids.append((sheet.name, *book.grids(sheet.part, max_row=MOST_ROWS_READ, max_col=MOST_COLUMNS_READ)))
    return grids, hidden


def grid_cell(grid, row, column):
    if row is None or column is None:
        return None
    try:
        return grid[row][column]
    except IndexError:
        return None


def identity_cell(grid, row):
    """What is given beside a label of the form's head (基地编号, 基地名称, 填报年度): the first cell
    to its right that is not blank, column B as the form has it, or further right where an office
    inserted a column (the values' columns are found by their headers alike)."""
    if row is None:
        return None
    return next((value for value in grid[row][1:] if text(value)), None)


def column_letter(index: int) -> str:
    """A column counted from 0 as a spreadsheet names it: 0 is A, 25 Z, 26 AA (a CSV may be wide)."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_form(grid, formula_grid, sub: Submission, rules: Rules, directory: Directory, labels: dict) -> bool:
    """Fill sub from a form laid out as pipeline/intake/forms.py writes it; False if the grid holds no form."""
    found = {}
    for r in range(len(grid)):  # a letterhead may push the labels down: look at every row read
        found.setdefault(text(grid_cell(grid, r, 0)), r)
    found.pop("", None)
    if forms.BASE_ID_LABEL not in found or forms.HEADER[0] not in found:
        return False
    id_row = found[forms.BASE_ID_LABEL]
    sub.given_base = text(identity_cell(grid, id_row)) or None
    name = text(identity_cell(grid, found.get(forms.BASE_NAME_LABEL)))
    year_row = found.get(forms.YEAR_LABEL)
    sub.given_year = identity_cell(grid, year_row)
    sub.year_row = None if year_row is None else year_row + 1
    if text(sub.given_year) == "":
        sub.given_year = None
        sub.findings.append(rules.finding("year_missing", sub, row=sub.year_row, field=forms.YEAR_LABEL))
    elif isinstance(sub.given_year, (date, time, timedelta)) and not (
            isinstance(sub.given_year, date) and sub.given_year.year >= EARLIEST_YEAR):
        # 2010 typed into a date-formatted cell reads as 1905-07-02: say so (a date of a real year names its year)
        sub.findings.append(rules.finding("date_format_in_number_cell", sub, row=sub.year_row, field=forms.YEAR_LABEL,
                                          value=shown_date(sub.given_year)))
        sub.given_year = None
    sub.base_id, suggestion = directory.resolve(sub.given_base, name)
    if sub.base_id is None and not (sub.given_base or name):
        sub.findings.append(rules.finding("base_missing", sub, row=id_row + 1, field=forms.BASE_ID_LABEL))
    elif sub.base_id is None:
        sub.findings.append(rules.finding("unknown_base", sub, row=id_row + 1, field=forms.BASE_ID_LABEL,
                                          value=sub.given_base or name, detail=suggestion))
    else:
        check_identity(sub, rules, directory, id_row + 1,
                       {(forms.BASE_ID_LABEL, f"the base id ({forms.BASE_ID_LABEL})"): sub.given_base or "",
                        (forms.BASE_NAME_LABEL, f"the base name ({forms.BASE_NAME_LABEL})"): name})
    header_row = found[forms.HEADER[0]]
    header = [text(v) for v in grid[header_row]]
    columns = {title: header.index(title) for title in forms.HEADER if title in header}
    keys = set(labels.values())
    first_row: dict[str, int] = {}
    for r in range(header_row + 1, len(grid)):
        label_text = text(grid_cell(grid, r, 0))
        code = text(grid_cell(grid, r, columns.get("代码")))
        by_label = labels.get(label_text)
        if code in keys and by_label and by_label != code:
            sub.findings.append(rules.finding("label_code_mismatch", sub, row=r + 1, field=label_text, value=code,
                                              detail=str(r + 1)))
            sub.unreadable |= {code, FEATURED + code, by_label, FEATURED + by_label}
            continue
        key = code if code in keys else by_label
        if not key:
            continue
        if key in first_row:
            sub.findings.append(rules.finding("duplicate_field", sub, row=r + 1, field=label_text or key,
                                              detail=f"{first_row[key] + 1}、{r + 1}"))
            continue
        first_row[key] = r
        for title, measure in ((forms.TOTAL_COLUMN, key), (forms.FEATURED_COLUMN, FEATURED + key)):
            if title not in columns:
                continue
            raw = grid_cell(grid, r, columns[title])
            label = f"{label_text or key}（{title}）"
            formula = grid_cell(formula_grid, r, columns[title]) if formula_grid else None
            if raw is None and isinstance(formula, str) and formula.startswith("="):
                sub.findings.append(rules.finding("formula_without_value", sub, row=r + 1, field=label, value=formula))
                sub.unreadable.add(measure)
                continue
            if isinstance(raw, (date, time, timedelta)):  # a date or time format on the cell: its number is not shown
                sub.findings.append(rules.finding("date_format_in_number_cell", sub, row=r + 1, field=label,
                                                  value=shown_date(raw)))
                sub.unreadable.add(measure)
                continue
            try:
                amount = parse_number(raw)
            except NotANumber:
                sub.findings.append(rules.finding("not_a_number", sub, row=r + 1, field=label, value=raw))
                sub.unreadable.add(measure)
                continue
            place = f"{column_letter(columns[title])}{r + 1}"
            sub.values[measure] = Value(amount, "submitted", f"{sub.file} {sub.sheet or ''}!{place}".replace(" !", "!"),
                                        r + 1, label)
        if sub.amount(key) is None and key not in sub.unreadable:
            for title in ("单位", "说明"):  # a number typed beside the value cells is not read: say so
                stray = grid_cell(grid, r, columns.get(title))
                try:
                    number = parse_number(stray)
                except NotANumber:
                    continue
                if number is not None:
                    sub.findings.append(rules.finding("value_outside_its_column", sub, row=r + 1, field=label_text or key,
                                                      value=stray, detail=f"{title} ({column_letter(columns[title])}{r + 1})"))
    return True


def table_columns(units: dict[str, str]) -> set[str]:
    """The columns the reconstruction's table may have: <measure>_<unit>, _provenance, _source."""
    allowed = {"year", "base_id", "base_name"}
    for key, unit in units.items():
        for measure in (key, FEATURED + key):
            allowed |= {f"{measure}_{unit}", f"{measure}_provenance", f"{measure}_source"}
    return allowed


def parse_table(rows: list[dict], whole: Submission, rules: Rules, directory: Directory,
                units: dict[str, str], labels: dict[str, str]) -> list[Submission]:
    """The reconstruction of a published year: a row per base, each value with its provenance and source,
    named as the form names it (出口额（合计）), so that a finding on it reads as one on a form."""
    label_of = {key: label for label, key in labels.items()}
    unknown = [c for c in rows[0] if c not in table_columns(units)] if rows else []
    if unknown:
        for column in unknown:
            whole.findings.append(rules.finding("unknown_column", whole, row=1, field=column or "(empty)"))
        return [whole]
    subs = []
    for number, row in enumerate(rows, start=2):
        sub = Submission(whole.year, whole.file, None, number, whole.receipt, given_base=row.get("base_id"),
                         given_year=row.get("year") or None, sha256=whole.sha256, is_reconstruction=True)
        if sub.given_year is None:
            sub.findings.append(rules.finding("year_missing", sub, field="year"))
        sub.base_id, suggestion = directory.resolve(row.get("base_id"), row.get("base_name"))
        if sub.base_id is None:
            sub.findings.append(rules.finding("unknown_base", sub, field="base_id", value=row.get("base_id"), detail=suggestion))
        else:
            check_identity(sub, rules, directory, number, {("base_id 列", "the base_id column"): row.get("base_id") or "",
                                                           ("base_name 列", "the base_name column"): row.get("base_name") or ""})
        for column, raw in row.items():
            if column.endswith(("_provenance", "_source")) or column in ("year", "base_id", "base_name"):
                continue
            measure = column.rsplit("_", 2)[0]
            provenance = row.get(f"{measure}_provenance") or ""
            if provenance not in RECONSTRUCTION_PROVENANCES:
                sub.findings.append(rules.finding("bad_provenance", sub, field=f"{measure}_provenance", value=provenance))
                sub.unreadable.add(measure)
                continue
            try:
                amount = parse_number(raw)
            except NotANumber:
                sub.findings.append(rules.finding("not_a_number", sub, field=column, value=raw))
                sub.unreadable.add(measure)
                continue
            key = measure.removeprefix(FEATURED)
            sub.values[measure] = Value(amount, provenance, row.get(f"{measure}_source") or f"{whole.file} row {number}",
                                        number, forms.value_label(label_of[key], measure.startswith(FEATURED))
                                        if key in label_of else column)
        subs.append(sub)
    return subs


def is_table(rows: list[list[str]]) -> bool:
    return bool(rows) and "base_id" in rows[0] and any(c.endswith("_provenance") for c in rows[0])


def read_file(path: Path, whole: Submission, rules: Rules, directory: Directory, labels: dict,
              units: dict[str, str], reconstruction: str | None) -> list[Submission]:
    """Every submission in one file; a file that cannot be read is one quarantined submission.
    whole carries the file's name, year and receipt; reconstruction is the name the year's
    reconstructed table must have, or None for a year without a published report."""
    year, name = whole.year, whole.file

    def one(sheet=None, row=None) -> Submission:
        return Submission(year, name, sheet, row, whole.receipt, sha256=whole.sha256)

    if path.name.startswith((".", "~$")):
        whole.findings.append(rules.finding("hidden_file", whole))
        return [whole]
    if path.is_symlink():
        whole.findings.append(rules.finding("file_unreadable", whole, detail=(
            "这是一个符号链接，不是文件；只读取文件夹中的文件本身",
            "a symbolic link, not a file; the intake reads only files that are in the folder itself")))
        return [whole]
    try:
        size = path.stat().st_size  # a workbook or a CSV alike: no form is this large
        if size > rules.param("file_too_large", "max_bytes"):
            raise TooLarge(f"{size}字节", f"{size} bytes")
        if path.suffix.lower() not in READ_SUFFIXES:
            whole.findings.append(rules.finding("file_unreadable", whole, detail=(
                f"扩展名为 {path.suffix or '（无）'}，只读取 .xlsx、.xls 和 .csv 文件",
                f"{path.suffix or 'no'} extension; only .xlsx, .xls and .csv are read")))
            return [whole]
        data = path.read_bytes()  # read once: each reader is given the bytes
        kind = content_kind(data[:512])
        if kind in NOT_FORMS:
            raise NotAForm(*NOT_FORMS[kind])
        if kind in ("ole2", "zip"):
            return workbook_submissions(data, kind, whole, one, rules, directory, labels)
        return text_submissions(decode(data), whole, one, rules, directory, labels, units, reconstruction)
    except TooLarge as error:
        whole.findings.append(rules.finding("file_too_large", whole, detail=error.args))
    except xls.Encrypted:
        whole.findings.append(rules.finding("file_encrypted", whole))
    except NotAForm as error:
        whole.findings.append(rules.finding("file_unreadable", whole, detail=error.args))
    except Exception as error:
        zh, en = next((zh, en) for kind, zh, en in DAMAGED if isinstance(error, kind))
        whole.findings.append(rules.finding("file_unreadable", whole, detail=(
            zh, en.format(error=error, kind=type(error).__name__))))
    return [whole]


def workbook_submissions(data: bytes, kind: str, whole: Submission, one, rules: Rules, directory: Directory,
                         labels: dict) -> list[Submission]:
    """A workbook's submissions, a sheet each; the whole file quarantined if no visible sheet is a form."""
    grids, hidden = workbook_grids(data, kind, rules)
    subs = []
    for sheet, grid, formula_grid in grids:
        sub = one(sheet)
        if parse_form(grid, formula_grid, sub, rules, directory, labels):
            subs.append(sub)
    if not subs:
        hidden_names = "、".join(hidden)
        whole.findings.append(rules.finding("no_form", whole, detail=(
            "工作簿中没有一张可见的工作表是填报表" + (f"（隐藏的工作表：{hidden_names}）" if hidden else ""),
            "no visible sheet of the workbook is a form" + (f" (hidden: {', '.join(hidden)})" if hidden else ""))))
        return [whole]
    for sheet in hidden:
        for sub in subs:
            sub.findings.append(rules.finding("hidden_sheet_ignored", sub, detail=sheet))
    return subs


def text_submissions(content: str, whole: Submission, one, rules: Rules, directory: Directory, labels: dict,
                     units: dict[str, str], reconstruction: str | None) -> list[Submission]:
    """A CSV file's submission (a form), or the rows of the published year's reconstruction."""
    separator = csv_separator(content)
    # newline=None: whichever line ends the file has, CR alone included
    rows = list(csv.reader(io.StringIO(content, newline=None), delimiter=separator))
    if is_table(rows):
        if whole.file != reconstruction:
            whole.findings.append(rules.finding("table_layout", whole, detail=(f"{len(rows) - 1}行", f"{len(rows) - 1} rows")))
            return [whole]
        table = csv.DictReader(io.StringIO(content, newline=None), delimiter=separator)
        return parse_table(list(table), whole, rules, directory, units, labels)
    sub = one()
    if parse_form(rows, None, sub, rules, directory, labels):
        return [sub]
    whole.findings.append(rules.finding("no_form", whole, detail=("该文件既不是填报表，也不是基地汇总表",
                                                         "the file is neither a form nor a table of bases")))
    return [whole]
