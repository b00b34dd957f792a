"""A new year as an analyst takes it in (tests/project_2010.py): ingest says what is wrong and
takes the rest, qa.md names it, the raw files are kept as received, and the report renders."""
import json

import pytest

from pipeline.publish.formatting import num
from tests.formfill import synthetic_values
from tests.pdf_text import page_texts, title
from tests.project_2010 import run

pytestmark = pytest.mark.slow  # runs the pipeline in a copy of the project


def test_ingest_says_exactly_what_is_wrong_and_takes_the_rest(ingested_2010):
    project, result = ingested_2010
    assert result.returncode == 0, result.stderr
    assert "2010: received 58 submissions = 57 accepted + 0 superseded + 1 quarantined" in result.stdout
    assert ("quarantined: submissions/2010/56_beihai.xlsx, sheet 填报表, row 9, field 销售收入（合计）, "
            "value '48,70': 销售收入（合计）: 48,70 is not a number. [not_a_number]") in result.stdout


def test_qa_report_names_the_problem_and_the_missing_base(ingested_2010):
    project, _ = ingested_2010
    qa = (project / "data/processed/2010/qa.md").read_text(encoding="utf-8")
    assert "| 北海市 | submissions/2010/56_beihai.xlsx | 填报表 | 9 | 销售收入（合计） | 48,70 | not_a_number |" in qa
    assert "| 56 | 北海市 | quarantined / 暂不汇总 |" in qa


def test_the_raw_files_are_kept_as_received_and_logged_once(project_2010):
    sent = sorted(f.name for f in (project_2010 / "data/processed/2010/forms").glob("*.xlsx"))
    assert sorted(f.name for f in (project_2010 / "data/raw/submissions/2010").glob("*.xlsx")) == sent
    log = [json.loads(line) for line in (project_2010 / "data/processed/intake/submissions_log.jsonl").read_text().splitlines()]
    assert len([e for e in log if e["year"] == 2010]) == len(sent)
    again = run(project_2010, "ingest", "--year", "2010")
    assert again.returncode == 0 and "db: up to date" in again.stdout
    assert len((project_2010 / "data/processed/intake/submissions_log.jsonl").read_text().splitlines()) == len(log)


def test_the_2010_report_renders_from_the_accepted_forms(project_2010):
    result = run(project_2010, "report", "--year", "2010")
    assert result.returncode == 0, result.stderr
    report = project_2010 / "data/processed/2010/report.pdf"
    assert title(report) == "国家科技兴贸创新基地发展报告（2010）"
    text = "".join(page_texts(report))
    accepted = [b for b in (f.stem.split("_", 1)[1] for f in (project_2010 / "data/processed/2010/forms").glob("*.xlsx"))
                if b != "beihai"]
    sales = sum(synthetic_values(b)["sales"] for b in accepted)
    assert f"销售收入合计{num(sales, 1)}亿元" in text
    assert "本年度尚无已公布的报告可供核对" in text
    assert "基地数据取自各基地报送的年度数据。" in text  # 2010's figures are the bases' own (2009's notes say otherwise)
