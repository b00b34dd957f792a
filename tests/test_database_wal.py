"""Nothing an analyst does to the database file reaches a rebuilt database or a report."""
import subprocess
import sys

import duckdb
import pytest

from pipeline.warehouse import database
from tests.conftest import MINI_RAW, copy_database

pytestmark = pytest.mark.slow  # builds database files

CHANGE = ("import duckdb, sys; con = duckdb.connect(sys.argv[1])\n"
          "con.execute(\"update report.table1_bases set base_name = 'CHANGED BY AN ANALYST'\")\n"
          "print('changed', flush=True); sys.stdin.read()")


@pytest.fixture(scope="module")
def mini_built_once(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mini_db")
    database.build_database(target=folder / "bases.duckdb", raw_dir=MINI_RAW, intake_log=folder / "log.jsonl")
    return folder / "bases.duckdb"


@pytest.fixture
def built(tmp_path, mini_built_once):
    """The miniature database as its build left it; and a function that builds it again."""
    target = copy_database(mini_built_once, tmp_path / "db")

    def build():
        return database.build_database(target=target, raw_dir=MINI_RAW, intake_log=tmp_path / "log.jsonl")
    return target, build


@pytest.fixture
def analyst(built):
    """A session holding the database read-write, with a change it has not checkpointed."""
    target, _ = built
    process = subprocess.Popen([sys.executable, "-c", CHANGE, str(target)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "changed\n"
    yield process
    process.kill()
    process.wait()


def names(target):
    with duckdb.connect(str(target), read_only=True) as con:
        return {row[0] for row in con.execute("select base_name from report.table1_bases").fetchall()}


def test_a_change_left_in_the_log_by_a_dead_session_is_set_aside_not_replayed(built, analyst, capsys):
    target, build = built
    analyst.kill()
    analyst.wait()
    assert database.wal(target).exists()
    with pytest.raises(database.DatabaseInUse, match=r"bases.duckdb.wal holds changes that no build made"):
        database.connect_read_only(target)
    build()
    assert not database.wal(target).exists()
    assert "CHANGED BY AN ANALYST" not in names(target)
    assert "was changed outside the pipeline" in capsys.readouterr().err
    [kept] = (target.parent / "set-aside").iterdir()
    assert sorted(p.name for p in kept.iterdir()) == ["bases.duckdb", "bases.duckdb.wal"]
    assert "CHANGED BY AN ANALYST" in names(kept / "bases.duckdb")  # the analyst's work is kept, not lost


def test_a_read_write_holder_stops_the_rebuild_and_loses_nothing(built, analyst):
    target, build = built
    before = target.read_bytes()
    with pytest.raises(database.DatabaseInUse, match=rf"is open read-write by pid {analyst.pid} .*was not rebuilt"):
        build()
    assert target.read_bytes() == before and database.wal(target).exists()


def test_a_read_write_holder_stops_every_reading_step_with_a_message(built, analyst):
    target, _ = built
    with pytest.raises(database.DatabaseInUse, match=rf"open read-write by pid {analyst.pid} .*duckdb -readonly"):
        database.connect_read_only(target)


def test_a_change_saved_into_the_file_is_never_read_and_set_aside(built):
    target, build = built
    with duckdb.connect(str(target)) as con:
        con.execute("update report.table1_bases set base_name = 'CHANGED BY AN ANALYST'")
    with pytest.raises(database.DatabaseInUse, match=r"bases.duckdb holds changes that no build made"):
        database.connect_read_only(target)
    build()
    assert "CHANGED BY AN ANALYST" not in names(target)
    [kept] = (target.parent / "set-aside").iterdir()
    assert "CHANGED BY AN ANALYST" in names(kept / "bases.duckdb")


def test_an_untouched_file_is_simply_replaced(built):
    target, build = built
    build()
    assert not (target.parent / "set-aside").exists()
