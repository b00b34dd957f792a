"""The feedback sheets written by forked processes are the files written by one process, byte for
byte; a write that fails in a forked process fails the render in the parent, never hangs it."""
import gc
import os

import pytest

from pipeline.publish.evaluation import context, render
from pipeline.publish.templates import RenderError

pytestmark = pytest.mark.slow  # renders the sheets' PDFs twice


def sheets(folder, html, base_ids, workers):
    render.write_sheets(html, base_ids, folder, folder / "sheets.pdf", lambda b: folder / "sheets" / f"{b}.pdf",
                        workers=workers)
    return {path.relative_to(folder): path.read_bytes() for path in sorted(folder.rglob("*.pdf"))}


def test_two_processes_write_the_files_one_process_writes(mini_database, tmp_path):
    values = context.build(mini_database, 2009)
    html, base_ids = render.render_html(values, "sheets.html.j2"), [s["base_id"] for s in values["sheets"]]
    (tmp_path / "serial").mkdir(), (tmp_path / "forked").mkdir()
    serial = sheets(tmp_path / "serial", html, base_ids, workers=1)
    assert len(serial) == 1 + len(base_ids) == 5
    assert sheets(tmp_path / "forked", html, base_ids, workers=2) == serial
    assert gc.isenabled()  # paused for the layout and the writes only


def test_a_forked_process_that_dies_fails_the_render():
    with pytest.raises(RenderError, match="stopped before it was done"):
        render.run_writes([lambda: None, lambda: os._exit(1)], workers=2)


def test_an_error_in_a_forked_write_is_raised_in_the_parent(tmp_path):
    def full_disk():
        raise OSError(28, "No space left on device", str(tmp_path / "sheets.pdf"))
    with pytest.raises(OSError, match="No space left on device") as raised:
        render.run_writes([lambda: None, full_disk], workers=2)
    assert raised.value.filename == str(tmp_path / "sheets.pdf")


def test_a_year_the_database_lacks_stops_before_any_folder_is_made(real_db, tmp_path, monkeypatch):
    from pipeline import config, evaluate
    monkeypatch.setattr(config, "PROCESSED", tmp_path)
    monkeypatch.setattr(config, "DATABASE", real_db)
    with pytest.raises(config.MissingInput, match=r"no accepted submissions for 2011 in the database \(it holds 2009\)"):
        evaluate.run(2011)
    assert not (tmp_path / "2011").exists()
