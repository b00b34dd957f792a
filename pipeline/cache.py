"""Skip a step whose inputs are byte for byte what they were when it last succeeded."""
from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from pipeline import config

CACHE = config.PROCESSED / ".step-fingerprints.json"


@functools.lru_cache(maxsize=None)
def file_digest(path: Path, mtime_ns: int, size: int) -> bytes:
    """A file's SHA-256, computed once per version within a run (the database is read by every step)."""
    return hashlib.sha256(path.read_bytes()).digest()


def fingerprint(paths: list[Path], year: int) -> str:
    digest = hashlib.sha256(str(year).encode())
    for path in paths:
        digest.update(str(path.relative_to(config.ROOT)).encode())
        if path.exists():
            stat = path.stat()
            digest.update(file_digest(path, stat.st_mtime_ns, stat.st_size))
        else:
            digest.update(b"<absent>")
    return digest.hexdigest()


def load() -> dict:
    try:
        return json.loads(CACHE.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def is_fresh(key: str, print_: str, outputs: list[Path]) -> bool:
    return load().get(key) == print_ and all(p.exists() for p in outputs)


def remember(key: str, print_: str) -> None:
    state = load()
    state[key] = print_
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    temporary = CACHE.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, CACHE)
