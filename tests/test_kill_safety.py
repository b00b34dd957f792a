"""Killing a build at any moment leaves the previous database and reports intact."""
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from pipeline import config, database

BUILD = ("import sys; from pathlib import Path; from pipeline import database; "
         "database.build_database(target=Path(sys.argv[1]), intake_log=Path(sys.argv[2]))")


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill")
    target = folder / "bases.duckdb"
    database.build_database(target=target, intake_log=folder / "log.jsonl")
    return target, target.read_bytes()


@pytest.mark.parametrize("after", [0.2, 0.6, 1.0, 1.5])
def test_a_killed_build_leaves_the_previous_database(previous, after):
    target, before = previous
    process = subprocess.Popen([sys.executable, "-c", BUILD, str(target), str(target.parent / "log.jsonl")],
                               cwd=config.ROOT)
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert target.read_bytes() == before
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select count(*) from report.table1_bases").fetchone() == (58,)


def test_the_next_build_clears_what_a_killed_one_left(previous, tmp_path):
    target, _ = previous
    leftover = target.with_name(f".{target.name}.999999.tmp")
    leftover.write_bytes(b"half a database")
    database.build_database(target=target, intake_log=target.parent / "log.jsonl")
    assert not leftover.exists()
