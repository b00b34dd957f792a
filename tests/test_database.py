"""The database file: atomic builds, a format DuckDB 1.x opens, comments, read-only access."""
import struct
import subprocess
import sys

import pytest

from pipeline import config
from pipeline.warehouse import database, models, raw_schema

pytestmark = pytest.mark.slow  # builds database files


def test_storage_version_is_one_that_duckdb_1x_reads(real_db):
    # DuckDB's main header: 8-byte checksum, "DUCK", then the storage version number.
    # 1.x clients read versions 64 to 67; DuckDB 2.0's own format is newer and would be refused.
    header = real_db.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20])[0] == 64


def test_every_table_and_column_of_the_report_and_the_audit_has_a_comment(real):
    tables = real.execute("""select schema_name || '.' || table_name, comment from duckdb_tables()
                             where schema_name in ('report', 'audit')""").fetchall()
    expected = {m for m in models.discover(config.SQL) if m.startswith(("report.", "audit."))} | {models.CHECKS_TABLE}
    assert {name for name, _ in tables} == expected
    assert all(comment for _, comment in tables)
    undocumented = real.execute("""select table_name, column_name from duckdb_columns()
                                   where schema_name in ('report', 'audit') and coalesce(comment, '') = ''""").fetchall()
    assert undocumented == []


def test_table_comment_states_the_grain(real):
    comment = real.execute("""select comment from duckdb_tables()
                              where schema_name = 'report' and table_name = 'table2_sector_overview'""").fetchone()[0]
    assert comment.endswith("Grain: one row per year and field, plus a total row (合计) per year")


def test_a_second_process_reads_it_read_only(real_db):
    script = ("import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
              "print(con.execute(\"select sales_100m_cny from report.table2_sector_overview "
              "where year = 2009 and is_total\").fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", script, str(real_db)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "92282.23"


def test_a_failed_build_leaves_the_previous_database(tmp_path, mini_raw):
    target = tmp_path / "bases.duckdb"
    log = tmp_path / "log.jsonl"
    database.build_database(target=target, raw_dir=mini_raw, intake_log=log)
    before = target.read_bytes()
    path = mini_raw / "funding/base_funding_2007_2009.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("alpha,甲基地,2008,0", "alpha,甲基地,2008,-"),
                    encoding="utf-8")  # alpha was a base in 2008: '-' there breaks a model check
    with pytest.raises(database.CheckFailed, match="a base is '-' only before it was recognised"):
        database.build_database(target=target, raw_dir=mini_raw, intake_log=log)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".bases.duckdb.sha256", ".bases.duckdb.tables.json", ".bases.duckdb.verdicts.json", ".build.lock", "bases.duckdb", "log.jsonl",
                                                         "parsed.duckdb", "raw"]  # the intake's readings, beside its log


def test_bad_input_stops_before_anything_is_built(tmp_path, mini_raw):
    (mini_raw / "reference/fields.csv").write_text("field_order\n", encoding="utf-8")
    target = tmp_path / "bases.duckdb"
    with pytest.raises(raw_schema.InputError, match="data/raw/reference/fields.csv"):
        database.build_database(target=target, raw_dir=mini_raw, intake_log=tmp_path / "log.jsonl")
    assert not target.exists()


def test_reading_before_building_says_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="make db"):
        database.connect_read_only(tmp_path / "absent.duckdb")
