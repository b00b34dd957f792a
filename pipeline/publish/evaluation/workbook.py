"""evaluation.xlsx: the evaluation as tables, for those who work on it in Excel.

A cover sheet says what the workbook holds and what a reconstructed value is; then the
indicator system, the scores, every indicator value, the flags and the policy targets, each
with Chinese headers, a coded column (status, direction …) in the words the PDFs print it in,
numbers stored as numbers, columns as wide as their contents and a frozen header row. The
database keeps its codes: the analysts read those.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.publish import export
from pipeline.publish.evaluation.context import (
    DIRECTION_ZH,
    PROVENANCE_ZH,
    STATE_ZH,
    TARGET_STATUS_ZH,
    TARGET_UNIT_ZH,
)
from pipeline.publish.formatting import num_zh

RANKABLE_ZH = {True: "是", False: "否"}
# a flag resting on an estimate is not judged, as the sheets print it (the database keeps its state and basis)
FLAG_RESULT_ZH = {**STATE_ZH, "on_estimates": "不作判断（依据含估算值）"}
# a target met or not by a measure that cannot say all it asks (cannot_measure_zh) is said with the PDFs' caveat
TARGET_RESULT_ZH = {**TARGET_STATUS_ZH, **{f"{code}_for_reference": f"{TARGET_STATUS_ZH[code]}（仅作参照）"
                                            for code in ("met", "not_met")}}

# the year's words for a value's status (2009's values that are no estimate are 公布, later years' 实报): the
# context's, filled in when the workbook is written
STATUS = "status_zh"
# (sheet name, title, query, [(header, number format[, the words of a coded column])]); a title's {status}
# is filled with the year's words for a value's status
SHEETS = [
    ("指标体系", "考核评价指标体系",
     """select i.indicator_order, i.dimension_zh, i.label_zh, i.unit_zh, i.formula_zh, i.direction, i.weight,
               d.document_zh, d.doc_no_zh, i.clause_zh, i.clause_quote_zh
        from staging.stg_evaluation_indicators i join staging.stg_policy_documents d using (seed)
        order by i.indicator_order""",
     [("序号", "0"), ("维度", None), ("指标", None), ("单位", None), ("计算方法", None), ("方向", None, DIRECTION_ZH),
      ("权重", "0"), ("依据文件", None), ("文号", None), ("条款", None), ("条文", None)]),
    ("基地得分", "基地综合得分（只在得分不含估算值的基地之间排名）",
     """select table1_no, base_name, field_zh, region_zh, case when is_rankable then score end, weight_with_data, weight_total,
               weight_reconstructed, is_rankable, overall_rank, overall_rankable,
               case when field_rankable > 1 then field_rank end, case when field_rankable > 1 then field_rankable end,
               alike_base_names, flags_raised_on_reported
        from report.evaluation_scores where year = ? order by table1_no""",
     [("序号", "0"), ("基地", None), ("所属领域", None), ("所处地区", None), ("综合得分（只列可排名的基地）", "0.00"),
      ("有数据指标权重", "0"), ("计分指标总权重", "0"), ("其中估算值权重", "0"), ("可排名", None, RANKABLE_ZH),
      ("位次", "0"), ("可排名基地数", "0"), ("领域内位次（本领域有两家以上时）", "0"), ("领域内可排名基地数", "0"),
      ("同规则估算、比较无意义的基地", None), ("提示事项数（不含依据估算值的）", "0")]),
    ("基地指标", "各基地指标值与对照（数据性质：{status}）",
     """select s.table1_no, s.base_name, i.label_zh, i.unit_zh, v.value, v.status, v.no_data_reason_zh,
               v.field_median, v.field_q1, v.field_q3, v.field_values_reconstructed, v.region_median,
               case when v.field_ranked > 1 then v.field_rank end, v.field_ranked, v.alike_bases
        from report.evaluation_indicator_values v
        join report.evaluation_scores s using (year, base_id)
        join staging.stg_evaluation_indicators i using (indicator_id)
        where v.year = ? order by s.table1_no, i.indicator_order""",
     [("序号", "0"), ("基地", None), ("指标", None), ("单位", None), ("数值", "0.00"), ("数据性质", None, STATUS),
      ("无数据原因", None), ("本领域中位数", "0.00"), ("本领域下四分位", "0.00"), ("本领域上四分位", "0.00"),
      ("本领域估算值个数", "0"), ("本地区中位数", "0.00"), ("领域内位次（不含估算值）", "0"), ("参与排序基地数", "0"),
      ("同规则估算的同领域基地数", "0")]),
    ("提示事项", "提示事项（依据性质为估算的，依据含估算值，不作判断）",
     """select s.table1_no, s.base_name, f.label_zh,
               case when r.on_estimates then 'on_estimates' else r.state end,
               case when r.state in ('raised', 'clear') then r.basis end, r.value, r.benchmark, r.detail_zh,
               d.doc_no_zh, f.clause_zh
        from report.evaluation_flags r
        join report.evaluation_scores s using (year, base_id)
        join staging.stg_evaluation_flags f using (flag_id)
        join staging.stg_policy_documents d using (seed)
        where r.year = ? order by s.table1_no, f.flag_order""",
     [("序号", "0"), ("基地", None), ("事项", None), ("结果", None, FLAG_RESULT_ZH), ("依据性质", None, STATUS), ("本基地", "0.00"),
      ("对照", "0.00"), ("说明", None), ("依据文件", None), ("条款", None)]),
    ("政策目标", "政策目标监测",
     """select target_order, target_zh, clause_zh, target_value, target_unit, target_year, measure_zh,
               measure_amount, amount_unit_zh, reference_value, value, distance,
               status || case when status in ('met', 'not_met') and cannot_measure_zh <> '—' then '_for_reference' else '' end,
               bases_reconstructed,
               no_data_reason_zh, can_measure_zh, cannot_measure_zh
        from report.evaluation_policy_targets where year = ? order by target_order""",
     [("序号", "0"), ("目标", None), ("条款", None), ("目标值", "0"), ("单位", None, TARGET_UNIT_ZH), ("目标年份", "0"),
      ("量度", None), ("基地合计", "0.00"), ("合计单位", None), ("全国数", "0.0"), ("数值", "0.00"),
      ("与目标之差", "0.00"), ("状态", None, TARGET_RESULT_ZH), ("含估算值的基地数", "0"), ("无数据原因", None),
      ("能说明", None), ("不能说明", None)]),
]


def write(con: duckdb.DuckDBPyConnection, context: dict, path: Path) -> None:
    """Write evaluation.xlsx for the context's year."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    year = context["year"]
    book = Workbook()
    cover = book.active
    cover.title = "说明"
    sheets = [name for name, *_ in SHEETS]
    lines = [(f"国家科技兴贸创新基地年度考核评价（{year}）数据表", True), ("", False),
             (f"本工作簿收录{year}年考核评价的{num_zh(len(sheets))}张表：{'、'.join(sheets)}。", False),
             (f"指标无数据时列为“{context['status_zh']['no_data']}”，不作估算，不参与计分。", False),
             (f"“{context['status_zh']['reconstructed']}”值是将已公布的领域汇总数按规则分摊到各基地所得的数值，不是基地实报数；"
              "据此算出的指标、得分和提示仅供参考，不据以评价单个基地，不排名。", False), ("", False), ("本年数据来源：", True)]
    lines += [(f"  {PROVENANCE_ZH[p['provenance']]}：{p['values_count']}个数值", False) for p in context["provenance"]]
    export.write_cover(cover, lines)
    for name, title, query, columns in SHEETS:
        sheet = book.create_sheet(name)
        sheet.cell(1, 1, title.format(status="、".join(context["status_zh"].values()))).font = Font(bold=True, size=12)
        for number, (header, *_) in enumerate(columns, start=1):
            export.write_header(sheet, number, header)
        for r, values in enumerate(con.execute(query, [year] if "?" in query else []).fetchall(), start=4):
            for c, ((_, number_format, *labels), value) in enumerate(zip(columns, values), start=1):
                export.write_value(sheet, r, c, value, number_format, *(context[m] if m == STATUS else m for m in labels))
        export.fit_columns(sheet)
        sheet.freeze_panes = "A4"
    export.save_reproducibly(book, path, year)
