"""Take the bases' submissions in: read every file, check it against the rules, keep the good.

Files arrive as xlsx workbooks (the form of pipeline/forms.py) or as CSV exported from them
(UTF-8, UTF-8 with BOM or GB18030/GBK). A year with a published report also holds one table
with a row per base: the pipeline's own reconstruction, the only file allowed to say where its
values come from. Every submission is checked against data/raw/reference/validation_rules.yml;
one with an error is quarantined (kept out of every report table, its file never touched) and
the others go on, so one bad file never stops another. Files are only read. Each new file is
recorded, with its SHA-256, once, in an append-only log, whose order of receipt (never a file's
mtime) decides which of a base's submissions is the later one; a base's confirmation of a value
the rules doubt is recorded in the same log.
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import statistics
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError

import yaml

from pipeline import config, forms, submissions_log
from pipeline.numbers import NotANumber, parse_number

REPORT_MEASURES = ("output", "sales", "exports")
FEATURED = "featured_"
SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".csv")
RECONSTRUCTION_PROVENANCES = ("published", "derived", "reconstructed")
OLE2_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # an encrypted workbook, or an old .xls
TEMPLATE_FILE_NAME = re.compile(r"(\d{2})_([a-z0-9_]+)")  # NN_<base_id>, as make template names forms
SHOWN_CHARACTERS = 80


def printable(value, limit: int = SHOWN_CHARACTERS) -> str:
    """Text of a received value fit to show anywhere: control characters escaped, long text cut."""
    text = "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in str(value))
    return text if len(text) <= limit else f"{text[:limit]}…（{len(text)} characters）"


@dataclass
class Finding:
    rule: str
    severity: str
    year: int
    file: str
    sheet: str | None
    row: int | None
    field: str | None
    value: str | None
    base_id: str | None
    message_zh: str
    message_en: str
    do_zh: str
    do_en: str

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field {self.field}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return ", ".join(parts)


@dataclass
class Value:
    amount: Decimal | None
    provenance: str
    source: str
    row: int | None
    label: str


@dataclass
class Submission:
    year: int
    file: str
    sheet: str | None
    row: int | None
    receipt: tuple
    base_id: str | None = None
    given_base: str | None = None
    given_year: object = None
    values: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    status: str = "accepted"
    year_row: int | None = None
    sha256: str = ""
    is_reconstruction: bool = False

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def amount(self, measure: str) -> Decimal | None:
        value = self.values.get(measure)
        return value.amount if value else None

    def content(self) -> dict:
        """What the submission says, to tell two submissions of a base apart."""
        return {m: v.amount for m, v in self.values.items()}


class Rules:
    """The rules file, turning a rule id and the particulars into a finding in two languages."""

    def __init__(self, path: Path):
        self.rules = yaml.safe_load(path.read_text(encoding="utf-8"))

    def param(self, rule: str, name: str):
        return self.rules[rule]["params"][name]

    def confirmable(self, rule: str) -> bool:
        return bool(self.rules[rule].get("confirmable"))

    def finding(self, rule: str, sub: Submission, *, row=None, field=None, value=None, detail="", **words) -> Finding:
        """words fill the placeholders a rule's messages use beyond field, value, detail, base and year;
        every received text is shown escaped and cut (pipeline.intake.printable)."""
        spec = self.rules[rule]
        shown = None if value is None else printable(value)
        words = {k: printable(v) for k, v in words.items()}
        words |= {"field": printable(field or ""), "value": shown or "", "detail": printable(detail, 400),
                  "base": printable(sub.base_id or sub.given_base or ""), "year": sub.year}
        return Finding(rule, spec["severity"], sub.year, printable(sub.file, 200), sub.sheet and printable(sub.sheet),
                       row if row is not None else sub.row, field and printable(field), shown, sub.base_id,
                       spec["message_zh"].format(**words), spec["message_en"].format(**words),
                       spec["do_zh"].format(**words), spec["do_en"].format(**words))


class Directory:
    """The bases by id and by every name they go by, with region and field for the checks."""

    def __init__(self, reference: Path):
        def rows(name):
            with (reference / name).open(encoding="utf-8", newline="") as f:
                return list(csv.DictReader(f))
        self.bases = {r["base_id"]: r for r in rows("bases.csv")}
        self.names = {r["base_name"]: r["base_id"] for r in self.bases.values()}
        self.names.update({r["alias"]: r["base_id"] for r in rows("base_aliases.csv")})
        regions = {r["province"]: r["region_zh"] for r in rows("provinces.csv")}
        self.region = {b: regions[r["province"]] for b, r in self.bases.items()}
        self.threshold = {r["region_zh"]: Decimal(r["hightech_exports_min_100m_usd"]) for r in rows("export_thresholds.csv")}
        self.fx = {int(r["year"]): Decimal(r["value"]) for r in rows("reference_figures.csv") if r["figure_id"] == "fx.usd_cny"}

    def resolve(self, base_id, name) -> tuple[str | None, str]:
        """The base named by id or name, or None and the closest names to suggest."""
        if base_id and str(base_id).strip() in self.bases:
            return str(base_id).strip(), ""
        if name and str(name).strip() in self.names:
            return self.names[str(name).strip()], ""
        probe = str(name or base_id or "").strip()
        close = difflib.get_close_matches(probe, list(self.names) + list(self.bases), n=3, cutoff=0.4)
        return None, ("Closest known names / 最接近的名称: " + "、".join(close)) if close else "No similar name is known."

    def named_in(self, text: str) -> set[str]:
        """The bases a name, file name or sheet name points to: a base's id, any of its names, or
        the NN_<base_id> of a form written by make template (NN its Table 1 number)."""
        found = {b for name, b in self.names.items() if name in text}
        found |= {b for b in self.bases if re.search(rf"(?<![a-z0-9]){b}(?![a-z0-9])", text.lower())}
        template = TEMPLATE_FILE_NAME.match(text)
        if template:
            found |= {b for b, r in self.bases.items() if int(r["table1_no"]) == int(template.group(1))}
        return found

    def name(self, base_id: str) -> str:
        return self.bases[base_id]["base_name"]


# ---- reading files ---------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """Text of a CSV file as Chinese Excel writes it: UTF-8 (with or without BOM) or GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


class TooLarge(Exception):
    pass


class Encrypted(Exception):
    pass


def xlsx_grids(path: Path, rules: Rules) -> tuple[list[tuple[str, list[list], list[list]]], list[str]]:
    """(sheet, cached values, formulas) of every visible sheet of a workbook, read and never
    evaluated, and the names of the hidden sheets left unread."""
    from openpyxl import load_workbook
    size = path.stat().st_size
    if size > rules.param("file_too_large", "max_bytes"):
        raise TooLarge(f"{size} bytes")
    with path.open("rb") as f:
        if f.read(len(OLE2_SIGNATURE)) == OLE2_SIGNATURE:
            raise Encrypted()
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    if unpacked > rules.param("file_too_large", "max_unpacked_bytes"):
        raise TooLarge(f"{unpacked} bytes unpacked")
    values = load_workbook(path, data_only=True, read_only=True)
    formulas = load_workbook(path, data_only=False, read_only=True)
    grids, hidden = [], []
    try:
        for sheet in values.sheetnames:
            if sheet == forms.GUIDE_SHEET:
                continue
            if values[sheet].sheet_state != "visible":
                hidden.append(sheet)
                continue
            grid = [list(r) for r in values[sheet].iter_rows(max_row=200, max_col=10, values_only=True)]
            formula_grid = [list(r) for r in formulas[sheet].iter_rows(max_row=200, max_col=10, values_only=True)]
            grids.append((sheet, grid, formula_grid))
    finally:
        values.close()
        formulas.close()
    return grids, hidden


def cell(grid, row, column):
    if row is None or column is None:
        return None
    try:
        return grid[row][column]
    except IndexError:
        return None


def text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_year_cell(raw) -> int | None:
    """The year of a form as offices type it: 2010, 2010.0, "２，０１０", "2010年", "2010 年度"; else None."""
    try:
        number = parse_number(re.sub(r"\s*(年度|年)$", "", text(raw)))
    except NotANumber:
        return None
    return int(number) if number is not None and number == int(number) else None


def check_identity(sub: Submission, rules: Rules, directory: Directory, row: int | None, given: dict[str, str]) -> None:
    """A submission speaks for one base: its id, name, file name and sheet name may not point elsewhere.
    given maps what was read (基地编号 / 基地名称 as labelled) to its text."""
    own = directory.name(sub.base_id)
    said = dict(given)
    said["文件名 / file"] = Path(sub.file).name
    if sub.sheet:
        said["工作表 / sheet"] = sub.sheet
    conflicts = []
    for what, said_text in said.items():
        if not said_text:
            continue
        named = {directory.names[said_text]} if said_text in directory.names else directory.named_in(said_text)
        if said_text in directory.bases:
            named = {said_text}
        others = named - {sub.base_id}
        if others:
            conflicts.append(f"{what} “{said_text}” → " + "、".join(sorted(directory.name(b) for b in others)))
    if conflicts:
        sub.findings.append(rules.finding("identity_mismatch", sub, row=row, field=forms.BASE_ID_LABEL,
                                          value=sub.given_base, detail=f"{sub.base_id} = {own}; " + "; ".join(conflicts)))


def parse_form(grid, formula_grid, sub: Submission, rules: Rules, directory: Directory, labels: dict) -> bool:
    """Fill sub from a form laid out as pipeline/forms.py writes it; False if the grid holds no form."""
    found = {}
    for r in range(len(grid)):  # a letterhead may push the labels down: look at every row read
        found.setdefault(text(cell(grid, r, 0)), r)
    found.pop("", None)
    if forms.BASE_ID_LABEL not in found or forms.HEADER[0] not in found:
        return False
    id_row = found[forms.BASE_ID_LABEL]
    sub.given_base = text(cell(grid, id_row, 1)) or None
    name = text(cell(grid, found.get(forms.BASE_NAME_LABEL), 1))
    year_row = found.get(forms.YEAR_LABEL)
    sub.given_year = cell(grid, year_row, 1)
    sub.year_row = None if year_row is None else year_row + 1
    if text(sub.given_year) == "":
        sub.given_year = None
        sub.findings.append(rules.finding("year_missing", sub, row=sub.year_row, field=forms.YEAR_LABEL))
    sub.base_id, suggestion = directory.resolve(sub.given_base, name)
    if sub.base_id is None:
        sub.findings.append(rules.finding("unknown_base", sub, row=id_row + 1, field=forms.BASE_ID_LABEL,
                                          value=sub.given_base or name, detail=suggestion))
    else:
        check_identity(sub, rules, directory, id_row + 1,
                       {f"{forms.BASE_ID_LABEL} / id": sub.given_base or "", f"{forms.BASE_NAME_LABEL} / name": name})
    header_row = found[forms.HEADER[0]]
    header = [text(v) for v in grid[header_row]]
    columns = {title: header.index(title) for title in forms.HEADER if title in header}
    keys = set(labels.values())
    first_row: dict[str, int] = {}
    for r in range(header_row + 1, len(grid)):
        label_text = text(cell(grid, r, 0))
        code = text(cell(grid, r, columns.get("代码")))
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
        for title, measure in (("合计", key), ("其中：特色产业", FEATURED + key)):
            if title not in columns:
                continue
            raw = cell(grid, r, columns[title])
            label = f"{label_text or key}（{title}）"
            formula = cell(formula_grid, r, columns[title]) if formula_grid else None
            if raw is None and isinstance(formula, str) and formula.startswith("="):
                sub.findings.append(rules.finding("formula_without_value", sub, row=r + 1, field=label, value=formula))
                sub.unreadable.add(measure)
                continue
            try:
                amount = parse_number(raw)
            except NotANumber:
                sub.findings.append(rules.finding("not_a_number", sub, row=r + 1, field=label, value=raw))
                sub.unreadable.add(measure)
                continue
            column_letter = "ABCDEFGHIJ"[columns[title]]
            sub.values[measure] = Value(amount, "submitted", f"{sub.file} {sub.sheet or ''}!{column_letter}{r + 1}".replace(" !", "!"),
                                        r + 1, label)
    return True


def table_columns(units: dict[str, str]) -> set[str]:
    """The columns the reconstruction's table may have: <measure>_<unit>, _provenance, _source."""
    allowed = {"year", "base_id", "base_name"}
    for key, unit in units.items():
        for measure in (key, FEATURED + key):
            allowed |= {f"{measure}_{unit}", f"{measure}_provenance", f"{measure}_source"}
    return allowed


def parse_table(rows: list[dict], whole: Submission, rules: Rules, directory: Directory,
                units: dict[str, str]) -> list[Submission]:
    """The reconstruction of a published year: a row per base, each value with its provenance and source."""
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
            check_identity(sub, rules, directory, number, {"base_id": row.get("base_id") or "",
                                                           "base_name": row.get("base_name") or ""})
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
            sub.values[measure] = Value(amount, provenance, row.get(f"{measure}_source") or f"{whole.file} row {number}",
                                        number, column)
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
        whole.findings.append(rules.finding("file_unreadable", whole, detail="a symbolic link, not a file; "
                                            "the intake reads only files that are in the folder itself"))
        return [whole]
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            grids, hidden = xlsx_grids(path, rules)
            subs = []
            for sheet, grid, formula_grid in grids:
                sub = one(sheet)
                if parse_form(grid, formula_grid, sub, rules, directory, labels):
                    subs.append(sub)
            if not subs:
                detail = "no visible sheet of the workbook is a form" + (f" (hidden: {'、'.join(hidden)})" if hidden else "")
                whole.findings.append(rules.finding("no_form", whole, detail=detail))
                return [whole]
            for sheet in hidden:
                for sub in subs:
                    sub.findings.append(rules.finding("hidden_sheet_ignored", sub, detail=sheet))
            return subs
        if path.suffix.lower() == ".csv":
            content = decode(path.read_bytes())
            rows = list(csv.reader(io.StringIO(content)))
            if is_table(rows):
                if name != reconstruction:
                    whole.findings.append(rules.finding("table_layout", whole, detail=f"{len(rows) - 1} rows"))
                    return [whole]
                return parse_table(list(csv.DictReader(io.StringIO(content))), whole, rules, directory, units)
            sub = one()
            if parse_form(rows, None, sub, rules, directory, labels):
                return [sub]
            whole.findings.append(rules.finding("no_form", whole, detail="the CSV file is neither a form nor a table of bases"))
            return [whole]
        whole.findings.append(rules.finding("file_unreadable", whole, detail=f"{path.suffix or 'no'} extension; "
                                            "only .xlsx and .csv are read"))
    except TooLarge as error:
        whole.findings.append(rules.finding("file_too_large", whole, detail=str(error)))
    except Encrypted:
        whole.findings.append(rules.finding("file_encrypted", whole))
    except csv.Error as error:
        whole.findings.append(rules.finding("file_unreadable", whole, detail=f"the CSV file cannot be parsed ({error}); "
                                            "a cell may be far too long or the file may not be text"))
    except ParseError as error:
        whole.findings.append(rules.finding("file_unreadable", whole, detail=f"the workbook's XML is damaged or unsafe ({error})"))
    except Exception as error:  # noqa: BLE001  whatever a received file does, it is quarantined, never a traceback
        whole.findings.append(rules.finding("file_unreadable", whole, detail=f"{type(error).__name__}: {error}"))
    return [whole]


# ---- checking --------------------------------------------------------------------------------

def check_submission(sub: Submission, rules: Rules, directory: Directory, required: dict[str, str],
                     whole_numbers: set[str]) -> None:
    """The checks of one submission on its own; required maps each required measure to its label."""
    if sub.given_year is not None and parse_year_cell(sub.given_year) != sub.year:
        sub.findings.append(rules.finding("year_mismatch", sub, row=sub.year_row, field=forms.YEAR_LABEL,
                                          value=sub.given_year))
    for measure, label in required.items():
        if sub.amount(measure) is None and measure not in sub.unreadable:
            value = sub.values.get(measure)
            sub.findings.append(rules.finding("required_missing", sub, row=value.row if value else None,
                                              field=value.label if value else label))
    largest = Decimal(rules.param("number_too_large", "max"))
    for measure, value in sub.values.items():
        if value.amount is None:
            continue
        if abs(value.amount) > largest:
            sub.findings.append(rules.finding("number_too_large", sub, row=value.row, field=value.label,
                                              value=value.amount, detail=str(largest)))
            sub.unreadable.add(measure)
            continue
        if value.amount < 0:
            sub.findings.append(rules.finding("negative", sub, row=value.row, field=value.label, value=value.amount))
        # a reconstruction states the unrounded values that reproduce a published report
        places = 0 if measure.removeprefix(FEATURED) in whole_numbers else 4 if value.provenance == "reconstructed" else 2
        if value.amount != value.amount.quantize(Decimal(1).scaleb(-places)):
            sub.findings.append(rules.finding("too_many_decimals", sub, row=value.row, field=value.label,
                                              value=value.amount, detail=str(places)))
    for measure in sub.unreadable & set(sub.values):
        del sub.values[measure]  # a value past every limit is not compared with anything
    for measure, value in sub.values.items():
        total = sub.amount(measure[len(FEATURED):]) if measure.startswith(FEATURED) else None
        if total is not None and value.amount is not None and value.amount > total:
            sub.findings.append(rules.finding("featured_exceeds_total", sub, row=value.row, field=value.label,
                                              value=value.amount, detail=str(total)))
    if sub.base_id is None:
        return
    exports, sales, fx = sub.amount("exports"), sub.amount("sales"), directory.fx.get(sub.year)
    limit = Decimal(str(rules.param("exports_implausible", "max_ratio")))
    if exports and sales and fx and exports * fx > sales * limit:
        sub.findings.append(rules.finding("exports_implausible", sub, row=sub.values["exports"].row, field=sub.values["exports"].label,
                                          value=exports, detail=f"{limit}×"))
    hightech = sub.amount("hightech_exports")
    measured = hightech if hightech is not None else exports
    region = directory.region[sub.base_id]
    if measured is not None and 0 <= measured < directory.threshold[region]:
        name = "hightech_exports" if hightech is not None else "exports"
        sub.findings.append(rules.finding("below_export_threshold", sub, row=sub.values[name].row,
                                          field=sub.values[name].label, value=measured, detail=region))


def check_magnitudes(subs: list[Submission], previous: dict, rules: Rules, directory: Directory) -> None:
    """A value about 10^4 off the base's previous year, or else its field's median, is flagged."""
    ratio = Decimal(rules.param("unit_magnitude", "ratio"))
    by_field: dict[tuple[str, str], list[Decimal]] = {}
    for sub in subs:
        if sub.base_id:
            for measure, value in sub.values.items():
                if value.amount:
                    by_field.setdefault((directory.bases[sub.base_id]["field_zh"], measure), []).append(value.amount)
    for sub in subs:
        if not sub.base_id:
            continue
        for measure, value in sub.values.items():
            if not value.amount:
                continue
            before = previous.get((sub.base_id, measure))
            if before:
                reference, what = before, f"上年（{before}）/ last year's {before}"
            else:
                peers = by_field.get((directory.bases[sub.base_id]["field_zh"], measure), [])
                if len(peers) < 4:
                    continue
                reference = Decimal(statistics.median(peers))
                what = f"同领域中位数（{reference}）/ the field's median {reference}"
            if reference and (value.amount / reference >= ratio or reference / value.amount >= ratio):
                sub.findings.append(rules.finding("unit_magnitude", sub, row=value.row, field=value.label,
                                                  value=value.amount, detail=what))


def check_scope(subs: list[Submission], rules: Rules, directory: Directory) -> None:
    """A base far above its field's other bases on every measure, with a tiny featured share, has
    likely reported its whole city or province (张江 in 2009: a third of all bases' sales)."""
    measures = rules.param("whole_region_figures", "measures")
    min_peers = rules.param("whole_region_figures", "min_peers")
    min_ratio = Decimal(str(rules.param("whole_region_figures", "min_ratio")))
    max_share = Decimal(str(rules.param("whole_region_figures", "max_featured_share")))
    kept = [s for s in subs if s.base_id and s.status == "accepted" and not s.has_error]
    for sub in kept:
        field_of = directory.bases[sub.base_id]["field_zh"]
        peers = [p for p in kept if p.base_id != sub.base_id and directory.bases[p.base_id]["field_zh"] == field_of]
        compared = [scope_comparison(sub, peers, measure, min_peers) for measure in measures]
        if None in compared:
            continue
        ratios, shares = zip(*compared)
        if min(ratios) >= min_ratio and max(shares) <= max_share:
            sales = sub.values["sales"]
            sub.findings.append(rules.finding(
                "whole_region_figures", sub, row=sales.row, field=sales.label, value=sales.amount,
                ratios=" / ".join(f"{r:.0f}" for r in ratios), featured_share=f"{max(shares):.1%}"))


def scope_comparison(sub: Submission, peers: list[Submission], measure: str, min_peers: int):
    """(the measure over its median among the peers, its featured share), or None if it cannot be compared."""
    amount, featured = sub.amount(measure), sub.amount(FEATURED + measure)
    others = [p.amount(measure) for p in peers if p.amount(measure)]
    if not amount or featured is None or len(others) < min_peers:
        return None
    return amount / Decimal(statistics.median(others)), featured / amount


def settle_duplicates(subs: list[Submission], rules: Rules, confirmations: Confirmations) -> None:
    """One submission per base and year: the one received last, in the log's order, wins and the
    others are kept, superseded. Different submissions received together cannot be ordered: they
    are held back, unless the base confirmed which one counts; the base's earlier one then stands."""
    by_base: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.base_id and not sub.has_error:
            by_base.setdefault(sub.base_id, []).append(sub)
    for group in by_base.values():
        while len(group) > 1:
            latest = max(s.receipt for s in group)
            together = sorted((s for s in group if s.receipt == latest), key=lambda s: (s.file, s.sheet or "", s.row or 0))
            chosen = [s for s in together if confirmations.covering(s, "simultaneous_submissions", None)]
            if any(s.content() != together[0].content() for s in together) and len(chosen) != 1:
                for sub in together:
                    others = "、".join(where(o) for o in together if o is not sub)
                    sub.findings.append(rules.finding("simultaneous_submissions", sub, detail=others))
                group = [s for s in group if s not in together]
                continue
            winner = chosen[0] if chosen else together[-1]
            for earlier in (s for s in group if s is not winner):
                earlier.status = "superseded"
                earlier.findings.append(rules.finding("duplicate_submission", earlier,
                                                      detail=f"superseded by / 已被后收到的 {where(winner)} 取代"))
                winner.findings.append(rules.finding("duplicate_submission", winner,
                                                     detail=f"replaces / 取代了 {where(earlier)}"))
            break


def where(sub: Submission) -> str:
    """A submission's file, with its sheet or row when the file holds several."""
    return sub.file + (f" ({sub.sheet})" if sub.sheet else f" (row {sub.row})" if sub.row else "")


class Confirmations:
    """The bases' confirmations, recorded in the intake log: each names one received file (by its
    SHA-256, so a changed file needs a new one), a rule, optionally a field, and the base's word."""

    def __init__(self, log_entries):
        self.entries = [e for e in log_entries if e.get("kind") == "confirmation"]
        self.applied: set[int] = set()

    def covering(self, sub: Submission, rule: str, field: str | None) -> dict | None:
        for entry in self.entries:
            if (entry["file"], entry["sha256"], entry["rule"]) == (sub.file, sub.sha256, rule) \
                    and entry.get("field") in (None, "", field):
                return entry
        return None

    def apply(self, subs: list[Submission], rules: Rules) -> None:
        """A confirmed finding of a confirmable rule stands as a warning, with the confirmation beside it."""
        for sub in subs:
            for finding in sub.findings:
                entry = self.covering(sub, finding.rule, finding.field) if rules.confirmable(finding.rule) else None
                if entry and id(finding) not in self.applied:
                    self.applied.add(id(finding))
                    note, day = printable(entry["note"], 200), entry["logged_at"][:10]
                    finding.severity = "warning"
                    finding.message_zh += f" 基地已于 {day} 确认：{note}"
                    finding.message_en += f" Confirmed by the base on {day}: {note}"


# ---- a year's intake -------------------------------------------------------------------------

@dataclass
class Intake:
    year: int
    files: list[Path]
    submissions: list[Submission]

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.submissions for f in s.findings]

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.submissions)


def receipt_order(log_entries) -> dict[tuple[str, str], int]:
    """(file, SHA-256) -> the position of the intake run that first received it."""
    runs: dict[str, int] = {}
    order: dict[tuple[str, str], int] = {}
    for entry in log_entries:
        if entry.get("kind", "receipt") != "receipt":
            continue
        run = runs.setdefault(entry.get("run", entry["logged_at"]), len(runs))
        order.setdefault((entry["file"], entry["sha256"]), run)
    return order


def take_in(year: int, raw_dir: Path = config.RAW, previous: dict | None = None, log_entries=()) -> Intake:
    """Read and check every file in raw_dir/submissions/<year>/; log_entries give the order of
    receipt (files not yet logged count as received now, together) and the bases' confirmations."""
    rules = Rules(raw_dir / "reference" / "validation_rules.yml")
    directory = Directory(raw_dir / "reference")
    confirmations = Confirmations(log_entries)
    indicator_list = forms.indicators()
    labels = {i.label_zh: i.key for i in indicator_list}
    units = {i.key: i.unit for i in indicator_list}
    required = {}
    for i in (i for i in indicator_list if i.required):
        required[i.key] = f"{i.label_zh}（合计）"
        if i.has_featured:
            required[FEATURED + i.key] = f"{i.label_zh}（其中：特色产业）"
    whole_numbers = {i.key for i in indicator_list if i.unit in ("count", "persons")}
    folder = raw_dir / "submissions" / str(year)
    reconstruction = f"submissions/{year}/submissions_{year}.csv" \
        if (raw_dir / "published" / f"published_figures_{year}.csv").exists() else None
    published_year = reconstruction is not None and (raw_dir / reconstruction).is_file()
    found = sorted(p for p in folder.iterdir() if not p.is_dir() and p.suffix.lower() != ".md"
                   and (p.suffix.lower() in SUBMISSION_SUFFIXES or not p.name.startswith("."))) \
        if folder.is_dir() else []  # system files such as .DS_Store are not submissions
    received = receipt_order(log_entries)
    now = max(received.values(), default=-1) + 1
    subs = []
    for path in found:
        name = str(path.relative_to(raw_dir))
        digest = "" if path.is_symlink() else sha256(path)
        whole = Submission(year, name, None, None, (received.get((name, digest), now),), sha256=digest)
        subs += read_file(path, whole, rules, directory, labels, units, reconstruction)
    for sub in subs:
        if any(f.rule in ("file_unreadable", "file_too_large", "file_encrypted", "hidden_file", "no_form",
                          "table_layout", "unknown_column") for f in sub.findings):
            continue
        check_submission(sub, rules, directory, required, whole_numbers)
        if published_year and not sub.is_reconstruction:
            sub.findings.append(rules.finding("published_year", sub))
    check_magnitudes(subs, previous or {}, rules, directory)
    confirmations.apply(subs, rules)
    settle_duplicates(subs, rules, confirmations)
    check_scope(subs, rules, directory)
    confirmations.apply(subs, rules)
    for sub in subs:
        if sub.has_error:
            sub.status = "quarantined"
    return Intake(year, [p for p in found if not p.is_symlink()], subs)


def years(raw_dir: Path) -> list[int]:
    folder = raw_dir / "submissions"
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit()) if folder.is_dir() else []


def take_in_all(raw_dir: Path = config.RAW, log_entries=()) -> list[Intake]:
    """Every year, in order, each checked against the year before."""
    results, previous = [], {}
    for year in years(raw_dir):
        result = take_in(year, raw_dir, previous, log_entries)
        results.append(result)
        previous = {(s.base_id, m): v.amount for s in result.submissions if s.status == "accepted"
                    for m, v in s.values.items() if v.amount}
    return results


# ---- the log ---------------------------------------------------------------------------------

def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def append_to_log(results: list[Intake], raw_dir: Path, log: Path) -> list[dict]:
    """Record every file not logged before (same path, same content); return the whole log.
    The files of one run share its run stamp: they were received together."""
    entries = submissions_log.read(log)  # a torn last line is set aside; its file is logged again below
    run = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    seen = {(e["file"], e["sha256"]) for e in entries}
    new = []
    for result in results:
        for path in result.files:
            name, digest = str(path.relative_to(raw_dir)), sha256(path)
            if (name, digest) in seen:
                continue
            outcome = {status: sum(s.status == status for s in result.submissions if s.file == name)
                       for status in ("accepted", "superseded", "quarantined")}
            new.append({"logged_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "run": run, "year": result.year,
                        "file": name, "sha256": digest, "bytes": path.stat().st_size, **outcome})
    if new:
        submissions_log.append(log, new)
    return entries + new


def record_confirmation(year: int, file: str, rule: str, field: str | None, note: str,
                        raw_dir: Path = config.RAW, log: Path = config.INTAKE_LOG) -> dict:
    """Append a base's confirmation of one received file's value to the log (see Confirmations)."""
    rules = Rules(raw_dir / "reference" / "validation_rules.yml")
    if rule not in rules.rules or not rules.confirmable(rule):
        choices = ", ".join(r for r in rules.rules if rules.confirmable(r))
        raise ConfirmationError(f"rule {rule!r} cannot be confirmed; the rules a base may confirm are: {choices}")
    if not note.strip():
        raise ConfirmationError("say what the base confirmed and how (NOTE='…'): the note is the record")
    path = raw_dir / "submissions" / str(year) / Path(file).name
    name = str(path.relative_to(raw_dir))
    received = {(e["file"], e["sha256"]) for e in submissions_log.read(log) if e.get("kind", "receipt") == "receipt"}
    if not path.is_file() or path.is_symlink() or (name, sha256(path)) not in received:
        raise ConfirmationError(f"{name} has not been received for {year}: take it in first (make ingest YEAR={year} FILES=…)")
    entry = {"kind": "confirmation", "logged_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
             "year": year, "file": name, "sha256": sha256(path), "rule": rule, "field": field or None, "note": note.strip()}
    submissions_log.append(log, [entry])
    return entry


class ConfirmationError(ValueError):
    """A confirmation that cannot be recorded; the message says why."""


# ---- landing in the database -----------------------------------------------------------------

def land(con, results: list[Intake], log_entries: list[dict]) -> None:
    """The raw schema: accepted values, every received submission, every finding, the log."""
    con.execute("create schema if not exists raw")
    con.execute("""create or replace table raw.submission_values (year integer, base_id varchar, measure varchar,
                   amount decimal(18, 4), provenance varchar, value_source varchar, source_file varchar,
                   source_sheet varchar, source_row integer)""")
    con.execute("""create or replace table raw.intake_submissions (year integer, source_file varchar,
                   source_sheet varchar, source_row integer, base_id varchar, given_base varchar, status varchar,
                   errors integer, warnings integer)""")
    con.execute("""create or replace table raw.intake_findings (year integer, source_file varchar, source_sheet varchar,
                   source_row integer, field varchar, value varchar, rule varchar, severity varchar, base_id varchar,
                   message_zh varchar, message_en varchar, do_zh varchar, do_en varchar)""")
    con.execute("""create or replace table raw.submissions_log (logged_at varchar, year integer, source_file varchar,
                   sha256 varchar, bytes bigint, accepted integer, superseded integer, quarantined integer)""")
    values, received, findings = [], [], []
    for result in results:
        for s in result.submissions:
            received.append((s.year, s.file, s.sheet, s.row, s.base_id, s.given_base, s.status,
                             sum(f.severity == "error" for f in s.findings), sum(f.severity == "warning" for f in s.findings)))
            findings += [(f.year, f.file, f.sheet, f.row, f.field, f.value, f.rule, f.severity, f.base_id,
                          f.message_zh, f.message_en, f.do_zh, f.do_en) for f in s.findings]
            if s.status == "accepted":
                values += [(s.year, s.base_id, m, v.amount, v.provenance, v.source, s.file, s.sheet, v.row)
                           for m, v in s.values.items() if v.amount is not None]
    log = [(e["logged_at"], e["year"], e["file"], e["sha256"], e["bytes"], e["accepted"], e["superseded"],
            e["quarantined"]) for e in log_entries if e.get("kind", "receipt") == "receipt"]
    for table, rows in (("submission_values", values), ("intake_submissions", received),
                        ("intake_findings", findings), ("submissions_log", log)):
        insert(con, f"raw.{table}", rows)


def insert(con, table: str, rows: list[tuple], chunk: int = 500) -> None:
    """Insert rows with one statement per chunk: row-by-row inserts into a file database are slow."""
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        marks = ", ".join("(" + ", ".join("?" * len(part[0])) + ")" for _ in part)
        con.execute(f"insert into {table} values {marks}", [v for row in part for v in row])
