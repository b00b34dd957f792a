"""`make bench SCALE=1`: the intake at ten years and at fifty thousand bases, and the roll-up at
ten million rows. Every submission here is SYNTHETIC, generated into a scratch folder
(.bench-scale/, never data/raw) from the submission form, with invented bases
(syn_00001, 合成基地00001) whose values are the 2009 reconstruction's, scaled.

Each size runs in a process of its own through the real xlsx intake (read, checks, the intake
log, the parse-once cache, the rows landed in DuckDB); it prints the time, the peak memory and
the growth exponent k between sizes (time ∝ bases^k: 1 is linear). The workbooks are
generated once and reused (50,000 take about a minute to write).
"""
from __future__ import annotations

import csv
import io
import json
import math
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

from pipeline import config

SCRATCH = config.ROOT / ".bench-scale"  # not in data/processed: every build looks there for leftovers
GENERATOR_VERSION = "1"  # bump when the generated files change
SIZES = [("10 years × 58 bases", 10, 58), ("1 year × 500 bases", 1, 500), ("1 year × 5,000 bases", 1, 5000),
         ("1 year × 50,000 bases", 1, 50000)]


def synthetic_bases(count: int) -> list[dict]:
    """Invented bases, each copying a real base's province, field and batch, in turn."""
    with (config.REFERENCE / "bases.csv").open(encoding="utf-8", newline="") as f:
        real = list(csv.DictReader(f))
    bases = []
    for n in range(1, count + 1):
        model = real[(n - 1) % len(real)]
        bases.append({**model, "base_id": f"syn_{n:05d}", "table1_no": str(n), "base_name": f"合成基地{n:05d}",
                      "field_evidence_kind": "inferred", "field_evidence": "synthetic base for the scale benchmark"})
    return bases


def reference_values() -> list[dict[str, Decimal]]:
    """The 2009 reconstruction's values, one dict of measure -> amount per base."""
    path = config.submissions_file(2009)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [{c.rsplit("_", 2)[0]: Decimal(v) for c, v in r.items()
             if not c.endswith(("_provenance", "_source")) and c not in ("year", "base_id", "base_name") and v}
            for r in rows]


def generate(folder: Path, years: int, count: int) -> Path:
    """A scratch raw tree: the reference files with synthetic bases, and a form per base and year."""
    from pipeline.intake import forms
    raw = folder / "raw"
    marker = folder / "complete.json"
    wanted = {"generator": GENERATOR_VERSION, "years": years, "bases": count}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return raw
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(config.REFERENCE, raw / "reference")
    bases = synthetic_bases(count)
    with (raw / "reference" / "bases.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(bases[0]))
        writer.writeheader()
        writer.writerows(bases)
    (raw / "reference" / "base_aliases.csv").write_text("alias,base_id,source\n", encoding="utf-8")
    template = folder / "template.xlsx"
    forms.write_form({"base_id": "SYNTHID", "base_name": "SYNTHNAME"}, 2010, template, raw / "reference")
    with zipfile.ZipFile(template) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    indicators = forms.indicators(raw / "reference")
    values, rng = reference_values(), random.Random(11)
    for year in range(2010, 2010 + years):
        target = raw / "submissions" / str(year)
        target.mkdir(parents=True)
        for n, base in enumerate(bases):
            source, factor = values[n % len(values)], Decimal(str(round(rng.uniform(0.8, 1.25), 3)))
            text = sheet.replace("SYNTHID", base["base_id"]).replace("SYNTHNAME", base["base_name"])
            text = text.replace('<c r="B5" t="n"><v>2010</v></c>', f'<c r="B5" t="n"><v>{year}</v></c>')
            for row, indicator in enumerate(indicators, start=forms.FIRST_INDICATOR_ROW):
                places = Decimal(1) if indicator.unit in ("count", "persons") else Decimal("0.01")
                for column, measure in (("C", indicator.key), ("D", f"featured_{indicator.key}")):
                    if measure in source:
                        amount = (source[measure] * factor).quantize(places)
                        text = text.replace(f'<c r="{column}{row}" s="4" t="n" />',
                                            f'<c r="{column}{row}" s="4" t="n"><v>{amount}</v></c>')
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                for name, data in parts.items():
                    archive.writestr(name, text.encode() if name == "xl/worksheets/sheet1.xml" else data)
            (target / f"{base['base_id']}.xlsx").write_bytes(buffer.getvalue())
    marker.write_text(json.dumps(wanted))
    return raw


def measure(raw: Path, state: Path) -> dict:
    """One intake of the scratch tree, in this process: read (or take from the cache), check, log, land."""
    import duckdb

    from pipeline.intake import land, parse_cache, receipts, submissions_log, take_in
    started = time.perf_counter()
    cache = parse_cache.ParseCache(state / "parsed.duckdb", raw)
    try:
        received = take_in.take_in_all(raw, submissions_log.read(state / "log.jsonl"), cache)
    finally:
        cache.close()
    entries = receipts.append_to_log(received, raw, state / "log.jsonl")
    con = duckdb.connect()
    land.land(con, received, entries)
    landed = con.execute("select count(*) from raw.submission_values").fetchone()[0]
    return {"seconds": time.perf_counter() - started, "read": cache.reads, "values": landed,
            "submissions": sum(len(r.submissions) for r in received),
            "accepted": sum(r.count("accepted") for r in received),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}  # the larger reader


def in_a_process(raw: Path, state: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "pipeline.bench_scale", str(raw), str(state)], cwd=config.ROOT,
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])


def rollup(runs: int = 7, rows: int = 10_000_000) -> None:
    """Tables 2–5's roll-up (fields' totals and featured parts with shares; the bases over the
    sales and exports thresholds by field) over synthetic base × quarter × indicator rows, in
    DuckDB and in pandas, on the same data, each from its own storage; amounts in cents, so the sums
    are exact."""
    import duckdb
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(11)
    bases = rows // (4 * 6)
    frame = pd.DataFrame({"base": np.repeat(np.arange(bases), 24), "quarter": np.tile(np.repeat(np.arange(1, 5), 6), bases),
                          "indicator": np.tile(np.arange(6), bases * 4),  # output, sales, exports and their featured parts
                          "cents": rng.integers(0, 5_000_000_000, bases * 24)})
    fields = pd.DataFrame({"base": np.arange(bases), "field": rng.integers(0, 12, bases)})
    con = duckdb.connect()
    con.execute("set threads = 2")
    con.register("frame_in", frame)
    con.register("fields_in", fields)
    # each engine reads its own storage, loaded before the timing: a DuckDB table, a pandas frame
    con.execute("create table frame as select * from frame_in; create table fields as select * from fields_in")
    # the same plan on both sides: each base's six sums first (pandas pivots), then its field joined
    # to those 416,666 rows, not to the ten million
    sql = """with per_base as (select base,
                    sum(cents) filter (indicator = 0) as output, sum(cents) filter (indicator = 1) as sales,
                    sum(cents) filter (indicator = 2) as exports, sum(cents) filter (indicator = 3) as f_output,
                    sum(cents) filter (indicator = 4) as f_sales, sum(cents) filter (indicator = 5) as f_exports
                from frame group by base),
             by_field as (select f.field, p.* from per_base p join fields f using (base))
             select field, sum(output) as output, sum(sales) as sales, sum(exports) as exports,
                    sum(f_output) as f_output, sum(f_sales) as f_sales, sum(f_exports) as f_exports,
                    round(100 * sum(sales) / (select sum(sales) from per_base), 6) as sales_share,
                    count(*) filter (sales > 10_000_000_000) as over_sales, count(*) filter (exports > 10_000_000_000) as over_exports
             from by_field group by field order by field"""

    def with_duckdb():
        return con.execute(sql).df()

    def with_pandas():
        wide = frame.pivot_table(index="base", columns="indicator", values="cents", aggfunc="sum")
        wide.columns = ["output", "sales", "exports", "f_output", "f_sales", "f_exports"]
        wide = wide.join(fields.set_index("base"))
        out = wide.groupby("field").agg(output=("output", "sum"), sales=("sales", "sum"), exports=("exports", "sum"),
                                        f_output=("f_output", "sum"), f_sales=("f_sales", "sum"),
                                        f_exports=("f_exports", "sum"))
        out["sales_share"] = (100 * out["sales"] / wide["sales"].sum()).round(6)
        out["over_sales"] = (wide["sales"] > 10_000_000_000).groupby(wide["field"]).sum()
        out["over_exports"] = (wide["exports"] > 10_000_000_000).groupby(wide["field"]).sum()
        return out.reset_index()
    results = {"duckdb": with_duckdb(), "pandas": with_pandas()}  # warmed up, and kept to compare
    timings: dict[str, list[float]] = {"duckdb": [], "pandas": []}
    for _ in range(runs):  # in turn, so that a change in the machine's load falls on both sides alike
        for name, action in (("duckdb", with_duckdb), ("pandas", with_pandas)):
            started = time.perf_counter()
            action()
            timings[name].append(time.perf_counter() - started)
    ratio = statistics.median(p / d for d, p in zip(timings["duckdb"], timings["pandas"]))
    a, b = results["duckdb"], results["pandas"]
    same = all((a[c].astype("int64").to_numpy() == b[c].astype("int64").to_numpy()).all()
               for c in a.columns if c != "sales_share") and np.allclose(a["sales_share"], b["sales_share"], rtol=0, atol=1e-9)
    print(f"roll-up of Tables 2–5 over {bases * 24:,} synthetic base × quarter × indicator rows (median of {runs}, in turn):")
    print(f"  DuckDB (2 threads) {statistics.median(timings['duckdb']):.2f} s, pandas {statistics.median(timings['pandas']):.2f} s: "
          f"DuckDB {ratio:.1f}× faster (median of the pairs' ratios); results {'identical' if same else 'DIFFERENT'}")


def main(runs: int = 1) -> int:
    """Every size through the intake, cold (nothing cached), then the 10-year rebuild after one new file."""
    print(f"SYNTHETIC submissions in {config.shown(SCRATCH)}/ (generated once, then reused)")
    print(f"{'size':<26}{'files':>8}{'seconds':>9}{'peak MB':>9}{'worker MB':>11}{'k':>6}")
    previous = None
    for label, years, count in SIZES:
        folder = SCRATCH / f"{years}x{count}"
        started = time.perf_counter()
        raw = generate(folder, years, count)
        made = time.perf_counter() - started
        times = []
        for _ in range(runs):
            state = folder / "state"
            shutil.rmtree(state, ignore_errors=True)
            state.mkdir()
            result = in_a_process(raw, state)
            times.append(result["seconds"])
        seconds = statistics.median(times)
        bases = years * count
        k = f"{math.log(seconds / previous[1]) / math.log(bases / previous[0]):.2f}" if previous and years == 1 and previous[2] == 1 else ""
        workers = f"{result['worker_peak_mb']:.0f}" if result["worker_peak_mb"] else "-"
        print(f"{label:<26}{result['submissions']:>8}{seconds:>9.2f}{result['peak_mb']:>9.0f}{workers:>11}{k:>6}"
              + (f"   (generated in {made:.0f} s)" if made > 1 else ""))
        assert result["read"] == bases and result["accepted"] > 0.9 * bases, result
        previous = (bases, seconds, years)
        if years == 10:
            rebuild(folder, raw, runs)
    rollup()
    return 0


def rebuild(folder: Path, raw: Path, runs: int) -> None:
    """A rebuild of the ten years with nothing new, then with one new file (a base's corrected form)."""
    state = folder / "state"
    unchanged = statistics.median(in_a_process(raw, state)["seconds"] for _ in range(runs))
    resent = raw / "submissions" / "2019" / "syn_00001-2.xlsx"
    shutil.copyfile(raw / "submissions" / "2019" / "syn_00002.xlsx", resent)  # read once, then cached
    try:
        result = in_a_process(raw, state)
    finally:
        resent.unlink()
    print(f"{'  rebuild, nothing new':<26}{'':>8}{unchanged:>9.2f}")
    print(f"{'  rebuild, one new file':<26}{'':>8}{result['seconds']:>9.2f}   ({result['read']} file read, the others cached)")


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2]))))
