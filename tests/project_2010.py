"""A copy of the project taking a new year in as an analyst does: forms out, filled forms back
(one with an error), ingest. The 2010 figures are synthetic and never touch data/raw; the
fixtures that share one such copy are in tests/conftest.py."""
import json
import subprocess
import sys
from pathlib import Path

from pipeline import config
from tests.formfill import fill, synthetic_values

EDITORIAL_2010 = """
preface:
  - >-
    本报告依据 {{ year }} 年各基地报送的数据编制（测试用的合成数据），共有 {{ fig('count.bases') | num }} 家基地。
outlook:
  - >-
    下一步将继续完善基地的统计与考核。
"""


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m pipeline …` run in the project copy, by its own code."""
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


def ingest_said(folder: Path) -> subprocess.CompletedProcess:
    """What ingest printed in take_in_2010(folder / "project")."""
    code, stdout, stderr = json.loads((folder / "ingest.json").read_text())
    return subprocess.CompletedProcess([], code, stdout, stderr)
