"""A form saved in the old Excel format (.xls, as Excel 97–2003, WPS and many offices save it)
is read as its .xlsx would be; the content decides the format, not the name. The .xls files are
the mini tree's 2010 forms saved by LibreOffice (tests/fixtures/xls/build_xls.py)."""
import shutil
from pathlib import Path

import pytest

from pipeline.intake import parse_cache, take_in
from tests.fixtures.xls.build_xls import figures

XLS = Path(__file__).parent / "fixtures" / "xls"


def taken_in(raw: Path, files: dict[str, bytes]) -> dict[str, object]:
    """The 2010 submissions of raw with files (name -> bytes) received, by file name."""
    folder = raw / "submissions" / "2010"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    [result] = [r for r in take_in.take_in_all(raw) if r.year == 2010]
    return {Path(s.file).name: s for s in result.submissions}


def test_an_xls_form_reads_every_figure_exactly(mini_raw):
    read = taken_in(mini_raw, {"01_alpha.xls": (XLS / "01_alpha.xls").read_bytes()})
    alpha = read["01_alpha.xls"]
    assert (alpha.base_id, alpha.status, alpha.findings) == ("alpha", "accepted", [])
    assert {m: v.amount for m, v in alpha.values.items() if v.amount is not None} == figures(mini_raw)["alpha"]


@pytest.mark.parametrize("name, source", [("01_alpha.xlsx", "01_alpha.xls"),  # an .xls saved under an .xlsx name
                                          ("01_alpha.xls", "01_alpha.xlsx")])  # and the reverse
def test_the_content_decides_the_format_not_the_name(mini_raw, tmp_path, name, source):
    # an .xlsx is the form as make template writes it, filled with the same figures
    data = xlsx_of(mini_raw, tmp_path) if source.endswith(".xlsx") else (XLS / source).read_bytes()
    alpha = taken_in(mini_raw, {name: data})[name]
    assert (alpha.base_id, alpha.status, alpha.findings) == ("alpha", "accepted", [])
    assert {m: v.amount for m, v in alpha.values.items() if v.amount is not None} == figures(mini_raw)["alpha"]


def xlsx_of(raw: Path, scratch: Path) -> bytes:
    from tests.evaluation_fixtures import send_forms
    copy = scratch / "copy_of_raw"
    shutil.copytree(raw, copy)
    send_forms(copy, 2010, {"alpha": figures(raw)["alpha"]})
    return (copy / "submissions/2010/01_alpha.xlsx").read_bytes()


def test_a_number_in_a_date_formatted_cell_of_an_xls_gets_its_finding(mini_raw):
    beta = taken_in(mini_raw, {"02_beta.xls": (XLS / "02_beta.xls").read_bytes()})["02_beta.xls"]
    assert beta.status == "quarantined"
    assert [(f.rule, f.field) for f in beta.findings] == [("date_format_in_number_cell", "销售收入（合计）")]


def test_a_damaged_xls_says_so_in_each_language(mini_raw):
    damaged = (XLS / "01_alpha.xls").read_bytes()[:2048]  # cut short, as a broken transfer leaves it
    [finding] = taken_in(mini_raw, {"01_alpha.xls": damaged})["01_alpha.xls"].findings
    assert finding.rule == "file_unreadable"
    assert finding.message_zh == "文件无法读取：旧版 .xls 工作簿不完整或已损坏"  # no Python error text in Chinese
    assert finding.message_en.startswith("The file cannot be read: the old-format .xls workbook is incomplete or damaged (")


def test_a_new_xls_reader_reads_every_file_again(mini_raw, monkeypatch):
    before = parse_cache.reader_version(mini_raw)
    real = parse_cache.metadata.version
    monkeypatch.setattr(parse_cache.metadata, "version", lambda name: "99.0" if name == "xlrd" else real(name))
    assert parse_cache.reader_version(mini_raw) != before


def test_a_cut_or_garbled_xls_gives_a_finding(mini_raw):
    """What a broken transfer or a failing disk makes of the file: cut at 40 places, or 40 times
    with bytes changed past the container's header. Each is a finding, never a traceback."""
    import random
    data = (XLS / "01_alpha.xls").read_bytes()
    chance = random.Random(2010)
    files = {f"cut_{n:02d}.xls": data[:chance.randrange(8, len(data))] for n in range(40)}
    for n in range(40):
        garbled = bytearray(data)
        for _ in range(chance.randrange(1, 20)):
            garbled[chance.randrange(512, len(garbled))] = chance.randrange(256)
        files[f"garbled_{n:02d}.xls"] = bytes(garbled)
    read = taken_in(mini_raw, files)
    assert set(read) == set(files)  # each file one outcome
    unread = {name for name, sub in read.items() if sub.base_id is None}
    assert {name for name in unread if {f.rule for f in read[name].findings} & {"file_unreadable", "no_form"}} == unread
    assert "cut_00.xls" in unread


def test_xlrds_warnings_about_a_cut_file_stay_off_the_screen(tmp_path):
    """xlrd writes what it finds wrong to standard output; `make ingest` shows the finding instead."""
    import subprocess
    import sys
    cut = tmp_path / "cut.xls"
    cut.write_bytes((XLS / "01_alpha.xls").read_bytes()[:7000])  # not a whole number of sectors: xlrd warns
    run = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from pipeline.intake import xls\n"
                          "try: xls.grids(Path(sys.argv[1]).read_bytes(), '', 200, 10)\nexcept xls.Damaged: print('damaged', file=sys.stderr)",
                          str(cut)], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert (run.stdout, run.stderr) == ("", "damaged\n")


@pytest.mark.parametrize("content, what", [
    ('<html><body><table><tr><td>基地编号</td><td>alpha</td></tr></table></body></html>'.encode(),
     "这是网页（HTML）表格，不是 Excel 工作簿；一些系统“导出为 Excel”时生成这种文件"),
    ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'.encode("utf-16"),
     "这是 XML 文件（如 Excel 2003 的 XML 表格），不是 .xlsx 或 .xls 工作簿"),
    (b"", "文件为空（0字节）"),
    (b"PK\x03\x04\x14\x00", "工作簿（zip 格式）不完整或已损坏")])
def test_what_a_file_named_xls_really_holds_is_said(mini_raw, content, what):
    """Many systems export a table as an HTML page or Excel 2003 XML named .xls; Excel opens them, the intake says what they are."""
    [finding] = taken_in(mini_raw, {"01_alpha.xls": content})["01_alpha.xls"].findings
    assert (finding.rule, finding.message_zh) == ("file_unreadable", f"文件无法读取：{what}")


@pytest.mark.parametrize("name", ["01_alpha.xls", "01_alpha.xlsx"])
def test_a_csv_saved_under_a_workbook_name_is_read_as_the_csv_it_is(mini_raw, tmp_path, name):
    """A system's "export to Excel" that writes text (GBK, comma-separated) under an .xls name."""
    from tests.formfill import as_csv_rows
    workbook = tmp_path / "form.xlsx"
    workbook.write_bytes(xlsx_of(mini_raw, tmp_path))
    text = "\r\n".join(",".join(row) for row in as_csv_rows(workbook)).encode("gb18030")
    alpha = taken_in(mini_raw, {name: text})[name]
    assert (alpha.base_id, alpha.status, alpha.findings) == ("alpha", "accepted", [])
    assert {m: v.amount for m, v in alpha.values.items() if v.amount is not None} == figures(mini_raw)["alpha"]


@pytest.mark.parametrize("mimetype, what", [
    (b"application/vnd.oasis.opendocument.spreadsheet", "OpenDocument 电子表格（.ods，LibreOffice 或 WPS 的另一种格式）"),
    (None, "压缩包中没有 Excel 工作簿（可能是 Word 文档等其他文件）")])
def test_a_zip_that_is_no_excel_workbook_is_named(mini_raw, mimetype, what):
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    [finding] = taken_in(mini_raw, {"01_alpha.xlsx": buffer.getvalue()})["01_alpha.xlsx"].findings
    assert (finding.rule, finding.message_zh) == ("file_unreadable", f"文件无法读取：{what}")
