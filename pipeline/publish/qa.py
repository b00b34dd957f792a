"""qa.md: what the intake of a year received, what it kept out and why, and who did not submit."""
from __future__ import annotations

import html
import re

import duckdb

from pipeline.intake.submission import printable
from pipeline.publish.context import records

TABLE_SPECIAL = re.compile(r"([\\|])")  # a backslash or a pipe would end or break the table cell


def table_cell(value) -> str:
    """A table cell of qa.md: received text shown as text, never as markup: control characters
    escaped (pipeline.intake.submission.printable), HTML as entities, a pipe or backslash escaped."""
    if value is None:
        return ""
    return TABLE_SPECIAL.sub(r"\\\1", html.escape(printable(value, 400), quote=False))


COVERAGE = {
    "quarantined": "quarantined / 暂不汇总",
    "unattributed": "a file named for it could not be read as its form (see Errors) / 收到以该基地命名的文件，但未能识别为其报表（见“错误”）",
    "not submitted": "not submitted / 未报送",
}


def base_cell(finding: dict) -> str:
    """The base a finding is about; when the file gave none, the base its name points to, said as such."""
    if finding["base_name"] or finding["base_id"]:
        return finding["base_name"] or finding["base_id"]
    if finding["named_by_file_name"]:
        return f"? (file name points to / 文件名指向: {finding['named_by_file_name']})"
    return "?"


def markdown(con: duckdb.DuckDBPyConnection, year: int) -> str:
    summary = records(con, "select * from audit.qa_summary where year = ?", [year])
    if not summary:
        return f"# Intake report {year}\n\nNo submissions were received for {year}.\n"
    s = summary[0]
    lines = [
        f"# Intake report {year} / {year} 年报送数据核验报告",
        "",
        f"- Files received / 收到文件: {s['files']}",
        f"- Submissions received / 收到报表: {s['received']} = accepted / 采用 {s['accepted']} "
        f"+ superseded / 被取代 {s['superseded']} + quarantined / 暂不汇总 {s['quarantined']}",
        f"- Bases expected / 应报基地: {s['bases_expected']}; covered / 已采用 {s['bases_covered']}; "
        f"missing / 缺报 {s['bases_missing']}",
        f"- Findings / 核验发现: {s['errors']} errors / 错误, {s['warnings']} warnings / 提示",
        "",
        "A submission with an error is quarantined: it stays out of every report table until the base sends "
        "a corrected one; its file is kept as received. 有错误的报表暂不汇总，原文件保留不变，待基地更正后重新报送。",
        "",
    ]
    findings = records(con, """select * from audit.qa_findings where year = ?
                            order by severity, source_file, source_sheet, source_row""", [year])
    sections = (("Errors / 错误（报表暂不汇总）", lambda f: f["severity"] == "error" and f["submission_status"] != "superseded"),
                ("Corrected / 已更正（后收到的报表已采用）", lambda f: f["severity"] == "error" and f["submission_status"] == "superseded"),
                ("Warnings / 提示（报表已采用，请核对）", lambda f: f["severity"] == "warning"))
    for title, belongs in sections:
        chosen = [f for f in findings if belongs(f)]
        lines += [f"## {title}", ""]
        if not chosen:
            lines += ["None / 无", ""]
            continue
        lines += ["| Base / 基地 | File / 文件 | Sheet / 工作表 | Row / 行 | Field / 字段 | Value / 值 | Rule / 规则 | "
                  "Problem / 问题 | What to do / 处理办法 |", "|---|---|---|---|---|---|---|---|---|"]
        for f in chosen:
            lines.append("| " + " | ".join(table_cell(v) for v in (
                base_cell(f), f["source_file"], f["source_sheet"], f["source_row"], f["field"],
                f["value"], f["rule"], f"{f['message_zh']} {f['message_en']}", f"{f['do_zh']} {f['do_en']}")) + " |")
        lines.append("")
    missing = records(con, "select * from audit.qa_coverage where year = ? and coverage <> 'covered' order by table1_no", [year])
    lines += ["## Coverage / 报送情况", ""]
    if missing:
        lines += ["| No. / 序号 | Base / 基地 | Status / 状态 |", "|---|---|---|"]
        lines += [f"| {m['table1_no']} | {table_cell(m['base_name'])} | {COVERAGE[m['coverage']]} |" for m in missing]
    else:
        lines.append("Every base expected has an accepted submission. 所有应报基地均已报送并采用。")
    lines += ["", "## Files / 文件", "", "| File / 文件 | SHA-256 | First taken in (UTC) / 首次接收 |", "|---|---|---|"]
    for entry in records(con, "select * from audit.submissions_log where year = ? order by source_file, logged_at_utc", [year]):
        lines.append(f"| {table_cell(entry['source_file'])} | `{entry['sha256']}` | {entry['logged_at_utc']} |")
    return "\n".join(lines) + "\n"
