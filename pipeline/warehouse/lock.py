"""One build at a time: two builds writing the same database and outputs would break each other.

The lock is an flock on data/processed/.build.lock, which the kernel releases when the holder
ends, however it ends: a killed build never leaves a stale lock behind. The file names the
holder (pid, start time, command) for the message the next build prints.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pipeline import config

_held: dict[Path, int] = {}  # folders this process holds the lock of, with how deep it is nested


class BuildLocked(Exception):
    """Another process is building in the same folder."""


def lock_file(folder: Path) -> Path:
    return folder / ".build.lock"


@contextmanager
def build_lock(folder: Path | None = None):
    """Hold the folder's build lock, or raise BuildLocked naming the build that holds it.

    Nested use within one process is allowed (a command that builds the database holds the
    lock that the database build asks for again)."""
    folder = (folder or config.PROCESSED).resolve()
    if folder in _held:
        _held[folder] += 1
        try:
            yield
        finally:
            _held[folder] -= 1
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(lock_file(folder), "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "pid unknown"
            raise BuildLocked(f"another build is running in {config.shown(folder)} since {holder}. "
                              f"Wait for it to finish and run again; nothing was changed.") from None
        handle.seek(0)
        handle.truncate()
        command = " ".join(["python -m pipeline", *sys.argv[1:]]) if sys.argv[0].endswith("__main__.py") \
            else " ".join(sys.argv)
        handle.write(f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z} (pid {os.getpid()}: {command})\n")
        handle.flush()
        _held[folder] = 1
        try:
            yield
        finally:
            del _held[folder]
    finally:
        handle.close()  # closing the file releases the flock


def clear_leftovers(folder: Path | None = None) -> list[Path]:
    """Remove the scratch files and folders that killed runs left (staging folders, temporary
    databases, half-written fingerprints). Only safe while holding the build lock."""
    found = [p for pattern in (".staging-*", ".*.tmp", ".*.tmp.wal") for p in (folder or config.PROCESSED).rglob(pattern)]
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found
