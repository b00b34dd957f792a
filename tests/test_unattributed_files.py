"""A file the intake cannot attribute (unreadable, or a form naming no known base) is never counted
for a base; but when its name points to exactly one base, qa.md and the coverage say that base sent
something that could not be read, so that the office asks it again instead of marking it absent.
On the mini tree: alpha sends a good 2010 form, beta two it cannot read, gamma its form with the
base id and name cleared, and a file names two bases."""
import shutil
from decimal import Decimal

import pytest

from pipeline.intake import receipts, take_in
from pipeline.publish import qa
from tests.conftest import MINI_RAW, build_in_memory
from tests.evaluation_fixtures import add_year_2010
from tests.formfill import fill


@pytest.fixture(scope="module")
def intake_2010(tmp_path_factory):
    """Taken in and built once for the module: its tests only read it."""
    tmp_path = tmp_path_factory.mktemp("unattributed")
    mini_raw = tmp_path / "raw"
    shutil.copytree(MINI_RAW, mini_raw)
    add_year_2010(mini_raw, {"alpha": "132.00", "gamma": "0.50"})
    folder = mini_raw / "submissions/2010"
    fill(folder / "03_gamma.xlsx", {"sales": Decimal("60.00")}, base_id="", base_name="")
    (folder / "02_beta.xlsx").write_bytes(b"PK\x03\x04 a workbook cut short")
    (folder / "beta.xls").write_bytes(b"\xd0\xcf\x11\xe0 an old Excel file")
    (folder / "gamma_and_delta.xlsx").write_bytes(b"PK\x03\x04 two bases named: no one to ask")
    results = take_in.take_in_all(mini_raw)
    log = receipts.append_to_log(results, mini_raw, tmp_path / "log.jsonl")
    return {r.year: r for r in results}[2010], build_in_memory(mini_raw, results, log)


def test_the_base_a_file_name_points_to_is_kept_apart_from_its_base(intake_2010):
    result, _ = intake_2010
    said = {s.file.rsplit("/", 1)[1]: (s.base_id, s.named_by_file, s.status) for s in result.submissions}
    assert said == {"01_alpha.xlsx": ("alpha", None, "accepted"),
                    "02_beta.xlsx": (None, "beta", "quarantined"),
                    "beta.xls": (None, "beta", "quarantined"),
                    "03_gamma.xlsx": (None, "gamma", "quarantined"),
                    "gamma_and_delta.xlsx": (None, None, "quarantined")}


def test_coverage_says_the_base_sent_a_file_that_could_not_be_read(intake_2010):
    _, con = intake_2010
    coverage = dict(con.execute("""select base_id, (coverage, unattributed_files) from audit.qa_coverage
                                   where year = 2010""").fetchall())
    assert coverage == {"alpha": ("covered", 0), "beta": ("unattributed", 2),
                        "gamma": ("unattributed", 1), "delta": ("not submitted", 0)}
    flags = dict(con.execute("""select base_id, detail_zh from report.evaluation_flags
                                where year = 2010 and flag_id = 'no_accepted_submission'""").fetchall())
    assert flags["beta"] == "收到以本基地命名的文件，但未能识别为本基地报表（见本年度报送数据核验报告）"
    assert flags["delta"] == "本年度未收到报送"


def table_rows(section: str) -> list[list[str]]:
    """The cells of each row of a section's table, after its header and rule."""
    return [line[2:-2].split(" | ") for line in section.splitlines() if line.startswith("| ")][1:]


def test_qa_md_names_whom_to_ask_and_attributes_nothing(intake_2010):
    result, con = intake_2010
    report = qa.markdown(con, 2010)
    assert report.splitlines()[2:6] == [
        "- Files received / 收到文件: 5",
        "- Submissions received / 收到报表: 5 = accepted / 采用 1 + superseded / 被取代 0 + quarantined / 暂不汇总 4",
        "- Bases expected / 应报基地: 4; covered / 已采用 1; missing / 缺报 3",
        "- Findings / 核验发现: 4 errors / 错误, 0 warnings / 提示"]
    errors = table_rows(report[report.index("## Errors"):report.index("## Corrected")])
    assert [row[:7] for row in errors] == [
        ["? (file name points to / 文件名指向: 乙基地)", "submissions/2010/02_beta.xlsx", "", "", "", "", "file_unreadable"],
        ["? (file name points to / 文件名指向: 丙基地)", "submissions/2010/03_gamma.xlsx", "填报表", "3", "基地编号", "",
         "base_missing"],
        ["? (file name points to / 文件名指向: 乙基地)", "submissions/2010/beta.xls", "", "", "", "", "file_unreadable"],
        ["?", "submissions/2010/gamma_and_delta.xlsx", "", "", "", "", "file_unreadable"]]
    finding = {s.file: s.findings[0] for s in result.submissions if s.findings}
    assert [row[7:] for row in errors] == [[f"{finding[row[1]].message_zh} {finding[row[1]].message_en}",
                                            f"{finding[row[1]].do_zh} {finding[row[1]].do_en}"] for row in errors]
    assert table_rows(report[report.index("## Coverage"):report.index("## Files")]) == [
        ["2", "乙基地", qa.COVERAGE["unattributed"]], ["3", "丙基地", qa.COVERAGE["unattributed"]],
        ["4", "丁基地", "not submitted / 未报送"]]


def test_a_form_with_neither_id_nor_name_says_so(intake_2010):
    result, _ = intake_2010
    [gamma] = [s for s in result.submissions if s.file.endswith("03_gamma.xlsx")]
    assert [(f.rule, f.row, f.field) for f in gamma.findings] == [("base_missing", 3, "基地编号")]
    assert gamma.findings[0].message_en == ("Neither the base id (基地编号) nor the base name (基地名称) is filled in, "
                                            "so the submission belongs to no base.")
