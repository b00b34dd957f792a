"""The command line: years are checked before anything runs; missing data is named."""
import pytest

from pipeline import cli


@pytest.mark.parametrize("text", ["abc", "209", "2009.0", "", "3009"])
def test_a_year_that_is_not_a_year_is_refused(text, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["check", "--year", text])
    assert stop.value.code == 2
    assert "YEAR must be a year such as 2009" in capsys.readouterr().err


def test_a_year_without_data_names_what_is_missing(real_db, monkeypatch, capsys):
    monkeypatch.setattr(cli.config, "DATABASE", real_db)
    assert cli.main(["export", "--year", "2010"]) == 2
    err = capsys.readouterr().err
    assert "there are no submissions for 2010" in err
    assert "data/raw/submissions/2010/ holds no .xlsx, .xls or .csv file" in err


def test_reconstruct_verify_matches_the_committed_file(capsys):
    assert cli.main(["reconstruct", "--verify"]) == 0
    assert "matches its reconstruction" in capsys.readouterr().out


def test_make_refuses_a_year_that_is_not_a_year_before_anything_runs():
    import subprocess

    from pipeline import config
    out = subprocess.run(["make", "report", "YEAR=20x9"], cwd=config.ROOT, capture_output=True, text=True)
    assert out.returncode != 0
    assert "YEAR must be a year such as 2009, not '20x9'" in out.stderr


def test_report_for_a_year_without_data_names_the_missing_file(capsys):
    assert cli.main(["report", "--year", "2010"]) == 2
    assert "data/raw/submissions/2010/ holds no .xlsx, .xls or .csv file" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["01_zhongguancun.xls", "01_zhongguancun.XLSX", "01_zhongguancun.csv"])
def test_a_year_whose_forms_came_back_in_any_read_format_has_submissions(tmp_path, monkeypatch, name):
    monkeypatch.setattr(cli.config, "SUBMISSIONS", tmp_path / "submissions")
    (tmp_path / "submissions/2010").mkdir(parents=True)
    (tmp_path / "submissions/2010" / name).write_bytes(b"a form")
    cli.require_submissions(2010)  # raises MissingInput when the folder holds none


def test_receiving_the_same_file_twice_keeps_one_copy_and_a_different_one_is_kept_too(tmp_path, monkeypatch):
    monkeypatch.setattr(cli.config, "SUBMISSIONS", tmp_path / "submissions")
    form = tmp_path / "01_zhongguancun.xlsx"
    form.write_bytes(b"first version")
    assert cli.receive([form], 2010) == ([tmp_path / "submissions/2010/01_zhongguancun.xlsx"], [])
    assert cli.receive([form], 2010) == ([tmp_path / "submissions/2010/01_zhongguancun.xlsx"], [])
    form.write_bytes(b"corrected version")
    assert cli.receive([form], 2010) == ([tmp_path / "submissions/2010/01_zhongguancun-2.xlsx"], [])
    assert (tmp_path / "submissions/2010/01_zhongguancun.xlsx").read_bytes() == b"first version"
    assert sorted(p.name for p in (tmp_path / "submissions/2010").iterdir()) == [
        "01_zhongguancun-2.xlsx", "01_zhongguancun.xlsx"]


def test_a_link_a_hidden_name_or_a_missing_file_is_refused_and_the_others_are_received(tmp_path, monkeypatch):
    monkeypatch.setattr(cli.config, "SUBMISSIONS", tmp_path / "submissions")
    good, hidden, link = tmp_path / "01_zhongguancun.xlsx", tmp_path / ".beihai_2010.xlsx", tmp_path / "system.xlsx"
    good.write_bytes(b"form")
    hidden.write_bytes(b"form")
    link.symlink_to("/etc/passwd")
    kept, refused = cli.receive([link, hidden, tmp_path / "missing.xlsx", good], 2010)
    assert kept == [tmp_path / "submissions/2010/01_zhongguancun.xlsx"]
    assert refused == [f"refused {link}: it is a symbolic link: send the file itself",
                       f"refused {hidden}: it has a hidden name (starting with '.' or '~$'): rename it and send it again",
                       f"refused {tmp_path / 'missing.xlsx'}: it does not exist or is not a file"]
    assert sorted(p.name for p in (tmp_path / "submissions/2010").iterdir()) == ["01_zhongguancun.xlsx"]
