"""Which files were received, when: each new file recorded once, with its SHA-256, in the
append-only intake log, whose order of receipt decides which of a base's submissions is the later."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from pipeline import cache
from pipeline.intake import submissions_log
from pipeline.intake.submission import Intake


def sha256(path: Path) -> str:
    """A file's SHA-256, hashed once per version of the file in a run: the intake and the log ask
    for it both, and both must name the same content."""
    stat = path.stat()
    return cache.file_digest(path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def receipt_order(log_entries) -> dict[tuple[str, str], int]:
    """(file, SHA-256) -> the position of the intake run that first received it."""
    runs: dict[str, int] = {}
    order: dict[tuple[str, str], int] = {}
    for entry in log_entries:
        if entry.get("kind", "receipt") != "receipt":
            continue
        run = runs.setdefault(entry.get("run", entry["logged_at"]), len(runs))
        order.setdefault((entry["file"], entry["sha256"]), run)
    return order


def append_to_log(results: list[Intake], raw_dir: Path, log: Path) -> list[dict]:
    """Record every file not logged before (same path, same content); return the whole log.
    The files of one run share its run stamp: they were received together."""
    entries = submissions_log.read(log)  # a torn last line is set aside; its file is logged again below
    run = datetime.now(UTC).isoformat(timespec="microseconds")
    seen = {(e["file"], e["sha256"]) for e in entries}
    new = []
    for result in results:
        outcomes = Counter((s.file, s.status) for s in result.submissions)  # one pass, not one per file
        for path in result.files:
            name, digest = str(path.relative_to(raw_dir)), sha256(path)
            if (name, digest) in seen:
                continue
            outcome = {status: outcomes[name, status] for status in ("accepted", "superseded", "quarantined")}
            new.append({"logged_at": datetime.now(UTC).isoformat(timespec="seconds"), "run": run, "year": result.year,
                        "file": name, "sha256": digest, "bytes": path.stat().st_size, **outcome})
    if new:
        submissions_log.append(log, new)
    return entries + new
