"""A full disk and read-only folders give one clear line each, never a traceback, and change nothing.

The real faults (a small tmpfs that fills up, read-only bind mounts) run in a private mount
namespace (`unshare`), so that nothing outside the test sees them; where that is not allowed,
they are skipped and the injected fault still runs."""
import errno
import subprocess
import sys
import textwrap

import pytest

from pipeline import cli, config
from tests.conftest import MINI_RAW

pytestmark = pytest.mark.slow  # builds in other processes


def namespace_works() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


needs_namespace = pytest.mark.skipif(not namespace_works(), reason="cannot mount in a private namespace here")


def in_namespace(mounts: str, script: str) -> subprocess.CompletedProcess:
    """Run a shell script after the mounts, in a private mount namespace, from the project root."""
    return subprocess.run(["unshare", "-rm", "sh", "-ec", f"{mounts}\n{script}"], cwd=config.ROOT,
                          capture_output=True, text=True, timeout=300)


BUILD_MINI = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from pipeline import config
    config.PROCESSED = Path(sys.argv[1])
    config.DATABASE = config.PROCESSED / "bases.duckdb"
    config.INTAKE_LOG = config.PROCESSED / "intake" / "submissions_log.jsonl"
    config.RAW = Path(sys.argv[2])
    from pipeline import cli
    sys.exit(cli.main(["db"]))
    """)


@needs_namespace
def test_a_full_disk_stops_the_build_in_one_line_and_keeps_the_database(tmp_path):
    folder = tmp_path / "processed"
    folder.mkdir()
    build = f"{sys.executable} -c '{BUILD_MINI}' {folder} {MINI_RAW}"
    result = in_namespace(
        f"mount -t tmpfs -o size=64m none {folder}",  # room for the mini database (about 17 MB), then filled
        f"""{build} > /dev/null
        sha256sum {folder}/bases.duckdb
        dd if=/dev/zero of={folder}/filler bs=64k 2>/dev/null || true
        {build} > /dev/null || echo "exit $?"
        sha256sum {folder}/bases.duckdb
        ls -A {folder}""")
    lines = result.stdout.splitlines()
    assert lines[0].split()[0] == lines[2].split()[0]  # the previous database, byte for byte
    assert lines[1] == "exit 2"
    assert lines[3:] == [".bases.duckdb.sha256", ".bases.duckdb.tables.json", ".bases.duckdb.verdicts.json", ".build.lock",
                         ".file-digests.json", ".step-fingerprints.json",
                         "bases.duckdb", "filler",
                         "intake"]  # no half-written file left behind
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"error: the disk is full: cannot write {folder}/.bases.duckdb.")
    assert "Free some space and run again" in result.stderr


@needs_namespace
@pytest.mark.parametrize("command, named", [
    ("reconstruct", "data/raw/submissions/2009/submissions_2009.csv"),
    (f"ingest --year 2010 {MINI_RAW}/submissions/2009/submissions_2009.csv", "data/raw/submissions/2010"),
])
def test_read_only_raw_data_gives_one_line(command, named):
    result = in_namespace("mount --bind data/raw data/raw; mount -o remount,bind,ro data/raw\n"
                          "mount -t tmpfs none data/processed",
                          f"{sys.executable} -m pipeline {command} || echo \"exit $?\"")
    assert result.stdout.splitlines()[-1] == "exit 2"
    assert result.stderr == (f"error: cannot write {named}: Read-only file system. Make the folder writable "
                             f"for this user (or run from a copy that is) and run again; nothing was changed.\n")


@needs_namespace
def test_read_only_outputs_give_one_line():
    result = in_namespace("mount -t tmpfs -o ro none data/processed",
                          f"{sys.executable} -m pipeline report --year 2009 || echo \"exit $?\"")
    assert result.stdout.splitlines()[-1] == "exit 2"
    assert result.stderr.startswith("error: cannot write data/processed/.build.lock: Read-only file system.")
    assert result.stderr.count("\n") == 1


def test_a_full_disk_while_exporting_keeps_the_previous_tables(real_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(config, "PROCESSED", tmp_path)
    monkeypatch.setattr(config, "DATABASE", real_db)
    (tmp_path / "2009").mkdir()
    (tmp_path / "2009" / "table1_bases.csv").write_text("the previous table", encoding="utf-8")

    def full(con, year, folder):
        (folder / "table1_bases.csv").write_text("half a tab", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "table1_bases.csv"))
    monkeypatch.setattr("pipeline.publish.export.write_csvs", full)
    assert cli.main(["export", "--year", "2009"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the disk is full: cannot write ") and err.count("\n") == 1
    assert (tmp_path / "2009" / "table1_bases.csv").read_text(encoding="utf-8") == "the previous table"
    assert sorted(p.name for p in (tmp_path / "2009").iterdir()) == ["table1_bases.csv"]  # no staging left
