"""Every table and figure of the report, once (report_templates/registry.yml).

The export, the titles, the figures, the lineage of `make explain`, the steps' outputs and the
tests read this list instead of keeping their own.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import config


@dataclass(frozen=True)
class Table:
    id: str  # table1 … as the templates and `make explain` name it
    number: int
    model: str  # the report model it is printed from
    title: str  # Jinja
    unit: str  # Jinja
    sheet: str  # its sheet of tables.xlsx is 表<number> <sheet>
    columns: tuple[dict, ...]  # column, header, format (Excel's), dash (None printed as '-'), labels (code -> words)

    @property
    def name(self) -> str:
        """The model's name, which its CSV file bears: table1_bases."""
        return self.model.split(".")[1]

    @property
    def csv_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def lineage(self) -> tuple[str, ...]:
        return (self.model,)


@dataclass(frozen=True)
class Figure:
    id: str  # fig1_region: its SVG file and the function of pipeline/publish/figures.py that draws it
    lineage: tuple[str, ...]  # the models it is drawn from
    title: str  # Jinja, as the caption and the source line
    caption: str
    source: str

    @property
    def short_id(self) -> str:
        """fig1, as `make explain` names it."""
        return self.id.split("_")[0]

    @property
    def svg_name(self) -> str:
        return f"{self.id}.svg"


def table(table_id: str) -> Table:
    return next(t for t in tables() if t.id == table_id)


def model(entry_id: str) -> str:
    """The model a table (table1 …) is printed from, or the first a figure (fig1_region …) is drawn from."""
    models = {t.id: t.model for t in tables()} | {f.id: f.lineage[0] for f in figures()}
    if entry_id not in models:
        raise KeyError(f"no table or figure {entry_id!r} in report_templates/registry.yml")
    return models[entry_id]


def tables() -> list[Table]:
    return load(config.TEMPLATES / "registry.yml")[0]


def csv_files(folder: Path) -> list[Path]:
    """The tables as CSV in a year's folder: what the export writes and report.pdf carries attached."""
    return [folder / t.csv_name for t in tables()]


def figures() -> list[Figure]:
    return load(config.TEMPLATES / "registry.yml")[1]


def provenance_labels() -> dict[str, str]:
    """A base value's provenance in words (公布值, 推算值, 估算值, 报送值), as the tables' source columns
    print it: every document names a provenance so."""
    return next(c["labels"] for t in tables() for c in t.columns if c["column"].endswith("_provenance"))


def national_figures() -> dict[str, dict[str, str]]:
    """The national totals the report divides by (reference_figures.csv), each with its name and
    its statistics in Chinese, in the order the notes page and the workbook's cover list them."""
    return load(config.TEMPLATES / "registry.yml")[2]


@functools.lru_cache(maxsize=2)
def load(path: Path) -> tuple[list[Table], list[Figure], dict[str, dict[str, str]]]:
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return ([Table(id=key, number=t["number"], model=t["model"], title=t["title"], unit=t["unit"], sheet=t["sheet"],
                   columns=tuple(t["columns"])) for key, t in document["tables"].items()],
            [Figure(id=key, lineage=tuple(f["lineage"]), title=f["title"], caption=f["caption"], source=f["source"])
             for key, f in document["figures"].items()],
            document["national"])
