"""What the evaluation's templates may print, read from the report.evaluation_* models.

As in the annual report, every number comes from the database; the templates only format it.
"""
from __future__ import annotations

import duckdb

from pipeline.context import records

STATUS_ZH = {"reported": "实报", "reconstructed": "重构", "no_data": "无数据"}
STATE_ZH = {"raised": "提示", "clear": "未触发", "not_applicable": "不适用", "no_data": "无数据"}


def policy_targets(con: duckdb.DuckDBPyConnection, year: int) -> list[dict]:
    """The policy-target monitor's rows, each with the document that sets the target."""
    return records(con, """select t.*, d.document_zh, d.doc_no_zh
                           from report.evaluation_policy_targets t
                           join staging.stg_policy_documents d using (seed)
                           where t.year = ? order by t.target_order""", [year])


def build(con: duckdb.DuckDBPyConnection, year: int) -> dict:
    """The template context of one evaluation year."""
    q = lambda sql, params=None: records(con, sql, params or [year])  # noqa: E731
    indicators = q("""select i.*, d.document_zh, d.doc_no_zh from staging.stg_evaluation_indicators i
                      join staging.stg_policy_documents d using (seed) order by indicator_order""", [])
    flags = q("""select f.*, d.document_zh, d.doc_no_zh from staging.stg_evaluation_flags f
                 join staging.stg_policy_documents d using (seed) order by flag_order""", [])
    scores = q("select * from report.evaluation_scores where year = ? order by table1_no")
    values = q("""select v.*, p.value as previous_value, p.status as previous_status
                  from report.evaluation_indicator_values v
                  left join report.evaluation_indicator_values p
                    on p.year = v.year - 1 and p.base_id = v.base_id and p.indicator_id = v.indicator_id
                  where v.year = ? order by v.base_id, v.indicator_order""")
    base_flags = q("select * from report.evaluation_flags where year = ? order by base_id, flag_order")
    funding = q("""select base_id, funding_year, amount_10k_cny from report.table6_base_funding
                   where year = ? and row_kind = 'base' order by base_id, funding_year""")
    bases = q("""select t.*, b.entity_type_zh, b.batch_zh, b.province_std from report.table1_bases t
                 join core.bases b using (base_id) where t.year = ? order by t.table1_no""")
    by_base = {b["base_id"]: {"indicators": [], "flags": [], "funding": []} for b in bases}
    for row in values:
        by_base[row["base_id"]]["indicators"].append(row)
    for row in base_flags:
        by_base[row["base_id"]]["flags"].append(row)
    for row in funding:
        by_base[row["base_id"]]["funding"].append(row)
    score_of = {s["base_id"]: s for s in scores}
    sheets = [{**b, **by_base[b["base_id"]], "score": score_of[b["base_id"]]} for b in bases]
    availability = q("""select indicator_id,
                               count(*) filter (where status = 'reported') as reported,
                               count(*) filter (where status = 'reconstructed') as reconstructed,
                               count(*) filter (where status = 'no_data') as no_data
                        from report.evaluation_indicator_values where year = ? group by indicator_id""")
    flag_summary = q("""select flag_id,
                               count(*) filter (where state = 'raised' and basis = 'reported') as raised_reported,
                               count(*) filter (where state = 'raised' and basis = 'reconstructed') as raised_reconstructed,
                               count(*) filter (where state = 'clear') as clear,
                               count(*) filter (where state = 'not_applicable') as not_applicable,
                               count(*) filter (where state = 'no_data') as no_data
                        from report.evaluation_flags where year = ? group by flag_id""")
    years = [r[0] for r in con.execute("select distinct year from core.submissions order by 1").fetchall()]
    return {
        "year": year,
        "previous_year": year - 1 if year - 1 in years else None,
        "indicators": indicators,
        "indicator_by_id": {i["indicator_id"]: i for i in indicators},
        "flags": flags,
        "flag_by_id": {f["flag_id"]: f for f in flags},
        "availability": {r["indicator_id"]: r for r in availability},
        "flag_summary": {r["flag_id"]: r for r in flag_summary},
        "scores": scores,
        "sheets": sheets,
        "thresholds": q("select * from staging.stg_export_thresholds order by hightech_exports_min_100m_usd desc", []),
        "documents": q("select * from staging.stg_policy_documents order by seed", []),
        "policy_targets": policy_targets(con, year),
        "provenance": q("""select provenance, count(*) as values_count from core.submission_values
                           where year = ? group by all order by provenance"""),
        "status_zh": STATUS_ZH,
        "state_zh": STATE_ZH,
    }
