"""A base's confirmation of a value the rules doubt: recorded in the intake log for one file's
content, it turns the finding it covers into a warning."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pipeline import config
from pipeline.intake import submissions_log
from pipeline.intake.receipts import sha256
from pipeline.intake.rules import Rules
from pipeline.intake.submission import Finding, Submission, printable


class Confirmations:
    """The bases' confirmations, recorded in the intake log: each names one received file (by its
    SHA-256, so a changed file needs a new one), a rule, optionally a field, and the base's word."""

    def __init__(self, log_entries):
        self.entries = [e for e in log_entries if e.get("kind") == "confirmation"]
        self.applied: set[int] = set()

    def covering(self, sub: Submission, rule: str, field: str | None) -> dict | None:
        for entry in self.entries:
            if (entry["file"], entry["sha256"], entry["rule"]) == (sub.file, sub.sha256, rule) \
                    and entry.get("field") in (None, "", field):
                return entry
        return None

    def weighed(self, finding: Finding) -> Finding:
        """A finding the confirmations have already been weighed for: apply leaves it as it is."""
        self.applied.add(id(finding))
        return finding

    def apply(self, subs: list[Submission], rules: Rules) -> None:
        """A confirmed finding of a confirmable rule stands as a warning, with the confirmation beside it."""
        for sub in subs:
            for finding in sub.findings:
                entry = self.covering(sub, finding.rule, finding.field) if rules.confirmable(finding.rule) else None
                if entry and id(finding) not in self.applied:
                    self.applied.add(id(finding))
                    note, day = printable(entry["note"], 200), entry["logged_at"][:10]
                    finding.severity = "warning"
                    finding.message_zh += f"基地已于{day}确认：{note}"
                    finding.message_en += f" Confirmed by the base on {day}: {note}"


def record_confirmation(year: int, file: str, rule: str, field: str | None, note: str,
                        raw_dir: Path = config.RAW, log: Path = config.INTAKE_LOG) -> dict:
    """Append a base's confirmation of one received file's value to the log (see Confirmations)."""
    rules = Rules(raw_dir / "reference" / "validation_rules.yml")
    if rule not in rules.rules or not rules.confirmable(rule):
        choices = ", ".join(r for r in rules.rules if rules.confirmable(r))
        raise ConfirmationError(f"rule {rule!r} cannot be confirmed; the rules a base may confirm are: {choices}")
    if note.strip() in ("", "…", "..."):  # an empty note, or the console's placeholder left as printed
        raise ConfirmationError("say what the base confirmed and how (NOTE='…'): the note is the record")
    path = raw_dir / "submissions" / str(year) / Path(file).name
    name = str(path.relative_to(raw_dir))
    received = {(e["file"], e["sha256"]) for e in submissions_log.read(log) if e.get("kind", "receipt") == "receipt"}
    if not path.is_file() or path.is_symlink() or (name, sha256(path)) not in received:
        raise ConfirmationError(f"{name} has not been received for {year}: take it in first (make ingest YEAR={year} FILES=…)")
    entry = {"kind": "confirmation", "logged_at": datetime.now(UTC).isoformat(timespec="seconds"),
             "year": year, "file": name, "sha256": sha256(path), "rule": rule, "field": field or None, "note": note.strip()}
    submissions_log.append(log, [entry])
    return entry


class ConfirmationError(ValueError):
    """A confirmation that cannot be recorded; the message says why."""
