"""Reconcile a year's regenerated figures with the published report.

Two kinds of evidence: the models' own checks (every total equals the sum of its parts,
shares add to 100, counts agree between tables) and the comparison of every published figure
with its recomputation (audit.reconciliation). A printed figure stands for the interval of
values that round to it: the consistency solver (pipeline/warehouse/consistency.py) tells the report's
errors from their consequences and from differences of rounding only, and a difference passes
only when the data, the solver and the tracked record of the report's mistakes
(data/raw/published/known_discrepancies_<year>.csv) agree on it.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.publish import formatting
from pipeline.publish.context import records
from pipeline.warehouse import models

FAILING = ("unexplained", "missing", "stale")
STATUSES = ("match", "rounding", "error", "consequence")


@dataclass
class Reconciliation:
    year: int
    checks: list[models.CheckResult]
    figures: list[dict]

    @property
    def failures(self) -> list[str]:
        """Every failing check and figure, named."""
        out = [f"check {c.model}: {c.check} ({c.failing_rows} failing rows)"
               for c in self.checks if not c.passed]
        out += [f"figure {f['published_id']} ({f['location']}): published {f['published_value']}, "
                f"recomputed {as_printed(f['computed_rounded'], f['published_value'])}, status {f['status']}"
                for f in self.figures if f["status"] in FAILING]
        return out

    def having(self, status: str) -> list[dict]:
        return [f for f in self.figures if f["status"] == status]

    @property
    def errors(self) -> list[dict]:
        """The report's errors, each once."""
        return self.having("error")

    def consequences(self, error: dict) -> list[dict]:
        """The figures wrong only because they follow from the error."""
        return [f for f in self.having("consequence") if f["root_cause"] == error["published_id"]]


def as_printed(value, published_value: str) -> str:
    """A recomputed value at the precision the report prints the figure."""
    decimals = len(published_value.split(".")[1]) if "." in published_value else 0
    return formatting.num(value, decimals)


def reconcile(con: duckdb.DuckDBPyConnection, year: int) -> Reconciliation:
    """The year's published figures against their recomputation, with the checks the build ran."""
    checks = models.recorded_checks(con)
    figures = records(con, "select * from audit.reconciliation where year = ? order by published_id", [year])
    return Reconciliation(year, checks, figures)


def markdown(result: Reconciliation) -> str:
    """reconciliation.md: the verdict, the four statuses, the report's errors with their
    consequences, the differences of rounding only, the checks, and anything failing."""
    statuses = {s: len(result.having(s)) for s in STATUSES}
    statuses.update({s: len(result.having(s)) for s in FAILING if result.having(s)})
    passed = sum(c.passed for c in result.checks)
    verdict = "FAILED" if result.failures else "passed"
    lines = [
        f"# Reconciliation of the {result.year} report",
        "",
        f"Verdict: **{verdict}**.",
        "",
        f"- Model checks (accounting identities, shares, counts, keys): {passed} of {len(result.checks)} pass.",
        f"- Published figures compared at their printed precision: {len(result.figures)}.",
        "",
        "| Status | Figures | Meaning |",
        "|---|---|---|",
        f"| match | {statuses['match']} | the data reproduces it, and so do the printed figures it derives from |",
        f"| rounding | {statuses['rounding']} | the data reproduces it; the printed figures it derives from, added or "
        "divided, round to another number (rows rounded to the cent miss their total by a few cents) |",
        f"| error | {statuses['error']} | wrong in itself: no unrounded values reproduce it with the figures around it |",
        f"| consequence | {statuses['consequence']} | wrong only because it follows from an error: computed from it "
        "or repeating it |",
    ]
    lines += [f"| {s} | {statuses[s]} | fails the check |" for s in FAILING if s in statuses]
    lines.append("")
    if not result.figures:
        lines += [f"No published report of {result.year} is held (data/raw/published/published_figures_"
                  f"{result.year}.csv): only the model checks apply.", ""]
    if result.failures:
        lines += ["## Failing", ""] + [f"- {f}" for f in result.failures] + [""]
    lines += [
        "## Errors of the published report",
        "",
        "A printed figure stands for the interval of values that round to it. These are the fewest printed",
        "figures that must be wrong for all the others to be reproduced by some unrounded values",
        "(pipeline/warehouse/consistency.py), each with the figures that are wrong only because they follow from it.",
        f"The evidence is kept in data/raw/published/known_discrepancies_{result.year}.csv.",
        "",
        "| Where | Published | Recomputed | Evidence |",
        "|---|---|---|---|",
    ]
    for error in result.errors:
        lines.append(row(error))
        lines += [row(f, "↳ ") for f in result.consequences(error)]
    lines += ["", "## Differences of rounding only", "",
              "| Where | Published | From the printed figures | Recomputed |", "|---|---|---|---|"]
    for f in result.having("rounding"):
        lines.append(f"| {f['location']} | {f['published_value']} | "
                     f"{as_printed(f['printed_recomputation'], f['published_value'])} | "
                     f"{as_printed(f['computed_rounded'], f['published_value'])} |")
    lines += ["", "## Model checks", "", "| Model | Check | Result |", "|---|---|---|"]
    for c in result.checks:
        lines.append(f"| {c.model} | {c.check.replace('|', '/')} | "
                     f"{'pass' if c.passed else f'FAIL ({c.failing_rows} rows)'} |")
    return "\n".join(lines) + "\n"


def row(f: dict, indent: str = "") -> str:
    return (f"| {indent}{f['location']} | {f['published_value']} | {as_printed(f['computed_rounded'], f['published_value'])} | "
            f"{(f['why'] or '').replace('|', '/')} |")
