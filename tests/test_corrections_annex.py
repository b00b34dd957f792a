"""The corrections annex on a phone: every number of the table fits its cell."""

CELLS = """() => [...document.querySelectorAll('table.corrections td')].map(td => ({
    text: td.textContent.slice(0, 30), overflows: td.scrollWidth > td.clientWidth + 1,
    right: td.getBoundingClientRect().right, next: td.nextElementSibling
        ? td.nextElementSibling.getBoundingClientRect().left : null}))"""


def test_the_corrections_print_apart_at_phone_width(browser, real, rendered_html):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((rendered_html / "report.html").as_uri())
    page.wait_for_load_state("load")
    cells = page.evaluate(CELLS)
    page.close()
    [(corrected, retitled)] = real.execute("""select count(*), count(*) filter (where published_id like 't_.title')
                                              from audit.reconciliation
                                              where year = 2009 and status in ('error', 'consequence')""").fetchall()
    # each error and each consequence, four columns each; a wrong title spans the two of numbers with one cell
    assert len(cells) == 4 * corrected - retitled
    assert sum(c["text"] == "更正标题" for c in cells) == retitled
    assert [c["text"] for c in cells if c["overflows"]] == []
    assert [c["text"] for c in cells if c["next"] is not None and c["right"] > c["next"] + 1] == []
