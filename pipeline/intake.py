"""Take the bases' submissions in: read every file, check it against the rules, keep the good.

Files arrive as xlsx workbooks (the form of pipeline/forms.py), as CSV exported from them
(UTF-8, UTF-8 with BOM or GB18030/GBK), or, for the 2009 reconstruction, as one table with a
row per base. Every submission is checked against data/raw/reference/validation_rules.yml; one
with an error is quarantined (kept out of every report table, its file never touched) and the
others go on. Files are only read. Each new file is recorded, with its SHA-256, once, in an
append-only log.
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import statistics
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import yaml

from pipeline import config, forms
from pipeline.numbers import NotANumber, parse_number

REPORT_MEASURES = ("output", "sales", "exports")
FEATURED = "featured_"


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
    order: tuple
    base_id: str | None = None
    given_base: str | None = None
    given_year: object = None
    values: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    status: str = "accepted"

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def amount(self, measure: str) -> Decimal | None:
        value = self.values.get(measure)
        return value.amount if value else None


class Rules:
    """The rules file, turning a rule id and the particulars into a finding in two languages."""

    def __init__(self, path: Path):
        self.rules = yaml.safe_load(path.read_text(encoding="utf-8"))

    def param(self, rule: str, name: str):
        return self.rules[rule]["params"][name]

    def finding(self, rule: str, sub: Submission, *, row=None, field=None, value=None, detail="") -> Finding:
        spec = self.rules[rule]
        words = {"field": field or "", "value": value if value is not None else "", "detail": detail,
                 "base": sub.base_id or sub.given_base or "", "year": sub.year}
        return Finding(rule, spec["severity"], sub.year, sub.file, sub.sheet, row if row is not None else sub.row,
                       field, None if value is None else str(value), sub.base_id,
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


# ---- reading files ---------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """Text of a CSV file as Chinese Excel writes it: UTF-8 (with or without BOM) or GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def xlsx_grids(path: Path, rules: Rules) -> list[tuple[str, list[list], list[list]]]:
    """(sheet, cached values, formulas) of every sheet of a workbook, read and never evaluated."""
    from openpyxl import load_workbook
    size = path.stat().st_size
    if size > rules.param("file_too_large", "max_bytes"):
        raise TooLarge(f"{size} bytes")
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    if unpacked > rules.param("file_too_large", "max_unpacked_bytes"):
        raise TooLarge(f"{unpacked} bytes unpacked")
    values = load_workbook(path, data_only=True, read_only=True)
    formulas = load_workbook(path, data_only=False, read_only=True)
    grids = []
    for sheet in values.sheetnames:
        if sheet == forms.GUIDE_SHEET:
            continue
        grid = [list(r) for r in values[sheet].iter_rows(max_row=200, max_col=10, values_only=True)]
        formula_grid = [list(r) for r in formulas[sheet].iter_rows(max_row=200, max_col=10, values_only=True)]
        grids.append((sheet, grid, formula_grid))
    values.close()
    formulas.close()
    return grids


class TooLarge(Exception):
    pass


def cell(grid, row, column):
    try:
        return grid[row][column]
    except IndexError:
        return None


def text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_form(grid, formula_grid, sub: Submission, rules: Rules, directory: Directory, labels: dict) -> bool:
    """Fill sub from a form laid out as pipeline/forms.py writes it; False if the grid holds no form."""
    found = {text(cell(grid, r, 0)): r for r in range(min(len(grid), 30)) if text(cell(grid, r, 0))}
    if forms.BASE_ID_LABEL not in found or forms.HEADER[0] not in found:
        return False
    sub.given_base = text(cell(grid, found[forms.BASE_ID_LABEL], 1)) or None
    name = text(cell(grid, found.get(forms.BASE_NAME_LABEL, -1), 1)) if forms.BASE_NAME_LABEL in found else ""
    sub.given_year = cell(grid, found[forms.YEAR_LABEL], 1) if forms.YEAR_LABEL in found else None
    sub.base_id, suggestion = directory.resolve(sub.given_base, name)
    if sub.base_id is None:
        sub.findings.append(rules.finding("unknown_base", sub, row=found[forms.BASE_ID_LABEL] + 1,
                                          field=forms.BASE_ID_LABEL, value=sub.given_base or name, detail=suggestion))
    header_row = found[forms.HEADER[0]]
    header = [text(v) for v in grid[header_row]]
    columns = {title: header.index(title) for title in forms.HEADER if title in header}
    for r in range(header_row + 1, len(grid)):
        key = text(cell(grid, r, columns.get("代码", 99))) or labels.get(text(cell(grid, r, 0)))
        if not key or key not in labels.values():
            continue
        for title, measure in (("合计", key), ("其中：特色产业", FEATURED + key)):
            if title not in columns:
                continue
            raw = cell(grid, r, columns[title])
            label = f"{text(cell(grid, r, 0))}（{title}）"
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


def parse_table(rows: list[dict], path_name: str, year: int, order: tuple, rules: Rules, directory: Directory) -> list[Submission]:
    """A table with one row per base (the 2009 reconstruction): <measure>_<unit>, _provenance, _source."""
    subs = []
    for number, row in enumerate(rows, start=2):
        sub = Submission(year, path_name, None, number, order + (number,), given_base=row.get("base_id"),
                         given_year=row.get("year"))
        sub.base_id, suggestion = directory.resolve(row.get("base_id"), row.get("base_name"))
        if sub.base_id is None:
            sub.findings.append(rules.finding("unknown_base", sub, field="base_id", value=row.get("base_id"), detail=suggestion))
        for column, raw in row.items():
            if not column or column.endswith(("_provenance", "_source")) or column in ("year", "base_id", "base_name"):
                continue
            measure = column.rsplit("_", 2)[0]
            try:
                amount = parse_number(raw)
            except NotANumber:
                sub.findings.append(rules.finding("not_a_number", sub, field=column, value=raw))
                sub.unreadable.add(measure)
                continue
            sub.values[measure] = Value(amount, row.get(f"{measure}_provenance") or "submitted",
                                        row.get(f"{measure}_source") or f"{path_name} row {number}", number, column)
        subs.append(sub)
    return subs


def read_file(path: Path, name: str, year: int, rules: Rules, directory: Directory, labels: dict) -> list[Submission]:
    """Every submission in one file; a file that cannot be read is one quarantined submission."""
    order = (path.stat().st_mtime_ns, name)
    whole = Submission(year, name, None, None, order)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            subs = []
            for index, (sheet, grid, formula_grid) in enumerate(xlsx_grids(path, rules)):
                sub = Submission(year, name, sheet, None, order + (index,))
                if parse_form(grid, formula_grid, sub, rules, directory, labels):
                    subs.append(sub)
            if not subs:
                whole.findings.append(rules.finding("no_form", whole, detail="no sheet of the workbook is a form"))
                return [whole]
            return subs
        if path.suffix.lower() == ".csv":
            content = decode(path.read_bytes())
            rows = list(csv.reader(io.StringIO(content)))
            if rows and "base_id" in rows[0] and any(c.endswith("_provenance") for c in rows[0]):
                return parse_table(list(csv.DictReader(io.StringIO(content))), name, year, order, rules, directory)
            sub = Submission(year, name, None, None, order)
            if parse_form(rows, None, sub, rules, directory, labels):
                return [sub]
            whole.findings.append(rules.finding("no_form", whole, detail="the CSV file is neither a form nor a table of bases"))
            return [whole]
        whole.findings.append(rules.finding("file_unreadable", whole, detail=f"{path.suffix or 'no'} extension; "
                                            "only .xlsx and .csv are read"))
    except TooLarge as error:
        whole.findings.append(rules.finding("file_too_large", whole, detail=str(error)))
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, UnicodeDecodeError) as error:
        whole.findings.append(rules.finding("file_unreadable", whole, detail=f"{type(error).__name__}: {error}"))
    return [whole]


# ---- checking --------------------------------------------------------------------------------

def check_submission(sub: Submission, rules: Rules, directory: Directory, required: dict[str, str],
                     whole_numbers: set[str]) -> None:
    """The checks of one submission on its own; required maps each required measure to its label."""
    if sub.given_year is not None:
        try:
            given = parse_number(sub.given_year)
        except NotANumber:
            given = None
        if given is None or int(given) != sub.year:
            sub.findings.append(rules.finding("year_mismatch", sub, field=forms.YEAR_LABEL, value=sub.given_year))
    for measure, label in required.items():
        if sub.amount(measure) is None and measure not in sub.unreadable:
            value = sub.values.get(measure)
            sub.findings.append(rules.finding("required_missing", sub, row=value.row if value else None,
                                              field=value.label if value else label))
    for measure, value in sub.values.items():
        if value.amount is None:
            continue
        if value.amount < 0:
            sub.findings.append(rules.finding("negative", sub, row=value.row, field=value.label, value=value.amount))
        # a reconstruction states the unrounded values that reproduce a published report
        places = 0 if measure.removeprefix(FEATURED) in whole_numbers else 4 if value.provenance == "reconstructed" else 2
        if value.amount != value.amount.quantize(Decimal(1).scaleb(-places)):
            sub.findings.append(rules.finding("too_many_decimals", sub, row=value.row, field=value.label,
                                              value=value.amount, detail=str(places)))
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


def settle_duplicates(subs: list[Submission], rules: Rules) -> None:
    """One submission per base and year: the latest good one wins; the others are kept, superseded."""
    by_base: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.base_id and not sub.has_error:
            by_base.setdefault(sub.base_id, []).append(sub)
    for base, group in by_base.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda s: s.order)
        winner = group[-1]
        for earlier in group[:-1]:
            earlier.status = "superseded"
            where = f"{winner.file}" + (f" ({winner.sheet})" if winner.sheet else "")
            earlier.findings.append(rules.finding("duplicate_submission", earlier,
                                                  detail=f"superseded by / 已被后收到的 {where} 取代"))
            winner.findings.append(rules.finding("duplicate_submission", winner,
                                                 detail=f"replaces / 取代了 {earlier.file}"))


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


def take_in(year: int, raw_dir: Path = config.RAW, previous: dict | None = None) -> Intake:
    """Read and check every file in raw_dir/submissions/<year>/."""
    rules = Rules(raw_dir / "reference" / "validation_rules.yml")
    directory = Directory(raw_dir / "reference")
    indicator_list = forms.indicators()
    labels = {i.label_zh: i.key for i in indicator_list}
    required = {}
    for i in (i for i in indicator_list if i.required):
        required[i.key] = f"{i.label_zh}（合计）"
        if i.has_featured:
            required[FEATURED + i.key] = f"{i.label_zh}（其中：特色产业）"
    whole_numbers = {i.key for i in indicator_list if i.unit in ("count", "persons")}
    folder = raw_dir / "submissions" / str(year)
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() != ".md" and not p.name.startswith(".")) \
        if folder.is_dir() else []
    subs = []
    for path in files:
        subs += read_file(path, str(path.relative_to(raw_dir)), year, rules, directory, labels)
    for sub in subs:
        if not any(f.rule in ("file_unreadable", "file_too_large", "no_form") for f in sub.findings):
            check_submission(sub, rules, directory, required, whole_numbers)
    check_magnitudes(subs, previous or {}, rules, directory)
    settle_duplicates(subs, rules)
    for sub in subs:
        if sub.has_error:
            sub.status = "quarantined"
    return Intake(year, files, subs)


def years(raw_dir: Path) -> list[int]:
    folder = raw_dir / "submissions"
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit()) if folder.is_dir() else []


def take_in_all(raw_dir: Path = config.RAW) -> list[Intake]:
    """Every year, in order, each checked against the year before."""
    results, previous = [], {}
    for year in years(raw_dir):
        result = take_in(year, raw_dir, previous)
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
    """Record every file not logged before (same path, same content); return the whole log."""
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()] \
        if log.exists() else []
    seen = {(e["file"], e["sha256"]) for e in entries}
    new = []
    for result in results:
        for path in result.files:
            name, digest = str(path.relative_to(raw_dir)), sha256(path)
            if (name, digest) in seen:
                continue
            outcome = {status: sum(s.status == status for s in result.submissions if s.file == name)
                       for status in ("accepted", "superseded", "quarantined")}
            new.append({"logged_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "year": result.year,
                        "file": name, "sha256": digest, "bytes": path.stat().st_size, **outcome})
    if new:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as f:
            for entry in new:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            f.flush()
    return entries + new


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
            e["quarantined"]) for e in log_entries]
    for table, rows in (("submission_values", values), ("intake_submissions", received),
                        ("intake_findings", findings), ("submissions_log", log)):
        insert(con, f"raw.{table}", rows)


def insert(con, table: str, rows: list[tuple], chunk: int = 500) -> None:
    """Insert rows with one statement per chunk: row-by-row inserts into a file database are slow."""
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        marks = ", ".join("(" + ", ".join("?" * len(part[0])) + ")" for _ in part)
        con.execute(f"insert into {table} values {marks}", [v for row in part for v in row])
