"""The tables for reuse: a workbook analysts can open, CSV files Excel reads, Parquet."""
import duckdb
import pytest
from openpyxl import load_workbook

from pipeline import registry
from pipeline.publish import context, export


@pytest.fixture(scope="module")
def exported(real, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    csvs = export.write_csvs(real, 2009, folder)
    export.write_workbook(real, context.build(real, 2009), folder / "tables.xlsx")
    parquet = export.write_parquet(real, 2009, folder / "parquet")
    return folder, csvs, parquet


def test_the_workbook_has_a_cover_and_every_table(exported, real):
    folder, _, _ = exported
    book = load_workbook(folder / "tables.xlsx")
    assert book.sheetnames == ["说明", "表1 基地名单", "表2 总体情况", "表3 特色产业", "表4 销售收入过千亿元",
                               "表5 出口过百亿美元", "表6 资金支持", "表7 专项资金"]
    cover = "\n".join(str(c.value) for c in book["说明"]["A"] if c.value)
    [(reconstructed,)] = real.execute("""select count(*) from core.submission_values
                                         where year = 2009 and provenance = 'reconstructed'""").fetchall()
    [(errors, consequences)] = real.execute("""select count(*) filter (where status = 'error'),
                                                      count(*) filter (where status = 'consequence')
                                               from audit.reconciliation where year = 2009""").fetchall()
    assert f"估算值：{export.PROVENANCE_MEANING['reconstructed']}：{reconstructed}个数值" in cover
    assert f"原报告错误：{errors}处（另有{consequences}个数字随之有误）" in cover and "亿美元" in cover


def test_the_cover_says_where_the_year_s_values_come_from(exported, real):
    """No base submitted 2009's values: they are the published report's figures and what was derived
    and reconstructed from them, as each value's provenance says; the cover's source line says so."""
    cover = [str(c.value) for c in load_workbook(exported[0] / "tables.xlsx")["说明"]["A"] if c.value]
    kinds = dict(real.execute("select provenance, count(*) from core.submission_values where year = 2009 group by all").fetchall())
    [source] = [line for line in cover if line.startswith("资料来源：")]
    assert ("各基地报送" in source) == ("submitted" in kinds)
    assert ("原报告公布" in source) == bool(kinds.keys() - {"submitted"})
    labels = registry.table("table4").columns[-1]["labels"]
    assert [line for line in cover if line.startswith("  ") and line.endswith("个数值")] == [
        f"  {labels[kind]}：{export.PROVENANCE_MEANING[kind]}：{kinds[kind]}个数值"
        for kind in export.PROVENANCE_MEANING if kind in kinds]
    assert not any(kind in line for kind in export.PROVENANCE_MEANING for line in cover)


def test_a_year_the_bases_submitted_is_sourced_to_their_submissions():
    from pipeline.publish.context import values_source
    submitted = {"submitted": {"provenance": "submitted", "values_count": 1, "label_zh": "报送值"}}
    estimated = {"reconstructed": {"provenance": "reconstructed", "values_count": 1, "label_zh": "估算值"}}
    assert values_source(submitted) == "各基地报送的年度数据"
    assert values_source(submitted | estimated) == "各基地报送的年度数据；未报送基地的数值为估算值"
    assert values_source(estimated) == "原报告公布的数据，本年没有基地报送的数据；基地数值分为估算值"


def test_the_cover_names_the_tables_with_a_source_column_and_no_file_or_table(exported):
    """Only the tables of bases' values (4 and 5) have source columns; a reader of the report finds the
    method in its notes, not in a file path; the database's table is named for analysts only."""
    import re
    book = load_workbook(exported[0] / "tables.xlsx")
    cover = [str(c.value) for c in book["说明"]["A"] if c.value]
    with_source = [sheet.title.split()[0] for sheet in book.worksheets[1:]
                   if any(str(c.value).endswith("来源") for c in sheet[3])]
    [line] = [line for line in cover if "来源列" in line]
    assert re.findall(r"表\d+", line) == with_source and "报告书末说明" in line
    assert [line for line in cover if re.search(r"[a-z_]+\.[a-z_]+|/", line)] == [
        line for line in cover if line.startswith("  供分析人员：")]


def test_no_space_inside_chinese_text_in_any_cell(exported):
    """As in the report (clreq): a title reads "2009年创新基地…", a header "总产值占比（%）"."""
    from tests.test_house_style import spaced_chinese
    book = load_workbook(exported[0] / "tables.xlsx")
    found = {f"{sheet.title}!{cell.coordinate}": cell.value for sheet in book for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and spaced_chinese(cell.value)}
    assert found == {}


def test_the_cover_names_the_national_totals_in_chinese(exported, real):
    """As the notes page does, from the same names (registry.yml) and the same reference figures."""
    folder, _, _ = exported
    cover = [str(c.value) for c in load_workbook(folder / "tables.xlsx")["说明"]["A"] if c.value]
    national = dict(real.execute("""select figure_id, value from staging.stg_reference_figures
                                    where year = 2009 and figure_id like 'national.%'""").fetchall())
    names = registry.national_figures()
    assert [line for line in cover if line.startswith("  全国")] == [
        f"  {names[key]['label']}：{national[key]}亿美元（{names[key]['source']}）" for key in names]
    assert not any("national." in line or "Customs" in line for line in cover)


def test_numbers_are_numbers_at_the_published_precision(exported):
    folder, _, _ = exported
    sheet = load_workbook(folder / "tables.xlsx")["表2 总体情况"]
    assert sheet["A1"].value == "2009年创新基地发展总体情况（按产业类型）"
    assert [c.value for c in sheet[3]][:3] == ["所属领域", "总产值（亿元）", "总产值占比（%）"]
    assert sheet["A4"].value == "电子信息" and sheet["B4"].value == 18099.7 and sheet["B4"].number_format == "0.00"
    assert sheet["A14"].value == "合计" and sheet["D14"].value == 92282.23
    assert sheet.freeze_panes == "A4"


def test_dash_stays_apart_from_zero(exported):
    folder, _, _ = exported
    rows = list(load_workbook(folder / "tables.xlsx")["表6 资金支持"].iter_rows(min_row=4, values_only=True))
    assert ("第二批基地", "上海张江高新技术产业开发区", 2007, "-") in rows
    assert ("第一批基地", "广西桂林市", 2007, 0) in rows


def test_csv_files_carry_a_bom_and_the_tables(exported):
    _, csvs, _ = exported
    assert [p.name for p in csvs] == [t.csv_name for t in registry.tables()]
    text = csvs[1].read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    assert "2009,99,合计,Total,true,78307.81,100.0,92282.23,100.0,2677.21,100.0" in text.decode("utf-8-sig")


def test_parquet_files_of_the_core_tables(exported):
    _, _, parquet = exported
    names = sorted(p.stem for p in parquet)
    assert names == ["base_funding", "bases", "field_totals", "programme_funding", "submission_values", "submissions"]
    counts = {p.stem: duckdb.connect().execute(f"select count(*) from '{p}'").fetchone()[0] for p in parquet}
    assert counts == {"base_funding": 174, "bases": 58, "field_totals": 10, "programme_funding": 5,
                      "submission_values": 348, "submissions": 58}


def test_codes_read_in_the_cover_sheet_s_words(exported, real):
    folder, _, _ = exported
    book = load_workbook(folder / "tables.xlsx")
    cover = "\n".join(str(c.value) for c in book["说明"]["A"] if c.value)
    expected = real.execute("""select sales_provenance, count(*) from report.table4_sales_over_1000yi
                               where year = 2009 group by all""").fetchall()
    words = {"published": "公布值", "derived": "推算值", "reconstructed": "估算值"}
    column = [c.value for c in book["表4 销售收入过千亿元"]["F"][3:]]
    assert sorted((v, column.count(v)) for v in set(column)) == sorted((words[p], n) for p, n in expected)
    assert all(f"\n  {w}：" in cover for w in set(column))  # each word explained on the cover
    [(kinds, confidences)] = real.execute("""select list(distinct field_evidence_kind), list(distinct field_confidence)
                                             from report.table1_bases where year = 2009""").fetchall()
    words = {"stated": "原报告载明", "sourced": "公开资料", "inferred": "推定", "high": "高", "medium": "中", "low": "低"}
    assert {c.value for c in book["表1 基地名单"]["F"][3:]} == {words[k] for k in kinds}
    assert {c.value for c in book["表1 基地名单"]["G"][3:]} == {words[k] for k in confidences}


def test_a_column_is_as_wide_as_its_longest_base_name(exported, real):
    folder, _, _ = exported
    sheet = load_workbook(folder / "tables.xlsx")["表1 基地名单"]
    [(longest,)] = real.execute("select max(length(base_name)) from report.table1_bases where year = 2009").fetchall()
    assert sheet["C3"].value == "基地名称" and sheet.column_dimensions["C"].width >= 2 * longest


def test_a_table_without_rows_for_the_year_keeps_its_headers():
    from openpyxl import Workbook
    sheet = Workbook().active
    export.write_header(sheet, 1, "年份")
    export.fit_columns(sheet)
    assert sheet.column_dimensions["A"].width == 10
