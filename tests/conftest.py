"""Shared fixtures: a fresh in-memory database built from the miniature raw tree, and the
real database built once per session into a temporary folder."""
import shutil
from pathlib import Path

import pytest

from pipeline import config
from pipeline.intake import land, take_in
from pipeline.warehouse import consistency, database, models

MINI_RAW = Path(__file__).parent / "fixtures" / "mini_raw"


@pytest.fixture
def mini_raw(tmp_path) -> Path:
    """A copy of the miniature raw tree that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(MINI_RAW, target)
    return target


def build_in_memory(raw: Path = MINI_RAW):
    """Every model built from a raw tree into a fresh in-memory database, as the build lands it."""
    import duckdb
    con = duckdb.connect()
    land.land(con, take_in.take_in_all(raw), [])
    consistency.land(con, raw)
    models.build(con, raw, config.SQL)
    return con


@pytest.fixture
def build_mini():
    """Build every model from a raw tree into a fresh in-memory database."""
    return build_in_memory


@pytest.fixture
def mini(build_mini):
    return build_mini()


@pytest.fixture(scope="session")
def real_db(tmp_path_factory) -> Path:
    """The real 2009 database, built from data/raw exactly as `make db` builds it."""
    folder = tmp_path_factory.mktemp("db")
    database.build_database(target=folder / "bases.duckdb", intake_log=folder / "log.jsonl")
    return folder / "bases.duckdb"


@pytest.fixture(scope="session")
def real(real_db):
    import duckdb
    con = duckdb.connect(str(real_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def rendered(real, tmp_path_factory) -> Path:
    """The 2009 report rendered from the real database into a temporary year folder."""
    from pipeline.publish import context, export, figures, render
    folder = tmp_path_factory.mktemp("2009")
    figures.draw_all(real, 2009, folder / "figures")
    csvs = export.write_csvs(real, 2009, folder)
    html = render.render_html(context.build(real, 2009))
    (folder / "report.html").write_text(html, encoding="utf-8")
    render.render_pdf(context.build(real, 2009), folder, folder / "report.pdf", csvs, 2009)
    return folder


@pytest.fixture(scope="session")
def pdf_pages(rendered) -> list[str]:
    """The text of each page of the rendered PDF."""
    import pdfplumber
    with pdfplumber.open(rendered / "report.pdf") as pdf:
        return [page.extract_text() or "" for page in pdf.pages]

