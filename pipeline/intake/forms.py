"""The submission form: one xlsx workbook per base, pre-filled, with a sheet of instructions.

The reader in pipeline/intake/read.py finds its way by the labels written here (基地编号, 填报年度,
the 指标 header and the hidden 代码 column), so a form keeps working when an office adds
rows or colours, and a CSV exported from the form sheet reads the same.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline import config
from pipeline.intake.rules import Rules

FORM_SHEET = "填报表"
GUIDE_SHEET = "填报说明"
BASE_ID_LABEL = "基地编号"
BASE_NAME_LABEL = "基地名称"
YEAR_LABEL = "填报年度"
TOTAL_COLUMN, FEATURED_COLUMN = "合计", "其中：特色产业"  # where an indicator's two values are typed
HEADER = ["指标", "单位", TOTAL_COLUMN, FEATURED_COLUMN, "是否必填", "说明", "代码"]
CODE_COLUMN = HEADER.index("代码") + 1  # hidden, the last: the table prints up to the column before it
FIRST_INDICATOR_ROW = 8


@dataclass(frozen=True)
class Indicator:
    key: str
    label_zh: str
    unit: str
    unit_zh: str
    has_featured: bool
    required: bool
    note_zh: str
    source: str


def indicators(reference: Path = config.REFERENCE) -> list[Indicator]:
    """The form's indicators, in its order, from reference/indicators.csv."""
    with (reference / "indicators.csv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["indicator_order"]))
    return [Indicator(r["indicator"], r["label_zh"], r["unit"], r["unit_zh"], r["has_featured"] == "yes",
                      r["required"] == "yes", r["note_zh"], r["source"]) for r in rows]


def bases_for(year: int, reference: Path = config.REFERENCE) -> list[dict]:
    """The bases recognised by the year, in Table 1 order."""
    with (reference / "batches.csv").open(encoding="utf-8", newline="") as f:
        recognised = {r["batch"]: int(r["year_recognised"]) for r in csv.DictReader(f)}
    with (reference / "bases.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return sorted((r for r in rows if recognised[r["batch"]] <= year), key=lambda r: int(r["table1_no"]))


def value_label(label_zh: str, featured: bool) -> str:
    """A value's name as the form places it, its row's label and its column: 销售收入（合计）."""
    return f"{label_zh}（{FEATURED_COLUMN if featured else TOTAL_COLUMN}）"


GUIDE_NUMERALS = "一二三四五六七八九十"


def guide_lines(rules: Rules, indicator_list: list[Indicator]) -> list[str]:
    """The instruction sheet's lines, numbered. How many decimals a value may have is said from the
    rule that checks it (too_many_decimals in validation_rules.yml) and the indicators' units."""
    amounts, counts = split_by_places(indicator_list, rules)
    amount_units = "、".join(dict.fromkeys(i.unit_zh for i in amounts))
    items = [
        "本表由国家科技兴贸创新基地管理机构填写，每个基地一份，请勿改动表格结构、指标名称和隐藏的“代码”列。",
        "金额单位：总产值、销售收入、工业增加值等为亿元；出口额、进口额为亿美元；人数为人；专利为件。请按“单位”栏填写，不要写单位。",
        f"金额（{amount_units}）最多保留{rules.param('too_many_decimals', 'amount_places')}位小数，"
        f"{'、'.join(i.label_zh for i in counts)}须填整数，否则报表将退回更正。",
        "“其中：特色产业”填写基地特色（主导）产业的部分，不得大于合计数。灰色单元格不适用。",
        "标明“必填”的指标必须填写；没有发生额的请填0；确实无法提供的选填项请留空，不要填“-”等符号或文字（单元格只接受数字）。",
        "可以使用公式，汇总时读取 Excel 保存的计算结果，请在保存前确认公式已计算。",
        "也可以将“填报表”另存为CSV文件（UTF-8或GBK编码）报送，结构保持不变。",
        "数据将按统一规则核验：缺项、负数、特色产业大于合计、年份不符、数量级异常（如万元误作亿元）等会被标出，有错误的报表暂不汇总，待更正后重新报送。",
    ]
    return [GUIDE_SHEET, ""] + [f"{GUIDE_NUMERALS[n]}、{item}" for n, item in enumerate(items)]


def split_by_places(indicator_list: list[Indicator], rules: Rules) -> tuple[list[Indicator], list[Indicator]]:
    """The indicators given with decimals (amounts) and those given as whole numbers (counts), as
    the intake checks them (too_many_decimals)."""
    whole_number_units = rules.param("too_many_decimals", "whole_number_units")
    return ([i for i in indicator_list if i.unit not in whole_number_units],
            [i for i in indicator_list if i.unit in whole_number_units])


def write_form(base: dict, year: int, path: Path, reference: Path = config.REFERENCE,
               rules: Rules | None = None, indicator_list: list[Indicator] | None = None) -> None:
    """One base's workbook: the form sheet (inputs unlocked, numbers ≥ 0) and the instructions;
    its indicators those of reference/indicators.csv, its limits those of the rules (read here
    unless the caller, writing every base's form, read them once)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    form = book.active
    form.title = FORM_SHEET
    form["A1"] = f"国家科技兴贸创新基地{year}年度数据填报表"
    form["A1"].font = Font(bold=True, size=14)
    form.merge_cells(start_row=1, start_column=1, end_row=1, end_column=CODE_COLUMN - 1)  # the table's width
    for row, (label, value) in enumerate([(BASE_ID_LABEL, base["base_id"]), (BASE_NAME_LABEL, base["base_name"]),
                                          (YEAR_LABEL, year)], start=3):
        form.cell(row, 1, label).font = Font(bold=True)
        form.cell(row, 2, value)
    for column, title in enumerate(HEADER, start=1):
        cell = form.cell(FIRST_INDICATOR_ROW - 1, column, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="请填写数字", error="请填写大于或等于0的数字，不要带单位。")
    form.add_data_validation(numbers)
    grey = PatternFill("solid", fgColor="D9D9D9")
    rules = rules or Rules(reference / "validation_rules.yml")
    indicator_list = indicator_list or indicators(reference)
    amounts, _ = split_by_places(indicator_list, rules)
    # an amount shows its places and any decimal beyond them, a count any decimal it has: a value the
    # intake would reject is seen as it is, and a CSV saved from the sheet keeps it so
    amount_format = "0." + "0" * rules.param("too_many_decimals", "amount_places") + "#" * 8
    for row, indicator in enumerate(indicator_list, start=FIRST_INDICATOR_ROW):
        form.cell(row, 1, indicator.label_zh)
        form.cell(row, 2, indicator.unit_zh)
        form.cell(row, 5, "必填" if indicator.required else "选填")
        form.cell(row, 6, indicator.note_zh)
        form.cell(row, CODE_COLUMN, indicator.key)
        inputs = [3, 4] if indicator.has_featured else [3]
        for column in inputs:
            cell = form.cell(row, column)
            cell.protection = Protection(locked=False)
            cell.number_format = amount_format if indicator in amounts else "General"
            numbers.add(cell)
        if not indicator.has_featured:
            form.cell(row, 4).fill = grey
    form.column_dimensions["A"].width = 22
    form.column_dimensions["B"].width = 30
    for column in "CD":
        form.column_dimensions[column].width = 16
    form.column_dimensions["F"].width = 48
    form.column_dimensions[get_column_letter(CODE_COLUMN)].hidden = True
    form.protection.sheet = True
    form.print_title_rows = f"{FIRST_INDICATOR_ROW - 1}:{FIRST_INDICATOR_ROW - 1}"
    print_one_page_wide(form, form.ORIENTATION_LANDSCAPE)
    guide = book.create_sheet(GUIDE_SHEET)
    for row, line in enumerate(guide_lines(rules, indicator_list), start=1):
        guide.cell(row, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 110
    print_one_page_wide(guide, guide.ORIENTATION_PORTRAIT)
    book.active = 0
    fixed = datetime(year, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "kjxm-report"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def print_one_page_wide(sheet, orientation: str) -> None:
    """A4, its columns scaled to the page's width (as many pages down as it takes)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def write_forms(year: int, folder: Path, reference: Path = config.REFERENCE) -> list[Path]:
    """A form for every base that reference/ says the year recognised."""
    written = []
    rules, indicator_list = Rules(reference / "validation_rules.yml"), indicators(reference)
    for base in bases_for(year, reference):
        path = folder / f"{int(base['table1_no']):02d}_{base['base_id']}.xlsx"
        write_form(base, year, path, reference, rules, indicator_list)
        written.append(path)
    return written
