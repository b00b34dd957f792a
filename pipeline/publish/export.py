"""The report's tables for reuse: CSV (UTF-8 with BOM, so that Excel reads the Chinese),
a workbook with a cover sheet and a sheet per table, and Parquet files of the core tables."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline import registry
from pipeline.publish.context import values_source
from pipeline.publish.formatting import display_width

CORE_TABLES = ["bases", "submissions", "submission_values", "field_totals", "base_funding", "programme_funding"]


def write_csvs(con: duckdb.DuckDBPyConnection, year: int, folder: Path) -> list[Path]:
    """One CSV per report table, the year's rows in the table's order, with a BOM for Excel."""
    written = []
    for table in registry.tables():
        path = folder / table.csv_name
        con.execute(f"copy (select * from {table.model} where year = {int(year)}) "
                    f"to '{path}' (header, delimiter ',')")
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        written.append(path)
    return written


def write_parquet(con: duckdb.DuckDBPyConnection, year: int, folder: Path) -> list[Path]:
    """The core tables, the year's rows where a table has a year, for analysts' own tools."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in CORE_TABLES:
        columns = [r[0] for r in con.execute(f"describe core.{table}").fetchall()]
        where = f"where {'report_year' if 'report_year' in columns else 'year'} = {int(year)}" \
            if {"year", "report_year"} & set(columns) else ""
        path = folder / f"{table}.parquet"
        con.execute(f"copy (select * from core.{table} {where}) to '{path}' (format parquet)")
        written.append(path)
    return written


def write_workbook(con: duckdb.DuckDBPyConnection, context: dict, path: Path) -> None:
    """tables.xlsx: a cover sheet, then each table with Chinese headers, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from pipeline.publish import templates
    env = templates.environment()
    context = templates.with_titles(context, env)
    year = context["year"]
    book = Workbook()
    cover = book.active
    cover.title = "说明"
    provenance = context["provenance"]
    lines = [(f"国家科技兴贸创新基地发展报告（{year}）附表", True),
             ("", False),
             (f"资料来源：{values_source(provenance)}"
              + ("（见下文“基地数值的来源”）。" if provenance.keys() - {"submitted"} else "。"), False),
             ("计算占比所用的全国数据：", False)]
    lines += [(f"  {named['label']}：{context['national'][key]['value']}亿美元（{named['source']}）", False)
              for key, named in context["national_names"].items() if key in context["national"]]
    lines += [("单位：总产值、销售收入为亿元，出口额为亿美元，资金为万元；占比为百分比，保留两位小数。", False),
              ("修约：金额和占比按四舍五入修约，合计按未修约的分项计算，可能与修约后分项之和略有出入。", False),
              ("“-”表示该基地当年尚未纳入支持范围（表6）或数据未知（表7），与0不同。", False),
              ("", False),
              ("基地数值的来源：", True)]
    lines += [(f"  {p['label_zh']}：{PROVENANCE_MEANING[code]}：{p['values_count']}个数值", False)
              for code, p in provenance.items()]
    with_source = [f"表{context['tables'][t.id]['number']}" for t in registry.tables()
                   if any(c["column"].endswith("_provenance") for c in t.columns)]
    lines += [(f"  {'、'.join(with_source)}的各来源列标明表中每个基地数值属于哪一类"
               + ("；估算方法见报告书末说明“基地数值的来源”。" if "reconstructed" in provenance else "。"), False),
              ("  供分析人员：全部基地数值及各自的来源见数据库表core.submission_values"
               "（同目录下parquet/submission_values.parquet）。", False),
              ("", False),
              (f"与已公布报告核对发现的原报告错误：{len(context['corrections'])}处（另有"
               f"{sum(len(c['consequences']) for c in context['corrections'])}个数字随之有误），"
               "见报告书末说明；仅因修约产生的差异不属错误。", False)]
    write_cover(cover, lines)
    for table in registry.tables():
        titled = context["tables"][table.id]
        sheet = book.create_sheet(f"表{titled['number']} {table.sheet}")
        title = templates.tighten(titled["title"]) + (f"（{titled['unit']}）" if titled["unit"] else "")
        sheet.cell(1, 1, title).font = Font(bold=True, size=12)
        for column, c in enumerate(table.columns, start=1):
            write_header(sheet, column, c["header"])
        names = ", ".join(c["column"] for c in table.columns)
        for r, values in enumerate(con.execute(f"select {names} from {table.model} where year = ?", [year]).fetchall(), start=4):
            for column, (c, value) in enumerate(zip(table.columns, values), start=1):
                if value is None and c.get("dash"):
                    write_value(sheet, r, column, "-").alignment = Alignment(horizontal="right")
                else:
                    write_value(sheet, r, column, value, c.get("format"), c.get("labels"))
        fit_columns(sheet)
        sheet.freeze_panes = "A4"
    save_reproducibly(book, path, year)


# what each kind of a base's value is, on the cover after its name (公布值 …)
PROVENANCE_MEANING = {"published": "原报告公布的基地数值", "derived": "由公布数据直接得出（领域内只有一家基地的，取该领域汇总数）",
                      "reconstructed": "依据领域汇总数估算，不是基地实际报送数", "submitted": "基地报送"}


def write_cover(sheet, lines: list[tuple[str, bool]]) -> None:
    """A workbook's cover sheet: a line a row (text, bold), the first as its title."""
    from openpyxl.styles import Alignment, Font
    for row, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text)
        cell.font = Font(bold=bold, size=13 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120


def write_value(sheet, row: int, column: int, value, number_format: str | None = None,
                labels: dict | None = None):
    """A value in its cell: a code (published, inferred …) in the words its labels give, a decimal
    of DuckDB as a number, a number in its format (the precision it is published at)."""
    if labels is not None and value is not None:
        value = labels[value]
    if hasattr(value, "as_tuple"):
        value = float(value)
    cell = sheet.cell(row, column, value)
    if number_format and isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.number_format = number_format
    return cell


def write_header(sheet, column: int, text: str) -> None:
    """A column's header on row 3, under the sheet's title, the column as wide as the header needs."""
    from openpyxl.styles import Alignment, Font, PatternFill
    cell = sheet.cell(3, column, text)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="DDE6F0")
    cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.column_dimensions[cell.column_letter].width = max(10, min(40, 2.2 * len(text)))


def fit_columns(sheet) -> None:
    """Each column as wide as its longest value shows (a base's name is up to 16 Chinese characters),
    and at least as its header asks; Excel's width counts a Chinese character as two."""
    for header in sheet[3]:  # a table without rows for the year keeps its headers' widths
        values = [sheet.cell(r, header.column).value for r in range(4, sheet.max_row + 1)]
        shown = [display_width(v if isinstance(v, str) else f"{v:.2f}") for v in values if v is not None]
        column = sheet.column_dimensions[header.column_letter]
        column.width = max(column.width, min(60, max(shown, default=0) + 2))


def save_reproducibly(book, path: Path, year: int) -> None:
    """Save so that the same tables give the same bytes: openpyxl stamps the time of saving into
    docProps/core.xml and into every entry of the zip; both get a fixed date, the year's last day."""
    fixed = datetime(year, 12, 31)
    book.properties.created = fixed
    book.properties.creator = "kjxm-report"
    buffer = io.BytesIO()
    book.save(buffer)
    stamp = fixed.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buffer) as saved, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in saved.infolist():
            data = saved.read(entry)
            if entry.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            fixed_entry = zipfile.ZipInfo(entry.filename, date_time=fixed.timetuple()[:6])
            fixed_entry.compress_type = zipfile.ZIP_DEFLATED
            fixed_entry.external_attr = entry.external_attr
            target.writestr(fixed_entry, data)
