"""The evaluation's documents, rendered from the invented four-base tree: a one-page sheet per
base that says what it rests on, the report, and the workbook."""
import pytest
from openpyxl import load_workbook

from pipeline.publish.evaluation import context, render, workbook
from tests.conftest import MINI_RAW, build_in_memory
from tests.evaluation_fixtures import MEASURES, mark_published
from tests.pdf_text import page_texts as pages

pytestmark = pytest.mark.slow  # renders the evaluation's PDFs


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    """The 2009 evaluation of the four bases, every value published but gamma's exports, reconstructed:
    its folder and the context it was written from."""
    import shutil
    raw = tmp_path_factory.mktemp("raw") / "raw"
    shutil.copytree(MINI_RAW, raw)
    mark_published(raw, ("alpha", "beta", "delta"), MEASURES)
    mark_published(raw, ("gamma",), tuple(m for m in MEASURES if m != "exports"))
    con = build_in_memory(raw)
    folder = tmp_path_factory.mktemp("evaluation")
    values = context.build(con, 2009)
    workbook.write(con, values, folder / "evaluation.xlsx")
    con.close()  # as the evaluate step: no DuckDB threads when the sheets are written in forked processes
    render.write_report(render.render_html(values, "evaluation.html.j2"), folder, folder / "evaluation.pdf", 2009)
    render.write_sheets(render.render_html(values, "sheets.html.j2"), [s["base_id"] for s in values["sheets"]],
                        folder, folder / "sheets.pdf", lambda b: folder / "sheets" / f"{b}.pdf")
    return folder, values


@pytest.fixture(scope="module")
def rendered(evaluated):
    return evaluated[0]


def test_one_page_per_base_in_one_file_and_one_file_per_base(rendered):
    combined = pages(rendered / "sheets.pdf")
    assert len(combined) == 4
    for number, (base_id, name) in enumerate([("alpha", "甲基地"), ("beta", "乙基地"), ("gamma", "丙基地"),
                                              ("delta", "丁基地")]):
        assert name in combined[number]
        assert pages(rendered / "sheets" / f"{base_id}.pdf") == [combined[number]]


def test_a_sheet_says_when_its_score_rests_on_a_reconstructed_value(rendered):
    alpha, _, gamma, delta = pages(rendered / "sheets.pdf")
    # exports feed three scored indicators: exports (15), featured share of exports (10), exports over sales (10)
    assert "计分指标中权重35/60的数据为估算值" in gamma and "不予排名" in gamma
    assert "估算值，不排序" in gamma
    assert "在得分不含估算值的3家基地中居第" in alpha
    # delta's exports (0.01) are below the east's threshold of 1.00亿美元, as published
    assert "出口额低于所在地区认定标准" in delta and "本基地0.01亿美元，对照1.00亿美元" in delta


def test_the_report_cites_every_document_and_monitors_the_targets(rendered):
    text = "".join(pages(rendered / "evaluation.pdf"))
    for document_number in ("商产发〔2007〕509号", "商技发〔2006〕6号", "发改高技〔2009〕3211号"):
        assert document_number in text
    assert "四、政策目标监测" in text and "差96家" in text


def test_the_workbook_holds_the_evaluation(rendered):
    book = load_workbook(rendered / "evaluation.xlsx")
    assert book.sheetnames == ["说明", "指标体系", "基地得分", "基地指标", "提示事项", "政策目标"]
    scores = book["基地得分"]
    assert [scores.cell(r, 2).value for r in range(4, 8)] == ["甲基地", "乙基地", "丙基地", "丁基地"]
    assert book["基地指标"].max_row == 3 + 4 * 13
    from tests.test_house_style import spaced_chinese
    assert {f"{sheet.title}!{cell.coordinate}": cell.value for sheet in book for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and spaced_chinese(cell.value)} == {}  # as in the PDFs (clreq)


def column(sheet, header: str) -> list:
    """A column's values under its header (row 3)."""
    [letter] = [c.column_letter for c in sheet[3] if c.value == header]
    return [c.value for c in sheet[letter][3:]]


def test_the_workbook_shows_the_pdfs_words_not_the_database_s_codes(evaluated):
    """A base office reads 越高越好, 估算, 未触发, 已达到 as the PDFs print them; the database keeps
    higher, reconstructed, clear, met for the analysts."""
    import re
    folder, values = evaluated
    book = load_workbook(folder / "evaluation.xlsx")
    flags = [f for s in values["sheets"] for f in s["flags"]]
    targets = values["policy_targets"]
    assert column(book["指标体系"], "方向") == [context.DIRECTION_ZH[i["direction"]] for i in values["indicators"]]
    assert column(book["基地得分"], "可排名") == [workbook.RANKABLE_ZH[s["is_rankable"]] for s in values["scores"]]
    # a base that is not ranked has no score to show: its sheet says 不计综合得分
    assert column(book["基地得分"], "综合得分（只列可排名的基地）") == [
        float(s["score"]) if s["is_rankable"] else None for s in values["scores"]]
    assert column(book["基地指标"], "数据性质") == [values["status_zh"][v["status"]]
                                                for s in values["sheets"] for v in s["indicators"]]
    judged = [f["basis"] != "reconstructed" or f["state"] not in ("raised", "clear") for f in flags]
    assert column(book["提示事项"], "结果") == [context.STATE_ZH[f["state"]] if ok else "不作判断（依据含估算值）"
                                             for f, ok in zip(flags, judged)]  # as the sheets print it
    assert column(book["提示事项"], "依据性质") == [values["status_zh"][f["basis"]] if f["state"] in ("raised", "clear") else None
                                               for f in flags]
    assert column(book["政策目标"], "单位") == [context.TARGET_UNIT_ZH[t["target_unit"]] for t in targets]
    assert column(book["政策目标"], "状态") == [
        context.TARGET_STATUS_ZH[t["status"]] + ("（仅作参照）" if t["status"] in ("met", "not_met") and t["cannot_measure_zh"] != "—" else "")
        for t in targets]
    codes = set().union(context.DIRECTION_ZH, context.STATUS_ZH, context.STATE_ZH, context.PROVENANCE_ZH,
                        context.TARGET_UNIT_ZH, context.TARGET_STATUS_ZH)
    assert [f"{sheet.title}!{cell.coordinate}" for sheet in book for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, bool) or cell.value in codes or
            isinstance(cell.value, str) and re.search(r"[a-z_]{4,}", cell.value)] == []
    assert all(name in book["说明"]["A3"].value for name in book.sheetnames[1:])


def test_the_workbook_s_columns_fit_their_contents(rendered):
    """As in tables.xlsx: a document's title or a clause is not cut at ten characters' width."""
    from pipeline.publish.formatting import display_width
    book = load_workbook(rendered / "evaluation.xlsx")
    narrow = {}
    for sheet in book.worksheets[1:]:
        for header in sheet[3]:
            longest = max((display_width(v) for v in column(sheet, header.value) if isinstance(v, str)), default=0)
            if sheet.column_dimensions[header.column_letter].width < min(60, longest):
                narrow[f"{sheet.title}!{header.column_letter}"] = longest
    assert narrow == {}


def test_each_document_points_its_policy_targets_to_where_it_explains_estimates(mini, rendered_html):
    """The monitor of policy targets is shared: the annual report explains estimates in its 说明, the
    evaluation in its section on the data; neither points to a section it does not have, and a
    target mentions estimates only where one enters its figure."""
    evaluation = render.render_html(context.build(mini, 2009), "evaluation.html.j2")
    annual = (rendered_html / "report.html").read_text(encoding="utf-8")
    assert "（见说明）" not in evaluation and "数值为估算值（见第一部分“数据情况”）" in evaluation
    # 2009: every field's totals are published (Tables 2 and 3), so no estimate enters a target's figure
    monitor = annual[annual.index('id="policy-targets"'):annual.index('id="notes"')]
    assert "估算值" not in monitor


def test_a_sheet_says_a_shared_reason_once_for_the_indicators_it_holds_back(mini_raw, build_mini):
    """gamma's 2010 form is quarantined: every indicator of its sheet lacks data for that one reason,
    named once after them all, not once after each."""
    import re

    from tests.evaluation_fixtures import add_year_2010, send_forms
    add_year_2010(mini_raw, {"alpha": "132.00", "beta": "45.00"})
    send_forms(mini_raw, 2010, {"gamma": {"sales": "48,70"}})  # a typing slip: quarantined
    values = context.build(build_mini(mini_raw), 2010)
    html = render.render_html(values, "sheets.html.j2")
    gamma = html[html.index('id="sheet-gamma"'):]
    note = re.sub(r"<[^>]+>", "", re.search(r'<p class="sheet-note">(† .*?)</p>', gamma, re.S).group(1))
    [sheet] = [s for s in values["sheets"] if s["base_id"] == "gamma"]
    held_back = [values["indicator_by_id"][v["indicator_id"]]["label_zh"] for v in sheet["indicators"]
                 if v["no_data_reason_zh"] == "报送数据有错误，暂不汇总"]
    assert len(held_back) > 1 and note.count("报送数据有错误，暂不汇总") == 1
    assert f"无数据：{'、'.join(held_back)}（报送数据有错误，暂不汇总）" in note


def test_the_documents_name_no_file_path_or_table_of_the_database(rendered):
    """A sheet goes to a base office, the report to the ministry: each points to the data by the
    workbook sent with it, not by file paths or the database's names (report.evaluation_flags,
    clause_quote_zh …), which their readers cannot open."""
    import re
    for document in ("sheets.pdf", "evaluation.pdf"):
        for page in pages(rendered / document):
            assert not re.search(r"[a-z]+\.[a-z]+_[a-z_]+|[a-z]+_[a-z]+_[a-z_]+|data/raw", page), (document, page)
    assert all("evaluation.xlsx" in page for page in pages(rendered / "sheets.pdf"))


def test_no_space_inside_chinese_text_in_the_report_or_the_sheets(rendered):
    """As in the annual report (clreq): "2009年", "7家基地中居第3位", never "2009 年"."""
    import pdfplumber

    from tests.test_house_style import spaces_in_chinese
    for name in ("evaluation.pdf", "sheets.pdf"):
        with pdfplumber.open(rendered / name) as pdf:
            found = {number + 1: spaces_in_chinese(page.chars) for number, page in enumerate(pdf.pages)}
        assert {page: spaces for page, spaces in found.items() if spaces} == {}, name


def test_a_year_from_the_published_report_says_its_figures_were_not_submitted(rendered):
    """2009's figures are the published report's and estimates from them: no document says a base
    submitted them, and a value that is no estimate is called 公布, not 实报."""
    report = "".join(pages(rendered / "evaluation.pdf"))
    assert "2009年参评基地4家，各基地数据均取自已公布的年度报告（含据此所作的估算），不是基地报送。" in report
    assert "有通过审核的报送数据" not in report
    for sheet in pages(rendered / "sheets.pdf"):
        assert "位次只在本领域公布数据的基地之间排列" in sheet and "已收到通过审核的报送" not in sheet
        assert "本年度无有效报送商技发〔2006〕6号，四、对各地商务主管部门的工作要求（四是加强信息报送）不适用数据取自已公布的年度报告" in sheet


def test_a_flag_resting_on_an_estimate_is_neither_raised_nor_cleared(rendered):
    """gamma's exports are estimated: its export-threshold flag is not judged, on its sheet or in the report."""
    gamma = pages(rendered / "sheets.pdf")[2]
    assert "出口额低于所在地区认定标准商技发〔2006〕6号，六（二）（2）估算不作判断" in gamma
    assert "本项依据含估算值，不作判断。" in gamma
    report = "".join(pages(rendered / "evaluation.pdf"))
    assert "本年：提示1家，未触发2家，依据含估算值、不作判断1家。" in report  # delta, below the east's threshold


def test_a_sheet_names_its_province_as_officially_named(evaluated):
    """A sheet is addressed to its base: 北京市, 新疆维吾尔自治区, not Table 1's short forms (北京)."""
    folder, values = evaluated
    for text, sheet in zip(pages(folder / "sheets.pdf"), values["sheets"]):
        assert f"序号{sheet['table1_no']}·{sheet['province_std']}·" in text
    assert values["sheets"][0]["province"] == "北京" and "序号1·北京市·" in pages(folder / "sheets.pdf")[0]


def test_a_sheet_says_what_the_intake_doubts_in_the_base_s_figures(rendered):
    """delta's published exports are under the east's threshold (an intake warning): its sheet says so
    beside its figures; a base without warnings gets no such line."""
    alpha, _, _, delta = pages(rendered / "sheets.pdf")
    assert "数据核验提示：“出口额（合计）”为0.01亿美元，低于东部地区高新技术产品出口的认定标准" in delta
    assert "数据核验提示" not in alpha
