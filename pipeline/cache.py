"""Skip a step only when nothing it depends on has changed since it last succeeded.

A step depends on its data (the files its Step declares, and the database's tables it reads,
by the content digests the database build publishes), on all the code of the project (every
module of pipeline/, the report templates, pyproject.toml and requirements.lock: a step's code
is everything it may import or read, and a hand-kept list drifts; the SQL models are data of
the steps that read them), and on its environment (the Python version, the installed packages, the fonts and
the system libraries that lay out and draw the report). The snapshot of all of these is taken
before the step runs, so that a file edited while it runs is seen as changed by the next run.
After the step, the digests of its outputs are recorded too: an output changed or deleted by
hand makes the step run again. A file's digest is kept between runs (.file-digests.json) and
reused while its size, times and inode are those it was hashed with: a run with nothing to do
hashes nothing, not even the 17 MB database.
"""
from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import os
import platform
import re
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline import config, outputs

# sql/ is not here: the steps that read it say so (db, check); the others read its tables, by digest
CODE = ("pipeline/**/*.py", "report_templates/**/*", "pyproject.toml", "requirements.lock")
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts", "/etc/fonts")
SYSTEM_LIBRARIES = ("libpango-1.0.so*", "libpangoft2-1.0.so*", "libharfbuzz.so*", "libharfbuzz-subset.so*",
                    "libfontconfig.so*", "libfreetype.so*")
ABSENT = "<absent>"
TRUSTED_AFTER_NS = 2_000_000_000


def state_file() -> Path:
    return config.PROCESSED / ".step-fingerprints.json"


@functools.cache
def file_digest(path: Path, size: int, mtime_ns: int, ctime_ns: int, inode: int) -> str:
    """A file's SHA-256, computed once per version (size, times, inode) within a run: the database
    is read by every step, a received file by the build's snapshot, the intake and its log."""
    hashed = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            hashed.update(block)
    return hashed.hexdigest()


def digests_file() -> Path:
    return config.PROCESSED / ".file-digests.json"


@functools.cache
def known_digests() -> dict[str, list]:
    """path -> [size, mtime_ns, ctime_ns, inode, SHA-256], as earlier runs hashed them."""
    try:
        known = json.loads(digests_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


LEARNED: dict[str, list] = {}  # digests hashed in this run, to keep for the next ones (save_digests)


def digest(path: Path) -> str:
    """A file's SHA-256, taken from an earlier run while the file's size, times and inode are those
    it was hashed with (no write leaves all of them as they were: the kernel sets ctime, and no one
    can set it back). A file changed less than TRUSTED_AFTER_NS before it was hashed is hashed again
    next time: a second write within the same tick of the clock would leave its times as they were."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ABSENT
    signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    name = str(path)
    known = LEARNED.get(name) or known_digests().get(name)
    if isinstance(known, list) and known[:4] == signature and len(known) == 5:
        return known[4]
    hashed = file_digest(path, *signature)
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > TRUSTED_AFTER_NS:
        LEARNED[name] = [*signature, hashed]
    return hashed


def save_digests() -> None:
    """Keep the digests this run hashed for the next run (the database alone takes 20 ms to hash)."""
    if not LEARNED:
        return
    kept = {**known_digests(), **LEARNED}
    try:
        digests_file().parent.mkdir(parents=True, exist_ok=True)
        outputs.write_atomically(digests_file(), json.dumps(kept, sort_keys=True, separators=(",", ":")).encode())
    except OSError:
        return  # a cache only: the next run hashes again
    known_digests.cache_clear()
    LEARNED.clear()


@functools.cache
def code_files() -> tuple[Path, ...]:
    """The code every step depends on; listed once a run (an edit to a listed file is still seen)."""
    return tuple(config.files(*CODE))


@functools.cache
def environment() -> dict[str, str]:
    """What the code runs on, one entry per thing that can change: Python, each installed
    package with its version, the fonts (by name, size and date: package updates change them)
    and the system libraries of the layout."""
    found = {"python": f"{platform.python_implementation()} {sys.version.split()[0]} {platform.machine()}"}
    for folder in dict.fromkeys(Path(p) for p in sys.path if p.endswith("-packages")):
        if folder.is_dir():
            for entry in os.scandir(folder):
                if entry.name.endswith((".dist-info", ".egg-info")):
                    name, _, version = entry.name.rsplit(".", 1)[0].partition("-")
                    found[f"package {name.lower().replace('_', '-')}"] = version
    fonts = hashlib.sha256()
    count = 0
    for folder in FONT_FOLDERS:
        for root, dirs, names in sorted(os.walk(os.path.expanduser(folder))):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                fonts.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
                count += 1
    found["fonts"] = f"{count} files, {fonts.hexdigest()[:16]}"
    # sys.implementation knows the multiarch folder without loading sysconfig's tables (5 ms)
    multiarch = getattr(sys.implementation, "_multiarch", None) or sysconfig.get_config_var("MULTIARCH") or ""
    libraries = re.compile("|".join(fnmatch.translate(pattern) for pattern in SYSTEM_LIBRARIES))
    for folder in dict.fromkeys([os.path.join("/usr/lib", multiarch), "/usr/lib64", "/usr/lib"]):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)  # one pass over thousands of names
        except OSError:
            continue
        for entry in entries:
            if libraries.match(entry.name) and not entry.is_symlink():
                found[f"library {entry.name.split('.so')[0]}"] = entry.name
    return found


@dataclass
class Snapshot:
    """What a step depends on, taken before it runs."""
    inputs: dict[str, str]
    environment: dict[str, str]

    def to_json(self) -> dict:
        return {"inputs": self.inputs, "environment": self.environment}


def tables_file(database: Path | None = None) -> Path:
    """Where the database build publishes its tables' content digests (pipeline/warehouse/database.py)."""
    database = database or config.DATABASE
    return database.with_name(f".{database.name}.tables.json")


def table_digests() -> dict[str, str] | None:
    """schema.table -> content digest of the built database, or None before a build."""
    try:
        stat = tables_file().stat()
    except FileNotFoundError:
        return None
    return parsed(tables_file(), stat.st_mtime_ns, stat.st_size) or None


def snapshot(input_files: list[Path], tables: tuple[str, ...] = ()) -> Snapshot:
    """The digests of the input files, the code, and of the database's tables matching the patterns:
    a step keyed by the tables it reads is not rerun by a rebuild that leaves them as they were."""
    files = dict.fromkeys([*input_files, *code_files()])
    inputs = {config.shown(p): digest(p) for p in files}
    if tables:
        built = table_digests()
        if built is None:
            inputs[f"tables of {config.shown(config.DATABASE)}"] = ABSENT
        else:
            inputs.update({f"table {name}": value for name, value in built.items()
                           if any(fnmatch.fnmatchcase(name, pattern) for pattern in tables)})
    return Snapshot(inputs, environment())


def load() -> dict:
    """What the steps' last successes recorded (read once per version of the file)."""
    try:
        stat = state_file().stat()
    except FileNotFoundError:
        return {}
    return parsed(state_file(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def parsed(path: Path, mtime_ns: int, size: int) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def differences(before: dict[str, str], now: dict[str, str], what: str) -> list[str]:
    """Each key whose value differs, as 'what key' with the change."""
    found = []
    for key in sorted(set(before) | set(now)):
        old, new = before.get(key, ABSENT), now.get(key, ABSENT)
        if old == new:
            continue
        if what == "environment":
            found.append(f"{key} {old} → {new}")
        elif old == ABSENT:
            found.append(f"{key} (new)")
        elif new == ABSENT:
            found.append(f"{key} (removed)")
        else:
            found.append(key)
    return found


def changes(key: str, now: Snapshot, output_paths: list[Path]) -> list[str]:
    """Why the step must run: every input, code file, environment entry or output that differs
    from its last success. Empty when the step is up to date."""
    state = load()
    record = state.get(key)
    if not isinstance(record, dict):
        return ["it has not run since the cache was kept this way" if key in state else "it has not run yet"]
    found = [f"changed: {c}" for c in differences(record.get("inputs", {}), now.inputs, "inputs")]
    found += [f"environment: {c}" for c in differences(record.get("environment", {}), now.environment, "environment")]
    written = record.get("outputs", {})
    for path in output_paths:
        name, current = config.shown(path), digest(path)
        if current != written.get(name):
            found.append(f"output {'missing' if current == ABSENT else 'changed since it was written'}: {name}")
    save_digests()
    return found


def remember(key: str, taken: Snapshot, output_paths: list[Path]) -> None:
    """Record a success: the snapshot taken before the step ran and the outputs it wrote."""
    state = {**load(), key: {**taken.to_json(), "outputs": {config.shown(p): digest(p) for p in output_paths}}}
    save_digests()
    state_file().parent.mkdir(parents=True, exist_ok=True)
    outputs.write_atomically(state_file(), json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False).encode())
