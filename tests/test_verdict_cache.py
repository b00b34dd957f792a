"""The solver's verdicts kept between builds: reused only for the same inputs, code and solver."""
import json

import duckdb
import pytest

from pipeline.warehouse import consistency


def landed(raw, remembered) -> list[tuple]:
    con = duckdb.connect()
    consistency.land(con, raw, remembered)
    return con.execute("select * from raw.figure_verdicts order by all").fetchall()


@pytest.fixture
def solves(monkeypatch) -> list[int]:
    """The years solved afresh, in order."""
    calls = []
    solve = consistency.solve

    def counted(model):
        calls.append(model.year)
        return solve(model)
    monkeypatch.setattr(consistency, "solve", counted)
    return calls


def test_a_second_build_of_the_same_inputs_reuses_the_verdicts(mini_raw, tmp_path, solves):
    remembered = tmp_path / "verdicts.json"
    first = landed(mini_raw, remembered)
    assert solves == [2009] and remembered.exists()
    assert landed(mini_raw, remembered) == first
    assert solves == [2009]
    assert first == landed(mini_raw, None)  # what a build without the file solves


def test_every_input_file_is_in_the_key(mini_raw):
    before = consistency.solver_key(mini_raw, 2009)
    for path in consistency.input_files(mini_raw, 2009).values():
        path.write_bytes(path.read_bytes() + b"\n")
        after = consistency.solver_key(mini_raw, 2009)
        assert after != before, path.name
        before = after


def test_a_changed_published_figure_is_solved_again(mini_raw, tmp_path, solves):
    remembered = tmp_path / "verdicts.json"
    first = landed(mini_raw, remembered)
    published = consistency.input_files(mini_raw, 2009)["published"]
    lines = published.read_text(encoding="utf-8").splitlines(keepends=True)
    published.write_text("".join(lines[:-1]), encoding="utf-8")  # one printed figure fewer
    again = landed(mini_raw, remembered)
    assert solves == [2009, 2009]
    assert len(again) == len(first) - 1
    assert again == landed(mini_raw, None)


@pytest.mark.parametrize("content", ["{not json", '{"key": [["too", "short"]]}', "[]"])
def test_a_damaged_file_is_solved_again_and_rewritten(mini_raw, tmp_path, solves, content):
    remembered = tmp_path / "verdicts.json"
    expected = landed(mini_raw, remembered)
    remembered.write_text(content, encoding="utf-8")
    assert landed(mini_raw, remembered) == expected
    assert solves == [2009, 2009]
    assert landed(mini_raw, remembered) == expected
    assert solves == [2009, 2009]


def test_rows_kept_under_their_key_but_cut_short_are_solved_again(mini_raw, tmp_path, solves):
    remembered = tmp_path / "verdicts.json"
    expected = landed(mini_raw, remembered)
    kept = json.loads(remembered.read_text(encoding="utf-8"))
    remembered.write_text(json.dumps({key: [row[:4] for row in rows] for key, rows in kept.items()}), encoding="utf-8")
    assert landed(mini_raw, remembered) == expected
    assert solves == [2009, 2009]
