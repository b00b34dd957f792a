"""A second process for the drawing steps (figures, render), started early so that its slow imports
(matplotlib, WeasyPrint: about two seconds) overlap the database build on the other core, and so
that the figures are drawn while the main process reconciles and exports.

It is a process pool of one (concurrent.futures): if the process dies (killed, out of memory), the
step's future raises BrokenProcessPool at once instead of leaving the main process waiting."""
from __future__ import annotations

import multiprocessing
import traceback
from concurrent.futures import ProcessPoolExecutor


def start() -> ProcessPoolExecutor:
    """The pool, its process already started and loading the drawing libraries."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    pool.submit(load_drawing_libraries)  # a pool starts its process at the first task
    return pool


def load_drawing_libraries() -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import weasyprint  # noqa: F401


def run_step(name: str, year: int) -> tuple[int, str | None]:
    """Run one step of pipeline/steps.py: its exit code, and the message of a failure (a user
    error's one line, a bug's traceback), which the main process prints."""
    from pipeline.errors import user_message
    from pipeline.steps import STEPS
    try:
        return next(s for s in STEPS if s.name == name).run(year), None
    except Exception as error:  # noqa: BLE001  reported in full to the main process, which prints it
        message = user_message(error)
        return (2, message) if message else (1, traceback.format_exc())
