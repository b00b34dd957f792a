"""Each received file is read once: a rebuild takes what an unchanged file gave from the cache,
reads a file again when the intake's rules or code change, and reads again, with a warning,
a cached reading that is damaged. The intake is the same whichever way it was read."""
import shutil
from pathlib import Path

import duckdb

from pipeline.intake import parse_cache, take_in
from tests.conftest import received_files


def intake(raw: Path, cache_file: Path) -> tuple[str, int]:
    """What every year's intake holds (statuses and findings included), and how many files were read."""
    cache = parse_cache.ParseCache(cache_file, raw)
    try:
        results = take_in.take_in_all(raw, (), cache)
    finally:
        cache.close()
    return "\n".join(parse_cache.encode(r.submissions) for r in results), cache.reads


def test_a_rebuild_reads_no_unchanged_file_and_finds_the_same(corpus_raw, tmp_path):
    cold, read_cold = intake(corpus_raw, tmp_path / "parsed.duckdb")
    warm, read_warm = intake(corpus_raw, tmp_path / "parsed.duckdb")
    assert read_cold == received_files(corpus_raw) and read_warm == 0
    assert warm == cold == intake(corpus_raw, tmp_path / "other.duckdb")[0]


def test_only_a_new_or_changed_file_is_read(corpus_raw, tmp_path):
    intake(corpus_raw, tmp_path / "parsed.duckdb")
    folder = corpus_raw / "submissions" / "2010"
    shutil.copyfile(folder / "good_form.xlsx", folder / "resent.xlsx")
    (folder / "negative.xlsx").write_bytes((folder / "featured_exceeds.xlsx").read_bytes())
    _, read = intake(corpus_raw, tmp_path / "parsed.duckdb")
    assert read == 2


def test_a_changed_rule_reads_every_file_again(corpus_raw, tmp_path):
    intake(corpus_raw, tmp_path / "parsed.duckdb")
    rules = corpus_raw / "reference" / "validation_rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("不是数字。", "不是一个数字。"), encoding="utf-8")
    held, read = intake(corpus_raw, tmp_path / "parsed.duckdb")
    assert read == received_files(corpus_raw)
    assert "不是一个数字。" in held


def test_a_damaged_entry_is_read_again_with_a_warning(corpus_raw, tmp_path, capsys):
    cold, _ = intake(corpus_raw, tmp_path / "parsed.duckdb")
    with duckdb.connect(str(tmp_path / "parsed.duckdb")) as con:
        con.execute("update parsed set payload = replace(payload, '12.3亿', '12.4亿') "
                    "where file = 'submissions/2010/not_a_number.xlsx'")
    held, read = intake(corpus_raw, tmp_path / "parsed.duckdb")
    assert read == 1 and held == cold
    assert "the cached reading of submissions/2010/not_a_number.xlsx" in capsys.readouterr().err
    assert intake(corpus_raw, tmp_path / "parsed.duckdb")[1] == 0  # read again, and kept


def test_a_cache_file_that_cannot_be_opened_is_set_aside(corpus_raw, tmp_path, capsys):
    cold, _ = intake(corpus_raw, tmp_path / "parsed.duckdb")
    (tmp_path / "parsed.duckdb").write_bytes(b"not a database" * 100)
    held, read = intake(corpus_raw, tmp_path / "parsed.duckdb")
    assert held == cold and read == received_files(corpus_raw)
    assert (tmp_path / "parsed.duckdb.damaged").exists() and "cannot be opened" in capsys.readouterr().err
