"""Shared fixtures: the miniature raw tree built once per session in memory (each test in a
transaction rolled back after it), and the real database built once per test run into a
temporary folder, with the report rendered from it once: under pytest-xdist (`make test` runs
`pytest -n 2`) the first worker that needs one of these builds it and the others wait for it."""
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline import config
from pipeline.intake import land, take_in
from pipeline.warehouse import consistency, database, models
from tests.project_2010 import ingest_said, take_in_2010

MINI_RAW = Path(__file__).parent / "fixtures" / "mini_raw"
CORPUS = Path(__file__).parent / "fixtures" / "bad_inputs"  # received files: good, bad and hostile
SLOW_FIXTURES = {"real_db", "real", "rendered_html", "rendered", "pdf_read", "pdf_pages", "browser"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    """A test on the real database or the rendered report is slow, as one marked so by its module.
    The files with a test marked longest come first: `make test` hands whole files to its two
    xdist workers in this order (--dist loadfile --no-loadscope-reorder), so that the longest
    start at once and the other worker runs the rest meanwhile."""
    longest_files = {item.path for item in items if item.get_closest_marker("longest")}
    items.sort(key=lambda item: item.path not in longest_files)
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


def built_once(tmp_path_factory, name: str, build: Callable[[Path], None], stage: str = "built") -> Path:
    """The folder `name`, shared by every xdist worker of this run, after `build(folder)` has run
    in it once, by whichever worker came first; a later `stage` may add to the same folder."""
    run_root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_root = run_root.parent  # each worker's basetemp is a folder of the run's own
    folder = run_root / name
    with (run_root / f"{name}.{stage}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / f".{stage}").exists():
            folder.mkdir(exist_ok=True)
            build(folder)
            (folder / f".{stage}").touch()
    return folder


@pytest.fixture
def mini_raw(tmp_path) -> Path:
    """A copy of the miniature raw tree that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(MINI_RAW, target)
    return target


def raw_with_corpus(raw: Path) -> Path:
    """data/raw copied into raw, with the corpus of received files as the 2010 submissions."""
    shutil.copytree(config.RAW, raw, dirs_exist_ok=True)
    folder = raw / "submissions" / "2010"
    folder.mkdir()
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".xlsx", ".csv"):
            shutil.copyfile(path, folder / path.name)
    return raw


@pytest.fixture
def corpus_raw(tmp_path) -> Path:
    """A test's own data/raw with the corpus of received files as the 2010 submissions."""
    return raw_with_corpus(tmp_path / "raw")


def received_files(raw: Path) -> int:
    """How many files raw/submissions holds, its READMEs aside."""
    return sum(1 for p in (raw / "submissions").rglob("*") if p.is_file() and p.suffix != ".md")


def copy_sql(tmp_path: Path) -> Path:
    """A test's own copy of sql/, to change a model in."""
    target = tmp_path / "sql"
    shutil.copytree(config.SQL, target)
    return target


def build_in_memory(raw: Path = MINI_RAW, intake=None, log: list[dict] = ()):
    """Every model built from a raw tree into a fresh in-memory database, its checks run and
    recorded, as `make db` does; from the intake already taken of the tree and its log, if given."""
    import duckdb
    con = duckdb.connect()
    land.land(con, take_in.take_in_all(raw) if intake is None else intake, list(log))
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
    def build(folder: Path) -> None:
        database.build_database(target=folder / "bases.duckdb", intake_log=folder / "log.jsonl")
    return built_once(tmp_path_factory, "db", build) / "bases.duckdb"


@pytest.fixture(scope="session")
def real(real_db):
    import duckdb
    con = duckdb.connect(str(real_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def rendered_html(real, tmp_path_factory) -> Path:
    """A 2009 year folder with the figures, the tables as CSV and report.html, written from the real database."""
    def write(folder: Path) -> None:
        from pipeline.publish import context, export, figures, templates
        figures.draw_all(real, 2009, folder / "figures")
        export.write_csvs(real, 2009, folder)
        (folder / "report.html").write_text(templates.render_html(context.build(real, 2009)), encoding="utf-8")
    return built_once(tmp_path_factory, "2009", write)


def render_report_pdf(real, folder: Path) -> None:
    """report.pdf as the render step draws it, from the figures and tables in folder, and beside it
    print.html, the HTML its layout settled on."""
    from pipeline import registry
    from pipeline.publish import context, pdf
    html = pdf.render_pdf(context.build(real, 2009), folder, folder / "report.pdf", registry.csv_files(folder), 2009)
    (folder / "print.html").write_text(html, encoding="utf-8")


@pytest.fixture(scope="session")
def rendered(real, rendered_html, tmp_path_factory) -> Path:
    """The same year folder with report.pdf (and print.html) rendered into it too."""
    return built_once(tmp_path_factory, "2009", lambda folder: render_report_pdf(real, folder), stage="pdf")


@pytest.fixture(scope="session")
def pdf_read(rendered, tmp_path_factory) -> list[dict]:
    """Each page of the rendered PDF as pdfplumber reads it, read once per run: its text, its
    height, its characters (text, font, size, top, bottom) and its other marks (rules, cells, curves)."""
    def read(folder: Path) -> None:
        import pdfplumber
        with pdfplumber.open(folder / "report.pdf") as pdf:
            pages = [{"text": page.extract_text() or "", "height": float(page.height),
                      "chars": [{key: c[key] for key in ("text", "fontname", "size", "top", "bottom")} for c in page.chars],
                      "marks": [{key: o[key] for key in ("top", "bottom")} for o in page.rects + page.lines + page.curves]}
                     for page in pdf.pages]
        (folder / "pages.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    folder = built_once(tmp_path_factory, "2009", read, stage="pages")
    return json.loads((folder / "pages.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def pdf_pages(pdf_read) -> list[str]:
    """The text of each page of the rendered PDF."""
    return [page["text"] for page in pdf_read]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright; launched once per worker."""
    from playwright.sync_api import sync_playwright
    assert shutil.which("chromium"), "Chromium is missing: make test installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def ingested_2010(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A copy of the project with 2010 taken in (tests/project_2010.py), made once per run, and what ingest said."""
    folder = built_once(tmp_path_factory, "project_2010", lambda folder: take_in_2010(folder / "project"))
    return folder / "project", ingest_said(folder)


@pytest.fixture
def project_2010(ingested_2010, tmp_path) -> Path:
    """A test's own copy of the project that took 2010 in, for a test that runs more steps in it."""
    return Path(shutil.copytree(ingested_2010[0], tmp_path / "project"))
