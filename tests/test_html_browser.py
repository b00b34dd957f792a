"""The HTML edition in a real browser (Debian's Chromium, headless) at desktop and phone widths:
it fits, nothing prints over anything, figure text stays readable, titles break cleanly."""
import re

import pytest
from PIL import Image

from pipeline import registry

MEASURE = """() => ({
    pageWidth: document.documentElement.scrollWidth,
    pageHeight: document.documentElement.scrollHeight,
    viewport: window.innerWidth,
    tables: document.querySelectorAll('table').length,
    images: [...document.images].map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0,
                                            width: i.getBoundingClientRect().width})),
    overflowing: [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('table') && e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName),
    // the tables wider than their box, with how each deals with it
    scrollingTables: [...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.clientWidth + 1)
        .map(t => getComputedStyle(t).overflowX),
    // a cell whose content is wider than the cell prints over its neighbour
    overprinting: [...document.querySelectorAll('td, th')].filter(c => c.scrollWidth > c.clientWidth + 1)
        .map(c => c.textContent),
    // a title whose last line holds a single character ("领/域")
    orphanedTitles: [...document.querySelectorAll('h1, h2, h3, h4, .cover-sub, .figure-title')].filter(e => {
        const text = e.textContent.trim();
        if (text.length < 2) return false;
        const range = document.createRange(), walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
        const tops = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode())
            for (let i = 0; i < node.length; i++) {
                if (!node.data[i].trim()) continue;
                range.setStart(node, i); range.setEnd(node, i + 1);
                tops.push(range.getBoundingClientRect().top);
            }
        return tops.length > 1 && tops[tops.length - 1] > tops[tops.length - 2] + 2;
    }).map(e => e.textContent.trim()),
})"""


def smallest_text_px(svg, rendered_width: float) -> float:
    """The smallest font size of an SVG figure, in screen pixels, drawn rendered_width px wide."""
    source = svg.read_text(encoding="utf-8")
    view_width = float(re.search(r'viewBox="0 0 ([\d.]+)', source).group(1))
    return min(float(size) for size in re.findall(r"font-size: ([\d.]+)px", source)) * rendered_width / view_width


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_html_edition_fits_the_screen(browser, rendered_html, tmp_path, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto((rendered_html / "report.html").as_uri())
    page.wait_for_load_state("load")
    seen = page.evaluate(MEASURE)
    shot = tmp_path / f"report-{width}.jpg"  # JPEG: a tall page encodes in half the time of a PNG
    page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=80)
    page.close()
    with Image.open(shot) as image:  # the whole page, drawn: not one colour
        assert image.size == (width, seen["pageHeight"]) and any(low < high for low, high in image.getextrema())
    assert seen["pageWidth"] == seen["viewport"] == width
    assert seen["overflowing"] == []
    assert seen["tables"] == len(registry.tables()) + 2  # the report's tables, the corrections, the policy-target monitor
    assert [i["src"] for i in seen["images"]] == [f"figures/{f.svg_name}" for f in registry.figures()]
    assert all(i["loaded"] and 0 < i["width"] <= width for i in seen["images"])
    assert seen["overprinting"] == []
    assert seen["orphanedTitles"] == []
    assert {i["src"]: round(smallest_text_px(rendered_html / i["src"], i["width"]), 1) for i in seen["images"]
            if smallest_text_px(rendered_html / i["src"], i["width"]) < 9} == {}
    if width < 500:  # a table wider than the phone scrolls sideways inside itself, never the page
        assert seen["scrollingTables"] and set(seen["scrollingTables"]) == {"auto"}
    else:  # on a desktop every table fits the text column
        assert seen["scrollingTables"] == []


STICKY = """() => [...document.querySelectorAll('table.data')].filter(t => t.scrollWidth > t.clientWidth + 1).map(t => {
    const first = t.querySelector('tbody td[rowspan]') || t.querySelector('tbody tr > td');
    t.scrollLeft = t.scrollWidth;  // to the table's far right
    const last = [...t.querySelectorAll('tbody tr:last-child td')].pop();
    return {table: t.dataset.table, scrolled: t.scrollLeft > 0,
            firstColumnLeft: Math.round(first.getBoundingClientRect().left - t.getBoundingClientRect().left),
            lastCellInView: last.getBoundingClientRect().right <= t.getBoundingClientRect().right + 1,
            cue: getComputedStyle(t, '::before').content};
})"""


def test_a_wide_table_on_a_phone_keeps_its_first_column_and_says_it_scrolls(browser, rendered_html):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((rendered_html / "report.html").as_uri())
    page.wait_for_load_state("load")
    seen = page.evaluate(STICKY)
    page.close()
    assert {t["table"] for t in seen} >= {"table3", "table4", "table6"}
    for table in seen:  # scrolled to its end, the table still shows its first column at its left edge
        assert table["scrolled"] and table["lastCellInView"] and abs(table["firstColumnLeft"]) <= 1, table
        assert "左右滑动" in table["cue"], table


def test_on_a_desktop_no_table_says_it_scrolls(browser, rendered_html):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((rendered_html / "report.html").as_uri())
    page.wait_for_load_state("load")
    cues = page.evaluate("() => [...document.querySelectorAll('table.data')].map(t => getComputedStyle(t, '::before').content)")
    page.close()
    assert cues and set(cues) == {"none"}
