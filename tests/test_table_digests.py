"""Steps are keyed by the tables they read: the database build publishes a digest of each table's
content, the same for two builds of the same inputs and after an edit to a model's comment, so
that only a changed table reruns what reads it; the tables a narrow step declares are all it reads."""
import fnmatch
import json
import shutil

import duckdb
import pytest

from pipeline import cache, config
from pipeline.publish import figures, qa
from pipeline.steps import STEPS
from pipeline.warehouse import database
from pipeline.warehouse.models import discover

BY_NAME = {s.name: s for s in STEPS}


def build(tmp_path, raw, sql, name) -> dict[str, str]:
    target = tmp_path / name / "bases.duckdb"
    target.parent.mkdir()
    database.build_database(target=target, raw_dir=raw, sql_dir=sql, intake_log=tmp_path / "log.jsonl")  # one log, as in use
    return json.loads(cache.tables_file(target).read_text(encoding="utf-8"))


def test_same_inputs_give_the_same_digests_and_a_comment_edit_changes_none(tmp_path, mini_raw):
    """A second build, its model edited only in a comment, gives every table the first build's digest:
    the digests are the same for the same data (row order, file bytes and build time aside) and a comment is no data."""
    sql = tmp_path / "sql"
    shutil.copytree(config.SQL, sql)
    first = build(tmp_path, mini_raw, sql, "first")
    assert "report.table2_sector_overview" in first
    model = sql / "report" / "table2_sector_overview.sql"
    model.write_text("-- a note for the next reader\n" + model.read_text(encoding="utf-8"), encoding="utf-8")
    assert build(tmp_path, mini_raw, sql, "commented") == first


def test_a_changed_row_changes_its_tables_digest_and_only_those_downstream(tmp_path, mini_raw):
    before = build(tmp_path, mini_raw, config.SQL, "before")
    path = mini_raw / "funding/programme_funding_2006_2010.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head, first = lines[0].split(","), lines[1].split(",")
    amount = head.index("support_10k_cny")
    first[amount] = str(int(first[amount]) + 1)
    path.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    after = build(tmp_path, mini_raw, config.SQL, "after")
    changed = {t for t in before if before[t] != after.get(t)}
    models = discover(config.SQL)
    downstream, reading = set(), {name for name, m in models.items() if "/funding/programme_funding_" in m.sql}
    while reading:
        downstream |= reading
        reading = {name for name, m in models.items() if m.depends_on & reading} - downstream
    assert "report.table7_programme_funding" in changed and changed <= downstream, changed - downstream
    assert not any(fnmatch.fnmatchcase(t, p) for t in changed for p in BY_NAME["qa"].tables)


def test_a_step_reruns_only_when_a_table_it_reads_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "DATABASE", tmp_path / "bases.duckdb")
    monkeypatch.setattr(config, "PROCESSED", tmp_path)
    digests = {"audit.qa_summary": "a", "report.table7_programme_funding": "b"}
    cache.tables_file().write_text(json.dumps(digests), encoding="utf-8")
    qa_step = BY_NAME["qa"]

    def changes():
        return cache.changes("qa:2009", cache.snapshot(qa_step.inputs(2009), qa_step.tables), [])
    cache.remember("qa:2009", cache.snapshot(qa_step.inputs(2009), qa_step.tables), [])
    cache.tables_file().write_text(json.dumps({**digests, "report.table7_programme_funding": "c"}), encoding="utf-8")
    assert changes() == []
    cache.tables_file().write_text(json.dumps({**digests, "audit.qa_summary": "d"}), encoding="utf-8")
    assert changes() == ["changed: table audit.qa_summary"]


@pytest.mark.parametrize("name", ["qa", "figures"])
def test_a_narrow_step_reads_no_table_it_does_not_declare(real_db, real, rendered_html, tmp_path, name):
    """With every other table dropped, the step writes what it writes from the whole database."""
    copy = tmp_path / "declared_only.duckdb"
    shutil.copyfile(real_db, copy)
    with duckdb.connect(str(copy)) as con:
        for schema, table in con.execute("select schema_name, table_name from duckdb_tables()").fetchall():
            if not any(fnmatch.fnmatchcase(f"{schema}.{table}", p) for p in BY_NAME[name].tables):
                con.execute(f"drop table {schema}.{table} cascade")
    with duckdb.connect(str(copy), read_only=True) as con:
        if name == "qa":
            assert qa.markdown(con, 2009) == qa.markdown(real, 2009)
        else:
            drawn = figures.draw_all(con, 2009, tmp_path / "figures")
            assert {p.name: p.read_bytes() for p in drawn} == {
                p.name: p.read_bytes() for p in sorted((rendered_html / "figures").iterdir())}
