"""Reconstruct the 2009 per-base submissions from what the published report gives.

Most per-base values of 2009 were never published. This module rebuilds one record per
base that reproduces every published figure that is not an error of the report:

1. a first guess, by rule: a value the report publishes for a base (Tables 4 and 5, the text)
   is used as published; a field with a single base takes the field's row of Table 2 or 3;
   what is left of a field's row after the published values is spread over the field's other
   bases: equal shares for sales and exports (total and featured), gross output in proportion
   to sales and featured output in proportion to featured sales, so that a base's output and
   sales keep the field's ratio; amounts in cents by the largest-remainder method (ties go to
   the lower Table 1 number);
2. the printed figures are rounded: the sum of a table's printed rows may miss its printed
   total by up to half a cent a row, and a share was computed on unrounded values. The values
   are moved, on a grid of 0.0001 and as little as they can be (a reconstructed value before a
   derived one, a published one last), until every printed row, total and share that is not
   an error rounds back to what the report prints (pipeline/warehouse/consistency.py).

Every value carries its provenance: published, derived or reconstructed; a value that step 2
moved is reconstructed, whatever it was before.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

from pipeline import config
from pipeline.warehouse import consistency

CENT = Decimal("0.01")
# how strongly step 2 keeps a first guess, per 0.0001 moved (a reconstructed value: 1 / its size)
STIFFNESS = {"published": 1000.0, "derived": 100.0}

# measure -> (unit suffix, table of the field row, measure whose values weight the spread)
MEASURES = {
    "output": ("100m_cny", "表2", "sales"),
    "featured_output": ("100m_cny", "表3", "featured_sales"),
    "sales": ("100m_cny", "表2", None),
    "featured_sales": ("100m_cny", "表3", None),
    "exports": ("100m_usd", "表2", None),
    "featured_exports": ("100m_usd", "表3", None),
}
# weights must be known before the measures that use them
ORDER = ["sales", "featured_sales", "exports", "featured_exports", "output", "featured_output"]
COLUMN_ORDER = ["output", "featured_output", "sales", "featured_sales", "exports", "featured_exports"]
THRESHOLDS = consistency.THRESHOLDS


@dataclass(frozen=True)
class ReconstructedValue:
    """One base's value of one measure in the reconstruction: printed in the report, derived from
    what is printed, or reconstructed by rule (not the intake's submission.Value, which is read from a file)."""
    amount: Decimal
    provenance: str  # published | derived | reconstructed
    source: str


class ReconstructionError(ValueError):
    """The published figures cannot be reconciled into per-base values under the rules."""


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def spread(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split total into cents in proportion to weights; the parts sum to total exactly."""
    cents = int((total / CENT).to_integral_value())
    if cents < 0:
        raise ReconstructionError(f"negative remainder {total} to spread")
    weight_sum = sum(weights)
    if weight_sum == 0:
        weights, weight_sum = [Decimal(1)] * len(weights), Decimal(len(weights))
    exact = [Decimal(cents) * w / weight_sum for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = cents - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


def published_amounts(published: list[dict]) -> dict[str, tuple[Decimal, str]]:
    """figure_id -> (most precise published value, where it stands); conflicting values fail."""
    figures: dict[str, tuple[Decimal, str]] = {}
    for row in published:
        if row["published_value"] in ("", "-"):
            continue
        value, fid = Decimal(row["published_value"]), row["figure_id"]
        where = row["location"].split(":")[0]
        if fid in figures:
            known = figures[fid][0]
            coarse, fine = sorted((known, value), key=lambda d: d.as_tuple().exponent, reverse=True)
            if fine.quantize(coarse, rounding=ROUND_HALF_UP) != coarse:
                raise ReconstructionError(f"{fid} is published as both {known} and {value}")
            if value.as_tuple().exponent >= known.as_tuple().exponent:
                continue
        figures[fid] = (value, where)
    return figures


def first_guess(bases: list[dict], fields: list[dict], published: list[dict]) -> dict:
    """Step 1: {base_id: {measure: ReconstructedValue}} for every base, by rule, in cents."""
    figures = published_amounts(published)
    result: dict[str, dict[str, ReconstructedValue]] = {b["base_id"]: {} for b in bases}
    for field in fields:
        members = sorted((b for b in bases if b["field_zh"] == field["field_zh"]),
                         key=lambda b: int(b["table1_no"]))
        for measure in ORDER:
            _, table, weight_by = MEASURES[measure]
            field_row = f"field.{field['field_key']}.{measure}"
            if field_row not in figures:
                raise ReconstructionError(f"no published field row {field_row}")
            total = figures[field_row][0]
            row_label = f"{table} {field['field_zh']}"
            open_bases = []
            for b in members:
                fid = f"base.{b['base_id']}.{measure}"
                if fid in figures:
                    result[b["base_id"]][measure] = ReconstructedValue(figures[fid][0], "published", figures[fid][1])
                else:
                    open_bases.append(b)
            remainder = total - sum(result[b["base_id"]][measure].amount
                                    for b in members if b not in open_bases)
            if not open_bases:
                if remainder != 0:
                    raise ReconstructionError(f"published values of {row_label} {measure} miss the row by {remainder}")
                continue
            if len(members) == 1:
                result[open_bases[0]["base_id"]][measure] = ReconstructedValue(
                    total, "derived", f"{row_label} (the field's only base)")
                continue
            if weight_by:
                weights = [result[b["base_id"]][weight_by].amount for b in open_bases]
                rule = f"remainder of {row_label} in proportion to {weight_by}"
            else:
                weights = [Decimal(1)] * len(open_bases)
                rule = f"equal share of the remainder of {row_label}"
            for b, amount in zip(open_bases, spread(remainder, weights)):
                result[b["base_id"]][measure] = ReconstructedValue(amount, "reconstructed", rule)
    check(result, figures)
    return result


def reconstruct(bases: list[dict], fields: list[dict], published: list[dict], model: consistency.Model) -> dict:
    """{base_id: {measure: ReconstructedValue}} for every base: the first guess (step 1), moved until every
    printed figure that the report does not get wrong is reproduced (step 2)."""
    guess = first_guess(bases, fields, published)
    flat = {(b, m): v for b, values in guess.items() for m, v in values.items()}
    stiffness = {k: STIFFNESS.get(v.provenance, 1.0 / max(float(v.amount), 1.0)) for k, v in flat.items()}
    values = consistency.reproduce(consistency.solve(model), {k: v.amount for k, v in flat.items()}, stiffness)
    result: dict[str, dict[str, ReconstructedValue]] = {b: {} for b in guess}
    for (b, m), amount in values.items():
        before = flat[(b, m)]
        result[b][m] = before if amount == before.amount else ReconstructedValue(
            amount, "reconstructed",
            f"{before.source} ({before.amount}), moved by {amount - before.amount:+} to reproduce the printed totals and shares")
    check(result, published_amounts(published))
    return result


def check(result: dict, figures: dict) -> None:
    """The constraints every reconstructed record must meet."""
    for base_id, values in result.items():
        for measure, v in values.items():
            if v.amount < 0:
                raise ReconstructionError(f"{base_id} {measure} is negative: {v.amount}")
        for measure in ("output", "sales", "exports"):
            if values["featured_" + measure].amount > values[measure].amount:
                raise ReconstructionError(f"{base_id} featured {measure} exceeds its total")
        for measure, (limit, table) in THRESHOLDS.items():
            listed = f"{table}.{base_id}.listed" in figures
            if not listed and values[measure].amount >= limit:
                raise ReconstructionError(f"{base_id} is not in {table} but its {measure} reaches {limit}")


def render(result: dict, bases: list[dict], year: int) -> str:
    """The submissions file, one row per base in Table 1 order."""
    header = ["year", "base_id", "base_name"]
    for m in COLUMN_ORDER:
        unit = MEASURES[m][0]
        header += [f"{m}_{unit}", f"{m}_provenance", f"{m}_source"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for b in sorted(bases, key=lambda b: int(b["table1_no"])):
        row = [year, b["base_id"], b["base_name"]]
        for m in COLUMN_ORDER:
            v = result[b["base_id"]][m]
            row += [f"{v.amount.quantize(consistency.GRID)}", v.provenance, v.source]
        writer.writerow(row)
    return out.getvalue()


def build(year: int = 2009) -> str:
    bases = read_csv(config.REFERENCE / "bases.csv")
    fields = read_csv(config.REFERENCE / "fields.csv")
    published = read_csv(config.published_figures(year))
    return render(reconstruct(bases, fields, published, consistency.load(config.RAW, year)), bases, year)


def write(year: int = 2009) -> Path:
    """Regenerate the committed submissions file."""
    path = config.submissions_file(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    from pipeline.outputs import write_atomically
    write_atomically(path, build(year).encode("utf-8"))
    return path
