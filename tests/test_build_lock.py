"""One build at a time: a second build is refused with the first one's pid and start, never broken."""
import subprocess
import sys

import duckdb
import pytest

from pipeline import cli, config
from pipeline.warehouse import lock
from tests.conftest import MINI_RAW

pytestmark = pytest.mark.slow  # runs builds in other processes

HOLD = ("import sys; from pathlib import Path; from pipeline.warehouse import lock\n"
        "with lock.build_lock(Path(sys.argv[1])):\n"
        "    print('held', flush=True); sys.stdin.read()")


@pytest.fixture
def holder(tmp_path):
    """Another process holding the build lock of tmp_path until the test ends."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], cwd=config.ROOT,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "held\n"
    yield process
    process.kill()
    process.wait()


def test_a_second_build_names_the_one_running(tmp_path, holder):
    with pytest.raises(lock.BuildLocked, match=rf"another build is running in {tmp_path} since "
                                               rf"\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d .*\(pid {holder.pid}: "), \
            lock.build_lock(tmp_path):
        pass


def test_a_killed_holder_leaves_no_stale_lock(tmp_path, holder):
    holder.kill()
    holder.wait()
    with lock.build_lock(tmp_path):
        assert f"pid {lock.os.getpid()}" in lock.lock_file(tmp_path).read_text(encoding="utf-8")


def test_the_same_process_may_take_it_again(tmp_path):
    with lock.build_lock(tmp_path):
        with lock.build_lock(tmp_path):
            pass
        with lock.build_lock(tmp_path):
            pass


def test_the_command_line_says_so_in_one_line(tmp_path, holder, monkeypatch, capsys):
    monkeypatch.setattr(config, "PROCESSED", tmp_path)
    assert cli.main(["report", "--year", "2009"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: another build is running in {tmp_path} since ")
    assert f"(pid {holder.pid}:" in err


def test_two_builds_at_once_never_break_each_other(tmp_path, mini):
    build = ("import sys; from pathlib import Path; from pipeline.warehouse import database, lock\n"
             "try:\n    database.build_database(target=Path(sys.argv[1]), raw_dir=Path(sys.argv[2]), "
             "intake_log=Path(sys.argv[3]))\nexcept lock.BuildLocked as error:\n    print(error); sys.exit(3)")
    target = tmp_path / "bases.duckdb"
    command = [sys.executable, "-c", build, str(target), str(MINI_RAW), str(tmp_path / "log.jsonl")]
    runs = [subprocess.Popen(command, cwd=config.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outcomes = sorted((r.wait(), r.stdout.read(), r.stderr.read()) for r in runs)
    assert outcomes[0][0] == 0 and outcomes[0][2] == ""
    assert outcomes[1][0] in (0, 3)  # the second either came after the first or was refused with the message
    if outcomes[1][0] == 3:
        assert outcomes[1][1].startswith("another build is running in")
    bases = "select base_id from report.table1_bases order by all"
    with duckdb.connect(str(target), read_only=True) as con:  # the whole build, as the in-memory one of the same tree
        assert con.execute(bases).fetchall() == mini.execute(bases).fetchall()


def test_leftovers_of_killed_runs_are_cleared(tmp_path):
    (tmp_path / "2009" / ".staging-abc123").mkdir(parents=True)
    (tmp_path / "2009" / ".staging-abc123" / "report.pdf").write_bytes(b"half")
    (tmp_path / ".bases.duckdb.4242.tmp").write_bytes(b"half")
    (tmp_path / ".step-fingerprints.4242.tmp").write_text("{", encoding="utf-8")
    (tmp_path / "2009" / "report.pdf").write_bytes(b"kept")
    with lock.build_lock(tmp_path):
        lock.clear_leftovers(tmp_path)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        ".build.lock", "2009", "2009/report.pdf"]
