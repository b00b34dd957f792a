"""The one-pass xlsx reader gives every cell the value and formula openpyxl gives, on every
workbook of the corpus and on forms with the cases a form meets (a date-formatted number, an
inline string, a boolean, an error code, a shared string with runs); a DTD is refused."""
import zipfile
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pytest
from openpyxl import Workbook, load_workbook

from pipeline.intake import forms, xlsx
from tests.conftest import CORPUS

READABLE = sorted(p for p in CORPUS.glob("*.xlsx") if p.name not in (
    "truncated.xlsx", "not_really.xlsx", "encrypted.xlsx", "broken_sheet_xml.xlsx", "billion_laughs.xlsx"))


def openpyxl_grids(path: Path) -> dict[str, tuple[list, list]]:
    values, formulas = load_workbook(path, data_only=True, read_only=True), load_workbook(path, read_only=True)
    try:
        return {name: ([list(r) for r in values[name].iter_rows(max_row=200, max_col=10, values_only=True)],
                       [list(r) for r in formulas[name].iter_rows(max_row=200, max_col=10, values_only=True)])
                for name in values.sheetnames}
    finally:
        values.close()
        formulas.close()


def one_pass_grids(path: Path) -> dict[str, tuple[list, list]]:
    with zipfile.ZipFile(path) as archive:
        book = xlsx.Book(archive)
        return {s.name: book.grids(s.part, 200, 10) for s in book.sheets}


def cells(grid) -> dict[tuple[int, int], object]:
    return {(r, c): v for r, row in enumerate(grid) for c, v in enumerate(row) if v is not None}


def assert_same(path: Path) -> None:
    expected, read = openpyxl_grids(path), one_pass_grids(path)
    assert list(read) == list(expected)
    for name, (values, formulas) in expected.items():
        assert cells(read[name][0]) == cells(values), name
        # a shared formula's later cells are "=" alone: the intake only asks whether a cell has a formula
        shared = {k for k, v in cells(read[name][1]).items() if v == "="}
        assert cells(read[name][1]) == {k: "=" if k in shared and str(v).startswith("=") else v
                                        for k, v in cells(formulas).items() if isinstance(v, (str, int, float, datetime))}, name


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_every_corpus_workbook_reads_as_openpyxl_reads_it(path):
    assert_same(path)


def test_the_cases_a_form_meets_read_as_openpyxl_reads_them(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = forms.FORM_SHEET
    sheet["A1"], sheet["B1"] = "销售收入", 1234.5
    sheet["B2"] = 40179
    sheet["B2"].number_format = "yyyy-mm-dd"  # a number Excel shows as a date
    sheet["B3"], sheet["B4"], sheet["B5"] = True, "=B1*2", "１２３"
    sheet["B6"] = 10 ** 17
    book.create_sheet("旧表").sheet_state = "hidden"
    path = tmp_path / "cases.xlsx"
    book.save(path)
    assert_same(path)
    values, _ = one_pass_grids(path)["填报表"]
    assert values[1][1] == datetime(2010, 1, 1)
    hidden = {s.name: s.state for s in xlsx.Book(zipfile.ZipFile(path)).sheets}
    assert hidden == {"填报表": "visible", "旧表": "hidden"}


def test_inline_strings_runs_error_codes_and_formula_text_read_as_openpyxl_reads_them(tmp_path):
    book = Workbook()
    book.active["A1"] = "x"
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    row = ('<row r="1"><c r="A1" t="inlineStr"><is><r><t>销售</t></r><r><t xml:space="preserve">收入 </t></r></is></c>'
           '<c r="B1" t="e"><v>#DIV/0!</v></c><c r="C1" t="str"><f>A1</f><v>销售收入</v></c>'
           '<c r="D1"><f t="shared" ref="D1:D2" si="0">B1*2</f><v>4.5E+3</v></c></row>'
           '<row r="2"><c r="D2"><f t="shared" si="0"/></c></row>')
    path = tmp_path / "cases.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                data = (text[:text.index("<sheetData>")] + f"<sheetData>{row}</sheetData>"
                        + text[text.index("</sheetData>") + len("</sheetData>"):]).encode()
            target.writestr(item, data)
    assert_same(path)
    values, formulas = one_pass_grids(path)["Sheet"]
    assert values[0][:4] == ["销售收入 ", "#DIV/0!", "销售收入", 4500.0] and formulas[1][3].startswith("=")


def test_a_declared_entity_is_refused_before_it_expands():
    with pytest.raises(ParseError, match="DTD"):
        xlsx.parse(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>')
