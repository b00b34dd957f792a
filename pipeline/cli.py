"""The pipeline's story, one command per step.

    raw submissions and reference data (data/raw)
      -> checked against data/raw/schemas.yml                      (ingest)
      -> built into DuckDB by the SQL models of sql/                (models, database)
      -> reconciled with the published report                       (reconcile)
      -> written out as the report's tables                         (tables)
      -> drawn as figures                                           (figures)
      -> laid out as report.html and report.pdf                     (context, render)

`python -m pipeline report --year 2009` runs them in order; each step can also run alone.
"""
from __future__ import annotations

import argparse
import re
import sys

from pipeline import config, context, database, figures, reconcile, reconstruct, render, tables
from pipeline.ingest import InputError
from pipeline.models import ModelError
from pipeline.outputs import staged_outputs


def parse_year(text: str) -> int:
    """A report year: four digits, refused before anything runs otherwise."""
    if not re.fullmatch(r"(19|20)\d\d", text or ""):
        raise argparse.ArgumentTypeError(f"YEAR must be a year such as 2009, not {text!r}")
    return int(text)


def require_year(con, year: int) -> None:
    """Stop with a clear message when the database holds no submissions for the year."""
    held = [row[0] for row in con.execute("select distinct year from core.submissions order by year").fetchall()]
    if year not in held:
        raise LookupError(
            f"there are no submissions for {year}: expected {config.submissions_file(year).relative_to(config.ROOT)} "
            f"(the database holds {', '.join(map(str, held)) or 'no year'}). "
            f"Add the year's submissions to data/raw/submissions/{year}/ and run again.")


def step_db(_args) -> int:
    results = database.build_database()
    print(f"built {config.DATABASE.relative_to(config.ROOT)}: {len(results)} model checks pass")
    return 0


def step_check(args) -> int:
    with database.connect_read_only() as con:
        require_year(con, args.year)
        result = reconcile.reconcile(con, args.year)
    with staged_outputs(config.year_dir(args.year)) as scratch:
        (scratch / "reconciliation.md").write_text(reconcile.markdown(result), encoding="utf-8")
    report_path = (config.year_dir(args.year) / "reconciliation.md").relative_to(config.ROOT)
    print(f"{len(result.checks)} model checks, {len(result.figures)} published figures, "
          f"{len(result.discrepancies)} discrepancies of the published report (see {report_path})")
    for line in result.failures:
        print(f"FAIL {line}", file=sys.stderr)
    return 1 if result.failures else 0


def step_tables(args) -> int:
    with database.connect_read_only() as con:
        require_year(con, args.year)
        with staged_outputs(config.year_dir(args.year)) as scratch:
            written = tables.write_tables(con, args.year, scratch)
    print(f"wrote {len(written)} tables to {config.year_dir(args.year).relative_to(config.ROOT)}/")
    return 0


def step_figures(args) -> int:
    with database.connect_read_only() as con:
        require_year(con, args.year)
        with staged_outputs(config.year_dir(args.year) / "figures") as scratch:
            written = figures.draw_all(con, args.year, scratch)
    print(f"drew {len(written)} figures in {(config.year_dir(args.year) / 'figures').relative_to(config.ROOT)}/")
    return 0


def step_render(args) -> int:
    """report.html and report.pdf from the database, the templates and the figures."""
    folder = config.year_dir(args.year)
    if not (folder / "figures").is_dir():
        raise LookupError(f"no figures in {folder.relative_to(config.ROOT)}/figures: run `make figures YEAR={args.year}` first")
    with database.connect_read_only() as con:
        require_year(con, args.year)
        values = context.build(con, args.year)
    html = render.render_html(values)
    with staged_outputs(folder) as scratch:
        (scratch / "report.html").write_text(html, encoding="utf-8")
        render.render_pdf(html, folder, scratch / "report.pdf")
    print(f"wrote {(folder / 'report.pdf').relative_to(config.ROOT)} and report.html")
    return 0


def step_report(args) -> int:
    """Everything a report year needs, in pipeline order."""
    for step in (step_db, step_check, step_tables, step_figures, step_render):
        code = step(args)
        if code:
            return code
    return 0


def step_reconstruct(args) -> int:
    """Regenerate the 2009 reconstruction, or with --verify fail if the committed file differs."""
    expected = reconstruct.build(args.year)
    path = config.submissions_file(args.year)
    if args.verify:
        same = path.exists() and path.read_text(encoding="utf-8") == expected
        print(f"{path.relative_to(config.ROOT)} {'matches' if same else 'DIFFERS FROM'} its reconstruction")
        return 0 if same else 1
    reconstruct.write(args.year)
    print(f"wrote {path.relative_to(config.ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("db", help="validate data/raw and build data/processed/bases.duckdb").set_defaults(run=step_db)
    for name, run, text in (("check", step_check, "reconcile a year with the published report"),
                            ("tables", step_tables, "write a year's Tables 1-7 as CSV"),
                            ("figures", step_figures, "draw a year's figures as SVG"),
                            ("render", step_render, "render a year's report.html and report.pdf"),
                            ("report", step_report, "build, reconcile and write a year's report")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--year", type=parse_year, required=True)
        sub.set_defaults(run=run)
    sub = commands.add_parser("reconstruct", help="regenerate the reconstructed 2009 submissions")
    sub.add_argument("--year", type=parse_year, default=2009)
    sub.add_argument("--verify", action="store_true", help="only compare with the committed file")
    sub.set_defaults(run=step_reconstruct)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (InputError, ModelError, LookupError, FileNotFoundError, reconstruct.ReconstructionError,
            render.RenderError, context.MissingFigure) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
