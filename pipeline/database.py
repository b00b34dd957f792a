"""Build the analysts' DuckDB file from raw data and SQL models, all or nothing.

The database is built in a temporary file beside the target and moved into place only when
every model is built and every check passes, so a failed build leaves the previous database
as it was. It is written in a storage version that DuckDB 1.x clients can open.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipeline import config, consistency, ingest, intake, models


class CheckFailed(models.ModelError):
    """A model was built but one of its checks found rows that break it."""


def build_database(target: Path = config.DATABASE, raw_dir: Path = config.RAW, sql_dir: Path = config.SQL,
                   schemas: Path = config.RAW_SCHEMAS, intake_log: Path = config.INTAKE_LOG) -> list[models.CheckResult]:
    """Validate reference files, take the submissions in, build every model, run every check,
    then publish the file atomically."""
    ingest.check_raw(raw_dir, schemas)
    received = intake.take_in_all(raw_dir)
    log_entries = intake.append_to_log(received, raw_dir, intake_log)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.tmp*"):  # left by a build that was killed
        stale.unlink(missing_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        con = duckdb.connect()
        con.execute(f"attach {models.quote(str(temporary))} as warehouse "
                    f"(storage_version {models.quote(config.STORAGE_VERSION)})")
        con.execute("use warehouse")
        intake.land(con, received, log_entries)
        consistency.land(con, raw_dir)
        built = models.build(con, raw_dir, sql_dir)
        results = models.run_checks(con, built)
        failed = [r for r in results if not r.passed]
        if failed:
            lines = "\n".join(f"  - {r.model}: {r.check} ({r.failing_rows} rows, e.g. {r.sample[:2]})" for r in failed)
            raise CheckFailed(f"{len(failed)} model check(s) failed; the database was not replaced:\n{lines}")
        con.execute("use memory")
        con.execute("detach warehouse")
        con.close()
        os.replace(temporary, target)
        return results
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}.wal").unlink(missing_ok=True)


def connect_read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the built database for reading, as analysts and the later pipeline stages do."""
    path = path or config.DATABASE
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist yet: run `make db` first")
    return duckdb.connect(str(path), read_only=True)
