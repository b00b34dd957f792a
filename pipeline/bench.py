"""`make bench`: how long each step takes, and the whole report with and without changes.

Timings are medians of several runs on a shared, noisy machine; compare them as ratios
within one run rather than against fixed limits.
"""
from __future__ import annotations

import contextlib
import io
import statistics
import subprocess
import sys
import time

from pipeline import config
from pipeline.steps import STEPS
from pipeline.warehouse import lock


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report_command(year: int, *extra: str) -> callable:
    command = [sys.executable, "-m", "pipeline", "report", "--year", str(year), *extra]
    return lambda: subprocess.run(command, cwd=config.ROOT, check=True, capture_output=True)


def main(year: int, runs: int) -> int:
    rows = []
    with lock.build_lock():  # released before the timed reports, which take it themselves
        for step in STEPS:
            with contextlib.redirect_stdout(io.StringIO()):
                step.run(year)  # warm: imports and caches are paid once, outside the timing
                seconds = median_seconds(lambda: step.run(year), runs)
            rows.append((step.name, seconds))
    in_process = sum(s for _, s in rows)
    forced = median_seconds(report_command(year, "--force"), runs)
    unchanged = median_seconds(report_command(year), runs)
    print(f"median of {runs} runs, year {year}")
    print(f"{'step':<28}{'seconds':>9}")
    for name, seconds in rows:
        print(f"{name:<28}{seconds:>9.2f}")
    print(f"{'steps, one process':<28}{in_process:>9.2f}")
    print(f"{'make report, all steps':<28}{forced:>9.2f}   (a new process: imports included)")
    print(f"{'make report, nothing changed':<28}{unchanged:>9.2f}   ({unchanged / forced:.0%} of a full run)")
    return 0
