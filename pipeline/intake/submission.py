"""What the intake reads: a submission, its values with their provenance, its findings, and a year's
intake of them."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

FEATURED = "featured_"
SHOWN_CHARACTERS = 80


def printable(value, limit: int = SHOWN_CHARACTERS) -> str:
    """Text of a received value fit to show anywhere: control characters escaped, long text cut."""
    text = "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in str(value))
    return text if len(text) <= limit else f"{text[:limit]}…（{len(text)} characters）"


@dataclass(slots=True)  # slots: 50,000 submissions of 26 values each hold a million of these
class Finding:
    rule: str
    severity: str
    year: int
    file: str
    sheet: str | None
    row: int | None
    field: str | None
    value: str | None
    base_id: str | None
    message_zh: str
    message_en: str
    do_zh: str
    do_en: str

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field {self.field}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return ", ".join(parts)


@dataclass(slots=True)
class Value:
    amount: Decimal | None
    provenance: str
    source: str
    row: int | None
    label: str


@dataclass(slots=True)
class Submission:
    year: int
    file: str
    sheet: str | None
    row: int | None
    receipt: tuple
    base_id: str | None = None
    given_base: str | None = None
    given_year: object = None
    values: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    status: str = "accepted"
    year_row: int | None = None
    sha256: str = ""
    is_reconstruction: bool = False
    # the one base the file's name points to, when the submission's own base is unknown: shown to
    # the intake office so that it asks the right base again, never used to attribute the figures
    named_by_file: str | None = None

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def amount(self, measure: str) -> Decimal | None:
        value = self.values.get(measure)
        return value.amount if value else None

    def content(self) -> dict:
        """What the submission says, to tell two submissions of a base apart."""
        return {m: v.amount for m, v in self.values.items()}


@dataclass
class Intake:
    year: int
    files: list[Path]
    submissions: list[Submission]

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.submissions)
