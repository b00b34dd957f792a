"""The known bases, by id and by every name they go by, for the intake's checks."""
from __future__ import annotations

import csv
import difflib
import re
from decimal import Decimal
from pathlib import Path

TEMPLATE_FILE_NAME = re.compile(r"(\d{2})_([a-z0-9_]+)")  # NN_<base_id>, as make template names forms


class Directory:
    """The bases by id and by every name they go by, with region and field for the checks."""

    def __init__(self, reference: Path):
        def rows(name):
            with (reference / name).open(encoding="utf-8", newline="") as f:
                return list(csv.DictReader(f))
        self.bases = {r["base_id"]: r for r in rows("bases.csv")}
        self.names = {r["base_name"]: r["base_id"] for r in self.bases.values()}
        self.names.update({r["alias"]: r["base_id"] for r in rows("base_aliases.csv")})
        regions = {r["province"]: r["region_zh"] for r in rows("provinces.csv")}
        self.region = {b: regions[r["province"]] for b, r in self.bases.items()}
        self.threshold = {r["region_zh"]: Decimal(r["hightech_exports_min_100m_usd"]) for r in rows("export_thresholds.csv")}
        self.lengths: list[int] | None = None
        self.by_number: dict[int, set[str]] | None = None
        self.fx = {int(r["year"]): Decimal(r["value"]) for r in rows("reference_figures.csv") if r["figure_id"] == "fx.usd_cny"}

    def resolve(self, base_id, name) -> tuple[str | None, tuple[str, str]]:
        """The base named by id or name, or None and the closest names to suggest (in Chinese, in English)."""
        if base_id and str(base_id).strip() in self.bases:
            return str(base_id).strip(), ("", "")
        if name and str(name).strip() in self.names:
            return self.names[str(name).strip()], ("", "")
        probe = str(name or base_id or "").strip()
        close = difflib.get_close_matches(probe, list(self.names) + list(self.bases), n=3, cutoff=0.4)
        if close:
            return None, (f"最接近的名称：{'、'.join(close)}", f"Closest known names: {', '.join(close)}")
        return None, ("没有相近的名称。", "No similar name is known.")

    def named_in(self, text: str) -> set[str]:
        """The bases a name, file name or sheet name points to: a base's id, any of its names, or
        the NN_<base_id> of a form written by make template (NN its Table 1 number)."""
        # a whole name or id names its base alone (the rule below gives the same: a match of the whole
        # text contains every other), looked up at once for the common case: a base's own form
        if text in self.names:
            return {self.names[text]}
        if text in self.bases:
            return {text}
        lower = text.lower()
        matches = []
        for start, end in self.spans(len(text)):  # each piece of the text looked up: linear in the bases
            piece = text[start:end]
            if piece in self.names:
                matches.append((start, end, self.names[piece]))
            piece = lower[start:end]
            if piece in self.bases and not (start and lower[start - 1].isascii() and lower[start - 1].isalnum()) \
                    and not (end < len(lower) and lower[end].isascii() and lower[end].isalnum()):
                matches.append((start, end, piece))
        # a name inside a longer one names nothing of its own: 无锡市 in 无锡市新吴区, wuxi in wuxi_xinwu
        found = {base for start, end, base in matches
                 if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in matches)}
        template = TEMPLATE_FILE_NAME.match(text)
        if template:
            found |= self.numbered().get(int(template.group(1)), set())
        return found

    def spans(self, length: int):
        """Every (start, end) of a text of that length as long as some name or id."""
        if self.lengths is None:
            self.lengths = sorted({len(n) for n in [*self.names, *self.bases]})
        return ((start, start + size) for start in range(length) for size in self.lengths if start + size <= length)

    def numbered(self) -> dict[int, set[str]]:
        """Table 1 number -> the bases with it, indexed once (not a pass over every base for each file)."""
        if self.by_number is None:
            self.by_number = {}
            for base_id, row in self.bases.items():
                self.by_number.setdefault(int(row["table1_no"]), set()).add(base_id)
        return self.by_number

    def name(self, base_id: str) -> str:
        return self.bases[base_id]["base_name"]
