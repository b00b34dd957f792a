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

    def finding(self, rule: str, sub: Submission, *, row=None, field=None, value=None,
                detail: str | tuple[str, str] = "", **words) -> Finding:
        """words fill the placeholders a rule's messages use beyond field, value, detail, base and year.
        A detail said in words is given as (Chinese, English), so that each message reads in one
        language; one said alike in both (a sheet's name) once. Every received text is shown escaped
        and cut (pipeline.intake.submission.printable)."""
        spec = self.rules[rule]
        shown = None if value is None else printable(value)
        detail_zh, detail_en = detail if isinstance(detail, tuple) else (detail, detail)
        words = {k: printable(v) for k, v in words.items()}
        words |= {"field": printable(field or ""), "value": shown or "",
                  "base": printable(sub.base_id or sub.given_base or ""), "year": sub.year}
        zh, en = words | {"detail": printable(detail_zh, 400)}, words | {"detail": printable(detail_en, 400)}
        return Finding(rule, spec["severity"], sub.year, printable(sub.file, 200), sub.sheet and printable(sub.sheet),
                       row if row is not None else sub.row, field and printable(field), shown, sub.base_id,
                       spec["message_zh"].format(**zh), spec["message_en"].format(**en),
                       spec["do_zh"].format(**zh), spec["do_en"].format(**en))
