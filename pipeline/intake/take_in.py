"""A year's intake: every file of data/raw/submissions/<year>/ read and checked, in order of receipt."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline import config
from pipeline.intake import forms, parse_cache
from pipeline.intake.checks import (
    check_magnitudes,
    check_scope,
    check_submission,
    note_versions_held_back,
    settle_corrections,
    settle_duplicates,
)
from pipeline.intake.confirmations import Confirmations
from pipeline.intake.directory import Directory
from pipeline.intake.parse_cache import ParseCache
from pipeline.intake.read import read_file
from pipeline.intake.receipts import receipt_order, sha256
from pipeline.intake.rules import Rules
from pipeline.intake.submission import FEATURED, Intake, Submission


class YearReader:
    """What reading a file and checking it on its own need, for one year: built once a year,
    and inherited by the workers that read in parallel."""

    def __init__(self, year: int, raw_dir: Path):
        self.year = year
        self.rules = Rules(raw_dir / "reference" / "validation_rules.yml")
        self.directory = Directory(raw_dir / "reference")
        indicator_list = forms.indicators(raw_dir / "reference")
        self.labels = {i.label_zh: i.key for i in indicator_list}
        self.units = {i.key: i.unit for i in indicator_list}
        self.required = {}
        for i in (i for i in indicator_list if i.required):
            self.required[i.key] = forms.value_label(i.label_zh, featured=False)
            if i.has_featured:
                self.required[FEATURED + i.key] = forms.value_label(i.label_zh, featured=True)
        self.whole_numbers = {i.key for i in forms.split_by_places(indicator_list, self.rules)[1]}
        self.reconstruction = f"submissions/{year}/submissions_{year}.csv" \
            if (raw_dir / "published" / f"published_figures_{year}.csv").exists() else None
        self.published_year = self.reconstruction is not None and (raw_dir / self.reconstruction).is_file()

    def read(self, path: Path, name: str, digest: str, receipt: tuple) -> list[Submission]:
        """The file's submissions with the findings of the checks of a file on its own."""
        whole = Submission(self.year, name, None, None, receipt, sha256=digest)
        read = read_file(path, whole, self.rules, self.directory, self.labels, self.units, self.reconstruction)
        for sub in read:
            if any(f.rule in ("file_unreadable", "file_too_large", "file_encrypted", "hidden_file", "no_form",
                              "table_layout", "unknown_column") for f in sub.findings):
                continue
            check_submission(sub, self.rules, self.directory, self.required, self.whole_numbers)
            if self.published_year and not sub.is_reconstruction:
                sub.findings.append(self.rules.finding("published_year", sub))
        return read


def take_in(year: int, raw_dir: Path = config.RAW, previous: dict | None = None, log_entries=(),
            cache: ParseCache | None = None) -> Intake:
    """Read and check every file in raw_dir/submissions/<year>/; log_entries give the order of
    receipt (files not yet logged count as received now, together) and the bases' confirmations.
    A file the cache has read before, with the same content, is not read again."""
    reader = YearReader(year, raw_dir)
    rules, directory = reader.rules, reader.directory
    confirmations = Confirmations(log_entries)
    folder = raw_dir / "submissions" / str(year)
    found = sorted(p for p in folder.iterdir() if not p.is_dir() and p.suffix.lower() != ".md"
                   and (p.suffix.lower() in config.READ_SUFFIXES or not p.name.startswith("."))) \
        if folder.is_dir() else []  # system files such as .DS_Store are not submissions
    received = receipt_order(log_entries)
    now = max(received.values(), default=-1) + 1
    context = f"{reader.reconstruction}|{reader.published_year}"  # what else a file's reading depends on
    readings: list[list[Submission] | None] = []
    unread: list[tuple[Path, str, str, tuple]] = []
    for path in found:
        name = str(path.relative_to(raw_dir))
        digest = "" if path.is_symlink() else sha256(path)
        receipt = (received.get((name, digest), now),)
        kept = cache.get(name, digest, context, receipt) if cache and digest else None
        readings.append(kept)
        if kept is None:
            unread.append((path, name, digest, receipt))
    fresh = iter(read_all(reader, unread, cache, context))
    subs = [sub for kept in readings for sub in (kept if kept is not None else next(fresh))]
    check_magnitudes(subs, previous or {}, rules, directory)
    confirmations.apply(subs, rules)
    settle_duplicates(subs, rules, confirmations)
    check_scope(subs, rules, directory)
    confirmations.apply(subs, rules)
    for sub in subs:
        if sub.has_error:
            sub.status = "quarantined"
    settle_corrections(subs, rules)
    note_versions_held_back(subs, rules)
    name_unattributed(subs, directory)
    return Intake(year, [p for p in found if not p.is_symlink()], subs)


def name_unattributed(subs: list[Submission], directory: Directory) -> None:
    """For a submission whose base is unknown (an unreadable file, a form naming no known base):
    the base its file's name points to, if exactly one, so that coverage can say that base sent
    something rather than nothing."""
    for sub in subs:
        if sub.base_id is None:
            named = directory.named_in(Path(sub.file).name)
            sub.named_by_file = named.pop() if len(named) == 1 else None


PARALLEL_FROM = 1000  # files to read; under that, starting a second process costs more than it saves
CHUNK = 200  # files a worker reads per task
READER: YearReader | None = None  # the year's reader, inherited by the forked workers


def read_all(reader: YearReader, unread: list[tuple[Path, str, str, tuple]], cache: ParseCache | None,
             context: str) -> list[list[Submission]]:
    """Each unread file's submissions, in order, kept in the cache. Many files are read by two
    processes, each sending back what it read as the cache's encoding: reading the XML is most
    of an intake's time at scale (50,000 forms). The workers are forked (a started one would
    import the caller's main script again), and never call DuckDB."""
    global READER
    workers = min(2, len(os.sched_getaffinity(0)))
    if len(unread) < PARALLEL_FROM or workers < 2:
        readings = [reader.read(*item) for item in unread]
        payloads = [parse_cache.encode(subs) for subs in readings] if cache else []
    else:
        READER = reader
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                chunks = [[item[:3] for item in unread[i:i + CHUNK]] for i in range(0, len(unread), CHUNK)]
                payloads = [payload for chunk in pool.map(read_encoded, chunks) for payload in chunk]
        finally:
            READER = None
        readings = [parse_cache.decode(payload, item[3]) for payload, item in zip(payloads, unread)]
    if cache:
        for (_, name, digest, _), payload in zip(unread, payloads):
            if digest:
                cache.put(name, digest, context, payload)
    return readings


def read_encoded(chunk: list[tuple[Path, str, str]]) -> list[str]:
    """In a worker: the files' submissions, each file's as the parse cache encodes it."""
    return [parse_cache.encode(READER.read(path, name, digest, ())) for path, name, digest in chunk]


def years(raw_dir: Path) -> list[int]:
    folder = raw_dir / "submissions"
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit()) if folder.is_dir() else []


def take_in_all(raw_dir: Path = config.RAW, log_entries=(), cache: ParseCache | None = None) -> list[Intake]:
    """Every year, in order, each checked against the year before."""
    results, previous = [], {}
    for year in years(raw_dir):
        result = take_in(year, raw_dir, previous, log_entries, cache)
        results.append(result)
        previous = {(s.base_id, m): v.amount for s in result.submissions if s.status == "accepted"
                    for m, v in s.values.items() if v.amount}
    return results
