"""The pipeline's steps, each with the files it reads and writes.

The declared data inputs, with the code and environment that every step shares
(pipeline/cache.py), let `report` skip a step when none of them has changed since it last
succeeded; heavy libraries are imported inside each step so that a run with nothing to do
starts in a fraction of a second.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline import config, registry


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[int], int]
    inputs: Callable[[int], list[Path]]  # the data it reads; the code and environment are common to all
    outputs: Callable[[int], list[Path]]
    tables: tuple[str, ...] = ()  # the database tables it reads (patterns such as audit.qa_*), keyed by content


def database_log() -> Path:
    """DuckDB's write-ahead log beside the database (see pipeline/warehouse/database.py)."""
    return config.DATABASE.with_name(config.DATABASE.name + ".wal")


def require_year(con, year: int) -> None:
    """Stop with a clear message when the database holds no submissions for the year."""
    from pipeline.warehouse.database import years_held
    held = years_held(con)
    if year not in held:
        raise config.MissingInput(
            f"there are no accepted submissions for {year} in the database "
            f"(it holds {', '.join(map(str, held)) or 'no year'}). "
            f"Add the year's submissions to data/raw/submissions/{year}/, see qa.md, and run again.")


def run_db(_year: int) -> int:
    """Check the raw files, take the submissions in and build data/processed/bases.duckdb."""
    from pipeline.warehouse import database
    results = database.build_database()
    print(f"built {config.shown(config.DATABASE)}: {len(results)} model checks pass")
    return 0


def run_qa(year: int) -> int:
    """The year's intake report, qa.md: findings by base and rule, counts, coverage."""
    from pipeline.outputs import staged_outputs
    from pipeline.publish import qa
    from pipeline.warehouse import database
    with database.connect_read_only() as con:
        text = qa.markdown(con, year)
        said = qa.console_lines(con, year, (config.year_dir(year) / "qa.md").relative_to(config.ROOT))
    with staged_outputs(config.year_dir(year)) as scratch:
        (scratch / "qa.md").write_text(text, encoding="utf-8")
    print("\n".join(said))
    return 0


def run_template(year: int) -> int:
    """The year's submission forms, one workbook per base."""
    from pipeline.intake import forms
    from pipeline.outputs import staged_outputs
    folder = config.year_dir(year) / "forms"
    with staged_outputs(folder) as scratch:
        written = forms.write_forms(year, scratch)
    print(f"wrote {len(written)} forms to {folder.relative_to(config.ROOT)}/ (one workbook per base)")
    return 0


def run_check(year: int) -> int:
    """Reconcile the year with the published report; writes reconciliation.md."""
    from pipeline.outputs import staged_outputs
    from pipeline.publish import reconcile
    from pipeline.warehouse import database
    with database.connect_read_only() as con:
        require_year(con, year)
        result = reconcile.reconcile(con, year)
    with staged_outputs(config.year_dir(year)) as scratch:
        (scratch / "reconciliation.md").write_text(reconcile.markdown(result), encoding="utf-8")
    print(f"{len(result.checks)} model checks, {len(result.figures)} published figures: "
          f"{len(result.errors)} errors of the published report, {len(result.having('consequence'))} consequences "
          f"of them, {len(result.having('rounding'))} differences of rounding only "
          f"(see {(config.year_dir(year) / 'reconciliation.md').relative_to(config.ROOT)})")
    for line in result.failures:
        print(f"FAIL {line}", file=sys.stderr)
    return 1 if result.failures else 0


def run_export(year: int) -> int:
    """The year's tables as CSV (with BOM), tables.xlsx and Parquet files of the core tables."""
    from pipeline.outputs import staged_outputs
    from pipeline.publish import context, export
    from pipeline.warehouse import database
    folder = config.year_dir(year)
    with database.connect_read_only() as con:
        require_year(con, year)
        with staged_outputs(folder) as scratch:
            written = export.write_csvs(con, year, scratch)
            export.write_workbook(con, context.build(con, year), scratch / "tables.xlsx")
            written += export.write_parquet(con, year, scratch / "parquet")
    print(f"wrote {len(written)} tables, tables.xlsx and Parquet files to {folder.relative_to(config.ROOT)}/")
    return 0


def run_figures(year: int) -> int:
    """Draw the year's figures as SVG."""
    from pipeline.outputs import staged_outputs
    from pipeline.publish import figures
    from pipeline.warehouse import database
    with database.connect_read_only() as con:
        require_year(con, year)
        with staged_outputs(config.year_dir(year) / "figures") as scratch:
            written = figures.draw_all(con, year, scratch)
    print(f"drew {len(written)} figures in {(config.year_dir(year) / 'figures').relative_to(config.ROOT)}/")
    return 0


def run_render(year: int) -> int:
    """report.html and report.pdf from the database, the templates and the figures."""
    from pipeline.outputs import staged_outputs
    from pipeline.publish import context, pdf, templates
    from pipeline.warehouse import database
    folder = config.year_dir(year)
    if not (folder / "figures").is_dir():
        raise config.MissingInput(f"no figures in {folder.relative_to(config.ROOT)}/figures: run `make figures YEAR={year}` first")
    with database.connect_read_only() as con:
        require_year(con, year)
        values = context.build(con, year)
    html = templates.render_html(values)
    attachments = registry.csv_files(folder)
    missing = [p.name for p in attachments if not p.exists()]
    if missing:
        raise config.MissingInput(f"the tables to attach are missing ({', '.join(missing)}): run `make export YEAR={year}` first")
    with staged_outputs(folder) as scratch:
        (scratch / "report.html").write_text(html, encoding="utf-8")
        pdf.render_pdf(values, folder, scratch / "report.pdf", attachments, year)
    print(f"wrote {(folder / 'report.pdf').relative_to(config.ROOT)} and report.html")
    return 0


def year_files(year: int, *names: str) -> list[Path]:
    return [config.year_dir(year) / n for n in names]


def figure_tables() -> tuple[str, ...]:
    """What the figures step reads: the models of every figure's lineage (the registry) and, to check
    the year, core.submissions."""
    return ("core.submissions", *sorted({model for figure in registry.figures() for model in figure.lineage}))


DATABASE_TABLES = ("*",)  # a step that reads widely is keyed by every table

STEPS = [
    Step("db", run_db,
         lambda y: config.files("data/raw/**/*", "sql/**/*"),
         # the log DuckDB would replay onto the file must stay absent: a session left changes in it
         lambda y: [config.DATABASE, database_log(), config.INTAKE_LOG]),
    Step("figures", run_figures,
         lambda y: [],
         lambda y: [config.year_dir(y) / "figures" / f.svg_name for f in registry.figures()],
         figure_tables()),
    Step("qa", run_qa,
         lambda y: [],
         lambda y: year_files(y, "qa.md"),
         ("audit.qa_*", "audit.submissions_log")),
    Step("check", run_check,
         lambda y: config.files("sql/**/*"),  # the models' checks and order
         lambda y: year_files(y, "reconciliation.md"),
         DATABASE_TABLES),
    Step("export", run_export,
         lambda y: [],
         lambda y: year_files(y, "tables.xlsx", *(t.csv_name for t in registry.tables())),
         DATABASE_TABLES),
    Step("render", run_render,
         lambda y: sorted((config.year_dir(y) / "figures").glob("*.svg")) + sorted(config.year_dir(y).glob("table*.csv")),
         lambda y: year_files(y, "report.html", "report.pdf"),
         DATABASE_TABLES),
]
