"""Variants of the miniature raw tree for the evaluation's tests: a second year sent as the bases
send it (one form per base), changed funding, a 2009 value marked published. Every number is invented."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from pipeline.intake import forms
from tests.formfill import fill

EXCHANGE_RATE_2010 = "6.77"  # invented, as every figure of the tree
MEASURES = ("output", "featured_output", "sales", "featured_sales", "exports", "featured_exports")  # of a submission


def rewrite(path: Path, change) -> None:
    """Rewrite a CSV file row by row; change(row) edits the row in place or returns False to drop it."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    kept = [r for r in rows if change(r) is not False]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)


def reconstruction_2009(raw: Path) -> dict[str, dict[str, Decimal]]:
    """Each base's 2009 figures in the tree's reconstruction, by measure (sales, featured_sales, …)."""
    with (raw / "submissions/2009/submissions_2009.csv").open(encoding="utf-8", newline="") as f:
        return {row["base_id"]: {column.rsplit("_", 2)[0]: Decimal(value) for column, value in row.items()
                                 if column.endswith(("_100m_cny", "_100m_usd"))}
                for row in csv.DictReader(f)}


def send_forms(raw: Path, year: int, figures: dict[str, dict[str, object]]) -> None:
    """The forms of the bases named in figures, written as `make template` writes them, filled in
    (measure -> value, featured_<measure> for the featured column) and received into
    submissions/<year>/ as NN_<base_id>.xlsx; the bases not named send nothing."""
    with (raw / "reference/bases.csv").open(encoding="utf-8", newline="") as f:
        bases = {row["base_id"]: row for row in csv.DictReader(f)}
    folder = raw / "submissions" / str(year)
    for base_id, values in figures.items():
        path = folder / f"{int(bases[base_id]['table1_no']):02d}_{base_id}.xlsx"
        forms.write_form(bases[base_id], year, path, raw / "reference")
        fill(path, values)


def add_year_2010(raw: Path, exports: dict[str, str], national_hightech_exports: str | None = None) -> None:
    """2010 as the bases named in exports send it, on their forms: 2009's figures again but for the
    given exports (featured exports no more than them); the others send nothing. The reference data
    gain 2010's exchange rate and, if given, 2010's national high-tech exports."""
    last_year = reconstruction_2009(raw)
    figures = {}
    for base_id, amount in exports.items():
        values = {**last_year[base_id], "exports": Decimal(amount)}
        values["featured_exports"] = min(values["featured_exports"], values["exports"])
        figures[base_id] = values
    send_forms(raw, 2010, figures)
    with (raw / "reference/reference_figures.csv").open("a", encoding="utf-8") as f:
        f.write(f"2010,fx.usd_cny,{EXCHANGE_RATE_2010},cny_per_usd,test\n")
        if national_hightech_exports:
            f.write(f"2010,national.hightech_exports,{national_hightech_exports},100m_usd,test\n")


def mark_published(raw: Path, base_ids: tuple[str, ...], measures: tuple[str, ...]) -> None:
    """In the 2009 reconstruction, mark the bases' measures as printed in the published report."""
    def publish(row):
        if row["base_id"] in base_ids:
            for measure in measures:
                row[f"{measure}_provenance"] = "published"
                row[f"{measure}_source"] = "test published table"
    rewrite(raw / "submissions/2009/submissions_2009.csv", publish)
