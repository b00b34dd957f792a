"""A year's intake: every file of data/raw/submissions/<year>/ read and checked, in order of receipt."""
from __future__ import annotations

from pathlib import Path

from pipeline import config
from pipeline.intake import forms
from pipeline.intake.checks import check_magnitudes, check_scope, check_submission, settle_duplicates
from pipeline.intake.confirmations import Confirmations
from pipeline.intake.directory import Directory
from pipeline.intake.parse_cache import ParseCache
from pipeline.intake.read import read_file
from pipeline.intake.receipts import receipt_order, sha256
from pipeline.intake.rules import Rules
from pipeline.intake.submission import FEATURED, Intake, Submission

SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def take_in(year: int, raw_dir: Path = config.RAW, previous: dict | None = None, log_entries=(),
            cache: ParseCache | None = None) -> Intake:
    """Read and check every file in raw_dir/submissions/<year>/; log_entries give the order of
    receipt (files not yet logged count as received now, together) and the bases' confirmations.
    A file the cache has read before, with the same content, is not read again."""
    rules = Rules(raw_dir / "reference" / "validation_rules.yml")
    directory = Directory(raw_dir / "reference")
    confirmations = Confirmations(log_entries)
    indicator_list = forms.indicators()
    labels = {i.label_zh: i.key for i in indicator_list}
    units = {i.key: i.unit for i in indicator_list}
    required = {}
    for i in (i for i in indicator_list if i.required):
        required[i.key] = f"{i.label_zh}（合计）"
        if i.has_featured:
            required[FEATURED + i.key] = f"{i.label_zh}（其中：特色产业）"
    whole_numbers = {i.key for i in indicator_list if i.unit in ("count", "persons")}
    folder = raw_dir / "submissions" / str(year)
    reconstruction = f"submissions/{year}/submissions_{year}.csv" \
        if (raw_dir / "published" / f"published_figures_{year}.csv").exists() else None
    published_year = reconstruction is not None and (raw_dir / reconstruction).is_file()
    found = sorted(p for p in folder.iterdir() if not p.is_dir() and p.suffix.lower() != ".md"
                   and (p.suffix.lower() in SUBMISSION_SUFFIXES or not p.name.startswith("."))) \
        if folder.is_dir() else []  # system files such as .DS_Store are not submissions
    received = receipt_order(log_entries)
    now = max(received.values(), default=-1) + 1
    context = f"{reconstruction}|{published_year}"  # what else a file's reading depends on
    subs = []
    for path in found:
        name = str(path.relative_to(raw_dir))
        digest = "" if path.is_symlink() else sha256(path)
        receipt = (received.get((name, digest), now),)
        kept = cache.get(name, digest, context, receipt) if cache and digest else None
        if kept is not None:
            subs += kept
            continue
        whole = Submission(year, name, None, None, receipt, sha256=digest)
        read = read_file(path, whole, rules, directory, labels, units, reconstruction)
        for sub in read:
            if any(f.rule in ("file_unreadable", "file_too_large", "file_encrypted", "hidden_file", "no_form",
                              "table_layout", "unknown_column") for f in sub.findings):
                continue
            check_submission(sub, rules, directory, required, whole_numbers)
            if published_year and not sub.is_reconstruction:
                sub.findings.append(rules.finding("published_year", sub))
        if cache and digest:
            cache.put(name, digest, context, read)
        subs += read
    check_magnitudes(subs, previous or {}, rules, directory)
    confirmations.apply(subs, rules)
    settle_duplicates(subs, rules, confirmations)
    check_scope(subs, rules, directory)
    confirmations.apply(subs, rules)
    for sub in subs:
        if sub.has_error:
            sub.status = "quarantined"
    return Intake(year, [p for p in found if not p.is_symlink()], subs)


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
