"""The validation rules (data/raw/reference/validation_rules.yml), each finding in two languages."""
from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.intake.submission import Finding, Submission, printable


class Rules:
    """The rules file, turning a rule id and the particulars into a finding in two languages."""

    def __init__(self, path: Path):
        self.rules = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    def param(self, rule: str, name: str):
        return self.rules[rule]["params"][name]

    def confirmable(self, rule: str) -> bool:
        return bool(self.rules[rule].get("confirmable"))

    def finding(self, rule: str, sub: Submission, *, row=None, field=None, value=None, detail="", **words) -> Finding:
        """words fill the placeholders a rule's messages use beyond field, value, detail, base and year;
        every received text is shown escaped and cut (pipeline.intake.submission.printable)."""
        spec = self.rules[rule]
        shown = None if value is None else printable(value)
        words = {k: printable(v) for k, v in words.items()}
        words |= {"field": printable(field or ""), "value": shown or "", "detail": printable(detail, 400),
                  "base": printable(sub.base_id or sub.given_base or ""), "year": sub.year}
        return Finding(rule, spec["severity"], sub.year, printable(sub.file, 200), sub.sheet and printable(sub.sheet),
                       row if row is not None else sub.row, field and printable(field), shown, sub.base_id,
                       spec["message_zh"].format(**words), spec["message_en"].format(**words),
                       spec["do_zh"].format(**words), spec["do_en"].format(**words))
