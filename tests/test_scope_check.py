"""The scope check: a base whose figures look like its whole city's or province's is flagged,
as a warning, and no other base is."""
import csv
from decimal import Decimal
from pathlib import Path

from pipeline import config
from pipeline.intake import take_in
from pipeline.intake.checks import check_scope
from pipeline.intake.directory import Directory
from pipeline.intake.rules import Rules
from pipeline.intake.submission import Submission, Value

FIXTURE = Path(__file__).parent / "fixtures" / "scope" / "submissions_2010.csv"
MEASURES = ("output", "featured_output", "sales", "featured_sales", "exports", "featured_exports")


def invented_submissions() -> tuple[list[Submission], set[str]]:
    """The fixture's rows as 2010 submissions, and the bases it expects flagged."""
    with FIXTURE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    subs = []
    for number, row in enumerate(rows, start=2):
        sub = Submission(2010, FIXTURE.name, None, number, (number,), base_id=row["base_id"])
        sub.values = {m: Value(Decimal(row[m]), "submitted", FIXTURE.name, number, m) for m in MEASURES}
        subs.append(sub)
    return subs, {r["base_id"] for r in rows if r["flagged"] == "yes"}


def flagged(subs) -> set[str]:
    return {s.base_id for s in subs for f in s.findings if f.rule == "whole_region_figures"}


def test_the_invented_whole_region_submissions_and_only_they_are_flagged():
    subs, expected = invented_submissions()
    rules = Rules(config.RAW / "reference" / "validation_rules.yml")
    check_scope(subs, rules, Directory(config.RAW / "reference"))
    assert flagged(subs) == expected
    [finding] = [f for s in subs if s.base_id == "nanjing_jiangning" for f in s.findings]
    assert finding.severity == "warning" and finding.value == "8000"
    assert "中位数的80 / 80 / 80倍" in finding.message_zh and "2.0%" in finding.message_zh


def test_a_submission_with_an_error_is_neither_flagged_nor_a_peer():
    """Its figures are held back: the scope check leaves it to the error (here a negative value)."""
    subs, expected = invented_submissions()
    rules = Rules(config.RAW / "reference" / "validation_rules.yml")
    [nanjing] = [s for s in subs if s.base_id == "nanjing_jiangning"]
    nanjing.findings.append(rules.finding("negative", nanjing, row=2, field="exports", value=Decimal(-1)))
    check_scope(subs, rules, Directory(config.RAW / "reference"))
    assert flagged(subs) == expected - {"nanjing_jiangning"}


def test_in_2009_only_zhangjiang_is_flagged_and_it_stays_in_the_report():
    [result] = [r for r in take_in.take_in_all() if r.year == 2009]
    assert flagged(result.submissions) == {"shanghai_zhangjiang"}
    [zhangjiang] = [s for s in result.submissions if s.base_id == "shanghai_zhangjiang"]
    assert zhangjiang.status == "accepted"
    [finding] = [f for f in zhangjiang.findings if f.rule == "whole_region_figures"]
    assert Decimal(finding.value) == Decimal("31974.39") and "102 / 102 / 164" in finding.message_en


def test_the_notes_say_how_zhangjiang_moves_its_fields_shares(real):
    from pipeline.publish import context, templates
    exports = dict(real.execute("""select b.field_zh = '生物医药' and s.base_id <> 'shanghai_zhangjiang',
                                          sum(s.exports_100m_usd) from core.submissions s join core.bases b using (base_id)
                                   where s.year = 2009 and s.base_id <> 'shanghai_zhangjiang' group by 1""").fetchall())
    without = 100 * exports[True] / (exports[True] + exports[False])
    html = templates.render_html(context.build(real, 2009))
    start = html.index("<h3>个别基地的统计范围</h3>")
    notes = html[start:html.index("与已公布数据的核对", start)]
    assert "上海市张江高新技术产业开发区" in notes
    assert "出口额占全部基地的55.92%" in notes
    assert f"降为{without:.2f}%" in notes


def test_a_year_without_a_flagged_base_has_no_scope_rows(mini):
    assert mini.execute("select count(*) from report.scope_check").fetchone() == (0,)
