"""Where a number comes from: the models and raw files behind a table, and the submissions
(with their provenance) behind a cell.

    python -m pipeline explain table4                 the lineage of Table 4
    python -m pipeline explain table4 中关村 sales     the submission values behind a cell
    python -m pipeline explain table2 电子信息 exports  the bases summed into a field's row
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from pipeline import config, registry
from pipeline.publish.formatting import display_width
from pipeline.warehouse import database, models

MEASURES = {  # what an analyst types -> the measure of core.submission_values
    "output": "output", "总产值": "output", "sales": "sales", "销售收入": "sales", "exports": "exports",
    "出口": "exports", "出口额": "exports", "出口总额": "exports",
}
RAW_FILE = re.compile(r"getvariable\('raw_dir'\)\s*\|\|\s*'/([^']+)'")


class Unknown(config.MissingInput):
    """The table, row or measure asked about is not one the report has."""


def targets() -> dict[str, tuple[str, ...]]:
    """table1 … table7, fig1 … fig6 -> the models each is printed or drawn from (report_templates/registry.yml)."""
    return {t.id: t.lineage for t in registry.tables()} | {f.short_id: f.lineage for f in registry.figures()}


def upstream(name: str, found: dict[str, models.Model]) -> list[str]:
    """Every model the named one reads, directly or not, in build order."""
    seen, stack = set(), [name]
    while stack:
        for dependency in found[stack.pop()].depends_on:
            if dependency not in seen:
                seen.add(dependency)
                stack.append(dependency)
    return [m.qualified_name for m in models.build_order(found) if m.qualified_name in seen]


def raw_sources(model: models.Model) -> list[str]:
    files = [f"data/raw/{p}" for p in RAW_FILE.findall(model.sql)]
    if re.search(r"\braw\.\w+", model.sql):
        files.append("data/raw/submissions/<year>/* (read and checked by the intake, pipeline/intake/)")
    return files


def table_lineage(target: str, sql_dir: Path = config.SQL) -> str:
    """The models and raw files a report table or figure is computed from."""
    names = targets().get(target, (target,))
    found = models.discover(sql_dir)
    if any(name not in found for name in names):
        raise Unknown(f"no table or figure {target!r}; try one of {', '.join(targets())}")
    read = {m for name in names for m in upstream(name, found)} | set(names)
    chain = [m.qualified_name for m in models.build_order(found) if m.qualified_name in read]
    raw = sorted({f for m in chain for f in raw_sources(found[m])})
    lines = [f"{target}: {', '.join(names)}"] + [f"  {found[name].meta['description'].strip()}" for name in names]
    lines += ["", "models, in build order:"] + [f"  {m:<40} {found[m].path.relative_to(config.ROOT)}" for m in chain]
    shared = sorted({macro.path.relative_to(config.ROOT) for m in chain for macro in found[m].macros})
    if shared:
        lines += ["", "shared SQL the models call (sql/macros/):"] + [f"  {path}" for path in shared]
    lines += ["", "raw files:"] + [f"  {f}" for f in raw]
    return "\n".join(lines)


def resolve_base(con: duckdb.DuckDBPyConnection, text: str) -> tuple[str, str]:
    """A base from any of its names (or part of one), or its id."""
    rows = con.execute("""select distinct a.base_id, b.base_name from core.base_aliases a join core.bases b using (base_id)
                          where a.alias = $1 or a.base_id = $1 or a.alias like '%' || $1 || '%'""", [text]).fetchall()
    if len(rows) != 1:
        known = "、".join(r[1] for r in rows[:8]) if rows else "none"
        raise Unknown(f"{text!r} names {len(rows)} bases ({known}); give more of the name")
    return rows[0]


def measure_of(text: str | None, featured_default: bool) -> str:
    """The measure an analyst names: sales, 销售收入, featured_sales, or a table's column (sales_100m_cny)."""
    key = (text or "").lower().removesuffix("_100m_cny").removesuffix("_100m_usd")
    featured = key.startswith(("featured_", "特色产业")) or featured_default
    base = MEASURES.get(key.removeprefix("featured_").removeprefix("特色产业"))
    if base is None:
        raise Unknown(f"unknown measure {text!r}; use output, sales or exports (featured_… for the featured part), in Chinese, or as the table's column")
    return ("featured_" if featured else "") + base


def value_lines(con, year: int, base_id: str, measure: str) -> list[str]:
    """A base's accepted value of a measure with its provenance and source; no lines when it has none."""
    rows = con.execute("""select amount, unit, provenance, value_source, source_file, source_sheet, source_row
                          from core.submission_values where year = ? and base_id = ? and measure = ?""",
                       [year, base_id, measure]).fetchall()
    if not rows:
        return []
    amount, unit, provenance, source, file, sheet, row = rows[0]
    where = ", ".join(str(x) for x in (file, sheet and f"sheet {sheet}", row and f"row {row}") if x)
    return [f"  {measure} = {amount} {unit}", f"  provenance: {provenance}"
            + ("  (a reconstruction, not a submitted value)" if provenance == "reconstructed" else ""),
            f"  source: {source}", f"  received in: {where}"]


def padded(text: str, width: int) -> str:
    """text left-aligned in width terminal columns: a Chinese character takes two."""
    return text + " " * max(0, width - display_width(text))


def cell_lineage(con: duckdb.DuckDBPyConnection, target: str, row: str, measure: str | None, year: int) -> str:
    """The submissions behind one cell of a report table, with their provenance."""
    absent = database.year_not_held(con, year)
    if absent:
        raise Unknown(absent)
    if target in ("table4", "table5"):
        base_id, name = resolve_base(con, row)
        default = "sales" if target == "table4" else "exports"
        chosen = measure_of(measure or default, featured_default=False)
        listed = con.execute(f"select count(*) from {registry.table(target).model} where year = ? and base_id = ?",
                             [year, base_id]).fetchone()[0]
        lines = [f"{target} {name} {chosen}, {year}:"]
        values = value_lines(con, year, base_id, chosen)
        if not listed:
            lines.append(f"  {name} is not in {target} for {year}" + (" (below the threshold); its value:" if values
                                                                      else ": no accepted submission (see qa.md)"))
        return "\n".join(lines + (values or [f"  no accepted {chosen} for {base_id} in {year}"]))
    if target in ("table2", "table3"):
        field = con.execute("select field_zh from staging.stg_fields where field_zh = $1 or field_key = $1",
                            [row]).fetchone()
        if not field:
            raise Unknown(f"no field {row!r}; fields are {', '.join(r[0] for r in con.execute('select field_zh from staging.stg_fields order by field_order').fetchall())}")
        chosen = measure_of(measure or "sales", featured_default=(target == "table3"))
        rows = con.execute("""select b.base_name, v.amount, v.provenance, v.value_source
                              from core.submission_values v join core.bases b using (base_id)
                              where v.year = ? and v.measure = ? and b.field_zh = ? order by b.table1_no""",
                           [year, chosen, field[0]]).fetchall()
        total = sum(r[1] for r in rows)
        lines = [f"{target} {field[0]} {chosen}, {year} = {total}, the sum over {len(rows)} bases:"]
        lines += [f"  {padded(n, 32)} {a:>12}  {p:<13} {s}" for n, a, p, s in rows]
        return "\n".join(lines)
    if target == "table6":
        base_id, name = resolve_base(con, row)
        rows = con.execute("""select funding_year, amount_10k_cny from core.base_funding
                              where report_year = ? and base_id = ? order by funding_year""", [year, base_id]).fetchall()
        lines = [f"table6 {name}, report {year} (万元; '-' = not yet in the programme):"]
        lines += [f"  {y}: {'-' if a is None else a}" for y, a in rows]
        return "\n".join(lines + ["  source: data/raw/funding/base_funding_*.csv (Table 6 as published)"])
    if target == "table1":
        base_id, name = resolve_base(con, row)
        r = con.execute("""select table1_no, province, region_zh, field_zh, field_evidence_kind, field_evidence,
                                  entity_type_zh, batch, field_confidence from core.bases where base_id = ?""",
                        [base_id]).fetchone()
        return (f"table1 {name} ({base_id}): no. {r[0]}, {r[1]}, region {r[2]}, entity {r[6]}, batch {r[7]}\n"
                f"  field {r[3]}: {r[4]}, {r[8]} confidence ({r[5]})\n  source: data/raw/reference/bases.csv")
    raise Unknown(f"cells of {target} are not explained; ask for its lineage: explain {target}")
