"""Reconcile a year's regenerated figures with the published report.

Two kinds of evidence: the models' own checks (every total equals the sum of its parts,
shares add to 100, counts agree between tables) and the comparison of every published figure
with its recomputation (report.reconciliation). A difference passes only when it stands in
the tracked list of the published report's own errors.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline import config, models

FAILING = ("unexplained", "missing", "stale_known")


@dataclass
class Reconciliation:
    year: int
    checks: list[models.CheckResult]
    figures: list[dict]

    @property
    def failures(self) -> list[str]:
        """Every failing check and figure, named."""
        out = [f"check {c.model}: {c.check} ({c.failing_rows} failing rows, e.g. {c.sample[:2]})"
               for c in self.checks if not c.passed]
        out += [f"figure {f['published_id']} ({f['location']}): published {f['published_value']}, "
                f"recomputed {format_number(f['computed_rounded'])}, status {f['status']}"
                for f in self.figures if f["status"] in FAILING]
        return out

    @property
    def discrepancies(self) -> list[dict]:
        return [f for f in self.figures if f["status"] == "known_discrepancy"]


def format_number(value) -> str:
    if value is None:
        return "-"
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def reconcile(con: duckdb.DuckDBPyConnection, year: int, sql_dir: Path = config.SQL) -> Reconciliation:
    ordered = models.build_order(models.discover(sql_dir))
    checks = models.run_checks(con, ordered)
    cursor = con.execute("select * from report.reconciliation where year = ? order by published_id", [year])
    names = [d[0] for d in cursor.description]
    figures = [dict(zip(names, row)) for row in cursor.fetchall()]
    return Reconciliation(year, checks, figures)


def markdown(result: Reconciliation) -> str:
    """reconciliation.md: the verdict, the checks, the report's own errors, and anything failing."""
    statuses: dict[str, int] = {}
    for f in result.figures:
        statuses[f["status"]] = statuses.get(f["status"], 0) + 1
    passed = sum(c.passed for c in result.checks)
    verdict = "FAILED" if result.failures else "passed"
    lines = [
        f"# Reconciliation of the {result.year} report",
        "",
        f"Verdict: **{verdict}**.",
        "",
        f"- Model checks (accounting identities, shares, counts, keys): {passed} of {len(result.checks)} pass.",
        f"- Published figures compared at their printed precision: {len(result.figures)}; "
        + ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(statuses.items())) + ".",
        "",
    ]
    if not result.figures:
        lines += [f"No published report of {result.year} is held (data/raw/published/published_figures_"
                  f"{result.year}.csv): only the model checks apply.", ""]
    if result.failures:
        lines += ["## Failing", ""] + [f"- {f}" for f in result.failures] + [""]
    lines += [
        "## Discrepancies in the published report",
        "",
        "Each is a published figure that its own inputs, recomputed, do not give. They are kept as",
        "printed in data/raw/published and listed in data/raw/published/known_discrepancies_"
        f"{result.year}.csv.",
        "",
        "| Where | Published | Recomputed | Evidence |",
        "|---|---|---|---|",
    ]
    for f in result.discrepancies:
        lines.append(f"| {f['location']} | {f['published_value']} | {format_number(f['computed_rounded'])} | "
                     f"{f['why'].replace('|', '/')} |")
    lines += ["", "## Model checks", "", "| Model | Check | Result |", "|---|---|---|"]
    for c in result.checks:
        lines.append(f"| {c.model} | {c.check.replace('|', '/')} | "
                     f"{'pass' if c.passed else f'FAIL ({c.failing_rows} rows)'} |")
    return "\n".join(lines) + "\n"
