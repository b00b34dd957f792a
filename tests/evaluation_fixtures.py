"""Variants of the miniature raw tree for the evaluation's tests: a second year, changed funding,
reconstructed values. Every number is invented."""
from __future__ import annotations

import csv
from pathlib import Path


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


def add_year_2010(raw: Path, exports: dict[str, str], national_hightech_exports: str | None = None) -> None:
    """A 2010 table of submissions for the bases named in exports (the others do not submit): the
    2009 row with the given exports; and, if given, the 2010 national high-tech exports."""
    with (raw / "submissions/2009/submissions_2009.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, [r for r in reader if r["base_id"] in exports]
    for row in rows:
        row.update(year="2010", exports_100m_usd=exports[row["base_id"]])
        row["featured_exports_100m_usd"] = min(row["featured_exports_100m_usd"], exports[row["base_id"]], key=float)
    folder = raw / "submissions/2010"
    folder.mkdir()
    with (folder / "submissions_2010.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if national_hightech_exports:
        with (raw / "reference/reference_figures.csv").open("a", encoding="utf-8") as f:
            f.write(f"2010,national.hightech_exports,{national_hightech_exports},100m_usd,test\n")
