"""The print layout lays out the body once and the appendix alone, then joins their pages: the
joined pages are those a single layout of the whole report gives, box by box (text, place,
page numbers and running titles), table of contents included."""
import weasyprint

from pipeline import config
from pipeline.publish import cjk_justify, context, pdf


def boxes(document) -> list[tuple]:
    """Every box of every page: its kind, its place and its text."""
    return [(number, type(box).__name__, round(box.position_x, 3), round(box.position_y, 3), getattr(box, "text", None))
            for number, page in enumerate(document.pages) for box in page._page_box.descendants()]


def test_the_joined_pages_are_those_of_one_layout_of_the_whole(real, rendered):
    cjk_justify.install()
    fetcher = pdf.RestrictedFetcher([config.TEMPLATES, rendered])
    options = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
    html, joined = pdf.print_layout(context.build(real, 2009), rendered, fetcher, options)
    whole = weasyprint.HTML(string=html, base_url=f"{rendered}/", url_fetcher=fetcher).render(**options)
    assert '<p class="table-title continued"' in html  # the 2009 appendix has tables cut at a page turn
    assert len(joined.pages) == len(whole.pages)
    assert boxes(joined) == boxes(whole)
