"""The validation rules: the ids the intake's code raises are the ids of validation_rules.yml, and
the two checks no received file of the corpus triggers, each on a form as an office fills it."""
import ast
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pipeline import config
from pipeline.intake import take_in
from pipeline.intake.checks import check_identity, where, where_zh
from pipeline.intake.directory import Directory
from pipeline.intake.rules import Rules
from pipeline.intake.submission import Submission
from tests.formfill import fill, new_form, raw_of_the_project_reference, synthetic_values, the_2010_submission

INTAKE_CODE = Path(take_in.__file__).parent


def rule_ids_in_code() -> set[str]:
    """The rule ids written in the intake's code: the first argument of every rules.finding(),
    rules.param() and rules.confirmable() call that names one."""
    ids = set()
    for path in INTAKE_CODE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("finding", "param", "confirmable") \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                ids.add(node.args[0].value)
    return ids


def test_the_code_raises_exactly_the_rules_of_the_rules_file():
    rules = yaml.safe_load((config.REFERENCE / "validation_rules.yml").read_text(encoding="utf-8"))
    in_code = rule_ids_in_code()
    assert sorted(in_code - set(rules)) == [], "raised in the code but missing from validation_rules.yml"
    assert sorted(set(rules) - in_code) == [], "in validation_rules.yml but never raised"


def test_no_rule_s_chinese_puts_a_space_inside_chinese_text():
    """As in the report (clreq): "同一基地2010年", "的值“12,3”不是数字", whatever fills the placeholders."""
    import re

    from tests.test_house_style import spaced_chinese
    rules = yaml.safe_load((config.REFERENCE / "validation_rules.yml").read_text(encoding="utf-8"))
    texts = {f"{rule}.{key}": text for rule, spec in rules.items()
             for key, text in [*spec.items(), *spec.get("params", {}).items()] if key.endswith("_zh")}
    spaced = {key: text for key, text in texts.items()
              for filled in ("2010", "甲") if spaced_chinese(re.sub(r"\{\w+\}", filled, text))}
    assert "too_many_decimals.not_whole_zh" in texts and spaced == {}


def wuxis_form(tmp_path, changes: dict):
    """无锡 (东部) sends its 2010 form with synthetic figures, changed as given; its submission as read."""
    raw = raw_of_the_project_reference(tmp_path)
    path = new_form(raw / "submissions/2010", "wuxi", 2010)
    fill(path, {**synthetic_values("wuxi"), **changes})
    return the_2010_submission(raw)


def findings(sub, rule: str) -> list[tuple]:
    return [(f.severity, f.field, f.value, f.message_en) for f in sub.findings if f.rule == rule]


def test_an_amount_with_three_decimals_and_a_count_with_one_are_errors(tmp_path):
    sub = wuxis_form(tmp_path, {"sales": Decimal("812.345"), "employees": Decimal("12000.5")})
    assert sub.status == "quarantined"
    assert findings(sub, "too_many_decimals") == [
        ("error", "销售收入（合计）", "812.345", "销售收入（合计） is 812.345, with more than 2 decimals."),
        ("error", "从业人员（合计）", "12000.5", "从业人员（合计） is 12000.5, not a whole number.")]
    assert [f.message_zh for f in sub.findings if f.rule == "too_many_decimals"] == [
        "“销售收入（合计）”为812.345，小数位数超过2位。", "“从业人员（合计）”为12000.5，应为整数。"]


def test_exports_below_the_eastern_threshold_are_a_warning_when_high_tech_exports_are_not_given(tmp_path):
    sub = wuxis_form(tmp_path, {"exports": Decimal("0.99"), "featured_exports": Decimal("0.5")})
    assert sub.status == "accepted"
    assert findings(sub, "below_export_threshold") == [
        ("warning", "出口额（合计）", "0.99", "出口额（合计） of 0.99 亿美元 is below the 东部 region's threshold for "
                                         "high-tech exports (exports stand in when high-tech exports are not given).")]


def test_high_tech_exports_are_measured_when_given_and_the_threshold_itself_is_enough(tmp_path):
    assert findings(wuxis_form(tmp_path / "below", {"hightech_exports": Decimal("0.99")}), "below_export_threshold") \
        == [("warning", "高新技术产品出口额（合计）", "0.99", "高新技术产品出口额（合计） of 0.99 亿美元 is below the 东部 "
             "region's threshold for high-tech exports (exports stand in when high-tech exports are not given).")]
    assert findings(wuxis_form(tmp_path / "at", {"hightech_exports": Decimal("1.00")}), "below_export_threshold") == []


def test_the_same_form_under_two_names_at_once_is_counted_once_and_neither_called_later(tmp_path):
    raw = raw_of_the_project_reference(tmp_path)
    path = new_form(raw / "submissions/2010", "wuxi", 2010, name="16_wuxi.xlsx")
    fill(path, synthetic_values("wuxi"))
    (raw / "submissions/2010/16_wuxi - 副本.xlsx").write_bytes(path.read_bytes())
    [result] = [r for r in take_in.take_in_all(raw) if r.year == 2010]
    outcome = {sub.file.rsplit("/", 1)[1]: (sub.status, [f.message_en for f in sub.findings]) for sub in result.submissions}
    assert outcome == {
        "16_wuxi - 副本.xlsx": ("superseded", ["The base sent more than one submission for 2010; the same figures as "
                                             "submissions/2010/16_wuxi.xlsx (填报表), received with it: counted once"]),
        "16_wuxi.xlsx": ("accepted", ["The base sent more than one submission for 2010; the same figures as "
                                      "submissions/2010/16_wuxi - 副本.xlsx (填报表), received with it: counted once"])}


def test_a_base_id_that_contains_another_bases_id_points_to_its_own_base_only():
    """A new base 无锡新吴区 (wuxi_xinwu) gives its id and name: neither points to 无锡市 (wuxi)."""
    directory = Directory(config.REFERENCE)
    directory.bases["wuxi_xinwu"] = {**directory.bases["wuxi"], "base_id": "wuxi_xinwu", "base_name": "无锡新吴区"}
    directory.names["无锡新吴区"] = "wuxi_xinwu"
    sub = Submission(2010, "submissions/2010/无锡新吴区.xlsx", "填报表", None, (0,), base_id="wuxi_xinwu")
    check_identity(sub, Rules(config.REFERENCE / "validation_rules.yml"), directory, 3,
                   {("基地编号", "the base id"): "wuxi_xinwu", ("基地名称", "the base name"): "无锡新吴区"})
    assert sub.findings == []


def test_a_submission_read_from_a_row_of_a_table_is_named_by_its_row():
    sub = Submission(2010, "submissions/2010/table.csv", None, 7, (0,))
    assert (where(sub), where_zh(sub)) == ("submissions/2010/table.csv (row 7)", "“submissions/2010/table.csv”（第7行）")


def test_a_number_typed_in_the_note_column_is_named_not_lost_silently(tmp_path):
    """R&D spending typed into 说明 (column F) with 合计 left blank: not read, and said so."""
    raw = raw_of_the_project_reference(tmp_path)
    path = new_form(raw / "submissions/2010", "wuxi", 2010)
    values = synthetic_values("wuxi")
    del values["rd_spending"]
    fill(path, values)
    from openpyxl import load_workbook
    book = load_workbook(path)
    sheet = book["填报表"]
    row = next(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 7).value == "rd_spending")
    sheet.cell(row, 6, 15.3)
    book.save(path)
    sub = the_2010_submission(raw)
    assert sub.status == "accepted" and sub.amount("rd_spending") is None
    assert findings(sub, "value_outside_its_column") == [
        ("warning", sheet.cell(row, 1).value, "15.3",
         f"The 说明 (F{row}) column of the {sheet.cell(row, 1).value} row holds the number 15.3, which is not read; "
         "its 合计 column is empty, so the field counts as not given.")]


def test_a_csv_larger_than_any_form_is_not_read(tmp_path):
    """The size limit holds for a CSV as for a workbook (here the rules' limit lowered to 1,000 bytes)."""
    import shutil
    raw = tmp_path / "raw"
    (raw / "submissions/2010").mkdir(parents=True)
    shutil.copytree(config.REFERENCE, raw / "reference")
    rules = raw / "reference/validation_rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("max_bytes: 20000000", "max_bytes: 1000"), encoding="utf-8")
    big = raw / "submissions/2010/16_wuxi.csv"
    big.write_text("基地编号,wuxi\n" + "x" * 2000 + "\n", encoding="utf-8")
    sub = the_2010_submission(raw)
    assert (sub.status, [(f.rule, f.message_en) for f in sub.findings]) == (
        "quarantined", [("file_too_large", f"The file is too large ({big.stat().st_size} bytes) to be a submission form.")])


def test_a_number_in_a_date_formatted_cell_is_named_as_such(tmp_path):
    """Sales typed as 14294 in a cell an office had formatted yyyy-mm-dd: Excel shows a date."""
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import from_excel
    raw = raw_of_the_project_reference(tmp_path)
    path = new_form(raw / "submissions/2010", "wuxi", 2010)
    fill(path, {**synthetic_values("wuxi"), "sales": 14294})
    book = load_workbook(path)
    sheet = book["填报表"]
    row = next(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 7).value == "sales")
    sheet.cell(row, 3).number_format = "yyyy-mm-dd"
    book.save(path)
    sub = the_2010_submission(raw)
    shown = from_excel(14294).date().isoformat()  # the date the cell shows, with no time of day
    assert sub.status == "quarantined"
    assert findings(sub, "date_format_in_number_cell") == [
        ("error", "销售收入（合计）", shown,
         f"The cell of 销售收入（合计） is formatted as a date or time (it reads as {shown}): its number cannot be read.")]


@pytest.mark.parametrize("year_cell, number_format, expected", [
    (2010, "yyyy-mm-dd", ("date_format_in_number_cell", "1905-07-02")),  # 2010 typed into a date cell
    (datetime(2010, 1, 1), "yyyy-mm-dd", None),  # a date of the form's year names its year
    (datetime(2009, 12, 31), "yyyy-mm-dd", ("year_mismatch", "2009-12-31"))])
def test_a_date_in_the_year_cell(tmp_path, year_cell, number_format, expected):
    from openpyxl import load_workbook
    raw = raw_of_the_project_reference(tmp_path)
    path = new_form(raw / "submissions/2010", "wuxi", 2010)
    fill(path, synthetic_values("wuxi"))
    book = load_workbook(path)
    book["填报表"].cell(5, 2, year_cell).number_format = number_format
    book.save(path)
    sub = the_2010_submission(raw)
    assert [(f.rule, f.value) for f in sub.findings] == ([expected] if expected else [])
