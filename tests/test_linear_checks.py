"""The checks that compare a submission with many others give the same findings when each field's
medians are taken once (check_magnitudes, check_scope) and each file's outcome is counted from an
index (append_to_log): what they find, not how fast."""
import statistics
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import config
from pipeline.intake import receipts
from pipeline.intake.checks import FieldValues, check_magnitudes
from pipeline.intake.directory import Directory
from pipeline.intake.rules import Rules
from pipeline.intake.submission import Intake, Submission, Value

RULES = Rules(config.RAW / "reference" / "validation_rules.yml")
DIRECTORY = Directory(config.RAW / "reference")
# five bases of one field (装备制造) in data/raw/reference/bases.csv
EQUIPMENT = ("shenyang_machine_tool", "qingdao_jiaozhouwan", "changzhou", "nanjing_jiangning", "kunshan_mould")


def submission(base_id: str, sales: str, file: str = "f.xlsx") -> Submission:
    sub = Submission(2010, file, "填报表", None, (0,), base_id=base_id)
    sub.values["sales"] = Value(Decimal(sales), "submitted", file, 9, "销售收入（合计）")
    return sub


@given(st.lists(st.decimals(min_value=-1000, max_value=1000, places=2), min_size=2, max_size=30), st.data())
def test_the_median_without_one_value_is_the_median_of_the_others(values, data):
    own = data.draw(st.sampled_from(values))
    field = FieldValues(("f", v) for v in values)
    others = [v for v in values if v]
    if own:
        others.remove(own)
    assert field.others("f", own) == len(others)
    if others:
        assert field.median_without("f", own) == statistics.median(others)


def test_a_value_ten_thousand_times_its_fields_median_is_flagged_with_that_median():
    subs = [submission(b, s) for b, s in zip(EQUIPMENT, ("100", "120", "140", "160", "1400000"))]
    check_magnitudes(subs, {}, RULES, DIRECTORY)
    flagged = {s.base_id: s.findings for s in subs if s.findings}
    assert list(flagged) == ["kunshan_mould"]
    [finding] = flagged["kunshan_mould"]
    assert finding.rule == "unit_magnitude" and "the field's median 140" in finding.message_en  # its own value counts


def test_last_year_is_the_reference_before_the_field():
    subs = [submission(b, s) for b, s in zip(EQUIPMENT, ("100", "120", "140", "160", "1400000"))]
    check_magnitudes(subs, {("kunshan_mould", "sales"): Decimal("1000000")}, RULES, DIRECTORY)
    assert not any(s.findings for s in subs)


def test_a_field_of_three_has_no_median_to_compare_with():
    subs = [submission(b, s) for b, s in zip(EQUIPMENT, ("100", "120", "1400000"))]
    check_magnitudes(subs, {}, RULES, DIRECTORY)
    assert not any(s.findings for s in subs)


RATIO = Decimal(RULES.param("unit_magnitude", "ratio"))


def flagged_in_field(*sales: str) -> dict[str, str]:
    """The equipment bases flagged when each sends the sales given, with what each was compared with."""
    subs = [submission(b, s) for b, s in zip(EQUIPMENT, sales)]
    check_magnitudes(subs, {}, RULES, DIRECTORY)
    return {s.base_id: f.message_en.split(" off ")[1].split(":")[0] for s in subs for f in s.findings}


def test_a_value_the_ratio_itself_above_the_median_is_flagged():
    assert flagged_in_field("100", "100", "100", "100", str(100 * RATIO)) == {"kunshan_mould": "the field's median 100"}


def test_a_value_the_ratio_below_the_median_is_flagged_too():
    assert flagged_in_field("100", "100", "100", "100", str(100 / RATIO)) == {"kunshan_mould": "the field's median 100"}


def test_a_field_of_four_has_a_median_to_compare_with():
    assert flagged_in_field("100", "120", "140", "1400000") == {"nanjing_jiangning": "the field's median 130"}


def test_each_logged_file_counts_its_own_submissions(tmp_path):
    raw = tmp_path / "raw"
    folder = raw / "submissions" / "2010"
    folder.mkdir(parents=True)
    files = [folder / "two_sheets.xlsx", folder / "one.xlsx", folder / "none_read.csv"]
    for n, path in enumerate(files):
        path.write_bytes(bytes([n]))
    name = {p: str(p.relative_to(raw)) for p in files}
    subs = [submission("changzhou", "1", name[files[0]]), submission("wuxi", "1", name[files[0]]),
            submission("danyang", "1", name[files[1]])]
    subs[1].status, subs[2].status = "superseded", "quarantined"
    entries = receipts.append_to_log([Intake(2010, files, subs)], raw, tmp_path / "log.jsonl")
    counts = {Path(e["file"]).name: (e["accepted"], e["superseded"], e["quarantined"]) for e in entries}
    assert counts == {"two_sheets.xlsx": (1, 1, 0), "one.xlsx": (0, 0, 1), "none_read.csv": (0, 0, 0)}


@pytest.mark.parametrize("text, named", [
    ("01_tonghua.xlsx", {"tonghua", "zhongguancun"}),  # its id, and Table 1 number 1 in a template's file name
    ("通化市2010年报表.xlsx", {"tonghua"}),
    ("xtonghua2.xlsx", set()),  # an id inside a longer word names nothing
    ("WUXI 2010", {"wuxi"}),
])
def test_the_bases_a_text_names_are_found_by_looking_up_its_pieces(text, named):
    assert DIRECTORY.named_in(text) == named
