"""Many files are read by two processes: the intake gives what it gives when one process reads them."""
import shutil

import pytest

from pipeline import config
from pipeline.intake import parse_cache, take_in
from tests.test_intake_corpus import CORPUS

pytestmark = pytest.mark.slow  # forks workers


@pytest.fixture
def raw(tmp_path):
    """data/raw with the corpus of received files (good, bad and hostile) as the 2010 submissions."""
    raw = tmp_path / "raw"
    shutil.copytree(config.RAW, raw)
    folder = raw / "submissions" / "2010"
    folder.mkdir()
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".xlsx", ".csv"):
            shutil.copyfile(path, folder / path.name)
    return raw


def taken_in(raw, cache=None) -> list[str]:
    return [parse_cache.encode(result.submissions) for result in take_in.take_in_all(raw, (), cache)]


def test_two_processes_read_what_one_reads(raw, tmp_path, monkeypatch):
    one = taken_in(raw)
    monkeypatch.setattr(take_in, "PARALLEL_FROM", 1)
    monkeypatch.setattr(take_in, "CHUNK", 3)
    cache = parse_cache.ParseCache(tmp_path / "parsed.duckdb", raw)
    try:
        assert taken_in(raw, cache) == one
    finally:
        cache.close()
    assert cache.reads == sum(1 for p in (raw / "submissions").rglob("*") if p.is_file() and p.suffix != ".md")
    again = parse_cache.ParseCache(tmp_path / "parsed.duckdb", raw)
    try:
        assert taken_in(raw, again) == one  # the workers' readings, kept, read back
    finally:
        again.close()
    assert again.reads == 0
