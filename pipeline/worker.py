"""A second process for the drawing and layout steps, started early so that its slow imports
(matplotlib, WeasyPrint: about two seconds) overlap the database build on the other core, and
so that the figures are drawn while the main process reconciles and exports."""
from __future__ import annotations

import multiprocessing
import traceback


def serve(requests, replies) -> None:
    """Import the heavy libraries, then run the steps the main process sends, one at a time."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import weasyprint  # noqa: F401

    from pipeline.errors import user_message
    from pipeline.steps import STEPS
    by_name = {s.name: s for s in STEPS}
    while (request := requests.get()) is not None:
        name, year = request
        try:
            replies.put((by_name[name].run(year), None))
        except Exception as error:  # a bug is reported in full rather than leave the main process waiting
            message = user_message(error)
            replies.put((2, message) if message else (1, traceback.format_exc()))


class Worker:
    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self.requests, self.replies = context.Queue(), context.Queue()
        self.process = context.Process(target=serve, args=(self.requests, self.replies), daemon=True)
        self.process.start()

    def submit(self, name: str, year: int) -> None:
        self.requests.put((name, year))

    def result(self) -> tuple[int, str | None]:
        """The (exit code, error message) of the oldest step submitted and not yet collected."""
        return self.replies.get()

    def close(self) -> None:
        self.requests.put(None)
        self.process.join(timeout=10)
