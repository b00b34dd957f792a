"""Every path the pipeline reads or writes, defined once."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"
SQL = ROOT / "sql"
TEMPLATES = ROOT / "report_templates"

REFERENCE = RAW / "reference"
PUBLISHED = RAW / "published"
SUBMISSIONS = RAW / "submissions"
RAW_SCHEMAS = RAW / "schemas.yml"

DATABASE = PROCESSED / "bases.duckdb"
INTAKE_LOG = PROCESSED / "intake" / "submissions_log.jsonl"
# the names under which a received file is read (a workbook or a CSV, told apart by its content)
READ_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


class MissingInput(Exception):
    """Something a step needs is not there; the message says what and how to provide it."""

# DuckDB 2.0 writes a storage format that 1.x clients cannot open; analysts still run 1.x.
STORAGE_VERSION = "v1.0.0"


def year_dir(year: int) -> Path:
    """Where the outputs of one report year go."""
    return PROCESSED / str(year)


def published_figures(year: int) -> Path:
    return PUBLISHED / f"published_figures_{year}.csv"


def submissions_file(year: int) -> Path:
    """The 2009 reconstruction's single table (other years arrive as one form per base)."""
    return SUBMISSIONS / str(year) / f"submissions_{year}.csv"


def submissions_dir(year: int) -> Path:
    return SUBMISSIONS / str(year)


def shown(path: Path) -> str:
    """A path as messages print it: relative to the project when it is inside it."""
    inside = f"{ROOT}/"  # string tests: the step cache shows a thousand paths a run, pathlib's are slow
    text = str(path)
    if not text.startswith("/"):
        text = str(Path(text).resolve())  # relative to the current folder
    return text[len(inside):] if text.startswith(inside) else text


def files(*patterns: str) -> list[Path]:
    """Every file of the project matching the patterns (relative to its root), sorted, without __pycache__."""
    found = set()
    for pattern in patterns:
        found.update(p for p in ROOT.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return sorted(found)
