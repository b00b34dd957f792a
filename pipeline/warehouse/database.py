"""Build the analysts' DuckDB file from raw data and SQL models, all or nothing.

The database is built in a temporary file beside the target and moved into place only when
every model is built and every check passes, so a failed build leaves the previous database
as it was. It is written in a storage version that DuckDB 1.x clients can open.

Analysts open the file too. A session holding it read-write, a change left in its write-ahead
log (bases.duckdb.wal, replayed by DuckDB onto whatever file bears the name) or a change saved
into it must never reach a report: the build refuses while someone holds the file read-write,
and sets a changed file and its log aside, with a warning, before it puts the new one in place.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline import cache, config, outputs
from pipeline.intake import land, parse_cache, receipts, submissions_log, take_in
from pipeline.warehouse import consistency, lock, models, raw_schema


class CheckFailed(models.ModelError):
    """A model was built but one of its checks found rows that break it."""


class DatabaseInUse(Exception):
    """Someone holds the database read-write, or left changes in it that no build made."""


def wal(path: Path) -> Path:
    """DuckDB's write-ahead log of a database file."""
    return path.with_name(path.name + ".wal")


def built_digest_file(path: Path) -> Path:
    """Where the build records the SHA-256 of the file it wrote, to tell later changes from it."""
    return path.with_name(f".{path.name}.sha256")


def parse_cache_file(intake_log: Path) -> Path:
    """The intake's readings of the received files, beside its log (pipeline/intake/parse_cache.py)."""
    return intake_log.with_name("parsed.duckdb")


def verdicts_file(path: Path) -> Path:
    """Where the build keeps the consistency solver's verdicts, keyed by their inputs, for the next
    build (pipeline/warehouse/consistency.py)."""
    return path.with_name(f".{path.name}.verdicts.json")


def build_database(target: Path | None = None, raw_dir: Path = config.RAW, sql_dir: Path = config.SQL,
                   schemas: Path = config.RAW_SCHEMAS, intake_log: Path = config.INTAKE_LOG) -> list[models.CheckResult]:
    """Validate reference files, take the submissions in, build every model, run every check,
    then publish the file atomically."""
    target = target or config.DATABASE
    with lock.build_lock(target.parent):
        refuse_a_read_write_holder(target)  # before the work, so that nobody waits for a refusal
        raw_schema.check_raw(raw_dir, schemas)
        readings = parse_cache.ParseCache(parse_cache_file(intake_log), raw_dir)
        try:
            received = take_in.take_in_all(raw_dir, submissions_log.read(intake_log), readings)
        finally:
            readings.close()
        log_entries = receipts.append_to_log(received, raw_dir, intake_log)
        for stale in target.parent.glob(f".{target.name}.*.tmp*"):  # left by a build that was killed
            stale.unlink(missing_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.unlink(missing_ok=True)
        try:
            con = duckdb.connect()
            con.execute(f"attach {models.quote(str(temporary))} as warehouse "
                        f"(storage_version {models.quote(config.STORAGE_VERSION)})")
            con.execute("use warehouse")
            con.execute("begin")  # one commit for the raw rows, the models and their hundreds of comments
            land.land(con, received, log_entries)
            consistency.land(con, raw_dir, verdicts_file(target))
            built = models.build(con, raw_dir, sql_dir)
            results = models.run_checks(con, built)
            models.record_checks(con, results)
            failed = [r for r in results if not r.passed]
            if failed:
                lines = "\n".join(f"  - {r.model}: {r.check} ({r.failing_rows} rows, e.g. {r.sample[:2]})" for r in failed)
                raise CheckFailed(f"{len(failed)} model check(s) failed; the database was not replaced:\n{lines}")
            con.execute("commit")
            digests = table_digests(con)
            con.execute("use memory")
            con.execute("detach warehouse")  # checkpoints: the temporary file is complete, without a log
            con.close()
            publish(temporary, target, digests)
            return results
        except (duckdb.Error, models.ModelError) as error:
            failure = error.__cause__ if isinstance(error, models.ModelError) else error
            converted = as_os_error(failure) if isinstance(failure, duckdb.Error) else None
            if converted:
                raise converted from error
            raise
        finally:
            temporary.unlink(missing_ok=True)
            wal(temporary).unlink(missing_ok=True)


def table_digests(con) -> dict[str, str]:
    """schema.table -> a digest of the table's columns, comments and rows, in no particular order
    of rows: the same inputs give the same digests in every build, though the file's bytes differ,
    so that a step downstream reruns only when a table it reads has changed (pipeline/cache.py)."""
    tables = con.execute("""select schema_name, table_name, coalesce(comment, '') from duckdb_tables()
                            where database_name = current_database() order by all""").fetchall()
    columns: dict[tuple[str, str], list] = {}
    for schema, table, column, kind, comment in con.execute(
            """select schema_name, table_name, column_name, data_type, coalesce(comment, '') from duckdb_columns()
               where database_name = current_database() order by schema_name, table_name, column_index""").fetchall():
        columns.setdefault((schema, table), []).append((column, kind, comment))
    rows = dict(con.execute(" union all ".join(
        f"select '{schema}.{table}', format('{{}} {{}} {{}}', count(*), sum(hash(t)::hugeint), sum(hash(t, 1)::hugeint)) "
        f"from {schema}.{table} as t" for schema, table, _ in tables)).fetchall()) if tables else {}
    return {f"{schema}.{table}": hashlib.sha256(repr((comment, columns[schema, table], rows[f"{schema}.{table}"])).encode())
            .hexdigest() for schema, table, comment in tables}


def publish(temporary: Path, target: Path, digests: dict[str, str]) -> None:
    """Move the new file into place, after setting aside a target that someone changed.

    A shared lock on the old file, the kind DuckDB itself takes, keeps anyone from opening it
    read-write until the new file is in place."""
    descriptor = os.open(target, os.O_RDONLY) if target.exists() else None
    try:
        if descriptor is not None:
            try:
                fcntl.lockf(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                raise DatabaseInUse(in_use_message(target, "was not replaced")) from None
            recorded = recorded_digest(target)
            if wal(target).exists() or (recorded and recorded != digest(descriptor)):
                set_aside(target)
        cache.tables_file(target).unlink(missing_ok=True)  # no moment where new tables carry old digests
        os.replace(temporary, target)
        with target.open("rb") as f:
            built_digest_file(target).write_text(digest(f.fileno()) + "\n", encoding="ascii")
        outputs.write_atomically(cache.tables_file(target), json.dumps(digests, indent=1, sort_keys=True).encode())
    finally:
        if descriptor is not None:
            os.close(descriptor)


def recorded_digest(path: Path) -> str | None:
    """The SHA-256 the last build recorded for the file, if one did."""
    try:
        return built_digest_file(path).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None


def digest(descriptor: int) -> str:
    """SHA-256 of an open file, read through the descriptor (closing another descriptor of the
    same file would drop this process's lock on it)."""
    hashed, offset = hashlib.sha256(), 0
    while block := os.pread(descriptor, 1 << 20, offset):
        hashed.update(block)
        offset += len(block)
    return hashed.hexdigest()


def set_aside(target: Path) -> Path:
    """Keep a database changed outside the pipeline (and its log) under set-aside/, with a warning."""
    folder = target.parent / "set-aside" / datetime.now().strftime("%Y%m%dT%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    if wal(target).exists():
        os.replace(wal(target), folder / wal(target).name)
    os.link(target, folder / target.name)  # the old content stays reachable once the new file replaces it
    print(f"warning: {config.shown(target)} was changed outside the pipeline"
          f"{' (changes left in ' + wal(target).name + ' by a session that did not close)' if (folder / wal(target).name).exists() else ''}; "
          f"the changed file is kept in {config.shown(folder)}/ and is not in the rebuilt database or any report. "
          f"Keep your own tables in a separate file (README: Query the database).", file=sys.stderr)
    return folder


def holder(path: Path) -> str:
    """Who holds a write lock on the file, from /proc/locks: 'pid N (command)', or ''."""
    try:
        stat = path.stat()
        locks = Path("/proc/locks").read_text()
    except OSError:
        return ""
    device = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    for line in locks.splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[3] == "WRITE" and fields[5] == device:
            pid = fields[4]
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            except OSError:
                command = ""
            return f"pid {pid}" + (f" ({command[:80]})" if command else "")
    return ""


def in_use_message(path: Path, outcome: str) -> str:
    who = holder(path) or "another process"
    return (f"{config.shown(path)} is open read-write by {who}; {outcome}. Close that session "
            f"(analysts open the database read-only: duckdb -readonly {config.shown(path)}) and run again.")


def refuse_a_read_write_holder(target: Path) -> None:
    if target.exists() and holder(target):
        raise DatabaseInUse(in_use_message(target, "the database was not rebuilt and nothing was changed"))


def years_held(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The years the built database holds accepted submissions for."""
    return [y for (y,) in con.execute("select distinct year from core.submissions order by year").fetchall()]


def year_not_held(con: duckdb.DuckDBPyConnection, year: int) -> str | None:
    """Why a look-up of the year can give nothing, when the built database does not hold it; else None.

    Without it an absent year reads as an empty table, which says "no base qualified"."""
    held = years_held(con)
    if int(year) in held:
        return None
    return (f"the database holds no year {year} (it holds {', '.join(map(str, held)) or 'none'}): "
            f"take that year's submissions in and build (`make ingest YEAR={year}`)")


def connect_read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the built database for reading, as analysts and the later pipeline stages do.

    Refused while the file holds changes no build made: in its write-ahead log, which DuckDB
    would replay, or saved into it."""
    path = path or config.DATABASE
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist yet: run `make db` first")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise DatabaseInUse(in_use_message(path, "a report is never made from a database someone may be changing")) from error
        converted = as_os_error(error)
        if converted:
            raise converted from error
        raise
    recorded = recorded_digest(path)
    if wal(path).exists() or (recorded and recorded != cache.digest(path)):
        con.close()
        what = f"{config.shown(wal(path))} holds changes" if wal(path).exists() else f"{config.shown(path)} holds changes"
        raise DatabaseInUse(f"{what} that no build made; run `make db` to rebuild: it keeps the changed file "
                            f"under {config.shown(path.parent / 'set-aside')}/ and leaves the changes out of every report.")
    return con


def as_os_error(error: duckdb.Error) -> OSError | None:
    """DuckDB's I/O errors (disk full, read-only folder) as the OSError they are, with the file;
    None for any other error."""
    text = str(error)
    files = re.findall(r'"([^"]*/[^"]*)"', text)  # the message also quotes names that are not files
    for words, number in (("no space left", errno.ENOSPC), ("disk quota", errno.EDQUOT),
                          ("read-only file system", errno.EROFS), ("permission denied", errno.EACCES)):
        if words in text.lower():
            return OSError(number, os.strerror(number), files[-1] if files else None)
    return None
