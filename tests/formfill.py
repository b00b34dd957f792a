"""Filling in submission forms the way an office would, for tests (synthetic values only)."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from pipeline import config
from pipeline.intake import forms, take_in


def last_year_values(base_id: str) -> dict[str, Decimal]:
    """The base's 2009 values, from the committed reconstruction (a basis for synthetic numbers)."""
    with config.submissions_file(2009).open(encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["base_id"] == base_id)
    return {k.rsplit("_", 2)[0]: Decimal(v) for k, v in row.items() if k.endswith(("_100m_cny", "_100m_usd"))}


def synthetic_values(base_id: str, growth: str = "1.10") -> dict[str, object]:
    """Clearly synthetic figures: last year's times a growth factor, plus a few optional fields."""
    values = {m: (v * Decimal(growth)).quantize(Decimal("0.01")) for m, v in last_year_values(base_id).items()}
    values.update({"employees": 12000, "patent_applications": 350, "rd_spending": Decimal("12.50")})
    return values


def fill(path: Path, values: dict[str, object], year: object | None = None, base_id: str | None = None,
         base_name: str | None = None) -> None:
    """Write values (measure -> value; featured_x for the featured column) into a form workbook."""
    book = load_workbook(path)
    sheet = book[forms.FORM_SHEET]
    rows = {sheet.cell(r, 7).value: r for r in range(forms.FIRST_INDICATOR_ROW, sheet.max_row + 1)}
    for measure, value in values.items():
        featured = measure.startswith("featured_")
        row = rows[measure.removeprefix("featured_")]
        sheet.cell(row, 4 if featured else 3, value if not isinstance(value, Decimal) else float(value))
    if year is not None:
        sheet.cell(5, 2, year)
    if base_id is not None:
        sheet.cell(3, 2, base_id)
    if base_name is not None:
        sheet.cell(4, 2, base_name)
    book.save(path)


def new_form(folder: Path, base_id: str, year: int, name: str | None = None) -> Path:
    """A blank form for one base, as make template writes it."""
    base = next(b for b in forms.bases_for(year) if b["base_id"] == base_id)
    path = folder / (name or f"{base_id}.xlsx")
    forms.write_form(base, year, path)
    return path


def as_csv_rows(path: Path) -> list[list[str]]:
    """The form sheet as Excel's 'save as CSV' writes it: every cell as text."""
    sheet = load_workbook(path, data_only=True)[forms.FORM_SHEET]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def raw_of_the_project_reference(tmp_path: Path) -> Path:
    """A raw tree of the project's reference files (linked) and an empty submissions/2010/."""
    raw = tmp_path / "raw"
    (raw / "submissions/2010").mkdir(parents=True)
    (raw / "reference").symlink_to(config.REFERENCE)
    return raw


def the_2010_submission(raw: Path):
    """The one 2010 submission the intake reads from raw."""
    [result] = [r for r in take_in.take_in_all(raw) if r.year == 2010]
    [sub] = result.submissions
    return sub
