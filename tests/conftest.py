"""Shared fixtures: the miniature raw tree built once per session in memory (each test in a
transaction rolled back after it), and the real database built once per session into a
temporary folder, with the report rendered from it once."""
import shutil
from pathlib import Path

import pytest

from pipeline import config
from pipeline.intake import land, take_in
from pipeline.warehouse import consistency, database, models

MINI_RAW = Path(__file__).parent / "fixtures" / "mini_raw"
SLOW_FIXTURES = {"real_db", "real", "rendered", "pdf_pages"}


def pytest_collection_modifyitems(items):
    """A test on the real database or the rendered report is slow, as one marked so by its module."""
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def mini_raw(tmp_path) -> Path:
    """A copy of the miniature raw tree that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(MINI_RAW, target)
    return target


def build_in_memory(raw: Path = MINI_RAW):
    """Every model built from a raw tree into a fresh in-memory database, its checks run and
    recorded, as `make db` does."""
    import duckdb
    con = duckdb.connect()
    land.land(con, take_in.take_in_all(raw), [])
    consistency.land(con, raw)
    models.record_checks(con, models.run_checks(con, models.build(con, raw, config.SQL)))
    return con


@pytest.fixture
def build_mini():
    """Build a raw tree of the test's own (a changed copy of the miniature one)."""
    return build_in_memory


@pytest.fixture(scope="session")
def mini_database():
    """The miniature raw tree, built once per session."""
    con = build_in_memory()
    yield con
    con.close()


@pytest.fixture
def mini(mini_database):
    """The session's miniature database for one test: what the test changes is rolled back after it."""
    connection = mini_database.cursor()
    connection.begin()
    yield connection
    connection.rollback()
    connection.close()


def copy_database(source: Path, folder: Path) -> Path:
    """A built database copied into folder with the digest its build recorded, as a build there leaves it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (source, database.built_digest_file(source)):
        shutil.copy2(path, folder / path.name)
    return folder / source.name


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
    from pipeline.publish import context, export, figures, pdf, templates
    folder = tmp_path_factory.mktemp("2009")
    figures.draw_all(real, 2009, folder / "figures")
    csvs = export.write_csvs(real, 2009, folder)
    html = templates.render_html(context.build(real, 2009))
    (folder / "report.html").write_text(html, encoding="utf-8")
    pdf.render_pdf(context.build(real, 2009), folder, folder / "report.pdf", csvs, 2009)
    return folder


@pytest.fixture(scope="session")
def pdf_pages(rendered) -> list[str]:
    """The text of each page of the rendered PDF."""
    import pdfplumber
    with pdfplumber.open(rendered / "report.pdf") as pdf:
        return [page.extract_text() or "" for page in pdf.pages]

