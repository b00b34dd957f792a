"""The evaluate step: the year's evaluation from the database, skipped when nothing it reads changed.

Writes, under data/processed/<year>/evaluation/: evaluation.pdf and evaluation.xlsx, the 58
feedback sheets in one file (sheets.pdf) and one per base (sheets/NN_<base_id>.pdf). Outputs
are staged and moved into place only when all are written, so a failed run leaves the previous
ones intact.
"""
from __future__ import annotations

import time
from pathlib import Path

from pipeline import cache, config
from pipeline.steps import require_year


def folder(year: int) -> Path:
    return config.year_dir(year) / "evaluation"


def sheet_name(table1_no: int, base_id: str) -> str:
    return f"{table1_no:02d}_{base_id}.pdf"


def inputs(year: int) -> list[Path]:
    """The data it reads; the code and environment are in every step's snapshot (pipeline/cache.py)."""
    return [config.DATABASE]


def outputs(year: int) -> list[Path]:
    return [folder(year) / n for n in ("evaluation.pdf", "evaluation.xlsx", "sheets.pdf")]


def run(year: int, force: bool = False) -> int:
    """The year's evaluation: report (PDF, xlsx) and one feedback sheet per base."""
    key, started = f"evaluate:{year}", time.perf_counter()
    taken = cache.snapshot(inputs(year))
    if not force and not cache.changes(key, taken, outputs(year)):
        print("evaluate: up to date")
        return 0
    from pipeline.outputs import staged_outputs
    from pipeline.publish.evaluation import context, render, workbook
    from pipeline.warehouse import database
    target = folder(year)
    with database.connect_read_only() as con:  # before any folder is made for a year the database lacks
        require_year(con, year)
    with staged_outputs(target) as scratch:
        with database.connect_read_only() as con:  # read whole and closed: the PDFs are written in forked processes
            values = context.build(con, year)
            workbook.write(con, values, scratch / "evaluation.xlsx")
        names = {s["base_id"]: sheet_name(s["table1_no"], s["base_id"]) for s in values["sheets"]}
        report = render.render_html(values, "evaluation.html.j2")
        render.write_sheets(render.render_html(values, "sheets.html.j2"), list(names), target,
                            scratch / "sheets.pdf", lambda base_id: scratch / "sheets" / names[base_id],
                            also=[lambda: render.write_report(report, target, scratch / "evaluation.pdf", year)])
    for stale in (target / "sheets").glob("*.pdf"):  # a base no longer listed this year
        if stale.name not in names.values():
            stale.unlink()
    cache.remember(key, taken, outputs(year))
    print(f"wrote {target.relative_to(config.ROOT)}/: evaluation.pdf, evaluation.xlsx, sheets.pdf and "
          f"{len(names)} sheets in sheets/ ({time.perf_counter() - started:.2f} s)")
    return 0
