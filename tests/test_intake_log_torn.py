"""The intake log survives a write cut short: the torn line is set aside and its file logged again."""
import json

import pytest

from pipeline.intake import receipts, submissions_log, take_in


@pytest.fixture
def logged(tmp_path, mini_raw):
    """The miniature raw tree taken in once, its log written; returns a function taking it in again."""
    log = tmp_path / "intake" / "submissions_log.jsonl"
    table = mini_raw / "submissions/2009/submissions_2009.csv"
    table.with_name("resent.csv").write_bytes(table.read_bytes())  # a second file, so that one entry stays whole

    def take_in_again():
        return receipts.append_to_log(take_in.take_in_all(mini_raw), mini_raw, log)
    first = take_in_again()
    assert len(first) == 2
    return log, take_in_again, first


def test_a_torn_last_line_is_set_aside_and_its_file_logged_again(logged, capsys):
    log, take_in_again, first = logged
    whole = log.read_bytes()
    torn = whole[:len(whole) - 40]  # the last entry cut short, as a full disk leaves it
    log.write_bytes(torn)
    entries = take_in_again()
    assert "the last line of" in capsys.readouterr().err
    [kept] = log.parent.glob("submissions_log.jsonl.torn-*")
    assert kept.read_bytes() == torn[torn.rindex(b"\n") + 1:]
    assert [(e["file"], e["sha256"]) for e in entries] == [(e["file"], e["sha256"]) for e in first]
    assert [json.loads(line)["file"] for line in log.read_text(encoding="utf-8").splitlines()] == \
        [e["file"] for e in first]
    assert take_in_again() == entries  # whole again: the next intake changes nothing


def test_a_last_entry_without_its_line_end_is_kept_and_ended(logged, capsys):
    log, take_in_again, first = logged
    log.write_bytes(log.read_bytes().rstrip(b"\n"))
    assert take_in_again() == first
    assert log.read_bytes().endswith(b"}\n") and not list(log.parent.glob("*.torn-*"))
    assert capsys.readouterr().err == ""


def test_damage_before_the_last_line_is_refused_with_the_line(logged):
    log, take_in_again, _ = logged
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(["{not json\n", *lines]), encoding="utf-8")
    with pytest.raises(submissions_log.LogDamaged, match=r"submissions_log.jsonl, line 1, is not a log entry"):
        take_in_again()
