"""A new year as an analyst takes it in: forms out, filled forms back (one with an error),
ingest, and the report. Runs in a copy of the project; the 2010 figures are synthetic and
never touch data/raw."""
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import config
from pipeline.publish.formatting import num
from tests.conftest import built_once
from tests.formfill import fill, synthetic_values

pytestmark = pytest.mark.slow  # runs the pipeline in a copy of the project

EDITORIAL_2010 = """
preface:
  - >-
    本报告依据 {{ year }} 年各基地报送的数据编制（测试用的合成数据），共有 {{ fig('count.bases') | num }} 家基地。
outlook:
  - >-
    下一步将继续完善基地的统计与考核。
"""


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project, capture_output=True, text=True)


def copy_project(source: Path, target: Path) -> Path:
    """The files git tracks in source, copied into target: the project as a fresh clone has it."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=source, capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        if name and (source / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes((source / name).read_bytes())
    return target


def take_in_2010(project: Path) -> None:
    """Into a copy of the project: the 2010 forms written, filled (one with a slip), sent in and taken in."""
    copy_project(config.ROOT, project)
    made = run(project, "template", "--year", "2010")
    assert made.returncode == 0, made.stderr
    inbox = project.parent / "inbox"
    inbox.mkdir()
    for form in sorted((project / "data/processed/2010/forms").glob("*.xlsx")):
        base_id = form.stem.split("_", 1)[1]
        values = synthetic_values(base_id)
        if base_id == "beihai":
            values["sales"] = "48,70"  # a typing slip: not a number
        target = inbox / form.name
        target.write_bytes(form.read_bytes())
        fill(target, values)
    (project / "report_templates/editorial/2010.yml").write_text(EDITORIAL_2010, encoding="utf-8")
    result = run(project, "ingest", "--year", "2010", *map(str, sorted(inbox.glob("*.xlsx"))))
    (project.parent / "ingest.json").write_text(json.dumps([result.returncode, result.stdout, result.stderr]))


@pytest.fixture(scope="session")
def ingested(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The project copy with 2010 taken in, made once per run (tests/conftest.py: built_once), and what ingest said."""
    folder = built_once(tmp_path_factory, "end_to_end_2010", lambda folder: take_in_2010(folder / "project"))
    code, stdout, stderr = json.loads((folder / "ingest.json").read_text())
    return folder / "project", subprocess.CompletedProcess([], code, stdout, stderr)


@pytest.fixture
def own_copy(ingested, tmp_path) -> Path:
    """A copy of the ingested project for a test that runs more steps in it, so that tests never share a build."""
    return Path(shutil.copytree(ingested[0], tmp_path / "project"))


def test_ingest_says_exactly_what_is_wrong_and_takes_the_rest(ingested):
    project, result = ingested
    assert result.returncode == 0, result.stderr
    assert "2010: received 58 submissions = 57 accepted + 0 superseded + 1 quarantined" in result.stdout
    assert ("quarantined: submissions/2010/56_beihai.xlsx, sheet 填报表, row 9, field 销售收入（合计）, "
            "value '48,70': 销售收入（合计）: 48,70 is not a number. [not_a_number]") in result.stdout


def test_qa_report_names_the_problem_and_the_missing_base(ingested):
    project, _ = ingested
    qa = (project / "data/processed/2010/qa.md").read_text(encoding="utf-8")
    assert "| 北海市 | submissions/2010/56_beihai.xlsx | 填报表 | 9 | 销售收入（合计） | 48,70 | not_a_number |" in qa
    assert "| 56 | 北海市 | quarantined / 暂不汇总 |" in qa


def test_the_raw_files_are_kept_as_received_and_logged_once(own_copy):
    project = own_copy
    received = sorted((project / "data/raw/submissions/2010").glob("*.xlsx"))
    assert len(received) == 58
    log = [json.loads(line) for line in (project / "data/processed/intake/submissions_log.jsonl").read_text().splitlines()]
    assert len([e for e in log if e["year"] == 2010]) == 58
    again = run(project, "ingest", "--year", "2010")
    assert again.returncode == 0 and "db: up to date" in again.stdout
    assert len((project / "data/processed/intake/submissions_log.jsonl").read_text().splitlines()) == len(log)


def test_the_2010_report_renders_from_the_accepted_forms(own_copy):
    project = own_copy
    result = run(project, "report", "--year", "2010")
    assert result.returncode == 0, result.stderr
    import pdfplumber
    with pdfplumber.open(project / "data/processed/2010/report.pdf") as pdf:
        assert pdf.metadata["Title"] == "国家科技兴贸创新基地发展报告（2010）"
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
    accepted = [b for b in (f.stem.split("_", 1)[1] for f in (project / "data/processed/2010/forms").glob("*.xlsx"))
                if b != "beihai"]
    sales = sum(synthetic_values(b)["sales"] for b in accepted)
    assert f"销售收入合计{num(sales, 1)}亿元" in text.replace(" ", "")
    assert "本年度尚无已公布的报告可供核对" in text


@pytest.mark.longest
def test_the_2010_evaluation_shows_growth_against_2009(own_copy):
    """With two years in, growth indicators are computed and each sheet shows last year's column;
    a growth over a reconstructed 2009 value is marked reconstructed, and the quarantined base has no data."""
    project = own_copy
    result = run(project, "evaluate", "--year", "2010")
    assert result.returncode == 0, result.stderr
    folder = project / "data/processed/2010/evaluation"
    assert len(list((folder / "sheets").glob("*.pdf"))) == 58
    import duckdb
    with duckdb.connect(str(project / "data/processed/bases.duckdb"), read_only=True) as con:
        growth = dict(con.execute("""select base_id, (value, status) from report.evaluation_indicator_values
                                     where year = 2010 and indicator_id = 'exports_growth'""").fetchall())
        rd = con.execute("""select count(*) from report.evaluation_indicator_values
                            where year = 2010 and indicator_id = 'rd_intensity' and value is not null""").fetchone()[0]
    # the synthetic 2010 figures are 2009's times 1.10; 2009's 中关村 exports are published, 崂山's reconstructed
    assert growth["zhongguancun"] == (round((Decimal("229.02") / Decimal("208.20") - 1) * 100, 4), "reported")
    assert growth["qingdao_laoshan"][1] == "reconstructed"
    assert growth["beihai"] == (None, "no_data")
    assert rd == 57  # every accepted form gives R&D spending: the indicator has data in 2010
    import pdfplumber
    with pdfplumber.open(folder / "sheets.pdf") as pdf:
        first = (pdf.pages[0].extract_text() or "").replace(" ", "")
    assert "2009年" in first and "出口增长率" in first and "北京市中关村科技园" in first
