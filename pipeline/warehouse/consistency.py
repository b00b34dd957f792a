"""Which printed figures of a published report must be wrong, and values that reproduce the rest.

A printed figure stands for the interval of values that round to it: 12.35 for [12.345, 12.355).
Two worlds are modelled over the same unknowns, one value per base and measure:

- the authors' world: the values the report's authors had. Each printed figure rounds its
  author value, and each computed figure (a row's total, a share) is computed from the author
  values of its inputs, unless the figure is an error: an error cuts both links;
- the true world: totals are the sums of their parts and shares the ratios of their terms; a
  printed figure is reproduced when its true value rounds to it.

Both worlds keep a featured industry within its total and a base not listed in Table 4 (5)
under the table's threshold; national shares divide by the reference figures as recorded.
Outside an error and what is computed from it the two worlds are the same. SciPy's HiGHS solves
two mixed-integer programmes: the fewest errors that make the authors' world consistent
(blaming a figure the report computes before a figure it gives as data, when both explain the
same), then, with those errors, the true world that reproduces the most printed figures. A
printed figure is then

- an error: wrong in itself;
- a consequence: no error, but not reproduced, because it was computed from an error (a share
  on a wrong total) or repeats one (a text repeating a wrong cell); root_cause names the error;
- rounding: reproduced, but the same computation on the printed figures (the sum of the printed
  rows, the printed part over the printed total) rounds to another number;
- a match: reproduced, and the printed figures it derives from give it too.

A text figure that prints the same figure_id as a table cell repeats that cell. Rankings ("the
largest are A, B and C") and counts of bases over a threshold involve no rounding: they are
read off the true world. `reproduce` then chooses per-base values on a grid of 0.0001, each as
close as it can be to a first guess, so that every printed figure that is no error or
consequence rounds back to what the report prints, and checks that exactly.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path

from pipeline.outputs import write_atomically

MEASURES = ("output", "featured_output", "sales", "featured_sales", "exports", "featured_exports")
THRESHOLDS = {"sales": (Decimal(1000), "t4"), "exports": (Decimal(100), "t5")}
REFERENCES = {"national.exports_share_pct": ("exports", "national.exports"),
              "national.featured_exports_hightech_share_pct": ("featured_exports", "national.hightech_exports")}
GRID = Decimal("0.0001")
SOLVER_PACKAGES = ("scipy", "numpy")
TABLE_CELL = re.compile(r"t[2-5]\.")
TABLE_DECIMALS = 2
COUNT = re.compile(r"count\.((?:featured_)?(?:sales|exports))_over_(\d+)")

# The objective, lexicographic in effect: fewest errors first, a computed figure blamed before
# a figure given as data when the two explain the same, then the most figures reproduced.
ERROR_COMPUTED = 1_000_000.0
ERROR_DATA = 1_010_000.0
UNREPRODUCED = 1.0


class InconsistentFigures(ValueError):
    """The solver could not give a verdict or values that the exact check accepts."""


def half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Printed:
    """A number as the report prints it, standing for the interval of values that round to it."""
    published_id: str
    figure_id: str
    text: str
    location: str = ""

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)

    @property
    def decimals(self) -> int:
        return len(self.text.split(".")[1]) if "." in self.text else 0

    def interval(self, decimals: int | None = None) -> tuple[Decimal, Decimal]:
        """[low, high): the values that round half up to the printed value (at decimals, if given)."""
        half = Decimal(5).scaleb(-(self.decimals if decimals is None else decimals) - 1)
        return self.value - half, self.value + half


@dataclass(frozen=True)
class Quantity:
    """What a printed figure measures: an amount of a node, a ratio of two, a rank or a count."""
    kind: str  # amount | ratio | rank | count
    nodes: tuple = ()
    measure: str = ""
    field_key: str = ""
    limit: Decimal = Decimal(0)

    @property
    def is_share_of_reference(self) -> bool:
        """A share of a national figure (reference_figures.csv): its denominator is no base's value."""
        return self.kind == "ratio" and self.nodes[1][0] == "ref"


@dataclass(frozen=True)
class Verdict:
    published_id: str
    status: str
    root_cause: str | None
    printed_recomputation: Decimal | None


@dataclass
class Solution:
    model: Model
    verdicts: dict[str, Verdict]


class Programme:
    """A mixed-integer linear programme in the form scipy.optimize.milp takes."""

    def __init__(self):
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.cost: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []

    def var(self, lower: float, upper: float, integer: bool = False, cost: float = 0.0) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(int(integer))
        self.cost.append(cost)
        return len(self.lower) - 1

    def constrain(self, coeffs: dict[int, float], lower: float, upper: float) -> None:
        self.rows.append(({k: v for k, v in coeffs.items() if v != 0}, lower, upper))

    def span(self, coeffs: dict[int, float]) -> tuple[float, float]:
        """The least and greatest value of a linear expression within the variables' bounds."""
        low = sum(c * (self.lower[i] if c > 0 else self.upper[i]) for i, c in coeffs.items())
        high = sum(c * (self.upper[i] if c > 0 else self.lower[i]) for i, c in coeffs.items())
        return low, high

    def constrain_unless(self, coeffs: dict[int, float], lower: float, upper: float, switch: int, on: int) -> None:
        """lower <= expression <= upper whenever the binary `switch` equals `on` (big-M)."""
        low, high = self.span(coeffs)
        below, above = max(lower - low, 0.0), max(high - upper, 0.0)
        if lower > float("-inf") and below > 0:
            # enforced at switch == on: expression + below * (switch or 1 - switch) >= lower
            sign = 1.0 if on == 0 else -1.0
            self.constrain({**coeffs, switch: sign * below}, lower - (below if on == 1 else 0.0), float("inf"))
        if upper < float("inf") and above > 0:
            sign = -1.0 if on == 0 else 1.0
            self.constrain({**coeffs, switch: sign * above}, float("-inf"), upper + (above if on == 1 else 0.0))

    def solve(self, what: str, leave_out: set[int] = frozenset(), fixed: dict[int, float] | None = None):
        """The optimum, with the variables in leave_out out of the objective and of every row,
        and the variables in fixed held at their values."""
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import coo_array
        fixed = fixed or {}
        rows = [r for r in self.rows if not leave_out.intersection(r[0])]
        entries = [(r, i, c) for r, (coeffs, _, _) in enumerate(rows) for i, c in coeffs.items()]
        matrix = coo_array(([e[2] for e in entries], ([e[0] for e in entries], [e[1] for e in entries])),
                           shape=(len(rows), len(self.lower))).tocsr()
        lower = [fixed.get(i, low) for i, low in enumerate(self.lower)]
        upper = [fixed.get(i, high) for i, high in enumerate(self.upper)]
        cost = [0.0 if i in leave_out else c for i, c in enumerate(self.cost)]
        result = milp(np.array(cost), integrality=np.array(self.integer), bounds=Bounds(lower, upper),
                      constraints=LinearConstraint(matrix, [r[1] for r in rows], [r[2] for r in rows]),
                      options={"mip_rel_gap": 0.0})
        if not result.success:
            raise InconsistentFigures(f"{what}: the solver found no solution ({result.message})")
        return result.x


def parse_quantity(figure_id: str, field_of: dict[str, str], fields: list[str]) -> Quantity | None:
    """What the figure measures, from its figure_id; None for figures no rounding can touch."""
    parts = figure_id.split(".")
    if figure_id in REFERENCES:
        measure, reference = REFERENCES[figure_id]
        return Quantity("ratio", (("total", measure), ("ref", reference)))
    if (count := COUNT.fullmatch(figure_id)):
        return Quantity("count", measure=count.group(1), limit=Decimal(count.group(2)))
    if len(parts) == 2 and parts[0] == "total" and parts[1] in MEASURES:
        return Quantity("amount", (("total", parts[1]),))
    if len(parts) != 3:
        return None
    kind, key, what = parts
    if kind == "base" and key in field_of:
        if what in MEASURES:
            return Quantity("amount", (("base", key, what),))
        if what == "featured_sales_share_pct":
            return Quantity("ratio", (("base", key, "featured_sales"), ("base", key, "sales")))
    if kind == "field" and key in fields:
        if what in MEASURES:
            return Quantity("amount", (("field", key, what),))
        if what == "specialisation_pct":
            return Quantity("ratio", (("field", key, "featured_sales"), ("field", key, "sales")))
        if what.endswith("_share_pct") and what.removesuffix("_share_pct") in MEASURES:
            measure = what.removesuffix("_share_pct")
            return Quantity("ratio", (("field", key, measure), ("total", measure)))
        if what.endswith("_rank") and what.removesuffix("_rank") in (*MEASURES, "specialisation"):
            return Quantity("rank", measure=what.removesuffix("_rank"), field_key=key)
    return None


def is_table_cell(printed: Printed) -> bool:
    return bool(TABLE_CELL.match(printed.published_id))


class Model:
    """The printed figures of one report year, the quantities they measure and who copies whom."""

    def __init__(self, year: int, printed: list[Printed], bases: list[dict], fields: list[dict],
                 references: dict[str, Printed]):
        self.year = year
        self.field_of = {b["base_id"]: b["field_key"] for b in bases}
        self.fields = [f["field_key"] for f in fields]
        self.bases = sorted(self.field_of)
        self.references = references
        self.printed = {p.published_id: p for p in printed}
        self.quantity: dict[str, Quantity] = {}
        for p in printed:
            q = parse_quantity(p.figure_id, self.field_of, self.fields)
            if q is None or p.text in ("", "-"):
                continue
            if q.is_share_of_reference and q.nodes[1][1] not in references:
                continue
            self.quantity[p.published_id] = q
        by_figure: dict[str, list[str]] = {}
        for pid, q in self.quantity.items():
            if q.kind in ("amount", "ratio"):
                by_figure.setdefault(self.printed[pid].figure_id, []).append(pid)
        # the table cell is the figure; a text that prints the same figure repeats it
        self.source: dict[str, str] = {}
        self.primary: dict[tuple, str] = {}
        position = {pid: n for n, pid in enumerate(self.printed)}
        for pids in by_figure.values():
            first = min(pids, key=lambda i: (not is_table_cell(self.printed[i]), -self.printed[i].decimals,
                                              position[i]))
            for pid in pids:
                if pid != first:
                    self.source[pid] = first
            q = self.quantity[first]
            if q.kind == "amount":
                self.primary[q.nodes[0]] = first
        self.listed = {table: {pid.split(".")[1] for pid, p in self.printed.items()
                               if pid.startswith(table + ".") and pid.endswith(".listed")}
                       for _, table in THRESHOLDS.values()}

    def bases_of(self, node: tuple) -> list[tuple[str, str]]:
        """The (base, measure) unknowns a node sums."""
        if node[0] == "base":
            return [(node[1], node[2])]
        if node[0] == "field":
            return [(b, node[2]) for b in self.bases if self.field_of[b] == node[1]]
        return [(b, node[1]) for b in self.bases]

    def children(self, node: tuple) -> list[tuple]:
        if node[0] == "field":
            return [("base", b, node[2]) for b in self.bases if self.field_of[b] == node[1]]
        if node[0] == "total":
            return [("field", f, node[1]) for f in self.fields]
        return []

    def upper_bound(self, measure: str) -> float:
        """A box for the unknowns: twice the largest amount printed in the measure's unit, or, if
        none is, twice the largest number given at all (a reference figure bounds its part)."""
        amounts = [(q.nodes[0][-1], float(self.printed[pid].value))
                   for pid, q in self.quantity.items() if q.kind == "amount"]
        in_unit = [v for m, v in amounts if ("exports" in m) == ("exports" in measure)]
        everything = [v for _, v in amounts] + [float(r.value) for r in self.references.values()]
        return 2 * max(in_unit or everything or [1.0])

    def limit(self, base_id: str, measure: str) -> Decimal | None:
        """The threshold a base not listed in Table 4 (5) stays at or under, if the year lists any."""
        total = measure.removeprefix("featured_")
        if total in THRESHOLDS:
            value, table = THRESHOLDS[total]
            if self.listed[table] and base_id not in self.listed[table]:
                return value
        return None

    def figure_value(self, pid: str, values: dict[tuple[str, str], Decimal]) -> Decimal | None:
        """The amount or ratio figure computed exactly from per-base values."""
        q = self.quantity[pid]
        num, *den = (self.references[n[1]].value if n[0] == "ref" else sum(values[k] for k in self.bases_of(n))
                     for n in q.nodes)
        if q.kind == "amount":
            return num
        return 100 * num / den[0] if den[0] else None


def input_files(raw_dir: Path, year: int) -> dict[str, Path]:
    """Every file a year's model is read from: load reads these and nothing else, and the
    remembered verdicts are keyed by their content (solver_key)."""
    return {"published": raw_dir / "published" / f"published_figures_{year}.csv",
            "fields": raw_dir / "reference" / "fields.csv",
            "batches": raw_dir / "reference" / "batches.csv",
            "bases": raw_dir / "reference" / "bases.csv",
            "references": raw_dir / "reference" / "reference_figures.csv"}


def load(raw_dir: Path, year: int) -> Model:
    """The model of a year's published report, from the raw files: the bases recognised by then."""
    source = {name: read_csv(path) for name, path in input_files(raw_dir, year).items()}
    key_of = {f["field_zh"]: f["field_key"] for f in source["fields"]}
    recognised = {b["batch"] for b in source["batches"] if int(b["year_recognised"]) <= year}
    bases = [{**b, "field_key": key_of[b["field_zh"]]} for b in source["bases"] if b["batch"] in recognised]
    references = {r["figure_id"]: Printed(r["figure_id"], r["figure_id"], r["value"], r["source"])
                  for r in source["references"] if int(r["year"]) == year}
    printed = [Printed(r["published_id"], r["figure_id"], r["published_value"], r["location"])
               for r in source["published"]]
    return Model(year, printed, bases, source["fields"], references)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def years_published(raw_dir: Path) -> list[int]:
    return sorted(int(m.group(1)) for p in (raw_dir / "published").glob("published_figures_*.csv")
                  if (m := re.fullmatch(r"published_figures_(\d{4})\.csv", p.name)))


class Worlds:
    """The programme of the verdict: the authors' and the true world, a switch per printed figure
    for "is an error" and one for "is reproduced by the true world"."""

    def __init__(self, model: Model):
        self.model = model
        self.lp = lp = Programme()
        m = model
        self.bound = {measure: m.upper_bound(measure) for measure in MEASURES}
        self.true = {(b, measure): lp.var(0.0, self.cap(b, measure)) for b in m.bases for measure in MEASURES}
        self.ref = {k: lp.var(float(r.value), float(r.value)) for k, r in m.references.items()}
        primaries = [pid for pid in m.quantity if pid not in m.source and m.quantity[pid].kind in ("amount", "ratio")]
        self.error = {pid: lp.var(0, 1, True, ERROR_DATA if self.is_data(pid) else ERROR_COMPUTED) for pid in primaries}
        # the authors' values have their own variable where an error may cut them loose from the truth
        self.author: dict[tuple, int] = {}
        for node, pid in m.primary.items():
            if node[0] == "base":
                self.author[node] = lp.var(0.0, self.cap(node[1], node[2]))
                lp.constrain_unless({self.author[node]: 1, self.true[node[1:]]: -1}, 0, 0, self.error[pid], 0)
        for measure in MEASURES:
            for f in m.fields:
                self.sum_node(("field", f, measure))
            self.sum_node(("total", measure))
        self.featured_within_total()
        for pid in primaries:
            for coeffs, low, high in interval_rows(m, pid, self.author_expr, margin=1e-7):
                lp.constrain_unless(coeffs, low, high, self.error[pid], 0)
        self.reproduced = {pid: lp.var(0, 1, True) for pid, q in m.quantity.items() if q.kind in ("amount", "ratio")}
        for pid, z in self.reproduced.items():
            source = m.source.get(pid)
            repeats_its_source = source is None or agrees(m.printed[pid], m.printed[source])
            # a text that neither repeats its cell nor is reproduced is an error of its own
            lp.cost[z] = -UNREPRODUCED if repeats_its_source else -ERROR_COMPUTED
            for coeffs, low, high in interval_rows(m, pid, self.true_expr):
                lp.constrain_unless(coeffs, low, high, z, 1)

    def cap(self, base_id: str, measure: str) -> float:
        limit = self.model.limit(base_id, measure)
        return min(self.bound[measure], float(limit)) if limit is not None else self.bound[measure]

    def is_data(self, pid: str) -> bool:
        """A row of a table or a base's value, as opposed to a figure the report computes."""
        q = self.model.quantity[pid]
        return q.kind == "amount" and q.nodes[0][0] in ("base", "field")

    def featured_within_total(self) -> None:
        """A featured industry's part never exceeds the total, in either world."""
        scopes = [("base", b) for b in self.model.bases] + [("field", f) for f in self.model.fields] + [("total",)]
        for scope in scopes:
            for measure in ("output", "sales", "exports"):
                part, whole = scope + ("featured_" + measure,), scope + (measure,)
                for expr in ((self.true_expr,) if scope[0] == "base" else ()) + (self.author_expr,):
                    row = dict(expr(part))
                    for k, v in expr(whole).items():
                        row[k] = row.get(k, 0.0) - v
                    self.lp.constrain(row, float("-inf"), 0)

    def sum_node(self, node: tuple) -> None:
        """The authors' row or total: the sum of their parts, unless its printed figure is an error."""
        self.author[node] = self.lp.var(0.0, self.bound[node[-1]])
        coeffs = {self.author[node]: 1.0}
        for child in self.model.children(node):
            for k, v in self.author_expr(child).items():
                coeffs[k] = coeffs.get(k, 0.0) - v
        pid = self.model.primary.get(node)
        if pid is None:
            self.lp.constrain(coeffs, 0, 0)
        else:
            self.lp.constrain_unless(coeffs, 0, 0, self.error[pid], 0)

    def author_expr(self, node: tuple) -> dict[int, float]:
        if node[0] == "ref":
            return {self.ref[node[1]]: 1.0}
        if node in self.author:
            return {self.author[node]: 1.0}
        return {self.true[node[1:]]: 1.0}

    def true_expr(self, node: tuple) -> dict[int, float]:
        if node[0] == "ref":
            return {self.ref[node[1]]: 1.0}
        return {self.true[k]: 1.0 for k in self.model.bases_of(node)}


def interval_rows(model: Model, pid: str, expr, decimals: int | None = None, margin: float = 0.0):
    """Rows (coefficients, low, high) that put the figure's value, by expr, in its printed interval
    [low, high); the margin keeps it off the excluded upper end."""
    low, high = (float(v) for v in model.printed[pid].interval(decimals))
    q = model.quantity[pid]
    if q.kind == "amount":
        return [(expr(q.nodes[0]), low, high - margin)]
    num, den = expr(q.nodes[0]), expr(q.nodes[1])
    scale = max(float(model.printed[pid].value), 1.0)

    def scaled(bound):  # 100 * num - bound * den, over a scale that keeps the row near 1
        row = {k: 100 * v / scale for k, v in num.items()}
        for k, v in den.items():
            row[k] = row.get(k, 0.0) - bound * v / scale
        return row
    return [(scaled(low), 0.0, float("inf")), (scaled(high - margin), float("-inf"), 0.0)]


def agrees(copy: Printed, source: Printed) -> bool:
    """A text figure repeats a printed cell when it is that cell at the text's precision."""
    return copy.decimals <= source.decimals and half_up(source.value, copy.decimals) == copy.value


def solve(model: Model) -> Solution:
    """The fewest errors (the authors' world alone), then, with those errors, the true world that
    reproduces the most printed figures."""
    worlds = Worlds(model)
    reproduced_vars = set(worlds.reproduced.values())
    first = worlds.lp.solve(f"the errors of the published figures of {model.year}", leave_out=reproduced_vars)
    errors = {pid for pid, v in worlds.error.items() if first[v] > 0.5}
    x = worlds.lp.solve(f"the true values behind the published figures of {model.year}",
                        fixed={v: float(pid in errors) for pid, v in worlds.error.items()})
    reproduced = {pid for pid, v in worlds.reproduced.items() if x[v] > 0.5}
    truth = {k: float(x[v]) for k, v in worlds.true.items()}
    return Solution(model, judge(model, errors, reproduced, truth))


def judge(model: Model, errors: set[str], reproduced: set[str], truth: dict) -> dict[str, Verdict]:
    """Each modelled figure's status and, for a consequence, the error it follows from."""
    verdicts: dict[str, Verdict] = {}
    for pid, q in model.quantity.items():
        if q.kind not in ("amount", "ratio") or pid in model.source:
            continue
        p = model.printed[pid]
        again = printed_recomputation(model, pid)
        if pid in errors:
            verdicts[pid] = Verdict(pid, "error", None, again)
        elif pid not in reproduced:
            verdicts[pid] = Verdict(pid, "consequence", root_error(model, pid, errors), again)
        elif again is not None and half_up(again, p.decimals) != p.value \
                and not errors.intersection(printed_inputs(model, pid)):
            verdicts[pid] = Verdict(pid, "rounding", None, again)
        else:
            verdicts[pid] = Verdict(pid, "match", None, again)
    for pid, source in model.source.items():
        p, s = model.printed[pid], model.printed[source]
        upstream = verdicts[source]
        if pid in reproduced:
            status = "match" if agrees(p, s) else "rounding"
            verdicts[pid] = Verdict(pid, status, None, s.value)
        elif agrees(p, s) and upstream.status in ("error", "consequence"):
            verdicts[pid] = Verdict(pid, "consequence", upstream.root_cause or source, s.value)
        else:
            verdicts[pid] = Verdict(pid, "error", None, s.value)
    verdicts.update(judge_orderings(model, truth))
    verdicts.update(judge_counts(model, truth))
    return verdicts


def printed_inputs(model: Model, pid: str) -> list[str] | None:
    """The printed figures a figure is computed from, if they are all printed (a reference counts)."""
    q = model.quantity[pid]
    nodes = model.children(q.nodes[0]) if q.kind == "amount" else [n for n in q.nodes if n[0] != "ref"]
    inputs = [model.primary.get(n) for n in nodes]
    return inputs if nodes and None not in inputs else None


def printed_recomputation(model: Model, pid: str) -> Decimal | None:
    """The figure computed from the printed figures it derives from, if they are all printed."""
    inputs = printed_inputs(model, pid)
    if inputs is None:
        return None
    q = model.quantity[pid]
    if q.kind == "amount":
        return sum(model.printed[i].value for i in inputs)
    num, den = (model.references[n[1]].value if n[0] == "ref" else model.printed[model.primary[n]].value
                for n in q.nodes)
    return 100 * num / den if den else None


def root_error(model: Model, pid: str, errors: set[str]) -> str | None:
    """The nearest error among the figures the consequence was computed from."""
    queue = list(model.quantity[pid].nodes)
    seen = set()
    while queue:
        node = queue.pop(0)
        if node in seen:
            continue
        seen.add(node)
        if model.primary.get(node) in errors:
            return model.primary[node]
        queue += model.children(node)
    return None


def ordering_values(model: Model, measure: str, truth: dict) -> dict[str, float]:
    def amount(f, m):
        return sum(truth[k] for k in model.bases_of(("field", f, m)))
    if measure == "specialisation":
        return {f: 100 * amount(f, "featured_sales") / amount(f, "sales") if amount(f, "sales") else 0.0
                for f in model.fields}
    return {f: amount(f, measure) for f in model.fields}


def judge_orderings(model: Model, truth: dict) -> dict[str, Verdict]:
    """A printed ranking against the true order. When leaving one field out of the true order
    gives every printed rank, the omission is one error, at the first rank it shifts; the later
    ranks it shifts are its consequences."""
    verdicts = {}
    claims: dict[str, dict[str, str]] = {}
    for pid, q in model.quantity.items():
        if q.kind == "rank":
            claims.setdefault(q.measure, {})[q.field_key] = pid
    for measure, by_field in claims.items():
        values = ordering_values(model, measure, truth)
        order = sorted(model.fields, key=lambda f: (-values[f], model.fields.index(f)))
        true_rank = {f: order.index(f) + 1 for f in order}
        printed_rank = {f: int(model.printed[pid].value) for f, pid in by_field.items()}
        wrong = sorted((f for f in by_field if printed_rank[f] != true_rank[f]), key=lambda f: printed_rank[f])
        omitted = [x for x in order if x not in by_field and all(
            printed_rank[f] == [g for g in order if g != x].index(f) + 1 for f in by_field)]
        for f, pid in by_field.items():
            if f not in wrong:
                verdicts[pid] = Verdict(pid, "match", None, None)
            elif omitted and f != wrong[0]:
                verdicts[pid] = Verdict(pid, "consequence", by_field[wrong[0]], None)
            else:
                verdicts[pid] = Verdict(pid, "error", None, None)
    return verdicts


def judge_counts(model: Model, truth: dict) -> dict[str, Verdict]:
    """A count of bases over a threshold against the true values."""
    verdicts = {}
    for pid, q in model.quantity.items():
        if q.kind == "count":
            true_count = sum(1 for b in model.bases if truth[(b, q.measure)] > float(q.limit) + 1e-6)
            status = "match" if true_count == model.printed[pid].value else "error"
            verdicts[pid] = Verdict(pid, status, None, None)
    return verdicts


def reproduce(solution: Solution, first_guess: dict[tuple[str, str], Decimal],
              stiffness: dict[tuple[str, str], float]) -> dict[tuple[str, str], Decimal]:
    """Per-base values on the 0.0001 grid that reproduce every printed figure the verdict keeps
    (match or rounding; a table cell also at the table's two decimals), each moved from its
    first guess as little as its stiffness allows. Checked exactly afterwards."""
    model = solution.model
    lp = Programme()
    unit = float(GRID)
    bound = {measure: model.upper_bound(measure) for measure in MEASURES}
    value = {}
    for b in model.bases:
        for measure in MEASURES:
            limit = model.limit(b, measure)
            cap = min(bound[measure], float(limit)) if limit is not None else bound[measure]
            value[(b, measure)] = lp.var(0, round(cap / unit), True)
    for key, var in value.items():
        above, below = lp.var(0, float("inf"), cost=stiffness[key]), lp.var(0, float("inf"), cost=stiffness[key])
        lp.constrain({var: 1, above: -1, below: 1}, float(first_guess[key] / GRID), float(first_guess[key] / GRID))
    for b in model.bases:
        for measure in ("output", "sales", "exports"):
            lp.constrain({value[(b, "featured_" + measure)]: 1, value[(b, measure)]: -1}, float("-inf"), 0)

    def expr(node):
        if node[0] == "ref":
            return {}
        return {value[k]: unit for k in model.bases_of(node)}

    kept = kept_figures(solution)
    for pid, decimals in kept.items():
        q = model.quantity[pid]
        if q.is_share_of_reference:
            low, high = printed_amounts_for_share(model, pid, decimals)
            lp.constrain(expr(q.nodes[0]), float(low + GRID), float(high - GRID))  # off the halves, as below
            continue
        if q.kind == "amount":
            # on the grid, [low, high) is [low, high - 0.0001]; a value moved onto the half would
            # print as published only where halves round up, so it stops one step past it
            low, high = model.printed[pid].interval(decimals)
            if model.figure_value(pid, first_guess) != low:
                low += GRID
            lp.constrain(expr(q.nodes[0]), float(low), float(high - GRID))
            continue
        above_low, below_high = interval_rows(model, pid, expr, decimals, margin=1e-6)
        lp.constrain(above_low[0], 1e-6, float("inf"))  # off the half at either end, as above
        lp.constrain(*below_high)
    x = lp.solve(f"values that reproduce the published figures of {model.year}")
    result = {key: Decimal(int(round(x[var]))) * GRID for key, var in value.items()}
    check_reproduced(model, kept, result)
    return result


def printed_amounts_for_share(model: Model, pid: str, decimals: int) -> tuple[Decimal, Decimal]:
    """[low, high): the amounts whose share of the reference rounds to the printed share (at decimals)
    also once the amount itself is printed at the table's decimals. The report prints the two side
    by side ("607.04亿美元，相当于3769.3亿美元的16.10%"), so a reader dividing the printed amount
    must find the printed share: an amount just under the share's half would print one cent
    higher and divide to the next share."""
    reference = model.references[model.quantity[pid].nodes[1][1]].value
    low, high = model.printed[pid].interval(decimals)
    cent = Decimal(1).scaleb(-TABLE_DECIMALS)
    lowest = (low * reference / 100 / cent).to_integral_value(ROUND_CEILING) * cent  # the first printable amount in
    highest = (high * reference / 100 / cent).to_integral_value(ROUND_CEILING) * cent - cent  # the last one in
    return lowest - cent / 2, highest + cent / 2


def kept_figures(solution: Solution) -> dict[str, int]:
    """The printed figures the true values must reproduce, with the decimals to reproduce them at."""
    model = solution.model
    return {pid: max(model.printed[pid].decimals, TABLE_DECIMALS) if is_table_cell(model.printed[pid])
            else model.printed[pid].decimals
            for pid, v in solution.verdicts.items()
            if v.status in ("match", "rounding") and model.quantity[pid].kind in ("amount", "ratio")}


def check_reproduced(model: Model, kept: dict[str, int], values: dict) -> None:
    """Every kept figure, recomputed exactly from the values, rounds to what the report prints; a
    share of a reference figure does so from its amount as printed, too (printed_amounts_for_share)."""
    wrong = []
    for pid, decimals in kept.items():
        computed = model.figure_value(pid, values)
        if computed is None or half_up(computed, decimals) != half_up(model.printed[pid].value, decimals):
            wrong.append(f"{pid} ({model.printed[pid].text}, computed {computed})")
        elif model.quantity[pid].is_share_of_reference:
            amount = sum(values[k] for k in model.bases_of(model.quantity[pid].nodes[0]))
            low, high = printed_amounts_for_share(model, pid, decimals)
            if not low <= amount < high:
                wrong.append(f"{pid} ({model.printed[pid].text}, from the amount printed at "
                             f"{TABLE_DECIMALS} decimals {half_up(amount, TABLE_DECIMALS)})")
    for (b, measure), v in values.items():
        if measure.startswith("featured_") and v > values[(b, measure.removeprefix("featured_"))]:
            wrong.append(f"{b} {measure} {v} exceeds its total")
    if wrong:
        raise InconsistentFigures("the reconstructed values do not reproduce " + "; ".join(wrong))


def solver_key(raw_dir: Path, year: int) -> str:
    """A digest of everything a year's verdicts follow from: the files its model is read from,
    this module's code, the solver's packages (HiGHS ships inside SciPy) and Python."""
    from importlib.metadata import version
    hashed = hashlib.sha256(repr((year, sys.version, [version(p) for p in SOLVER_PACKAGES])).encode())
    for path in (Path(__file__), *input_files(raw_dir, year).values()):
        content = path.read_bytes()
        hashed.update(f"{len(content)}\0".encode() + content)
    return hashed.hexdigest()


def verdict_rows(raw_dir: Path, year: int) -> list[list]:
    """raw.figure_verdicts' rows for a year, solved afresh (a decimal as its text)."""
    solution = solve(load(raw_dir, year))
    return [[year, v.published_id, v.status, v.root_cause,
             None if v.printed_recomputation is None else str(v.printed_recomputation.quantize(Decimal("1e-10")))]
            for _, v in sorted(solution.verdicts.items())]


def remembered_verdicts(path: Path | None) -> dict[str, list[list]]:
    """solver_key -> rows, as the last build kept them; empty when absent or not readable whole."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}
    well_formed = isinstance(kept, dict) and all(
        isinstance(rows, list) and all(isinstance(r, list) and len(r) == 5 for r in rows) for rows in kept.values())
    return kept if well_formed else {}


def land(con, raw_dir: Path, remembered: Path | None = None) -> None:
    """raw.figure_verdicts: the verdict on every printed figure the model covers, for every year
    whose published report is held (the reconciliation checks the data and the record against it).

    Solving takes a second, most of it importing SciPy, and an edit to an SQL model changes none
    of its inputs: the rows are kept in the file `remembered`, keyed by solver_key, and reused
    only when every input, the code and the solver are those they were solved with."""
    from pipeline.intake.land import insert
    con.execute("create schema if not exists raw")
    con.execute("""create or replace table raw.figure_verdicts (year integer, published_id varchar, status varchar,
                   root_cause varchar, printed_recomputation decimal(38, 10))""")
    known = remembered_verdicts(remembered)
    kept = {}
    for year in years_published(raw_dir):
        key = solver_key(raw_dir, year)
        kept[key] = known.get(key) or verdict_rows(raw_dir, year)
    if remembered and kept != known:
        write_atomically(remembered, json.dumps(kept, ensure_ascii=False, separators=(",", ":")).encode())
    insert(con, "raw.figure_verdicts", [tuple(row) for rows in kept.values() for row in rows])
