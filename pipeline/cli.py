"""The pipeline's story, one command per step.

Each stage is a package of pipeline/, importing only the stages before it:

    raw submissions and reference data (data/raw)
      -> raw files checked against data/raw/schemas.yml                warehouse/raw_schema
      -> submissions taken in and checked against the rules           intake/ (take_in, read, checks)
      -> built into DuckDB by the SQL models of sql/                   warehouse/ (models, database)
      -> reconciled with the published report                          publish/reconcile
      -> written out as the report's tables                            publish/export
      -> drawn as figures                                              publish/figures
      -> laid out as report.html and report.pdf                        publish/ (context, templates, pdf)
    and read back without rebuilding: make docs, sql, explain          lookup/

`python -m pipeline report --year 2009` runs them in order (pipeline/steps.py), skipping any
step whose inputs have not changed since it last succeeded; each step can also be forced alone.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from pipeline import cache, config, outputs
from pipeline.steps import STEPS
from pipeline.warehouse import lock


def parse_year(text: str) -> int:
    """A report year: four digits, refused before anything runs otherwise."""
    if not re.fullmatch(r"(19|20)\d\d", text or ""):
        raise argparse.ArgumentTypeError(f"YEAR must be a year such as 2009, not {text!r}")
    return int(text)


def require_submissions(year: int) -> None:
    """A report year needs its submissions; say what is missing before anything runs."""
    folder = config.submissions_dir(year)
    if not folder.is_dir() or not any(p.suffix.lower() in config.READ_SUFFIXES for p in folder.iterdir()):
        raise config.MissingInput(
            f"there are no submissions for {year}: {folder.relative_to(config.ROOT)}/ holds no .xlsx, .xls or .csv file. "
            f"Send the forms (make template YEAR={year}), put the returned files there "
            f"(or make ingest YEAR={year} FILES='…'), and run again.")


def run_steps(names: list[str], year: int, force: bool) -> int:
    """Run the named steps in pipeline order; without force, skip those with nothing changed.

    Freshness is judged step by step, after the steps before have run: a rebuilt database
    changes the inputs of everything after it. Each step's snapshot (pipeline/cache.py) is
    taken before it runs.
    """
    for step in (s for s in STEPS if s.name in names):
        taken = cache.snapshot(step.inputs(year), step.tables)
        if not force and not cache.changes(f"{step.name}:{year}", taken, step.outputs(year)):
            print(f"{step.name}: up to date")
            continue
        started = time.perf_counter()
        code = step.run(year)
        if code:
            return code
        cache.remember(f"{step.name}:{year}", taken, step.outputs(year))
        print(f"{step.name}: {time.perf_counter() - started:.2f} s", flush=True)
    return 0


def plan(names: list[str], year: int) -> int:
    """Say which steps a report would run and why, without running anything."""
    rewritten: dict[str, str] = {}  # output -> the step that would write it
    for step in (s for s in STEPS if s.name in names):
        reasons = cache.changes(f"{step.name}:{year}", cache.snapshot(step.inputs(year), step.tables), step.outputs(year))
        by_writer: dict[str, list[str]] = {}
        for name in (config.shown(p) for p in step.inputs(year)):
            if name in rewritten:
                by_writer.setdefault(rewritten[name], []).append(name)
        upstream = [f"{writer} rewrites {inputs[0] if len(inputs) == 1 else f'{len(inputs)} of its inputs'}"
                    for writer, inputs in by_writer.items()]
        if step.tables and config.shown(config.DATABASE) in rewritten:
            upstream.insert(0, f"{rewritten[config.shown(config.DATABASE)]}, if the tables it reads change")
        if not reasons and not upstream:
            print(f"{step.name}: up to date")
            continue
        print(f"{step.name}: would run — " + "; ".join(summary(reasons) + [f"after {u}" for u in upstream]))
        rewritten.update({config.shown(output): step.name for output in step.outputs(year)})
    return 0


def summary(reasons: list[str], most: int = 6) -> list[str]:
    """The reasons grouped by kind ('changed: a, b'), at most `most` named of each kind."""
    kinds: dict[str, list[str]] = {}
    for reason in reasons:
        kind, _, what = reason.partition(": ")
        kinds.setdefault(kind, []).append(what)
    return [f"{kind}: " + ", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most else "")
            for kind, items in kinds.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for step in STEPS:
        sub = commands.add_parser(step.name, help=(step.run.__doc__ or step.name).splitlines()[0])
        sub.add_argument("--year", type=parse_year, default=2009)
        sub.set_defaults(steps=[step.name], force=True)
    sub = commands.add_parser("report", help="every step for a year, skipping those with unchanged inputs")
    sub.add_argument("--year", type=parse_year, required=True)
    sub.add_argument("--force", action="store_true", help="run every step even if its inputs are unchanged")
    sub.add_argument("--dry-run", action="store_true", help="only say which steps would run and what changed")
    sub.set_defaults(steps=[s.name for s in STEPS])
    about = ("the year's annual evaluation: evaluation.pdf and .xlsx and a one-page feedback sheet per base, "
             "in data/processed/YEAR/evaluation/")
    sub = commands.add_parser("evaluate", help=about, description=about[0].upper() + about[1:] + ".")
    sub.add_argument("--year", type=parse_year, required=True)
    sub.add_argument("--force", action="store_true", help="write it even if nothing it reads has changed")
    sub.set_defaults(steps=None)
    sub = commands.add_parser("template", help="write the year's submission forms, one xlsx per base")
    sub.add_argument("--year", type=parse_year, required=True)
    sub.set_defaults(steps=None)
    sub = commands.add_parser("ingest", help="take the year's submissions in (copying any named files into "
                                             "data/raw/submissions/YEAR/), rebuild, and write qa.md")
    sub.add_argument("--year", type=parse_year, required=True)
    sub.add_argument("files", nargs="*", type=Path, help="received files (.xlsx or .csv) to add first")
    sub.set_defaults(steps=None)
    sub = commands.add_parser("confirm", help="record a base's confirmation of a value the intake doubts "
                                              "(unit_magnitude, exports_implausible, …), in the intake log")
    sub.add_argument("--year", type=parse_year, required=True)
    sub.add_argument("file", help="the received file, as named in qa.md")
    sub.add_argument("rule", help="the rule whose finding the base confirms")
    sub.add_argument("--field", help="the field of the finding (all of the rule's findings in the file without it)")
    sub.add_argument("--note", required=True, help="what the base confirmed, by whom and how (the record)")
    sub.set_defaults(steps=None)
    sub = commands.add_parser("docs", help="write docs/data_dictionary.md from the database's comments")
    sub.set_defaults(steps=None)
    sub = commands.add_parser("sql", help="query the database read-only: one query, or a prompt without one")
    sub.add_argument("query", nargs="?", help="the SQL to run, or .tables or .describe TABLE; leave out for an interactive prompt")
    sub.set_defaults(steps=None)
    sub = commands.add_parser("explain", help="where a table's numbers come from: explain table4 [中关村 sales]")
    sub.add_argument("table", help="table1 … table7, fig1 … fig6, or a model such as report.table2_sector_overview")
    sub.add_argument("row", nargs="?", help="a base (any of its names) or a field")
    sub.add_argument("measure", nargs="?", help="output, sales or exports; featured_… for the featured part")
    sub.add_argument("--year", type=parse_year, default=2009)
    sub.set_defaults(steps=None)
    sub = commands.add_parser("reconstruct", help="regenerate the reconstructed 2009 submissions")
    sub.add_argument("--year", type=parse_year, default=2009)
    sub.add_argument("--verify", action="store_true", help="only compare with the committed file")
    sub.set_defaults(steps=None)
    sub = commands.add_parser("bench", help="time each step (median of several runs)")
    sub.add_argument("--year", type=parse_year, default=2009)
    sub.add_argument("--runs", type=int, default=5)
    sub.add_argument("--scale", action="store_true", help="the intake at 10 years × 58, 5,000 and 50,000 synthetic "
                                                          "bases, and the roll-up at 10M rows (.bench-scale/)")
    sub.set_defaults(steps=None)
    args = parser.parse_args(argv)
    try:
        if args.command in ("docs", "sql", "explain"):
            return look_up(args)
        if args.command == "bench" and args.scale:
            from pipeline import bench_scale
            return bench_scale.main()
        if args.command == "bench":  # it runs reports in other processes, which take the build lock
            from pipeline import bench
            return bench.main(args.year, args.runs)
        if getattr(args, "dry_run", False):
            require_submissions(args.year)
            return plan(args.steps, args.year)
        if args.command == "reconstruct" and args.verify:
            return reconstruct(args)
        with lock.build_lock():
            lock.clear_leftovers()  # what killed runs left: no other build runs while the lock is held
            return write_command(args)
    except Exception as error:  # every failure the user can act on carries its own one-line message
        from pipeline.errors import user_message
        message = user_message(error)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 2


def write_command(args) -> int:
    """The commands that write: each runs holding the build lock."""
    if args.command == "reconstruct":
        return reconstruct(args)
    if args.command == "template":
        from pipeline.steps import run_template
        return run_template(args.year)
    if args.command == "ingest":
        return ingest(args.year, args.files)
    if args.command == "confirm":
        return confirm(args)
    if args.command == "evaluate":
        from pipeline import evaluate
        require_submissions(args.year)
        return run_steps(["db"], args.year, force=False) or evaluate.run(args.year, args.force)
    if args.command != "db":
        require_submissions(args.year)
    return run_steps(args.steps, args.year, args.force)


def receive(files: list[Path], year: int) -> tuple[list[Path], list[str]]:
    """Copy received files into data/raw/submissions/<year>/; never overwrite a different file.
    A link, a hidden name or a missing file is refused with the reason, and the others go on."""
    folder = config.submissions_dir(year)
    folder.mkdir(parents=True, exist_ok=True)
    kept, refused = [], []
    for source in files:
        reason = ("is a symbolic link: send the file itself" if source.is_symlink()
                  else "does not exist or is not a file" if not source.is_file()
                  else "has a hidden name (starting with '.' or '~$'): rename it and send it again"
                  if source.name.startswith((".", "~$")) else "")
        if reason:
            refused.append(f"refused {source}: it {reason}")
            continue
        data = source.read_bytes()
        target, n = folder / source.name, 2
        while target.exists() and target.read_bytes() != data:
            target, n = folder / f"{source.stem}-{n}{source.suffix}", n + 1
        if not target.exists():
            outputs.write_atomically(target, data)
            print(f"received {source} as {target}")
        kept.append(target)
    return kept, refused


def ingest(year: int, files: list[Path]) -> int:
    """Take a year's submissions in: rebuild the database through the intake, then report on it.
    Files refused at the door are named again at the end, and make the exit status 1."""
    _, refused = receive(files, year)
    for line in refused:
        print(line, file=sys.stderr)
    require_submissions(year)
    code = run_steps(["db", "qa"], year, force=False)
    for line in refused:
        print(line, file=sys.stderr)
    return code or (1 if refused else 0)


def confirm(args) -> int:
    """Record a base's confirmation of a doubted value in the intake log, then take the year in again."""
    from pipeline.intake import confirmations
    entry = confirmations.record_confirmation(args.year, args.file, args.rule, args.field, args.note)
    print(f"recorded: {entry['file']} ({entry['sha256'][:12]}…), rule {entry['rule']}"
          + (f", field {entry['field']}" if entry["field"] else "") + f": {entry['note']}")
    return run_steps(["db", "qa"], args.year, force=True)


def look_up(args) -> int:
    """The read-only commands: the data dictionary, a query, the lineage of a number."""
    from pipeline.warehouse import database
    with database.connect_read_only() as con:
        if args.command == "docs":
            from pipeline.lookup import docs
            path = config.ROOT / "docs" / "data_dictionary.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(docs.markdown(con), encoding="utf-8")
            print(f"wrote {path.relative_to(config.ROOT)}")
        elif args.command == "sql":
            from pipeline.lookup import query
            if args.query:
                return 0 if query.one(con, args.query) else 1
            query.interactive(con)
        else:
            from pipeline.lookup import lineage
            print(lineage.cell_lineage(con, args.table, args.row, args.measure, args.year) if args.row
                  else lineage.table_lineage(args.table))
    return 0


def reconstruct(args) -> int:
    """Regenerate the 2009 reconstruction, or with --verify fail if the committed file differs."""
    from pipeline.warehouse import reconstruct as rebuild
    path = config.submissions_file(args.year)
    if args.verify:
        same = path.exists() and path.read_text(encoding="utf-8") == rebuild.build(args.year)
        print(f"{path.relative_to(config.ROOT)} {'matches' if same else 'DIFFERS FROM'} its reconstruction")
        return 0 if same else 1
    rebuild.write(args.year)
    print(f"wrote {path.relative_to(config.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
