"""Each received file read once: what the intake made of it (its submissions, their values and
the findings of the checks of a file on its own) kept by the file's name and SHA-256, so that a
rebuild reads only the files it has not seen. Ten years of 58 forms took 8 of a rebuild's 12
seconds re-reading workbooks that had not changed.

An entry holds for one version of what decides a reading: the intake's code, the version of the
library that reads .xls files, and the reference files (the rules, the bases, the indicators). A change to any of them reads every file again.
The cross-file checks (magnitudes, duplicates, scope, confirmations) always run afresh: they
depend on the other files. The cache is a DuckDB file beside the intake log; an entry that does
not read back whole is read again from its file, with a warning, and a cache file that cannot be
opened is set aside and started anew.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from sys import intern

from pipeline import config
from pipeline.intake.submission import Finding, Submission, Value

READERS = ("xlrd",)  # the libraries that read a received file, besides the intake's own code
INSERT_ROWS = 2000  # readings written per statement, in the one transaction
# DuckDB keeps what it wrote in memory up to its limit (80% of the machine by default): writing
# 50,000 readings (140 MB of text) took 490 MB more at the peak, 220 MB under this limit
CONNECTION_SETTINGS = {"memory_limit": "128MB"}
FINDING_FIELDS = [f.name for f in dataclasses.fields(Finding)]
TABLE = "parsed (file varchar, sha256 varchar, context varchar, version varchar, payload varchar, payload_sha256 varchar)"


def reader_version(raw_dir: Path) -> str:
    """A digest of the intake's code (every module of the package), of the versions of the libraries
    that read the files, and of every reference file a reading depends on."""
    hashed = hashlib.sha256()
    for library in READERS:
        hashed.update(f"{library} {metadata.version(library)}\0".encode())
    sources = sorted(Path(__file__).parent.glob("*.py")) + sorted((raw_dir / "reference").glob("*"))
    for path in sources:
        hashed.update(f"{path.name}\0".encode())
        hashed.update(path.read_bytes() if path.is_file() else b"<absent>")
        hashed.update(b"\0")
    return hashed.hexdigest()


def encode(subs: list[Submission]) -> str:
    """The submissions read from one file, as JSON (a Decimal as its text, so nothing is rounded)."""
    def one(sub: Submission) -> dict:
        given = sub.given_year if isinstance(sub.given_year, (str, int, float, bool, type(None))) else str(sub.given_year)
        return {"year": sub.year, "file": sub.file, "sheet": sub.sheet, "row": sub.row, "base_id": sub.base_id,
                "given_base": sub.given_base, "given_year": given, "status": sub.status, "year_row": sub.year_row,
                "sha256": sub.sha256, "is_reconstruction": sub.is_reconstruction, "unreadable": sorted(sub.unreadable),
                "values": {m: [None if v.amount is None else str(v.amount), v.provenance, v.source, v.row, v.label]
                           for m, v in sub.values.items()},
                "findings": [[getattr(f, name) for name in FINDING_FIELDS] for f in sub.findings]}
    return json.dumps([one(s) for s in subs], ensure_ascii=False, separators=(",", ":"))


def decode(payload: str, receipt: tuple) -> list[Submission]:
    """The submissions of encode, received at receipt; KeyError, TypeError or ValueError when damaged."""
    subs = []
    for item in json.loads(payload):
        sub = Submission(item["year"], item["file"], item["sheet"], item["row"], receipt, base_id=item["base_id"],
                         given_base=item["given_base"], given_year=item["given_year"], status=item["status"],
                         year_row=item["year_row"], sha256=item["sha256"], is_reconstruction=item["is_reconstruction"])
        sub.unreadable = set(item["unreadable"])
        sub.values = {m: Value(None if a is None else Decimal(a), intern(p), s, r, intern(label))  # shared, not one a value
                      for m, (a, p, s, r, label) in item["values"].items()}
        sub.findings = [Finding(*f) for f in item["findings"]]
        subs.append(sub)
    return subs


class ParseCache:
    """The readings of one version of the intake, loaded at once; new ones written at close."""

    def __init__(self, path: Path, raw_dir: Path):
        import duckdb
        self.path, self.version = path, reader_version(raw_dir)
        self.new: list[tuple] = []
        self.reads = 0  # files read (not found in the cache), for the tests and the benchmark
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(path), config=CONNECTION_SETTINGS)
            con.execute(f"create table if not exists {TABLE}")
        except duckdb.Error as error:
            con = self.start_anew(error)
        rows = con.execute("select file, sha256, context, payload, payload_sha256 from parsed where version = ?",
                                [self.version]).fetchall()
        self.stale = con.execute("select count(*) from parsed where version <> ?", [self.version]).fetchone()[0]
        con.close()  # reopened to write: no DuckDB threads live while the workers are forked (take_in.py)
        self.entries = {(file, digest, context): (payload, check) for file, digest, context, payload, check in rows}

    def start_anew(self, error):
        import duckdb
        kept = self.path.with_name(self.path.name + ".damaged")
        self.path.replace(kept)
        self.path.with_name(self.path.name + ".wal").unlink(missing_ok=True)
        print(f"warning: {config.shown(self.path)} cannot be opened ({str(error).splitlines()[0]}); it is kept as "
              f"{config.shown(kept)} and every received file is read again.", file=sys.stderr)
        con = duckdb.connect(str(self.path), config=CONNECTION_SETTINGS)
        con.execute(f"create table {TABLE}")
        return con

    def get(self, file: str, digest: str, context: str, receipt: tuple) -> list[Submission] | None:
        """The file's submissions as read before, or None when it must be read."""
        found = self.entries.get((file, digest, context))
        if found is None:
            return None
        payload, check = found
        try:
            if hashlib.sha256(payload.encode()).hexdigest() != check:
                raise ValueError("its checksum differs")
            return decode(payload, receipt)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            print(f"warning: the cached reading of {file} in {config.shown(self.path)} is damaged ({error}); "
                  f"the file is read again.", file=sys.stderr)
            del self.entries[file, digest, context]
            return None

    def put(self, file: str, digest: str, context: str, payload: str) -> None:
        """Keep what the file gave, as encode gives it (before the cross-file checks add to it)."""
        self.reads += 1
        self.new.append((file, digest, context, self.version, payload, hashlib.sha256(payload.encode()).hexdigest()))

    def close(self) -> None:
        """Write the new readings in one transaction and drop those of other versions of the
        intake; nothing is written when nothing is new. A failed write (a full disk) costs only
        the reading of those files again next time: it is said, and the build goes on."""
        import duckdb
        if not self.new and not self.stale:
            return
        try:
            with duckdb.connect(str(self.path), config=CONNECTION_SETTINGS) as con:
                con.execute("begin")
                con.execute("delete from parsed where version <> ?", [self.version])
                if self.new:
                    columns = [list(c) for c in zip(*self.new)]
                    con.execute("""delete from parsed using (select unnest(?) as f, unnest(?) as s, unnest(?) as c) as fresh
                                   where file = fresh.f and sha256 = fresh.s and context = fresh.c""", columns[:3])
                    for start in range(0, len(self.new), INSERT_ROWS):  # a bounded batch: 50,000 at once took 1.6 GB
                        con.execute("insert into parsed select unnest(?), unnest(?), unnest(?), unnest(?), unnest(?), "
                                    "unnest(?)", [c[start:start + INSERT_ROWS] for c in columns])
                con.execute("commit")
        except duckdb.Error as error:
            print(f"warning: the readings of {len(self.new)} received files could not be kept in "
                  f"{config.shown(self.path)} ({str(error).splitlines()[0]}); the next build reads them again.",
                  file=sys.stderr)
