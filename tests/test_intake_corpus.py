"""The corpus of received files (tests/fixtures/bad_inputs): each gives the right rule and a
clear message, the good ones are taken in, and nothing else is lost."""
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pipeline import config
from pipeline.intake import receipts, take_in
from tests.conftest import raw_with_corpus
from tests.formfill import synthetic_values

# file -> (outcome of its submission, the rules it must trigger)
EXPECTED = {
    "good_form.xlsx": ("accepted", set()),
    "good_gbk.csv": ("accepted", set()),
    "good_bom_fullwidth.csv": ("accepted", set()),
    "formula_cached.xlsx": ("accepted", set()),
    "not_a_number.xlsx": ("quarantined", {"not_a_number"}),
    "negative.xlsx": ("quarantined", {"negative", "featured_exceeds_total"}),
    "featured_exceeds.xlsx": ("quarantined", {"featured_exceeds_total"}),
    "missing_required.xlsx": ("quarantined", {"required_missing"}),
    "wrong_year.xlsx": ("quarantined", {"year_mismatch"}),
    "unknown_base.xlsx": ("quarantined", {"unknown_base"}),
    "formula_no_value.xlsx": ("quarantined", {"formula_without_value"}),
    "empty.xlsx": ("quarantined", {"no_form"}),
    "truncated.xlsx": ("quarantined", {"file_unreadable"}),
    "not_really.xlsx": ("quarantined", {"no_form"}),  # text under an .xlsx name: read as the text it is
    "huge.xlsx": ("quarantined", {"file_too_large"}),
    "wrong_units.xlsx": ("quarantined", {"unit_magnitude"}),
    "exports_in_yuan.xlsx": ("quarantined", {"exports_implausible"}),
    "duplicate_first.xlsx": ("superseded", {"duplicate_submission"}),
    "duplicate_second.xlsx": ("accepted", {"duplicate_submission"}),
    # issue 9: tracebacks before, a clear message now
    "huge_cell.csv": ("quarantined", {"file_unreadable"}),
    "huge_number.xlsx": ("quarantined", {"number_too_large"}),
    "broken_sheet_xml.xlsx": ("quarantined", {"file_unreadable"}),
    "billion_laughs.xlsx": ("quarantined", {"file_unreadable"}),
    "encrypted.xlsx": ("quarantined", {"file_encrypted"}),
    "table_hyperlink_provenance.csv": ("quarantined", {"table_layout"}),
    "table_unknown_column.csv": ("quarantined", {"table_layout"}),
    # issue 9: accepted silently before
    "id_and_name_disagree.xlsx": ("quarantined", {"identity_mismatch"}),
    "blank_year.xlsx": ("quarantined", {"year_missing"}),
    "second_sales_row.xlsx": ("quarantined", {"duplicate_field"}),
    "table_claims_published.csv": ("quarantined", {"table_layout"}),
    "deyang_with_other_bases.csv": ("quarantined", {"table_layout"}),
    "05_tonghua.xlsx": ("quarantined", {"identity_mismatch"}),
    ".beihai_2010.xlsx": ("quarantined", {"hidden_file"}),
    "link_to_a_system_file.xlsx": ("quarantined", {"file_unreadable"}),
    "sales_in_10k_yuan.xlsx": ("quarantined", {"unit_magnitude"}),
    "exports_in_yuan_units.xlsx": ("quarantined", {"unit_magnitude", "exports_implausible"}),
    "exports_ten_times_sales.xlsx": ("quarantined", {"exports_implausible"}),
    "hidden_stale_sheet.xlsx": ("accepted", {"hidden_sheet_ignored"}),
    "simultaneous_a.xlsx": ("quarantined", {"simultaneous_submissions"}),
    "simultaneous_b.xlsx": ("quarantined", {"simultaneous_submissions"}),
    "markup_and_nul.csv": ("quarantined", {"not_a_number"}),
    # issue 9: false quarantines before
    "formula_float.xlsx": ("accepted", set()),
    "year_with_suffix.xlsx": ("accepted", set()),
    "letterhead.xlsx": ("accepted", set()),
    "sorted_labels.xlsx": ("quarantined", {"label_code_mismatch"}),
}
# received in an earlier intake run than every other file (the log says so; mtimes do not count)
RECEIVED_EARLIER = "duplicate_first.xlsx"


@pytest.fixture(scope="module")
def received(tmp_path_factory):
    """A copy of data/raw with the corpus as the 2010 submissions, taken in. File mtimes are set
    against the order of receipt, to show they do not count."""
    raw = raw_with_corpus(tmp_path_factory.mktemp("raw"))
    folder = raw / "submissions" / "2010"
    (folder / "huge.xlsx").write_bytes(os.urandom(21_000_000))
    (folder / "link_to_a_system_file.xlsx").symlink_to("/etc/passwd")
    os.utime(folder / RECEIVED_EARLIER, ns=(10**18, 10**18))  # the newest mtime, yet received first
    earlier = folder / RECEIVED_EARLIER
    log = [{"logged_at": "2011-01-05T00:00:00+00:00", "run": "first", "year": 2010, "file": f"submissions/2010/{earlier.name}",
            "sha256": receipts.sha256(earlier)}]
    before = {p.name: p.read_bytes() for p in folder.iterdir() if not p.is_symlink()}
    results = take_in.take_in_all(raw, log)
    return raw, folder, before, {r.year: r for r in results}


def by_file(result):
    out = {}
    for sub in result.submissions:
        out.setdefault(Path(sub.file).name, []).append(sub)
    return out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gets_its_outcome_and_rule(received, name):
    _, _, _, results = received
    [sub] = by_file(results[2010])[name]
    status, rules = EXPECTED[name]
    assert sub.status == status, [f.message_en for f in sub.findings]
    assert {f.rule for f in sub.findings} == rules


def test_a_finding_names_file_sheet_row_field_and_value(received):
    _, _, _, results = received
    [sub] = by_file(results[2010])["not_a_number.xlsx"]
    [finding] = sub.findings
    assert finding.where() == "submissions/2010/not_a_number.xlsx, sheet 填报表, row 9, field 销售收入（合计）, value '12.3亿'"
    assert finding.message_zh == "“销售收入（合计）”的值“12.3亿”不是数字。"
    rule = yaml.safe_load((config.REFERENCE / "validation_rules.yml").read_text(encoding="utf-8"))["not_a_number"]
    assert (finding.do_zh, finding.do_en) == (rule["do_zh"], rule["do_en"])


def test_an_unknown_base_gets_the_closest_names(received):
    _, _, _, results = received
    [sub] = by_file(results[2010])["unknown_base.xlsx"]
    [finding] = sub.findings
    assert finding.value == "zhonguancun"
    assert finding.message_en == "Unknown base: zhonguancun. Closest known names: 北京中关村科技园, 北京市中关村科技园, 中关村科技园"


# words of the particulars the intake adds to a message ({detail}), which must not cross into the other language
ENGLISH_PARTICULARS = re.compile(r"\b(corrected|corrects|superseded|replaces|counted once|Closest|similar|rows|bytes|"
                                 r"extension|symbolic|visible|neither|points to|cannot be parsed|damaged)\b")
CHINESE_PARTICULARS = re.compile(r"更正|取代|只计一次|最接近|相近|字节|扩展名|符号链接|工作表名|既不是|指向|无法解析|已损坏")


def test_each_message_reads_in_one_language(received):
    """The particulars of a finding are said in the message's own language: a base office reads
    the Chinese message without an English clause in it, and the reverse."""
    _, _, _, results = received
    findings = [f for s in results[2010].submissions for f in s.findings]
    assert {f.rule for f in findings} >= {"duplicate_submission", "identity_mismatch", "unknown_base", "file_unreadable",
                                          "file_too_large", "no_form", "table_layout", "simultaneous_submissions"}
    for finding in findings:
        assert not ENGLISH_PARTICULARS.search(finding.message_zh), finding.message_zh
        assert not CHINESE_PARTICULARS.search(finding.message_en), finding.message_en
    [unknown] = by_file(results[2010])["unknown_base.xlsx"][0].findings
    assert unknown.message_zh.startswith("无法识别的基地：zhonguancun。最接近的名称：")
    [unreadable] = by_file(results[2010])["truncated.xlsx"][0].findings
    assert unreadable.message_zh == "文件无法读取：工作簿（zip 格式）不完整或已损坏"


def test_the_good_files_read_exactly(received):
    _, _, _, results = received
    files = by_file(results[2010])
    assert files["good_bom_fullwidth.csv"][0].amount("sales") == Decimal("1115.24")
    assert files["good_bom_fullwidth.csv"][0].base_id == "mianyang"
    assert files["good_gbk.csv"][0].amount("featured_sales") == Decimal("2532.90")
    assert files["formula_cached.xlsx"][0].amount("sales") == Decimal("12000")  # the saved result, not re-evaluated


def test_the_later_duplicate_wins_and_says_so(received):
    _, _, _, results = received
    files = by_file(results[2010])
    [earlier], [winner] = files["duplicate_first.xlsx"], files["duplicate_second.xlsx"]
    assert winner.amount("sales") == Decimal("2500.00")
    said = "The base sent more than one submission for 2010; "
    assert [f.message_en for f in earlier.findings] == [
        said + "superseded by submissions/2010/duplicate_second.xlsx (填报表), received later"]
    assert [f.message_en for f in winner.findings] == [said + "replaces submissions/2010/duplicate_first.xlsx (填报表)"]


def test_counts_reconcile(received):
    _, _, _, results = received
    result = results[2010]
    outcomes = [status for status, _ in EXPECTED.values()]
    assert len(result.submissions) == len(EXPECTED)
    assert (result.count("accepted"), result.count("superseded"), result.count("quarantined")) == tuple(
        outcomes.count(s) for s in ("accepted", "superseded", "quarantined"))


def test_no_received_file_is_changed(received):
    _, folder, before, _ = received
    assert {p.name: p.read_bytes() for p in folder.iterdir() if not p.is_symlink()} == before


def test_2009_is_unaffected(received):
    _, _, _, results = received
    with config.submissions_file(2009).open(encoding="utf-8") as f:
        reconstructed = sum(1 for _ in f) - 1  # a row a base, after the header
    assert results[2009].count("accepted") == reconstructed and results[2009].count("quarantined") == 0


@pytest.mark.parametrize("name, where, words", [
    ("id_and_name_disagree.xlsx", "sheet 填报表, row 3, field 基地编号, value 'zhengzhou_hitech'",
     "the base name (基地名称) “南昌高新技术产业开发区” points to 南昌高新技术产业开发区"),
    ("05_tonghua.xlsx", "sheet 填报表, row 3, field 基地编号, value 'zhongguancun'", "the file name “05_tonghua.xlsx” points to 通化市"),
    ("second_sales_row.xlsx", "sheet 填报表, row 21, field 销售收入", "rows 9、21"),
    ("sorted_labels.xlsx", "sheet 填报表, row 8, field 专利授权量, value 'output'", "does not match the hidden code column"),
    ("blank_year.xlsx", "sheet 填报表, row 5, field 填报年度", "is empty"),
    ("huge_cell.csv", "", "field larger than field limit"),
    ("huge_number.xlsx", "sheet 填报表, row 9, field 销售收入（合计）, value '1.23456789012346E+17'", "beyond any value"),
    ("billion_laughs.xlsx", "", "damaged or unsafe"),
    ("markup_and_nul.csv", "row 9, field 销售收入（合计）, value '<img src=x onerror=alert(1)>\\\\x00|**12**'", "is not a number"),
])
def test_each_escape_gets_a_message_naming_where_and_what(received, name, where, words):
    _, _, _, results = received
    [sub] = by_file(results[2010])[name]
    finding = sub.findings[0]
    assert finding.where() == f"submissions/2010/{name}" + (f", {where}" if where else "")
    assert words in finding.message_en or words in finding.message_zh


def test_the_hidden_stale_sheet_is_not_read(received):
    _, _, _, results = received
    [sub] = by_file(results[2010])["hidden_stale_sheet.xlsx"]
    assert sub.sheet == "填报表" and sub.amount("sales") == synthetic_values("handan")["sales"]  # the hidden copy says 1.0


def test_a_formula_result_and_a_year_written_with_its_unit_read_as_excel_shows_them(received):
    _, _, _, results = received
    files = by_file(results[2010])
    assert files["formula_float.xlsx"][0].amount("sales") == Decimal("312.18")
    assert files["year_with_suffix.xlsx"][0].given_year == "2010年"
