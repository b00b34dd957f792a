"""The intake log (data/processed/intake/submissions_log.jsonl): one JSON object a line, appended to.

A write cut short (a full disk, a killed process, a power cut) leaves a last line without its
end. Reading sets that line aside in a file beside the log, with a message, and rewrites the
log without it; the intake then logs again every file of data/raw that the log lacks, so the
log is whole again after one build. Damage anywhere but the last line is not a torn write:
it is refused, naming the line.
"""
from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from pipeline.config import shown

FIELDS = ("logged_at", "year", "file", "sha256", "bytes", "accepted", "superseded", "quarantined")
# a base's confirmation of a value the rules hold back (make confirm): no counts, a rule and a note
CONFIRMATION_FIELDS = ("kind", "logged_at", "year", "file", "sha256", "rule", "note")


class LogDamaged(Exception):
    """A line of the log other than the last cannot be read."""


def entry(line: bytes) -> dict | None:
    """The entry a line holds, or None when it is not a whole entry."""
    try:
        value = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(value, dict):
        return None
    needed = CONFIRMATION_FIELDS if value.get("kind") == "confirmation" else FIELDS
    return value if all(k in value for k in needed) else None


def read(log: Path) -> list[dict]:
    """Every entry of the log; a torn last line is set aside and the log rewritten without it."""
    if not log.exists():
        return []
    lines = log.read_bytes().split(b"\n")
    ends_whole = lines[-1] == b""
    lines = lines[:-1] if ends_whole else lines
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parsed = entry(line)
        if parsed is None and number < len(lines):
            raise LogDamaged(f"{shown(log)}, line {number}, is not a log entry ({line[:60].decode(errors='replace')!r}). "
                             f"The log is only "
                             f"ever appended to: restore it from a backup, or move it away to start a new one "
                             f"(every file in data/raw is then logged again).")
        if parsed is not None:
            entries.append(parsed)
    torn = lines[-1] if lines and entry(lines[-1]) is None else None
    if torn is not None or not ends_whole:
        set_aside_torn(log, entries, torn)
    return entries


def set_aside_torn(log: Path, entries: list[dict], torn: bytes | None) -> None:
    """Keep the torn text in a file beside the log and rewrite the log with the whole entries."""
    if torn is not None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        kept = log.with_name(f"{log.name}.torn-{stamp}")
        kept.write_bytes(torn)
        print(f"warning: the last line of {shown(log)} was cut short (a write that did not finish); "
              f"it is kept in {shown(kept)}, and every file in data/raw missing from the log is logged again.",
              file=sys.stderr)
    temporary = log.with_name(f".{log.name}.{os.getpid()}.tmp")
    try:
        write(temporary, entries, "w")
        os.replace(temporary, log)
    finally:
        temporary.unlink(missing_ok=True)


def append(log: Path, new: list[dict]) -> None:
    """Add entries in one write, flushed to disk, so that a failure can tear at most the last line."""
    log.parent.mkdir(parents=True, exist_ok=True)
    write(log, new, "a")


def write(path: Path, entries: list[dict], mode: str) -> None:
    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
    with path.open(mode, encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
