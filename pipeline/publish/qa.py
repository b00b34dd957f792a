"""qa.md: what the intake of a year received, what it kept out and why, and who did not submit."""
from __future__ import annotations

import html
import re
import shlex
from collections import Counter

import duckdb

from pipeline import config
from pipeline.intake.rules import Rules
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


def finding_kind(finding: dict) -> str:
    """How qa.md and the console file a finding: an error (its submission quarantined), an error a
    later submission corrected (its own was superseded), or a warning."""
    if finding["severity"] == "error" and finding["submission_status"] == "superseded":
        return "corrected"
    return finding["severity"]


def markdown(con: duckdb.DuckDBPyConnection, year: int) -> str:
    summary = records(con, "select * from audit.qa_summary where year = ?", [year])
    if not summary:
        return f"# Intake report {year}\n\nNo submissions were received for {year}.\n"
    s = summary[0]
    lines = [
        f"# Intake report {year} / {year}年报送数据核验报告",
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
    sections = (("Errors / 错误（报表暂不汇总）", "error"), ("Corrected / 已更正（后收到的报表已采用）", "corrected"),
                ("Warnings / 提示（报表已采用，请核对）", "warning"))
    for title, kind in sections:
        chosen = [f for f in findings if finding_kind(f) == kind]
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
        from_report = s["bases_from_report"]
        if from_report == s["bases_expected"]:
            lines.append("Every base's figures are the reconstruction from the published report; no base submitted them. "
                         "各基地数据为依据已公布年度报告的重建，不是基地报送。")
        elif from_report:
            lines.append(f"Every base expected has an accepted submission; {from_report} of them are the reconstruction "
                         f"from the published report. 所有应报基地均已采用，其中{from_report}家的数据为依据已公布年度报告的重建。")
        else:
            lines.append("Every base expected has an accepted submission. 所有应报基地均已报送并采用。")
    lines += ["", "## Files / 文件", "", "| File / 文件 | SHA-256 | First taken in (UTC) / 首次接收 |", "|---|---|---|"]
    for entry in records(con, "select * from audit.submissions_log where year = ? order by source_file, logged_at_utc", [year]):
        lines.append(f"| {table_cell(entry['source_file'])} | `{entry['sha256']}` | {entry['logged_at_utc']} |")
    return "\n".join(lines) + "\n"


# what a finding's submission became, as the console says it: an error of a superseded one was corrected
CONSOLE_KINDS = {"error": "quarantined", "corrected": "corrected", "warning": "warning"}


def console_lines(con: duckdb.DuckDBPyConnection, year: int, shown_path) -> list[str]:
    """What `make ingest` prints after qa.md: the counts, the findings' rules, and each finding in
    English with where it is; a corrected error is said to be corrected, as qa.md files it. An error
    a base may confirm comes with the command that records its confirmation: the advice itself
    speaks to the base (qa.md is read by both), the command is the operator's."""
    confirmable = Rules(config.REFERENCE / "validation_rules.yml").confirmable
    summary = records(con, "select * from audit.qa_summary where year = ?", [year])
    findings = records(con, """select * from audit.qa_findings where year = ?
                               order by severity, source_file, source_sheet, source_row""", [year])
    lines = []
    if summary:
        s = summary[0]
        lines.append(f"{year}: received {s['received']} submissions = {s['accepted']} accepted + {s['superseded']} "
                     f"superseded + {s['quarantined']} quarantined; {s['bases_missing']} bases without an accepted "
                     f"submission (see {shown_path})")
    for f in findings:
        f["kind"] = finding_kind(f)
    for kind, label in (("error", "errors"), ("corrected", "errors corrected by a later submission"), ("warning", "warnings")):
        counted = Counter(f["rule"] for f in findings if f["kind"] == kind)
        if counted or kind != "corrected":
            rules = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
            lines.append(f"  {sum(counted.values())} {label}" + (": " + ", ".join(f"{r} {n}" for r, n in rules) if rules else ""))
    for f in findings:
        where = ", ".join(str(x) for x in (f["source_file"], f["source_sheet"] and f"sheet {f['source_sheet']}",
                                           f["source_row"] and f"row {f['source_row']}", f["field"] and f"field {f['field']}",
                                           f["value"] is not None and f"value {f['value']!r}") if x)
        lines.append(f"  {CONSOLE_KINDS[f['kind']]}: {where}: {f['message_en']} [{f['rule']}] {f['do_en']}")
        if f["kind"] == "error" and confirmable(f["rule"]):
            lines.append(f"    once the base confirms in writing: make confirm YEAR={year} FILE={shlex.quote(f['source_file'])} "
                         f"RULE={f['rule']}" + (f" FIELD={shlex.quote(f['field'])}" if f["field"] else "") + " NOTE='…'")
    return lines
