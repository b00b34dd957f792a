"""Everything the report's templates may print, read from the database.

A template gets numbers only from here: the computed figures (report.computed_figures), the
report tables, and a few lists derived from them by SQL. Nothing is computed in a template
beyond formatting. A table or figure is read from its model as report_templates/registry.yml
names it (registry.model), never from a table name typed here.
"""
from __future__ import annotations

import re
from decimal import Decimal

import duckdb

from pipeline import registry
from pipeline.publish import formatting


class MissingFigure(Exception):
    """A template asked for a figure the database does not compute for the year."""


def records(con: duckdb.DuckDBPyConnection, query: str, params: list) -> list[dict]:
    cursor = con.execute(query, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


class Figures:
    """The year's computed figures, looked up by id; an unknown id fails the render."""

    def __init__(self, values: dict[str, Decimal | None]):
        self.values = values

    def __call__(self, figure_id: str):
        if figure_id not in self.values:
            raise MissingFigure(f"the report asks for figure {figure_id!r}, which the database does not compute")
        return self.values[figure_id]

    def get(self, figure_id: str, default=None):
        return self.values.get(figure_id, default)


class UnknownFact(MissingFigure):
    """A template asked for a narrative fact the facts file does not hold, or one marked omitted."""


class Facts:
    """The narrative's facts (report.narrative_facts), printed as the report prints them.

    Counts, amounts and dates that the bases' figures cannot recompute live in
    data/raw/published/narrative_facts_<year>.csv, so that no digit is typed into a template.
    A range among them takes the report's range mark (formatting.ranges).
    Every fact printed is remembered, so a test can tell which facts the report leaves out.
    """

    def __init__(self, rows: list[dict]):
        self.rows = {r["fact_id"]: r for r in rows}
        self.used: set[str] = set()

    def __call__(self, fact_id: str) -> str:
        row = self.rows.get(fact_id)
        if row is None:
            raise UnknownFact(f"the report asks for fact {fact_id!r}, which is not in the year's narrative facts file")
        if row["use"] != "printed":
            raise UnknownFact(f"the report prints fact {fact_id!r}, which the facts file marks as omitted "
                              f"({row['omit_reason']}); mark it printed or take it out of the text")
        self.used.add(fact_id)
        return formatting.ranges(row["printed"])


def field_ranking(con, year: int, measure: str) -> list[dict]:
    """Fields ordered by a measure of core.field_totals, with share and rank."""
    share = "specialisation_pct" if measure == "specialisation" else f"{measure}_share_pct"
    value = "specialisation_pct" if measure == "specialisation" else f"{measure}_100m_{'usd' if 'exports' in measure else 'cny'}"
    return records(con, f"""select field_zh, field_key, {value} as amount, {share} as share, {measure}_rank as rank
                            from core.field_totals where year = ? order by {measure}_rank, field_order""", [year])


def reconciliation_counts(reconciliation: list[dict]) -> dict[str, Decimal]:
    """reconciliation.figures, .matches, .rounding, .errors and .consequences: how the published
    figures of the year compare, for the text to state (none when no published report is held)."""
    if not reconciliation:
        return {}
    count = {r["status"]: r["figures"] for r in reconciliation}
    names = {"matches": "match", "rounding": "rounding", "errors": "error", "consequences": "consequence"}
    counts = {f"reconciliation.{name}": Decimal(count.get(status, 0)) for name, status in names.items()}
    counts["reconciliation.figures"] = Decimal(sum(count.values()))
    return counts


def corrections(con, year: int) -> list[dict]:
    """The published report's errors, each once, with the figures that follow from it under it."""
    rows = records(con, """select published_id, figure_id, status, root_cause, location, published_value, computed_rounded,
                                  why_zh, coalesce(length(split_part(published_value, '.', 2)), 0) as decimals
                           from audit.reconciliation
                           where year = ? and status in ('error', 'consequence') order by published_id""", [year])
    errors = [r for r in rows if r["status"] == "error"]
    for error in errors:
        error["consequences"] = [r for r in rows if r["root_cause"] == error["published_id"]]
    return errors


# a published figure of a table (t2.total.exports, t4.title), as data/raw/published names them
TABLE_FIGURE = re.compile(r"t(\d+)\.")


def corrected_items(corrections: list[dict]) -> dict[str, int]:
    """Each corrected printed figure (an error or a consequence) with the number of its error's item
    in the corrections annex, so that the tables and the text mark it where the reader meets it."""
    return {figure["published_id"]: number for number, error in enumerate(corrections, 1)
            for figure in (error, *error["consequences"])}


def corrected_figures(corrections: list[dict]) -> dict[str, int]:
    """corrected_items by the computed figure (total.featured_exports), for a figure the report prints
    where no published sentence stands (the policy-target monitor's amounts)."""
    return {figure["figure_id"]: number for number, error in enumerate(corrections, 1)
            for figure in (error, *error["consequences"])}


def annex_rows(corrections: list[dict]) -> list[dict]:
    """The corrections annex's rows in order: each error with its item number, then the figures that
    follow from it (item None); one list, so that the print layout can cut it where a page turns."""
    return [row for number, error in enumerate(corrections, 1)
            for row in ({**error, "item": number}, *({**c, "item": None} for c in error["consequences"]))]


def corrected_tables(corrected: dict[str, int]) -> set[str]:
    """The tables (table2, table4) holding a corrected figure (t2.…, t4.title): under each, a note
    says what the circled marks mean (report_templates/partials/appendix.html.j2)."""
    return {f"table{m[1]}" for published_id in corrected if (m := TABLE_FIGURE.match(published_id))}


# a policy target's status and unit (report.evaluation_policy_targets) in the words the monitor
# prints them in, in both documents and in evaluation.xlsx; the counted targets count bases and
# enterprises, both 家
TARGET_STATUS_ZH = {"met": "已达到", "not_met": "未达到", "no_data": "无数据", "not_comparable": "口径不同，不作比较"}
TARGET_UNIT_ZH = {"pct": "%", "count": "家"}


def values_source(provenance: dict) -> str:
    """Where the year's base values come from, as the report's notes and the workbook's cover say it
    (after 取自): the bases' submissions, the published report and what was derived and estimated
    from it (2009, when no base submitted), or both."""
    others = "、".join(p["label_zh"] for code, p in provenance.items() if code != "submitted")
    if "submitted" not in provenance:
        return f"原报告公布的数据，本年没有基地报送的数据；基地数值分为{others}"
    if others:
        return f"各基地报送的年度数据；未报送基地的数值为{others}"
    return "各基地报送的年度数据"


def provenance_counts(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, dict]:
    """The year's base values by provenance, in the registry's order (公布值, 推算值, 估算值, 报送值),
    each with its count and its words."""
    counts = dict(con.execute("select provenance, count(*) from core.submission_values where year = ? group by provenance",
                              [year]).fetchall())
    return {code: {"provenance": code, "values_count": counts[code], "label_zh": label}
            for code, label in registry.provenance_labels().items() if code in counts}


def policy_targets(con: duckdb.DuckDBPyConnection, year: int) -> list[dict]:
    """The policy-target monitor's rows, each with the document that sets the target (a page of
    the report and of the evaluation)."""
    return records(con, """select t.*, d.document_zh, d.doc_no_zh
                           from report.evaluation_policy_targets t
                           join staging.stg_policy_documents d using (seed)
                           where t.year = ? order by t.target_order""", [year])


def build(con: duckdb.DuckDBPyConnection, year: int) -> dict:
    """The template context of one report year."""
    figures = Figures(dict(con.execute(
        "select figure_id, value from report.computed_figures where year = ?", [year]).fetchall()))
    reconciliation = records(con, """select status, count(*) as figures from audit.reconciliation
                                     where year = ? group by all order by status""", [year])
    figures.values.update(reconciliation_counts(reconciliation))
    q = lambda sql: records(con, sql, [year])  # noqa: E731  (a short alias keeps the list below readable)
    model = registry.model  # table1 … table7, fig1_region … -> the report model it is printed or drawn from
    funding = q(f"""select row_kind, batch, batch_zh, base_id, base_name, row_order,
                           list(amount_10k_cny order by funding_year) as amounts
                    from {model('table6')} where year = ? and row_kind <> 'grand_total'
                    group by all order by row_order""")
    provenance = provenance_counts(con, year)
    found = corrections(con, year)
    corrected = corrected_items(found)
    return {
        "year": year,
        "fig": figures,
        "fact": Facts(q("select fact_id, printed, use, omit_reason from report.narrative_facts where year = ?")),
        "table1": q(f"select * from {model('table1')} where year = ? order by table1_no"),
        # row_key (the field's key, 'total' on the total row) names a row's published figures, as the
        # reference list of fields (staging.stg_fields) keys them; the contract's tables print no key
        "table2": q(f"""select t.*, coalesce(f.field_key, 'total') as row_key from {model('table2')} t
                        left join staging.stg_fields f using (field_zh) where t.year = ? order by t.row_order"""),
        "table3": q(f"""select t.*, coalesce(f.field_key, 'total') as row_key from {model('table3')} t
                        left join staging.stg_fields f using (field_zh) where t.year = ? order by t.row_order"""),
        "table4": q(f"select * from {model('table4')} where year = ?"),
        "table5": q(f"select * from {model('table5')} where year = ?"),
        "table6": funding,
        "table6_years": [r[0] for r in con.execute(
            f"""select distinct funding_year from {model('table6')}
                where year = ? and funding_year is not null order by 1""", [year]).fetchall()],
        "table7": q(f"select * from {model('table7')} where year = ? order by funding_year"),
        "regions": q(f"select * from {model('fig1_region')} where year = ? order by region_order"),
        "fields": q(f"select * from {model('fig2_field')} where year = ? order by field_order"),
        "ranking": {m: field_ranking(con, year, m) for m in (
            "output", "sales", "exports", "featured_output", "featured_sales", "featured_exports", "specialisation")},
        "bases_by_count": q(f"select field_zh, bases from {model('fig2_field')} where year = ? order by bases desc, field_order"),
        "funded_in_year": q(f"""select base_name, amount_10k_cny from {model('table6')}
                             where year = ? and row_kind = 'base' and funding_year = year and amount_10k_cny > 0
                             order by amount_10k_cny desc, row_order"""),
        "printed_decimals": dict(con.execute(
            "select published_id, published_decimals from staging.stg_published_figures where year = ?", [year]).fetchall()),
        "national": {r["figure_id"]: r for r in q(
            "select figure_id, value, source from staging.stg_reference_figures where year = ?")},
        "national_names": registry.national_figures(),
        "provenance": provenance,
        "values_source": values_source(provenance),
        "corrections": found,
        "annex_rows": annex_rows(found),
        "corrected": corrected,
        "corrected_figures": corrected_figures(found),
        "corrected_tables": corrected_tables(corrected),
        "reconciliation": reconciliation,
        "scope_flags": q("select base_id, base_name, field_zh from report.scope_check where year = ? order by base_id"),
        "policy_targets": policy_targets(con, year),
        "target_status_zh": TARGET_STATUS_ZH,
        "target_unit_zh": TARGET_UNIT_ZH,
        "base": {r["base_id"]: r for r in q(
            """select s.*, b.field_zh, b.region_zh from core.submissions s join core.bases b using (base_id)
               where s.year = ?""")},
    }
