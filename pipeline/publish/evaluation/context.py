"""What the evaluation's templates may print, read from the report.evaluation_* models.

As in the annual report, every number comes from the database; the templates only format it.
"""
from __future__ import annotations

import duckdb

from pipeline import registry
from pipeline.publish.context import TARGET_STATUS_ZH, TARGET_UNIT_ZH, policy_targets, provenance_counts, records
from pipeline.warehouse.database import years_held

# the codes of the report.evaluation_* models in the words the PDFs and evaluation.xlsx print
STATUS_ZH = {"reported": "实报", "reconstructed": "估算", "no_data": "无数据"}
# a year whose figures come from the published report (2009): its values that are not estimates are published ones
STATUS_ZH_FROM_REPORT = {**STATUS_ZH, "reported": "公布"}
# a year some of whose bases submitted and others' figures come from the published report
STATUS_ZH_MIXED = {**STATUS_ZH, "reported": "实报或公布"}
STATE_ZH = {"raised": "提示", "clear": "未触发", "not_applicable": "不适用", "no_data": "无数据"}
DIRECTION_ZH = {"higher": "越高越好", "lower": "越低越好", "context": "只列示，不计分"}
# a value's provenance, as the annual report names it
PROVENANCE_ZH = registry.provenance_labels()
# the unit of a flag's value and benchmark, by its rule
FLAG_UNITS = {"below_regional_threshold": "亿美元", "below_field_quartile": "%", "zero_funding_window": "万元",
              "below_national_growth": "%", "no_submission": ""}


def unranked_groups(scores: list[dict]) -> list[dict]:
    """The bases that are not ranked, each with the reason: one row per group reconstructed alike,
    per field for scores resting partly on reconstructed values, and one for bases without data."""
    groups: dict[tuple, dict] = {}
    for s in scores:
        if s["is_rankable"]:
            continue
        if s["score"] is None:
            key, why = ("", "none"), "本年度没有可用于评价的数据"
        elif s["alike_bases"]:
            members = tuple(sorted([s["base_name"], *s["alike_base_names"].split("、")]))
            key, why = (s["field_zh"], members), "计分数据均按同一规则估算，数值基本相同，相互比较没有意义"
        elif s["weight_reconstructed"] == s["weight_with_data"]:
            key, why = (s["field_zh"], "all"), "计分数据均为估算值，不据此评价"
        else:
            key, why = (s["field_zh"], "partly"), "计分数据部分为估算值，不据此评价"
        group = groups.setdefault(key, {"field_zh": s["field_zh"] or "—", "names": [], "why": why,
                                        "alike": bool(s["alike_bases"]), "order": s["table1_no"]})
        group["names"].append(s["base_name"])
    return sorted(groups.values(), key=lambda g: (g["why"], g["order"]))


def build(con: duckdb.DuckDBPyConnection, year: int) -> dict:
    """The template context of one evaluation year."""
    q = lambda sql, params=None: records(con, sql, [year] if params is None else params)  # noqa: E731
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
    # what the intake found doubtful in a base's accepted figures (a warning on a field: not one on the
    # file, as a second version received): its sheet says so beside them, with a base's confirmation if any
    warnings = q("""select base_id, message_zh from audit.qa_findings
                     where year = ? and severity = 'warning' and submission_status = 'accepted' and field is not null
                     order by base_id, source_row, rule""")
    by_base = {b["base_id"]: {"indicators": [], "flags": [], "funding": [], "intake_warnings": []} for b in bases}
    for row in values:
        by_base[row["base_id"]]["indicators"].append(row)
    for row in base_flags:
        by_base[row["base_id"]]["flags"].append(row)
    for row in funding:
        by_base[row["base_id"]]["funding"].append(row)
    for row in warnings:
        said = row["message_zh"]
        by_base[row["base_id"]]["intake_warnings"].append(said if said.endswith("。") else said + "。")
    score_of = {s["base_id"]: s for s in scores}
    sheets = [{**b, **by_base[b["base_id"]], "score": score_of[b["base_id"]]} for b in bases]
    availability_rows = q("""select indicator_id,
                               count(*) filter (where status = 'reported') as reported,
                               count(*) filter (where status = 'reconstructed') as reconstructed,
                               count(*) filter (where status = 'no_data') as no_data
                        from report.evaluation_indicator_values where year = ? group by indicator_id""")
    flag_summary = q("""select flag_id,
                               count(*) filter (where state = 'raised' and basis = 'reported') as raised_reported,
                               count(*) filter (where state = 'clear' and basis = 'reported') as cleared_reported,
                               count(*) filter (where on_estimates) as on_estimates,
                               count(*) filter (where state = 'not_applicable') as not_applicable,
                               count(*) filter (where state = 'no_data') as no_data
                        from report.evaluation_flags where year = ? group by flag_id""")
    availability = {r["indicator_id"]: r for r in availability_rows}
    years = years_held(con)
    provenance = list(provenance_counts(con, year).values())
    names = {b["base_id"]: b["base_name"] for b in bases}
    [counts] = q("select bases_covered, bases_from_report from audit.qa_summary where year = ?") or [
        {"bases_covered": 0, "bases_from_report": 0}]
    bases_from_report = counts["bases_from_report"]
    submitted_bases = counts["bases_covered"] - bases_from_report
    # the year's figures are the published report's (2009): no base submitted, and some came from the report
    year_from_report = bases_from_report > 0 and submitted_bases == 0
    unranked = unranked_groups(scores)
    return {
        "year": year,
        "previous_year": year - 1 if year - 1 in years else None,
        "indicators": indicators,
        "indicator_by_id": {i["indicator_id"]: i for i in indicators},
        "flags": flags,
        "flag_by_id": {f["flag_id"]: f for f in flags},
        "availability": availability,
        "flag_summary": {r["flag_id"]: r for r in flag_summary},
        "scores": scores,
        "sheets": sheets,
        "thresholds": q("select * from staging.stg_export_thresholds order by hightech_exports_min_100m_usd desc", []),
        "documents": q("select * from staging.stg_policy_documents order by seed", []),
        "policy_targets": policy_targets(con, year),
        "provenance": provenance,
        "reconstructed_values": any(p["provenance"] == "reconstructed" for p in provenance),
        "submitted_bases": submitted_bases,
        "bases_from_report": bases_from_report,
        "year_from_report": year_from_report,
        "missing_indicators": [i for i in indicators if availability[i["indicator_id"]]["no_data"] == len(bases)],
        "unranked": unranked,
        "alike_groups": [{"size": len(g["names"])} for g in unranked if g["alike"]],
        "flagged": {f["flag_id"]: [{**r, "base_name": names[r["base_id"]]} for r in base_flags
                                   if r["flag_id"] == f["flag_id"] and r["state"] == "raised" and r["basis"] == "reported"]
                    for f in flags},
        "flag_units": {f["flag_id"]: FLAG_UNITS[f["rule"]] for f in flags},
        "no_data_detail": {f["flag_id"]: next((r["detail_zh"] for r in base_flags
                                               if r["flag_id"] == f["flag_id"] and r["state"] == "no_data"), "")
                           for f in flags},
        "status_zh": STATUS_ZH_FROM_REPORT if year_from_report else STATUS_ZH_MIXED if bases_from_report else STATUS_ZH,
        "state_zh": STATE_ZH,
        "direction_zh": DIRECTION_ZH,
        "provenance_zh": PROVENANCE_ZH,
        "target_status_zh": TARGET_STATUS_ZH,
        "target_unit_zh": TARGET_UNIT_ZH,
    }
