"""Lay out the evaluation report and the feedback sheets in the annual report's house style.

The report's own style.css is read at render time and the evaluation's additions
(report_templates/evaluation/evaluation.css) follow it, so a change to the house style reaches
the evaluation too. The 58 sheets are laid out once, as one document; each base's PDF is its
page of that document, so a sheet that runs over one page fails the render, naming the base.
Writing a PDF (font subsetting, compression) costs more than the layout, so the files are
written by processes forked after it, which share the laid-out document without copying it.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from markupsafe import Markup
from weasyprint.text.fonts import FontConfiguration

from pipeline import config, registry
from pipeline.publish.pdf import (
    PDF_OPTIONS,
    RestrictedFetcher,
    cycle_collection_paused,
    house_layout,
    identifier,
    laid_out,
    render_pdf,
)
from pipeline.publish.templates import RenderError, compiled, environment, load_yaml, tighten

EVALUATION_TEMPLATES = config.TEMPLATES / "evaluation"
# Processes that write the sheets' PDFs: the machine's cores, two at most (the gain flattens after).
WORKERS = min(2, len(os.sched_getaffinity(0)))
# The writes a forked process runs, by index: set in the parent just before the fork, so that the
# children inherit them (and the laid-out document they close over) instead of receiving a pickle.
_forked_writes: list[Callable[[], None]] = []


def house_css() -> Markup:
    """The report's stylesheet followed by the evaluation's additions."""
    return Markup("\n".join((folder / name).read_text(encoding="utf-8") for folder, name in (
        (config.TEMPLATES, "style.css"), (EVALUATION_TEMPLATES, "evaluation.css"))))


def render_html(context: dict, template: str) -> str:
    """One of the evaluation's documents (evaluation.html.j2 or sheets.html.j2) as HTML, without
    spaces inside Chinese text, as the annual report (templates.tighten)."""
    env = environment()
    context = {**context, "css": house_css(), "table6_number": registry.table("table6").number,
               "outline": [{**h, "title": compiled(env, h["title"]).render(context)}
                           for h in load_yaml("evaluation/outline.yml")]}
    return tighten(env.get_template(f"evaluation/{template}").render(context))


def write_report(html: str, folder: Path, target: Path, year: int) -> None:
    """The evaluation report as PDF/A-3b, tagged, like the annual report."""
    render_pdf(html, folder, target, [], year)


@cycle_collection_paused()
def write_sheets(html: str, base_ids: list[str], folder: Path, combined: Path, sheet_path,
                 workers: int = WORKERS, also: list[Callable[[], None]] = ()) -> list[Path]:
    """All sheets in one PDF and one PDF per base (sheet_path(base_id) names it); each sheet one page.
    With workers > 1 the files are written in that many forked processes: the caller must hold no
    open DuckDB connection (its threads do not survive a fork). also: other writes (the evaluation
    report) to run in the same processes, after the combined file."""
    with house_layout("the sheets need"):  # as the report: the sheets justify Chinese lines the same way
        document = laid_out(html, folder, RestrictedFetcher([config.TEMPLATES, folder]), {}, FontConfiguration())
    starts = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("sheet-"):
                starts[anchor.removeprefix("sheet-")] = number
    for expected, base_id in enumerate([*base_ids, None]):
        start = starts.get(base_id, -1) if base_id else len(document.pages)
        if start != expected:
            runs_over = base_ids[max(expected - 1, 0)]
            raise RenderError(f"the feedback sheet of {runs_over} does not fit on one page "
                              f"({len(document.pages)} pages for {len(base_ids)} bases): shorten its text or the CSS")
    options = {"pdf_identifier": identifier(html), **PDF_OPTIONS}
    paths = [sheet_path(base_id) for base_id in base_ids]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
    writes = [lambda: document.write_pdf(combined, **options), *also]  # the longest first
    writes += [lambda page=document.pages[starts[base_id]], path=path: document.copy([page]).write_pdf(path, **options)
               for base_id, path in zip(base_ids, paths)]
    run_writes(writes, workers)
    return [combined, *paths]


def run_writes(writes: list[Callable[[], None]], workers: int) -> None:
    """Run the writes here (workers 1) or in forked processes, each taking the next write when it
    is done with one. An error in a write is raised here; a process that dies raises RenderError."""
    if workers <= 1:
        for write in writes:
            write()
        return
    global _forked_writes
    _forked_writes = writes
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        for future in [pool.submit(_run_forked_write, number) for number in range(len(writes))]:
            future.result()
    except BrokenProcessPool as error:
        raise RenderError(f"a process writing the evaluation's PDFs stopped before it was done ({error}): "
                          "killed, or out of memory; the previous outputs are left as they were, run it again") from error
    finally:
        pool.shutdown(cancel_futures=True)
        _forked_writes = []


def _run_forked_write(number: int) -> None:
    _forked_writes[number]()
