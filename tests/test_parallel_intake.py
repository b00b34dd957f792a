"""Many files are read by two processes: the intake gives what it gives when one process reads them."""
import pytest

from pipeline.intake import parse_cache, take_in
from tests.conftest import received_files

pytestmark = pytest.mark.slow  # forks workers


def taken_in(raw, cache=None) -> list[str]:
    return [parse_cache.encode(result.submissions) for result in take_in.take_in_all(raw, (), cache)]


def test_two_processes_read_what_one_reads(corpus_raw, tmp_path, monkeypatch):
    one = taken_in(corpus_raw)
    monkeypatch.setattr(take_in, "PARALLEL_FROM", 1)
    monkeypatch.setattr(take_in, "CHUNK", 3)
    cache = parse_cache.ParseCache(tmp_path / "parsed.duckdb", corpus_raw)
    try:
        assert taken_in(corpus_raw, cache) == one
    finally:
        cache.close()
    assert cache.reads == received_files(corpus_raw)
    again = parse_cache.ParseCache(tmp_path / "parsed.duckdb", corpus_raw)
    try:
        assert taken_in(corpus_raw, again) == one  # the workers' readings, kept, read back
    finally:
        again.close()
    assert again.reads == 0
