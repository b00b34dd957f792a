"""The HTML edition in a real browser (Debian's Chromium, headless) at desktop and phone widths."""
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
MEASURE = """() => ({
    pageWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    tables: document.querySelectorAll('table').length,
    images: [...document.images].map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0,
                                            width: i.getBoundingClientRect().width})),
    overflowing: [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('table') && e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName),
    scrollingTables: [...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.clientWidth + 1).length,
})"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    assert shutil.which("chromium"), "Chromium is missing: make test installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_html_edition_fits_the_screen(browser, rendered, tmp_path, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto((rendered / "report.html").as_uri())
    page.wait_for_load_state("load")
    seen = page.evaluate(MEASURE)
    shot = tmp_path / f"report-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    assert shot.stat().st_size > 50_000
    assert seen["pageWidth"] == seen["viewport"] == width
    assert seen["overflowing"] == []
    assert seen["tables"] == 10  # Tables 1–7, provenance, discrepancies, policy-target monitor
    assert [i["src"] for i in seen["images"]] == [f"figures/{n}.svg" for n in (
        "fig1_region", "fig2_field", "fig3_entity_type", "fig4_field_shares", "fig5_featured_sales", "fig6_funding")]
    assert all(i["loaded"] and 0 < i["width"] <= width for i in seen["images"])
    if width < 500:
        assert seen["scrollingTables"] >= 3  # wide tables scroll inside themselves instead of the page
