"""The rendered PDF, read back as text: every table cell and computed number where it belongs."""
import re

from pipeline import registry
from pipeline.publish.formatting import num
from pipeline.publish.templates import load_yaml


def toc_pages(pages):
    """Indices of the table of contents' pages: the one titled 目录 and those that continue it."""
    first = next(i for i, text in enumerate(pages) if "目 录" in text)
    last = first
    while last + 1 < len(pages) and pages[last + 1].splitlines()[:1] == ["目录"]:
        last += 1
    return range(first, last + 1)


# the marks of corrected figures (①, the item in the corrections annex): read apart, in
# test_corrected_figures_carry_the_mark_of_their_annex_item
MARKS = re.compile("[\u2460-\u2473]")


def body_lines(pages):
    """Lines of the pages after the table of contents, without running headers, page numbers and
    the marks of corrected figures."""
    lines = []
    for text in pages[toc_pages(pages)[-1] + 1:]:
        lines += [MARKS.sub("", line) for line in text.splitlines()[1:-1]]
    return lines


def section(pages, start, end=None):
    """The body text from the line equal to `start` up to the line equal to `end`."""
    lines = body_lines(pages)
    first = lines.index(start)
    last = lines.index(end, first) if end else len(lines)
    return lines[first:last]


def flat(lines):
    """Running text with line breaks and spaces removed (a break may fall on either side of a number)."""
    return re.sub(r"\s+", "", "".join(lines))


def squash(text):
    return re.sub(r"\s+", "", text)


def printed_row(lines, label, values) -> bool:
    """A line that starts with label and prints each value, each rounded to the decimals it shows
    (a table prints a figure with the decimals the original prints it with)."""
    for line in lines:
        words = line.split(" ")
        if words[0] == label and len(words) == len(values) + 1 and all(
                num(v, len(w.partition(".")[2])) == w for v, w in zip(values, words[1:])):
            return True
    return False


def test_table2_rows_are_printed_under_table2(real, pdf_pages):
    lines = section(pdf_pages, "表2 2009年创新基地发展总体情况（按产业类型）", "表3 2009年创新基地特色产业发展情况（按产业类型）")
    for r in real.execute("""select field_zh, output_100m_cny, output_share_pct, sales_100m_cny, sales_share_pct,
                                    exports_100m_usd, exports_share_pct
                             from report.table2_sector_overview where year = 2009 order by row_order""").fetchall():
        assert printed_row(lines, r[0], r[1:]), r


def test_table3_rows_are_printed_under_table3(real, pdf_pages):
    lines = section(pdf_pages, "表3 2009年创新基地特色产业发展情况（按产业类型）", "表4 2009年销售收入超过千亿元的创新基地")
    rows = real.execute("""select field_zh, featured_output_100m_cny, featured_output_share_pct, featured_sales_100m_cny,
                                  featured_sales_share_pct, featured_exports_100m_usd, featured_exports_share_pct
                           from report.table3_featured_industry where year = 2009 order by row_order""").fetchall()
    assert len(rows) == real.execute("select count(*) + 1 from staging.stg_fields").fetchone()[0]  # and the total
    for r in rows:
        assert printed_row(lines, r[0], r[1:]), r


def test_tables_4_and_5_list_every_base_over_the_threshold(real, pdf_pages):
    t4 = flat(section(pdf_pages, "表4 2009年销售收入超过千亿元的创新基地", "表5 2009年出口额超过百亿美元的创新基地"))
    for region, name, sales, featured in real.execute(
            """select region_zh, base_name, sales_100m_cny, featured_sales_100m_cny
               from report.table4_sales_over_1000yi where year = 2009""").fetchall():
        assert squash(f"{region} {name} {num(sales, 2, trim=True)} {num(featured, 2, trim=True)}") in t4
    t5 = flat(section(pdf_pages, "表5 2009年出口额超过百亿美元的创新基地", "表6 2007年至2009年优化结构资金及外贸稳定增长资金支持科技兴贸创新基地情况"))
    assert "电子信息（3家）" in t5
    for region, name, exports, featured in real.execute(
            """select region_zh, base_name, exports_100m_usd, featured_exports_100m_usd
               from report.table5_exports_over_100yi_usd where year = 2009""").fetchall():
        assert squash(f"{region} {name} {num(exports, 2, trim=True)} {num(featured, 2, trim=True)}") in t5


def test_table6_prints_dash_for_not_yet_a_base_and_the_totals(real, pdf_pages):
    lines = section(pdf_pages, "表6 2007年至2009年优化结构资金及外贸稳定增长资金支持科技兴贸创新基地情况",
                    "表7 2006年至2010年科技兴贸专项资金支持情况")
    text = flat(lines)
    rows = real.execute("""select base_name, list(amount_10k_cny order by funding_year) from report.table6_base_funding
                           where year = 2009 and row_kind = 'base' group by base_name, row_order order by row_order""").fetchall()
    assert len(rows) == real.execute("select count(*) from report.table1_bases where year = 2009").fetchone()[0]
    for name, amounts in rows:
        assert squash(f"{name} {' '.join(num(a) for a in amounts)}") in text, name
    totals = [amount for (amount,) in real.execute("""select amount_10k_cny from report.table6_base_funding
                                                      where year = 2009 and row_kind <> 'base' order by row_order, funding_year""").fetchall()]
    assert "合计 " + " ".join(num(a) for a in totals[:-1]) in lines
    assert f"总计 {num(totals[-1])}" in lines
    assert "上海张江高新技术产业开发区 - 350 810" in lines


def test_table7_rows(real, pdf_pages):
    lines = section(pdf_pages, "表7 2006年至2010年科技兴贸专项资金支持情况")
    assert "平台项目（个） 6 7 9 - 15" in lines
    support = [r[0] for r in real.execute("""select support_10k_cny from report.table7_programme_funding
                                             where year = 2009 order by funding_year""").fetchall()]
    assert "支持金额（万元） " + " ".join(map(str, support)) in lines


def test_table1_lists_the_58_bases_in_order(real, pdf_pages):
    text = flat(section(pdf_pages, "表1 国家科技兴贸创新基地名单", "表2 2009年创新基地发展总体情况（按产业类型）"))
    for no, province, name in real.execute("""select table1_no, province, base_name from report.table1_bases
                                              where year = 2009 order by table1_no""").fetchall():
        assert squash(f"{no} {province} {name}") in text


def test_part1_numbers_come_from_the_database(real, pdf_pages):
    text = flat(section(pdf_pages, "一、创新基地的基本面貌", "（一）东部最为集聚，中西部合计过半"))
    fig = dict(real.execute("select figure_id, value from report.computed_figures where year = 2009").fetchall())
    for expected in (f"国家级创新基地已有{num(fig['count.bases'])}家",
                     f"遍布全国{num(fig['count.provinces'])}个省、自治区和直辖市",
                     f"第三批创新基地共{num(fig['batch.3.count'])}个",
                     f"销售收入合计{num(fig['total.sales'], 1)}亿元",
                     f"其中特色产业{num(fig['total.featured_sales'], 1)}亿元",
                     f"深圳高新技术产业园区等{num(fig['count.sales_over_1000'])}家",
                     f"比2008年增加{num(fig['count.sales_over_1000_change'])}家",
                     f"出口额合计{num(fig['total.exports'], 1)}亿美元",
                     f"无锡市{num(fig['count.exports_over_100'])}家基地出口额均超过百亿美元"):
        assert squash(expected) in text, expected


def test_region_shares_sit_under_their_heading(pdf_pages):
    text = flat(section(pdf_pages, "（一）东部最为集聚，中西部合计过半", "（二）新材料、电子信息、生物医药领域基地居多"))
    assert squash("东部地区集中了27家基地，在全部58家中占46.6%；中部地区有17家，占29.3%；西部地区有14家，占24.1%") in text


def test_national_shares_are_the_recomputed_ones(real, pdf_pages):
    text = flat(section(pdf_pages, "（三）国际合作渠道日益拓宽", "（四）专业化、集群化特征明显"))
    fig = dict(real.execute("select figure_id, value from report.computed_figures where year = 2009").fetchall())
    assert squash(f"的 {num(fig['national.exports_share_pct'], 2)}%") in text
    assert num(fig["national.exports_share_pct"], 2) == "22.28"
    assert squash(f"的 {num(fig['national.featured_exports_hightech_share_pct'], 2)}%") in text


def test_specialisation_ranking_puts_marine_chemicals_first(pdf_pages):
    text = flat(section(pdf_pages, "（四）专业化、集群化特征明显", "（五）产业联盟成为协同创新新载体"))
    assert squash("依次是海洋化工（89.41%）、航空航天（83.42%）、精细化工（67.49%）和装备制造（52.49%）") in text
    assert squash("占园区销售收入总额的47.88%") in text


def test_the_notes_list_every_error_once_with_its_consequences_and_the_count(real, rendered, pdf_pages):
    from markupsafe import escape
    html = (rendered / "report.html").read_text(encoding="utf-8")
    rows = real.execute("""select status, why_zh from audit.reconciliation
                           where year = 2009 and status in ('error', 'consequence')""").fetchall()
    for _, why in rows:
        assert html.count(str(escape(why))) == 1
    errors = sum(status == "error" for status, _ in rows)
    assert html.count('<tr class="error" ') == errors
    assert html.count('<tr class="consequence" ') == len(rows) - errors
    text = flat(section(pdf_pages, "说明：资料来源、口径与数据核对", "附表"))
    counts = dict(real.execute("select provenance, count(*) from core.submission_values where year = 2009 group by all").fetchall())
    assert squash(f"公布值{counts['published']}个、推算值{counts['derived']}个、估算值{counts['reconstructed']}个") in text
    assert squash(f"原报告共有错误 {errors} 处") in text


def test_corrected_figures_carry_the_mark_of_their_annex_item(real, pdf_pages):
    """Where the reader meets a corrected figure (a table cell, a table's title, a number in the
    text), it carries the circled number of its error's item in the corrections annex, which
    starts with the same mark; nothing else is marked."""
    from pipeline.publish import context
    from pipeline.publish.templates import circled
    corrections = context.corrections(real, 2009)
    items = context.corrected_items(corrections)
    text = flat(line for page in pdf_pages[toc_pages(pdf_pages)[-1] + 1:] for line in page.splitlines()[1:-1])
    for number, error in enumerate(corrections, 1):
        assert squash(f"{circled(number)}{error['location'][:4]}") in text, error["published_id"]  # its cell may wrap
    for table in ("table4", "table5"):
        title = f"表{registry.table(table).number}2009年{registry.table(table).title.split('年', 1)[1]}"
        assert squash(title) + circled(items[f"t{table[-1]}.title"]) in text, table
    figure = dict(real.execute("select figure_id, value from report.computed_figures where year = 2009").fetchall())
    for published_id, printed in (
            ("t2.agriculture.sales_share", num(figure["field.agriculture.sales_share_pct"], 2)),
            ("text.p2_3.exports_national_share", num(figure["national.exports_share_pct"], 2) + "%"),
            ("text.p2_3.featured_exports", num(figure["total.featured_exports"], 2) + "亿美元"),
            ("text.p2_4.zhongguancun_featured_share", num(figure["base.zhongguancun.featured_sales_share_pct"], 2) + "%")):
        assert f"{printed}{circled(items[published_id])}" in text, published_id
    explained = text.count("（如①）")  # the annex and each marked table say what the marks mean
    assert explained == 1 + len({pid.split(".")[0] for pid in items if re.match(r"t\d\.", pid)})
    annex = text.index("与已公布数据的核对")
    appendix = text.index(registry.table("table1").title, annex)
    outside = (text[:annex] + text[appendix:]).replace("（如①）", "")
    assert set(MARKS.findall(outside)) == {circled(n) for n in items.values()}  # each item marked where it stands


def test_the_cover_is_one_page_and_the_preface_starts_the_next(rendered, pdf_pages):
    """Everything the cover holds (its notes, the issuing ministries last) stands on page 1."""
    html = (rendered / "report.html").read_text(encoding="utf-8")
    cover = re.search(r'<section class="cover">(.*?)</section>', html, re.S).group(1)
    last = re.sub(r"<[^>]+>|\s", "", re.findall(r"<p[^>]*>(.*?)</p>", cover, re.S)[-1])
    assert last and squash(pdf_pages[0]).endswith(last)
    assert "前言" in squash("".join(pdf_pages[1].splitlines()[:3]))


def test_toc_page_numbers_point_at_the_headings(pdf_pages):
    toc = [line for i in toc_pages(pdf_pages) for line in pdf_pages[i].splitlines()[1:-1]]
    entries, pending = [], ""
    for line in toc[1:]:  # after the title 目录
        pending += line  # a long title wraps onto the next line
        if m := re.match(r"(.+?)\s*\.{3,}\s*(\d+)$", pending):
            entries.append((m.group(1).strip(), int(m.group(2))))
            pending = ""
    assert len(entries) == len(load_yaml("outline.yml"))
    for title, page in entries:
        assert squash(title) in [squash(MARKS.sub("", line)) for line in pdf_pages[page - 1].splitlines()[1:]], (title, page)


def test_figures_are_embedded_with_searchable_text(pdf_pages, rendered):
    text = "\n".join(pdf_pages)
    for number, label in enumerate(["基地地区分布", "基地产业领域分布", "基地主体类型分布", "各领域在总产值、销售收入和出口总额中的占比",
                                    "各领域特色产业销售收入占销售收入的比重", "基地获得的资金支持"], start=1):
        assert re.search(rf"图{number} (58家)?{label}", text), label
    assert "东部27家（46.6%）" in text  # the legend of figure 1, text inside the SVG
    assert "占全部基地合计的比重（%）" in text
    assert sorted(p.name for p in (rendered / "figures").iterdir()) == [
        "fig1_region.svg", "fig2_field.svg", "fig3_entity_type.svg", "fig4_field_shares.svg",
        "fig5_featured_sales.svg", "fig6_funding.svg"]


def test_html_edition_is_written_beside_the_pdf(rendered_html):
    html = (rendered_html / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert html.count('<img src="figures/') == len(registry.figures())
