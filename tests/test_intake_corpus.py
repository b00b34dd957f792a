"""The corpus of received files (tests/fixtures/bad_inputs): each gives the right rule and a
clear message, the good ones are taken in, and nothing else is lost."""
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import config, intake

CORPUS = Path(__file__).parent / "fixtures" / "bad_inputs"

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
    "not_really.xlsx": ("quarantined", {"file_unreadable"}),
    "huge.xlsx": ("quarantined", {"file_too_large"}),
    "wrong_units.xlsx": ("accepted", {"unit_magnitude"}),
    "exports_in_yuan.xlsx": ("accepted", {"exports_implausible"}),
    "duplicate_first.xlsx": ("superseded", {"duplicate_submission"}),
    "duplicate_second.xlsx": ("accepted", {"duplicate_submission"}),
}


@pytest.fixture(scope="module")
def received(tmp_path_factory):
    """A copy of data/raw with the corpus as the 2010 submissions, taken in."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(config.RAW, raw, dirs_exist_ok=True)
    folder = raw / "submissions" / "2010"
    folder.mkdir()
    for number, path in enumerate(sorted(CORPUS.glob("*.*"))):
        if path.suffix in (".xlsx", ".csv"):
            shutil.copyfile(path, folder / path.name)
            os.utime(folder / path.name, ns=(number * 10**9, number * 10**9))
    os.utime(folder / "duplicate_second.xlsx", ns=(10**18, 10**18))  # received last
    (folder / "huge.xlsx").write_bytes(os.urandom(21_000_000))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    results = intake.take_in_all(raw)
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
    assert finding.message_zh == "“销售收入（合计）”的值 12.3亿 不是数字。"
    assert "单位" in finding.do_zh and "without units" in finding.do_en


def test_an_unknown_base_gets_the_closest_names(received):
    _, _, _, results = received
    [sub] = by_file(results[2010])["unknown_base.xlsx"]
    [finding] = sub.findings
    assert finding.value == "zhonguancun" and "北京中关村科技园" in finding.message_en


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
    [winner] = files["duplicate_second.xlsx"]
    assert winner.amount("sales") == Decimal("2500.00")
    assert "duplicate_first.xlsx" in winner.findings[0].message_en


def test_counts_reconcile(received):
    _, _, _, results = received
    result = results[2010]
    assert len(result.submissions) == len(EXPECTED)
    assert result.count("accepted") + result.count("superseded") + result.count("quarantined") == len(EXPECTED)
    assert (result.count("accepted"), result.count("superseded"), result.count("quarantined")) == (7, 1, 11)


def test_no_received_file_is_changed(received):
    _, folder, before, _ = received
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_2009_is_unaffected(received):
    _, _, _, results = received
    assert results[2009].count("accepted") == 58 and results[2009].count("quarantined") == 0
