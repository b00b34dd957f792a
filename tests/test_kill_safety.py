"""Killing a build at any moment leaves the previous database and reports intact."""
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from pipeline import config
from pipeline.warehouse import database

BUILD = ("import sys; from pathlib import Path; from pipeline.warehouse import database; "
         "database.build_database(target=Path(sys.argv[1]), intake_log=Path(sys.argv[2]))")


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill")
    target = folder / "bases.duckdb"
    database.build_database(target=target, intake_log=folder / "log.jsonl")
    return target, target.read_bytes()


@pytest.mark.parametrize("after", [0.0, 0.1, 0.25, 0.4])
def test_a_killed_build_leaves_the_previous_database(previous, after):
    """Kill the build while it writes its temporary database, at several points."""
    target, before = previous
    process = subprocess.Popen([sys.executable, "-c", BUILD, str(target), str(target.parent / "log.jsonl")],
                               cwd=config.ROOT)
    temporary = target.with_name(f".{target.name}.{process.pid}.tmp")
    deadline = time.monotonic() + 60
    while not temporary.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before it could be killed"
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
