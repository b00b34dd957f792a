"""The step cache reruns every step whose data, code, libraries or outputs changed, and says why."""
import shutil

import pytest

from pipeline import cache, cli, config
from pipeline.steps import STEPS, Step

RENDER = next(s for s in STEPS if s.name == "render")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's code with the 2009 outputs in place, as the cache's root."""
    for folder in ("pipeline", "sql", "report_templates"):
        shutil.copytree(config.ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy(config.ROOT / name, tmp_path / name)
    monkeypatch.setattr(config, "ROOT", tmp_path)
    monkeypatch.setattr(config, "PROCESSED", tmp_path / "data/processed")
    monkeypatch.setattr(config, "DATABASE", tmp_path / "data/processed/bases.duckdb")
    cache.code_files.cache_clear()
    year = config.year_dir(2009)
    for path in [config.DATABASE, *RENDER.outputs(2009), year / "figures/fig1_region.svg", year / "table1_bases.csv"]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"built {path.name}", encoding="utf-8")
    yield tmp_path
    cache.code_files.cache_clear()


def remember(step):
    cache.remember(f"{step.name}:2009", cache.snapshot(step.inputs(2009), step.tables), step.outputs(2009))


def changes(step):
    return cache.changes(f"{step.name}:2009", cache.snapshot(step.inputs(2009), step.tables), step.outputs(2009))


def test_an_edit_to_how_numbers_print_reruns_the_render(project):
    remember(RENDER)
    assert changes(RENDER) == []
    (project / "pipeline/publish/formatting.py").write_text("# how every number prints, changed\n", encoding="utf-8")
    assert changes(RENDER) == ["changed: pipeline/publish/formatting.py"]


@pytest.mark.parametrize("name", ["requirements.lock", "report_templates/style.css"])
def test_every_step_depends_on_the_lock_file_and_the_templates(project, name):
    for step in STEPS:
        remember(step)
    with (project / name).open("a", encoding="utf-8") as f:
        f.write("\n")
    assert {s.name: changes(s) for s in STEPS} == {s.name: [f"changed: {name}"] for s in STEPS}


def test_the_sql_is_read_by_the_build_and_the_checks_the_others_read_its_tables(project):
    for step in STEPS:
        remember(step)
    with (project / "sql/report/_models.yml").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert {s.name: changes(s) for s in STEPS} == {
        s.name: ["changed: sql/report/_models.yml"] if s.name in ("db", "check") else [] for s in STEPS}


def test_a_new_python_or_library_reruns_the_step(project, monkeypatch):
    remember(RENDER)
    now = dict(cache.environment())
    monkeypatch.setattr(cache, "environment", lambda: {**now, "python": "CPython 3.99.0 x86_64",
                                                        "package weasyprint": "99.0"})
    assert changes(RENDER) == [f"environment: package weasyprint {now.get('package weasyprint', '<absent>')} → 99.0",
                               f"environment: python {now['python']} → CPython 3.99.0 x86_64"]


def test_the_fonts_are_part_of_the_environment():
    assert cache.environment()["fonts"].split()[1] == "files,"


def test_an_edit_made_while_the_step_runs_is_not_marked_fresh(project, monkeypatch, capsys):
    formatting = project / "pipeline/publish/formatting.py"

    def run(year):  # a step during which someone saves an edit
        formatting.write_text("# edited during the run\n", encoding="utf-8")
        (config.year_dir(year) / "report.pdf").write_text("new", encoding="utf-8")
        return 0
    monkeypatch.setattr(cli, "STEPS", [Step("render", run, RENDER.inputs, RENDER.outputs)])
    assert cli.run_steps(["render"], 2009, force=True) == 0
    assert changes(RENDER) == ["changed: pipeline/publish/formatting.py"]


def test_an_output_changed_by_hand_or_a_database_log_reruns_the_step(project):
    db = next(s for s in STEPS if s.name == "db")
    remember(RENDER)
    remember(db)
    (config.year_dir(2009) / "report.pdf").write_text("edited by hand", encoding="utf-8")
    (config.year_dir(2009) / "report.html").unlink()
    config.DATABASE.with_name("bases.duckdb.wal").write_bytes(b"an analyst's change")
    assert changes(RENDER) == ["output missing: data/processed/2009/report.html",
                               "output changed since it was written: data/processed/2009/report.pdf"]
    assert changes(db) == ["output changed since it was written: data/processed/bases.duckdb.wal"]


def test_the_plan_names_what_would_run_and_why(project, capsys):
    for step in STEPS:
        remember(step)
    (project / "pipeline/publish/formatting.py").write_text("# changed\n", encoding="utf-8")
    config.DATABASE.write_text("changed by an analyst", encoding="utf-8")
    assert cli.plan([s.name for s in STEPS], 2009) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("db: would run — changed: pipeline/publish/formatting.py; "
                      "output changed since it was written: data/processed/bases.duckdb")
    assert out[-1] == ("render: would run — changed: pipeline/publish/formatting.py; "
                       "after db, if the tables it reads change; "
                       "after figures rewrites data/processed/2009/figures/fig1_region.svg; "
                       "after export rewrites data/processed/2009/table1_bases.csv")
