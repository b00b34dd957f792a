"""Who may say what: only the reconstruction of a published year sets provenance, a form cannot
replace the published year silently, one bad file never stops another year, and a base's
confirmation, recorded in the log, lets a doubted value through as a warning."""
import csv
import io
import shutil
from pathlib import Path

import pytest

from pipeline import config
from pipeline.intake import confirmations, receipts, submissions_log, take_in
from pipeline.publish import qa
from tests.conftest import CORPUS
from tests.formfill import fill, new_form, synthetic_values

RECONSTRUCTION = "submissions/2009/submissions_2009.csv"


@pytest.fixture
def raw(tmp_path) -> Path:
    shutil.copytree(config.RAW, tmp_path / "raw")
    return tmp_path / "raw"


def outcome(results, year, file_name, base_id=None):
    [sub] = [s for s in {r.year: r for r in results}[year].submissions
             if Path(s.file).name == file_name and (base_id is None or s.base_id == base_id)]
    return sub


def rewrite_reconstruction(raw: Path, change) -> None:
    path = raw / RECONSTRUCTION
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(change(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_form_for_the_published_year_is_held_back_and_the_reconstruction_stays(raw):
    form = new_form(raw / "submissions/2009", "shanghai_zhangjiang", 2009, "03_shanghai_zhangjiang.xlsx")
    fill(form, synthetic_values("shanghai_zhangjiang", growth="0.10"))
    results = take_in.take_in_all(raw)
    held = outcome(results, 2009, form.name)
    assert held.status == "quarantined" and {f.rule for f in held.findings} == {"published_year"}
    assert outcome(results, 2009, "submissions_2009.csv", "shanghai_zhangjiang").status == "accepted"


def test_a_provenance_the_reconstruction_cannot_have_holds_back_its_row_only(raw):
    rewrite_reconstruction(raw, lambda rows: [rows[0]] + [
        [c if not (r[1] == "deyang" and c == "published") else '=HYPERLINK("http://x","published")' for c in r]
        for r in rows[1:]])
    results = take_in.take_in_all(raw)
    deyang = outcome(results, 2009, "submissions_2009.csv", "deyang")
    assert deyang.status == "quarantined" and {f.rule for f in deyang.findings} == {"bad_provenance"}
    assert deyang.findings[0].value == '=HYPERLINK("http://x","published")'
    assert {r.year: r for r in results}[2009].count("accepted") == 57


def test_a_broken_reconstruction_stops_its_own_year_only(raw):
    rewrite_reconstruction(raw, lambda rows: [rows[0] + ["remark"]] + [r + ["x"] for r in rows[1:]])
    (raw / "submissions/2010").mkdir()
    shutil.copyfile(CORPUS / "good_form.xlsx", raw / "submissions/2010/good_form.xlsx")
    results = {r.year: r for r in take_in.take_in_all(raw)}
    [whole] = results[2009].submissions
    assert whole.status == "quarantined" and [(f.rule, f.field) for f in whole.findings] == [("unknown_column", "remark")]
    assert results[2010].count("accepted") == 1


def confirmation(raw: Path, log: Path, file_name: str, rule: str, note: str) -> dict:
    received = take_in.take_in_all(raw, submissions_log.read(log))
    receipts.append_to_log(received, raw, log)
    return confirmations.record_confirmation(2010, file_name, rule, None, note, raw, log)


def test_a_confirmed_unit_lets_the_value_through_as_a_warning_for_that_file_only(raw, tmp_path):
    (raw / "submissions/2010").mkdir()
    shutil.copyfile(CORPUS / "sales_in_10k_yuan.xlsx", raw / "submissions/2010/sales_in_10k_yuan.xlsx")
    log = tmp_path / "log.jsonl"
    confirmation(raw, log, "sales_in_10k_yuan.xlsx", "unit_magnitude", "宁波北仑 confirmed by letter of 2011-02-01")
    sub = outcome(take_in.take_in_all(raw, submissions_log.read(log)), 2010, "sales_in_10k_yuan.xlsx")
    assert sub.status == "accepted"
    assert {(f.rule, f.severity) for f in sub.findings} == {("unit_magnitude", "warning")}
    assert sub.findings[0].message_en.endswith("Confirmed by the base on " + submissions_log.read(log)[-1]["logged_at"][:10]
                                               + ": 宁波北仑 confirmed by letter of 2011-02-01")
    (raw / "submissions/2010/sales_in_10k_yuan.xlsx").write_bytes((CORPUS / "wrong_units.xlsx").read_bytes())
    changed = outcome(take_in.take_in_all(raw, submissions_log.read(log)), 2010, "sales_in_10k_yuan.xlsx")
    assert changed.status == "quarantined"  # a confirmation covers the file it names, not a changed one


def test_the_base_names_which_of_two_simultaneous_submissions_counts(raw, tmp_path):
    (raw / "submissions/2010").mkdir()
    for name in ("simultaneous_a.xlsx", "simultaneous_b.xlsx"):
        shutil.copyfile(CORPUS / name, raw / "submissions/2010" / name)
    log = tmp_path / "log.jsonl"
    confirmation(raw, log, "simultaneous_b.xlsx", "simultaneous_submissions", "昆山 says b is the final one")
    results = take_in.take_in_all(raw, submissions_log.read(log))
    assert outcome(results, 2010, "simultaneous_b.xlsx").status == "accepted"
    assert outcome(results, 2010, "simultaneous_a.xlsx").status == "superseded"


def test_a_base_that_confirms_both_simultaneous_submissions_has_named_neither(raw, tmp_path):
    """Both stay held back: were the confirmations to turn their findings into warnings, both would count."""
    (raw / "submissions/2010").mkdir()
    names = ("simultaneous_a.xlsx", "simultaneous_b.xlsx")
    for name in names:
        shutil.copyfile(CORPUS / name, raw / "submissions/2010" / name)
    log = tmp_path / "log.jsonl"
    for name in names:
        confirmation(raw, log, name, "simultaneous_submissions", f"昆山 says {name} is the final one")
    results = take_in.take_in_all(raw, submissions_log.read(log))
    subs = {name: outcome(results, 2010, name) for name in names}
    assert {name: (s.status, [(f.rule, f.severity) for f in s.findings]) for name, s in subs.items()} == {name: ("quarantined", [("simultaneous_submissions", "error")]) for name in names}
    # and the finding says how to get out: confirm one only
    [finding] = subs["simultaneous_a.xlsx"].findings
    assert finding.message_zh == ("同一基地在同一次接收中有内容不同的多份报表（“submissions/2010/simultaneous_b.xlsx”（填报表）；"
                                  "基地确认了其中不止一份，只能确认以之为准的一份），无法判断以哪一份为准。")
    assert finding.message_en.endswith("the base confirmed more than one of them: confirm only the one that counts); "
                                       "which one counts cannot be told.")


def test_only_a_confirmable_rule_of_a_received_file_can_be_confirmed(raw, tmp_path):
    (raw / "submissions/2010").mkdir()
    shutil.copyfile(CORPUS / "negative.xlsx", raw / "submissions/2010/negative.xlsx")
    log = tmp_path / "log.jsonl"
    with pytest.raises(confirmations.ConfirmationError, match="has not been received"):
        confirmations.record_confirmation(2010, "negative.xlsx", "unit_magnitude", None, "x", raw, log)
    with pytest.raises(confirmations.ConfirmationError, match="cannot be confirmed"):
        confirmation(raw, log, "negative.xlsx", "negative", "it really is negative")


def test_qa_md_shows_received_text_as_text():
    assert qa.table_cell("<img src=x onerror=alert(1)>\x00|x\\") == "&lt;img src=x onerror=alert(1)&gt;\\\\x00\\|x\\\\"


def test_the_console_gives_the_command_that_records_a_base_s_confirmation(raw, tmp_path):
    """qa.md's advice speaks to the base (请来函书面确认); the console gives the operator the command,
    and that command, as printed, lets the value through."""
    import shlex

    from tests.conftest import build_in_memory
    (raw / "submissions/2010").mkdir()
    shutil.copyfile(CORPUS / "sales_in_10k_yuan.xlsx", raw / "submissions/2010/sales_in_10k_yuan.xlsx")
    log = tmp_path / "log.jsonl"
    received = take_in.take_in_all(raw, submissions_log.read(log))
    con = build_in_memory(raw, received, receipts.append_to_log(received, raw, log))
    assert "make" not in qa.markdown(con, 2010)
    commands = [line.split(": ", 1)[1] for line in qa.console_lines(con, 2010, "qa.md") if "make confirm" in line]
    said = [dict(word.split("=", 1) for word in shlex.split(command)[2:]) for command in commands]
    assert said == [{"YEAR": "2010", "FILE": "submissions/2010/sales_in_10k_yuan.xlsx", "RULE": "unit_magnitude",
                     "FIELD": field, "NOTE": "…"} for field in ("销售收入（其中：特色产业）", "销售收入（合计）")]
    for words in said:  # the sales and their featured part, each 10^4 off: each confirmed
        confirmations.record_confirmation(int(words["YEAR"]), words["FILE"], words["RULE"], words["FIELD"], "by letter", raw, log)
    assert outcome(take_in.take_in_all(raw, submissions_log.read(log)), 2010, "sales_in_10k_yuan.xlsx").status == "accepted"


def test_a_year_partly_submitted_and_partly_from_the_report_says_both(raw, tmp_path):
    """张江 sends a 2009 form and confirms it corrects the published figures: 2009 is then one base's
    submission and 57 bases' figures from the report, and qa.md and the evaluation say both."""
    from pipeline.publish.evaluation import context
    from tests.conftest import build_in_memory
    form = new_form(raw / "submissions/2009", "shanghai_zhangjiang", 2009, "03_shanghai_zhangjiang.xlsx")
    fill(form, synthetic_values("shanghai_zhangjiang", growth="0.10"))
    log = tmp_path / "log.jsonl"
    receipts.append_to_log(take_in.take_in_all(raw, submissions_log.read(log)), raw, log)
    confirmations.record_confirmation(2009, form.name, "published_year", None, "张江 corrects its 2009 figures by letter", raw, log)
    confirmations.record_confirmation(2009, form.name, "simultaneous_submissions", None, "the form, not the reconstruction", raw, log)
    received = take_in.take_in_all(raw, submissions_log.read(log))
    assert outcome(received, 2009, form.name).status == "accepted"
    con = build_in_memory(raw, received, receipts.append_to_log(received, raw, log))
    assert ("Every base expected has an accepted submission; 57 of them are the reconstruction from the published "
            "report. 所有应报基地均已采用，其中57家的数据为依据已公布年度报告的重建。") in qa.markdown(con, 2009)
    values = context.build(con, 2009)
    assert (values["submitted_bases"], values["bases_from_report"], values["year_from_report"]) == (1, 57, False)
    assert values["status_zh"]["reported"] == "实报或公布"
