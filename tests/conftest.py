"""Shared fixtures: a fresh in-memory database built from the miniature raw tree, and the
real database built once per session into a temporary folder."""
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline import config, database, models

MINI_RAW = Path(__file__).parent / "fixtures" / "mini_raw"


@pytest.fixture
def mini_raw(tmp_path) -> Path:
    """A copy of the miniature raw tree that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(MINI_RAW, target)
    return target


@pytest.fixture
def build_mini():
    """Build every model from a raw tree into a fresh in-memory database."""
    def build(raw: Path = MINI_RAW) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        models.build(con, raw, config.SQL)
        return con
    return build


@pytest.fixture
def mini(build_mini) -> duckdb.DuckDBPyConnection:
    return build_mini()


@pytest.fixture(scope="session")
def real_db(tmp_path_factory) -> Path:
    """The real 2009 database, built from data/raw exactly as `make db` builds it."""
    path = tmp_path_factory.mktemp("db") / "bases.duckdb"
    database.build_database(target=path)
    return path


@pytest.fixture(scope="session")
def real(real_db) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(real_db), read_only=True)
    yield con
    con.close()
