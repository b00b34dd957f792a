"""Check every raw file against data/raw/schemas.yml before anything is built.

DuckDB would stop at the first bad cast with a message about SQL; an analyst needs to know
which file, which row, which field and which value, and what to do about it.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

PATTERNS = {
    "key": (re.compile(r"[a-z0-9_]+"), "an identifier of lower-case letters, digits and _"),
    "integer": (re.compile(r"-?\d+"), "a whole number"),
    "year": (re.compile(r"(19|20)\d\d"), "a year such as 2009"),
    "amount": (re.compile(r"\d+(\.\d{1,2})?"), "a number ≥ 0 with at most 2 decimals, without thousands separators"),
    "amount_or_dash": (re.compile(r"-|\d+(\.\d{1,2})?"), "a number ≥ 0 with at most 2 decimals, or '-'"),
    "published": (re.compile(r"-|-?\d+(\.\d{1,4})?"), "a number as printed (at most 4 decimals), or '-'"),
}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    field: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
        if self.field is not None:
            where += f", field {self.field}"
        if self.value is not None:
            where += f", value {self.value!r}"
        return f"{where}: {self.message}"


class InputError(ValueError):
    """One or more raw files do not hold what data/raw/schemas.yml says they must."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"{len(problems)} problem(s) in the raw data:\n{shown}{more}\n"
            "Correct the files named above (they are read, never changed, by the pipeline) "
            "and run again; the previous database and outputs are left as they were.")


def check_file(path: Path, name: str, spec: dict) -> list[Problem]:
    """Problems of one file against its spec: header, types, allowed values, unique keys."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return [Problem(name, None, None, None, f"is not UTF-8 ({error.reason} at byte {error.start}); save it as UTF-8")]
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return [Problem(name, None, None, None, "is empty; it needs a header row")]
    header, columns = rows[0], spec["columns"]
    missing = [c for c in columns if c not in header]
    unexpected = [c for c in header if c not in columns]
    if missing or unexpected:
        return [Problem(name, None, None, None,
                        f"header does not match: missing {missing or 'nothing'}, unexpected {unexpected or 'nothing'}; "
                        f"the columns are {', '.join(columns)}")]
    problems, seen = [], {}
    for number, row in enumerate(rows[1:], start=1):
        if len(row) != len(header):
            problems.append(Problem(name, number, None, None,
                                    f"has {len(row)} fields where the header has {len(header)}; check for a stray comma or quote"))
            continue
        record = dict(zip(header, row))
        for column, rule in columns.items():
            value = record[column]
            if value.strip() != value:
                problems.append(Problem(name, number, column, value, "has spaces around it; remove them"))
            elif value == "":
                if rule.get("required"):
                    problems.append(Problem(name, number, column, value, "is empty but required; fill it in"))
            elif rule["type"] in PATTERNS and not PATTERNS[rule["type"]][0].fullmatch(value):
                problems.append(Problem(name, number, column, value, f"should be {PATTERNS[rule['type']][1]}"))
            elif "values" in rule and value not in rule["values"]:
                problems.append(Problem(name, number, column, value, f"should be one of {', '.join(rule['values'])}"))
        key = tuple(record[c] for c in spec.get("unique", []))
        if key and key in seen:
            problems.append(Problem(name, number, ", ".join(spec["unique"]), " / ".join(key),
                                    f"repeats row {seen[key]}; each key may appear once"))
        seen.setdefault(key, number)
    return problems


def check_raw(raw_dir: Path, schemas: Path) -> list[Path]:
    """Check every raw file named by the schemas; return the files checked or raise InputError."""
    specs = yaml.load(schemas.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    problems, checked = [], []
    for pattern, spec in specs.items():
        files = sorted(raw_dir.glob(pattern))
        if not files:
            problems.append(Problem(f"data/raw/{pattern}", None, None, None, "no such file; it is needed to build the database"))
        for path in files:
            checked.append(path)
            problems += check_file(path, f"data/raw/{path.relative_to(raw_dir)}", spec)
    if problems:
        raise InputError(problems)
    return checked
