"""The submission form: pre-filled, labelled, validated, and read back exactly."""
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from pipeline.intake import forms
from tests.conftest import MINI_RAW
from tests.formfill import (
    as_csv_rows,
    fill,
    new_form,
    raw_of_the_project_reference,
    synthetic_values,
    the_2010_submission,
)


def test_one_form_per_base_recognised_by_the_year(tmp_path):
    # the mini tree: alpha in batch 1 (2006), beta and gamma in batch 2 (2007), delta in batch 3 (2009)
    reference = MINI_RAW / "reference"
    names = {year: [p.name for p in forms.write_forms(year, tmp_path / str(year), reference)] for year in (2006, 2008, 2009)}
    assert names == {2006: ["01_alpha.xlsx"], 2008: ["01_alpha.xlsx", "02_beta.xlsx", "03_gamma.xlsx"],
                     2009: ["01_alpha.xlsx", "02_beta.xlsx", "03_gamma.xlsx", "04_delta.xlsx"]}
    sheet = load_workbook(tmp_path / "2009" / "04_delta.xlsx")[forms.FORM_SHEET]
    assert [sheet.cell(r, 2).value for r in (3, 4, 5)] == ["delta", "丁基地", 2009]


def test_the_form_is_prefilled_labelled_and_validated(tmp_path):
    path = new_form(tmp_path, "wuxi", 2010)
    book = load_workbook(path)
    assert book.sheetnames == ["填报表", "填报说明"]
    sheet = book["填报表"]
    assert [sheet.cell(r, 2).value for r in (3, 4, 5)] == ["wuxi", "无锡市", 2010]
    assert [c.value for c in sheet[7]] == forms.HEADER
    assert [sheet.cell(8, c).value for c in (1, 2, 5, 7)] == ["总产值", "亿元", "必填", "output"]
    employees = next(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 7).value == "employees")
    assert sheet.cell(employees, 2).value == "人"
    [validation] = sheet.data_validations.dataValidation
    assert (validation.type, validation.operator, validation.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert "C8" in str(validation.sqref) and sheet.protection.sheet
    assert sheet.column_dimensions["G"].hidden
    from tests.test_house_style import spaced_chinese
    assert sheet["A1"].value == "国家科技兴贸创新基地2010年度数据填报表"
    texts = [c.value for s in book for row in s.iter_rows() for c in row if isinstance(c.value, str)] + [validation.error]
    assert [text for text in texts if spaced_chinese(text)] == []  # as in the report (clreq)


def test_a_filled_form_is_taken_in_exactly(tmp_path):
    raw = raw_of_the_project_reference(tmp_path)
    path = new_form(raw / "submissions/2010", "wuxi", 2010)
    values = synthetic_values("wuxi")
    fill(path, values)
    sub = the_2010_submission(raw)
    assert sub.status == "accepted" and sub.findings == []
    for measure in ("output", "featured_output", "sales", "featured_sales", "exports", "featured_exports"):
        assert sub.amount(measure) == values[measure]
    assert sub.amount("employees") == Decimal(12000)
    assert sub.values["sales"].source == "submissions/2010/wuxi.xlsx 填报表!C9"


def test_the_forms_and_the_intake_take_the_indicators_of_the_tree_they_are_given(mini_raw):
    """The mini tree's reference calls sales 营业收入: its forms print that label and its intake reads
    it, from the tree's own indicators.csv, never the project's."""
    from tests.evaluation_fixtures import add_year_2010, rewrite
    rewrite(mini_raw / "reference/indicators.csv", lambda r: r.update(label_zh="营业收入") if r["indicator"] == "sales" else None)
    add_year_2010(mini_raw, {"alpha": "132.00"})
    [form] = (mini_raw / "submissions/2010").glob("*.xlsx")
    sheet = load_workbook(form)[forms.FORM_SHEET]
    assert "营业收入" in [sheet.cell(r, 1).value for r in range(forms.FIRST_INDICATOR_ROW, sheet.max_row + 1)]
    sub = the_2010_submission(mini_raw)
    assert (sub.status, sub.findings, sub.values["sales"].label) == ("accepted", [], "营业收入（合计）")


def wuxis_form_as_csv(tmp_path, rows_as_saved, encoding: str = "utf-8", **writer) -> tuple[dict, object]:
    """无锡's 2010 form, filled, saved as CSV in encoding into a raw tree of the project's reference
    files, its rows as rows_as_saved(rows) gives them, written by csv.writer(**writer); the values
    and what the intake read."""
    import csv

    raw = raw_of_the_project_reference(tmp_path)
    form = new_form(tmp_path, "wuxi", 2010)
    values = synthetic_values("wuxi")
    fill(form, values)
    with (raw / "submissions/2010/wuxi.csv").open("w", encoding=encoding, newline="") as f:
        csv.writer(f, **writer).writerows(rows_as_saved(as_csv_rows(form)))
    return values, the_2010_submission(raw)


def test_a_wide_csv_form_is_read_and_its_cells_named_as_a_spreadsheet_names_them(tmp_path):
    """An office put 24 columns of its own after 单位 and saved the form sheet as CSV: 合计 is column AA."""
    values, sub = wuxis_form_as_csv(tmp_path, lambda rows: [row[:2] + [""] * 24 + row[2:] for row in rows])
    assert (sub.status, sub.findings) == ("accepted", [])
    assert (sub.amount("sales"), sub.values["sales"].source) == (values["sales"], "submissions/2010/wuxi.csv!AA9")


@pytest.mark.parametrize("separator, encoding, line_end", [
    ("\t", "utf-8", "\r\n"),  # tab-separated, as a spreadsheet's "text" export
    (";", "utf-8", "\n"),  # semicolons, as a spreadsheet set to a European locale writes
    ("\t", "utf-16", "\r\n"),  # Excel's "Unicode text", named .csv
    (",", "gb18030", "\r"),  # old Mac line ends: CR alone
])
def test_a_csv_form_is_read_whatever_its_separator_encoding_and_line_ends(tmp_path, separator, encoding, line_end):
    values, sub = wuxis_form_as_csv(tmp_path, list, delimiter=separator, lineterminator=line_end, encoding=encoding)
    assert (sub.status, sub.findings) == ("accepted", [])
    assert {m: sub.amount(m) for m in ("sales", "featured_sales", "exports")} == {
        m: values[m] for m in ("sales", "featured_sales", "exports")}


def test_a_form_with_a_column_inserted_after_the_labels_is_read_as_it_is(tmp_path):
    """An office inserted an empty column at B: the head's values and the amounts move one column right."""
    values, sub = wuxis_form_as_csv(tmp_path, lambda rows: [row[:1] + [""] + row[1:] for row in rows])
    assert (sub.status, sub.findings, sub.base_id, sub.given_year) == ("accepted", [], "wuxi", "2010")
    assert (sub.amount("sales"), sub.values["sales"].source) == (values["sales"], "submissions/2010/wuxi.csv!D9")


def guide_of(path) -> list[str]:
    sheet = load_workbook(path)[forms.GUIDE_SHEET]
    return [sheet.cell(r, 1).value or "" for r in range(1, sheet.max_row + 1)]


def test_the_guide_asks_for_an_empty_cell_where_an_optional_value_cannot_be_given(tmp_path):
    """The input cells refuse anything but a number ≥ 0, so the guide may not offer “-”."""
    guide = guide_of(new_form(tmp_path, "wuxi", 2010))
    assert [line for line in guide if "选填项" in line] == [
        "五、标明“必填”的指标必须填写；没有发生额的请填0；确实无法提供的选填项请留空，不要填“-”等符号或文字（单元格只接受数字）。"]


def test_the_guide_says_the_decimals_the_intake_accepts_from_its_rule_and_the_indicators(mini_raw):
    """The project's places, then the mini tree's with the rule's places and a count's label changed."""
    from tests.evaluation_fixtures import rewrite
    base = forms.bases_for(2009, mini_raw / "reference")[0]
    forms.write_form(base, 2009, mini_raw / "before.xlsx", mini_raw / "reference")
    rules = mini_raw / "reference/validation_rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("amount_places: 2\n", "amount_places: 3\n"), encoding="utf-8")
    rewrite(mini_raw / "reference/indicators.csv", lambda r: r.update(label_zh="企业个数") if r["indicator"] == "enterprises" else None)
    forms.write_form(base, 2009, mini_raw / "after.xlsx", mini_raw / "reference")
    assert [guide_of(mini_raw / name)[4] for name in ("before.xlsx", "after.xlsx")] == [
        "三、金额（亿元、亿美元）最多保留2位小数，企业数、从业人员、专利申请量、专利授权量须填整数，否则报表将退回更正。",
        "三、金额（亿元、亿美元）最多保留3位小数，企业个数、从业人员、专利申请量、专利授权量须填整数，否则报表将退回更正。"]
    after = load_workbook(mini_raw / "after.xlsx")[forms.FORM_SHEET]
    assert after["C8"].number_format == "0.000########"


def test_an_input_cell_shows_every_decimal_a_value_has(tmp_path):
    """An amount shows its two places and any beyond, a count any it has (General), so that what the
    intake rejects is seen, and kept by a CSV saved from the sheet."""
    sheet = load_workbook(new_form(tmp_path, "wuxi", 2010))[forms.FORM_SHEET]
    formats = {sheet.cell(r, 7).value: (sheet.cell(r, 3).number_format, sheet.cell(r, 4).number_format)
               for r in range(forms.FIRST_INDICATOR_ROW, sheet.max_row + 1)}
    assert (formats["sales"], formats["rd_spending"][0], formats["employees"][0], formats["patent_grants"][0]) == (
        ("0.00########", "0.00########"), "0.00########", "General", "General")


def test_the_form_prints_one_page_wide_in_landscape_with_its_header_on_every_page(tmp_path):
    book = load_workbook(new_form(tmp_path, "wuxi", 2010))
    sheet = book[forms.FORM_SHEET]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$7:$7"
    assert [c.value for c in sheet[7]][:6] == forms.HEADER[:6] and sheet.column_dimensions["G"].hidden
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:F1"]  # the title over every printed column
    guide = book[forms.GUIDE_SHEET]
    assert (guide.page_setup.orientation, guide.page_setup.fitToWidth, guide.sheet_properties.pageSetUpPr.fitToPage) \
        == ("portrait", 1, True)
