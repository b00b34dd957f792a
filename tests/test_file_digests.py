"""Files' digests kept between runs: reused only while a file's size, times and inode are unchanged."""
import os
import time

import pytest

from pipeline import cache, config


@pytest.fixture
def later_run(tmp_path, monkeypatch):
    """Start a run afresh (nothing learned in this process), with data/processed in tmp_path."""
    monkeypatch.setattr(config, "PROCESSED", tmp_path / "processed")

    def start(clock_ahead_s: float = 10.0):
        cache.LEARNED.clear()
        cache.known_digests.cache_clear()
        cache.file_digest.cache_clear()
        now = time.time_ns()
        monkeypatch.setattr(cache.time, "time_ns", lambda: now + int(clock_ahead_s * 1e9))
    yield start
    cache.LEARNED.clear()
    cache.known_digests.cache_clear()


def hashed_afresh(monkeypatch) -> list:
    calls = []
    original = cache.file_digest

    def counted(path, *version):
        calls.append(path.name)
        return original(path, *version)
    monkeypatch.setattr(cache, "file_digest", counted)
    return calls


def digested_in_a_run(tmp_path, later_run, clock_ahead_s: float = 10.0):
    """data.bin written, hashed in a run and kept, as a run's end keeps it: the file and its digest."""
    data = tmp_path / "data.bin"
    data.write_bytes(b"first")
    later_run(clock_ahead_s)
    digest = cache.digest(data)
    cache.save_digests()
    return data, digest


def test_an_unchanged_file_is_not_hashed_again(tmp_path, later_run, monkeypatch):
    data, expected = digested_in_a_run(tmp_path, later_run)
    later_run()
    calls = hashed_afresh(monkeypatch)
    assert cache.digest(data) == expected
    assert calls == []


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path, later_run, monkeypatch):
    data, first = digested_in_a_run(tmp_path, later_run)
    stat = data.stat()
    time.sleep(0.05)  # into another tick of the clock that stamps ctime
    data.write_bytes(b"other")
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    later_run()
    calls = hashed_afresh(monkeypatch)
    assert cache.digest(data) != first
    assert calls == ["data.bin"]


def test_a_file_written_just_before_it_was_hashed_is_not_kept(tmp_path, later_run):
    digested_in_a_run(tmp_path, later_run, clock_ahead_s=0.5)
    assert not cache.digests_file().exists()


def test_a_damaged_record_is_hashed_again(tmp_path, later_run, monkeypatch):
    data, expected = digested_in_a_run(tmp_path, later_run)
    cache.digests_file().write_text("{not json", encoding="utf-8")
    later_run()
    calls = hashed_afresh(monkeypatch)
    assert cache.digest(data) == expected
    assert calls == ["data.bin"]
