"""The report in a ministry report's house style (clreq): serif body and sans headings, no space
inside Chinese text, tables at the published precision, long tables continued with 续表, the
header and the row group's label, small tables whole, no page left half empty, numbered 专栏."""
import re
from html.parser import HTMLParser

import pdfplumber
import yaml

from pipeline import config
from pipeline.publish import context
from pipeline.publish.templates import circled

CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff60]")


def spaces_in_chinese(chars: list[dict]) -> list[str]:
    """Each space glyph of the PDF that sits between two Chinese characters or a Chinese character
    and a digit, with its neighbours."""
    found = []
    for before, space, after in zip(chars, chars[1:], chars[2:]):
        a, b = before["text"], after["text"]
        if space["text"] == " " and (CHINESE.match(a) or a.isdigit()) and (CHINESE.match(b) or b.isdigit()) \
                and not (a.isdigit() and b.isdigit()):
            found.append(f"{a} {b}")
    return found


def spaced_chinese(text: str) -> list[str]:
    """The spaces of a text (a workbook's cell) between two Chinese characters or a Chinese
    character and a digit, as spaces_in_chinese finds them in a PDF."""
    return spaces_in_chinese([{"text": character} for character in text])


def test_the_check_finds_a_space_between_chinese_characters(tmp_path):
    from pipeline.publish.pdf import render_pdf
    render_pdf('<html lang="zh-CN"><p>研发投入 在增加，2009 年</p></html>', tmp_path, tmp_path / "x.pdf")
    with pdfplumber.open(tmp_path / "x.pdf") as document:
        assert spaces_in_chinese(document.pages[0].chars) == ["入 在", "9 年"]
    assert spaced_chinese("研发投入 在增加，2009 年 and 2009 2010") == ["入 在", "9 年"]


def test_no_space_inside_chinese_text_anywhere_in_the_pdf(pdf_read):
    found = {n + 1: spaces_in_chinese(page["chars"]) for n, page in enumerate(pdf_read)}
    assert {page: spaces for page, spaces in found.items() if spaces} == {}


def test_body_is_serif_and_headings_are_sans(pdf_read):
    fonts = {}
    for page in pdf_read:
        for c in page["chars"]:
            if CHINESE.match(c["text"]):
                fonts[c["fontname"]] = fonts.get(c["fontname"], 0) + 1
    body = max(fonts, key=fonts.get)
    assert "House-Serif" in body and "Bold" not in body  # the serif face cut for PDFs (pipeline/publish/fonts.py)
    part_titles = [c for page in pdf_read[1:] for c in page["chars"] if c["size"] > 15]  # after the cover
    assert part_titles and all("House-Sans-Bold" in c["fontname"] for c in part_titles)


class Cells(HTMLParser):
    """The cells of the report's tables: {(data-table, data-row): [cell text, ...]}."""

    def __init__(self):
        super().__init__()
        self.rows, self.table, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.table = attrs.get("data-table")
        elif tag == "tr" and self.table and "data-row" in attrs:
            self.row = self.rows.setdefault((self.table, attrs["data-row"]), [])
        elif tag == "td" and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_table_cells_print_as_the_original_prints_them(real, rendered_html):
    parser = Cells()
    parser.feed((rendered_html / "report.html").read_text(encoding="utf-8"))
    measures = ["output", "output_share", "sales", "sales_share", "exports", "exports_share"]
    published = real.execute("""select published_id, published_value, status from audit.reconciliation
                                where year = 2009 and regexp_matches(published_id, '^t[2-5]\\.')
                                  and unit not in ('flag', 'field_order', 'region_order', 'bases')""").fetchall()
    [(cells,)] = real.execute("""select 6 * (select count(*) from report.table2_sector_overview where year = 2009)
                                      + 6 * (select count(*) from report.table3_featured_industry where year = 2009)
                                      + 2 * (select count(*) from report.table4_sales_over_1000yi where year = 2009)
                                      + 2 * (select count(*) from report.table5_exports_over_100yi_usd where year = 2009)
                               """).fetchall()
    assert len(published) == cells  # every amount and share of Tables 2–5 is a published figure
    printed = {}
    for (table, row), cells in parser.rows.items():
        if table in ("table2", "table3"):
            printed |= {f"t{table[-1]}.{row}.{m}": cell for m, cell in zip(measures, cells[1:])}
        elif table in ("table4", "table5"):
            measure = "sales" if table == "table4" else "exports"
            printed |= {f"t{table[-1]}.{row}.{measure}": cells[-2], f"t{table[-1]}.{row}.featured_{measure}": cells[-1]}
    items = context.corrected_items(context.corrections(real, 2009))
    for published_id, value, status in published:
        if published_id not in items:  # a match, or rounding: reproduced, so printed as published
            assert status in ("match", "rounding") and printed[published_id] == value, published_id
        else:  # a corrected figure prints with as many decimals as the original, marked with its annex item
            number, mark = printed[published_id][:-1], printed[published_id][-1]
            assert mark == circled(items[published_id]), published_id
            assert len(number.partition(".")[2]) == len(value.partition(".")[2]), published_id
    assert {printed["t2.electronics.output"], printed["t2.equipment.output"], printed["t4.ningbo_beilun.sales"]} \
        == {"18099.7", "3263.90", "1807"}


def page_lines(pdf_pages: list[str]) -> list[list[str]]:
    return [text.splitlines() for text in pdf_pages]


def test_a_long_table_continues_with_its_number_header_and_group_label(real, pdf_pages):
    pages = page_lines(pdf_pages)
    groups = dict(real.execute("""select base_name, batch_zh from report.table6_base_funding
                                  where year = 2009 and row_kind = 'base'""").fetchall())
    continued = {}
    for n, lines in enumerate(pages):
        for number in ("1", "6"):
            if f"续表{number}" in lines:
                continued.setdefault(number, []).append(n)
    assert set(continued) == {"1", "6"}
    for n in continued["6"]:
        lines = pages[n]
        header = lines.index("批次 基地名称 2007年 2008年 2009年")
        first_base = next(name for name in groups if any(line.startswith(name) or f" {name} " in line
                                                         for line in lines[header + 1:header + 3]))
        assert groups[first_base] in " ".join(lines), (n, first_base)
    for n in continued["1"]:
        assert "序号 所在省市 基地名称 所属领域 建设主体 批次" in pages[n]


def test_the_corrections_annex_continues_under_its_header_with_xubiao(real, pdf_pages):
    """The annex in the notes is cut where a page turns, as the appendix's tables are: every page it
    runs onto starts with 续表 and its header, and every error and consequence it lists is printed once."""
    pages = page_lines(pdf_pages)
    header = "位置 原报告 更正 依据"
    on = [n for n, lines in enumerate(pages) if header in lines]
    assert len(on) >= 2  # the 2009 annex runs over a page turn
    for n in on[1:]:
        assert pages[n][1:3] == ["续表", header], n  # under the running head
    [(listed,)] = real.execute("""select count(*) from audit.reconciliation
                                  where year = 2009 and status in ('error', 'consequence')""").fetchall()
    rows = sum(1 for n in on for line in pages[n] if line.startswith(("随之有误", *"①②③④⑤⑥⑦⑧⑨⑩")))
    assert rows == listed


def test_a_table_of_a_page_or_less_is_never_split(real, rendered, pdf_pages):
    html = (rendered / "report.html").read_text(encoding="utf-8")
    for table in ("table2", "table3", "table4", "table5", "table7"):
        title = re.sub("<[^>]+>", "", re.search(f'<h2 id="{table}" class="table-title">(.*?)</h2>', html).group(1))
        title = title.replace("\u3000", " ")
        on = [n for n, text in enumerate(pdf_pages) if any(title in line and ".." not in line for line in text.splitlines())]
        assert len(on) == 1, title
        last_row = re.findall(f'data-table="{table}".*?</table>', html, re.S)[0].rsplit("<tr", 1)[1]
        last_cell = re.findall(r"<td[^>]*>([^<]*)</td>", last_row)[-1]
        assert last_cell in pdf_pages[on[0]], (title, last_cell)


def test_no_table_header_breaks_inside_a_word(pdf_pages):
    text = "\n".join(pdf_pages)
    for header in ("特色产业销售收入", "特色产业出口额", "出口总额（亿美元）"):
        assert header in text


def test_every_page_is_three_quarters_full_except_before_a_part(rendered, pdf_read, pdf_pages):
    """A figure too tall for a page's foot leaves no hole there: the text after it fills the page
    (pdf.figures_to_defer). Only a part's last page ends short, or the page before a box that ends its part."""
    html = (rendered / "report.html").read_text(encoding="utf-8")
    parts = [re.sub(r"<[^>]+>|\s", "", t) for t in re.findall(r"<h1[^>]*>(.*?)</h1>", html)]
    pages = page_lines(pdf_pages)
    top, bottom = 2.4 / 2.54 * 72, pdf_read[0]["height"] - 2.2 / 2.54 * 72
    short = []
    for n, page in enumerate(pdf_read[1:-1], start=1):
        marks = [o["bottom"] for o in page["chars"] + page["marks"] if top < o["top"] and o["bottom"] < bottom]
        used = (max(marks) - top) / (bottom - top) if marks else 0
        def starts_a_part(k: int) -> bool:
            return k < len(pages) and any(re.sub(r"\s", "", line) in parts for line in pages[k][1:3])
        # a box (专栏) is never split: one too tall for the page's foot that ends its part leaves nothing to bring up
        box_ends_the_part = pages[n + 1][1].startswith("专栏") and starts_a_part(n + 2)
        if used < 0.75 and not starts_a_part(n + 1) and not box_ends_the_part:
            short.append((n + 1, round(used, 2)))
    assert short == []


def test_boxes_are_numbered_in_order_across_the_report(pdf_pages):
    editorial = yaml.safe_load((config.TEMPLATES / "editorial" / "2009.yml").read_text(encoding="utf-8"))
    count = sum(len(v) for k, v in editorial.items() if k.endswith("_boxes"))
    text = "".join(pdf_pages)
    numbers = [int(n) for n in re.findall(r"专栏(\d+)", text)]
    assert count and numbers == list(range(1, count + 1))


def test_figure_text_is_no_larger_than_the_body_text(pdf_read):
    sizes = {round(c["size"], 1) for page in pdf_read for c in page["chars"]
             if ("Noto-Sans-CJK-SC" in c["fontname"] or "House-Sans" in c["fontname"])
             and "Bold" not in c["fontname"]}  # figures (their SVG names the whole face) and running heads
    assert sizes and max(sizes) <= 10.5


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text))


def test_the_only_latin_words_are_the_names_the_narrative_gives(pdf_pages):
    """No English, file path or provenance code in the Chinese text: a word in Latin letters is a
    name that the editorial text or a narrative fact prints (LED, IBM, FACC, SUNTECH …)."""
    import csv

    from tests.test_templates_have_no_numbers import JINJA, strings
    document = yaml.safe_load((config.TEMPLATES / "editorial" / "2009.yml").read_text(encoding="utf-8"))
    editorial = " ".join(JINJA.sub(" ", s) for s in strings(document))
    with open(config.RAW / "published" / "narrative_facts_2009.csv", encoding="utf-8") as f:
        facts = " ".join(row["printed"] for row in csv.DictReader(f))
    names = {w for w in latin_words(editorial) | latin_words(facts) if not w.islower()}  # not the base ids
    found = {n + 1: latin_words(text) - names for n, text in enumerate(pdf_pages)}
    assert {page: words for page, words in found.items() if words} == {}
