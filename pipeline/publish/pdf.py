"""Draw a year's report as PDF with WeasyPrint, from the HTML of pipeline/publish/templates.py.

Safety: WeasyPrint fetches only files inside report_templates/ and the year's output folder, never
the network. A glyph missing from the fonts fails the render instead of printing a blank box.
Reproducibility: no dates in the PDF, a fixed identifier, SVG ids from a fixed salt.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import re
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import weasyprint
from markupsafe import escape
from weasyprint.formatting_structure.boxes import BlockBox, LineBox, TableBox, TableRowBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pipeline import config
from pipeline.publish import cjk_justify, fonts
from pipeline.publish.templates import RenderError, render_html


class RestrictedFetcher(URLFetcher):
    """Fetch only local files inside the allowed folders; everything else is refused."""

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)
        self.allowed = [p.resolve() for p in (*allowed, fonts.FOLDER)]  # and the house faces (fonts.py)

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise ValueError(f"the report may not load {url}: only files of the project are allowed")
        path = Path(url2pathname(parsed.path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed):
            raise ValueError(f"the report may not load {path}: it is outside {', '.join(map(str, self.allowed))}")
        return URLFetcherResponse(url, body=path.read_bytes(),
                                             headers={"Content-Type": mime_type(path)})


def mime_type(path: Path) -> str:
    return {".svg": "image/svg+xml", ".css": "text/css", ".png": "image/png"}.get(path.suffix, "application/octet-stream")


class MissingGlyphs(logging.Handler):
    """Collect WeasyPrint's warnings about glyphs no font has, so the render can fail on them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if ".notdef glyph" in message or "cannot be loaded" in message:
            self.messages.append(message)


@contextmanager
def house_layout(what_needs: str):
    """WeasyPrint as the house lays out (Chinese lines justified by cjk_justify), and a glyph that no
    font has fails the block once it is done, naming what_needs it ("the report needs")."""
    cjk_justify.install()
    guard = MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(guard)
    try:
        yield
    finally:
        logger.removeHandler(guard)
    if guard.messages:
        raise RenderError(f"the fonts lack glyphs {what_needs} (install fonts-noto-cjk):\n  "
                          + "\n  ".join(sorted(set(guard.messages))))


# PDF/A-3b, tagged for accessibility: the report, the evaluation and its sheets alike
PDF_OPTIONS = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}


def identifier(html: str) -> bytes:
    """The PDF's fixed identifier, from its HTML: the same document gives the same bytes."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()


def continued_rows(document) -> dict[str, set[str]]:
    """The rows (data-row) with which a laid-out table (data-table) goes on onto a new page."""
    first_page_of, starts = {}, {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            if not isinstance(box, TableBox) or box.element.get("data-table") is None:
                continue
            first_row = next((row for row in box.descendants()
                              if isinstance(row, TableRowBox) and row.element.get("data-row") is not None), None)
            if first_row is not None and first_page_of.setdefault(box.element, number) < number:
                starts.setdefault(box.element.get("data-table"), set()).add(first_row.element.get("data-row"))
    return starts


# A page is full enough when its text reaches this far down its text block; a page that a figure
# too tall for its foot leaves emptier has the text after the figure brought up (figures_to_defer).
FULL_ENOUGH = 0.8
HEADINGS = {"h1", "h2", "h3", "h4"}
# a paragraph is brought up into a page's foot, split, only where two of its lines fit (orphans: 2)
LINES_OF_A_SPLIT = 2


def text_bottom(page_box) -> float:
    """How far down its page the report's text and figures reach (line boxes; running heads left out)."""
    root = page_box.children[0]
    return max((line.position_y + line.height for line in root.descendants() if isinstance(line, LineBox)),
               default=page_box.content_box_y())


def figures_to_defer(document) -> dict[str, int]:
    """How many of the blocks after each figure should come before it. A figure too tall for the
    foot of a page goes to the next one and leaves a hole (page breaks never split a figure); a
    typesetter then brings the following text up into the hole and sets the figure after it, as the
    text allows: the blocks that fit whole, then a paragraph that splits across the page turn, never
    a heading without what it heads. The count is of the figure's siblings, so it stays in its part."""
    deferred = {}
    for before, page in zip(document.pages, document.pages[1:]):
        box = page._page_box
        top, block = box.content_box_y(), box.height
        hole = top + block - text_bottom(before._page_box)
        if hole <= (1 - FULL_ENOUGH) * block:
            continue
        for parent in box.children[0].descendants():
            if not isinstance(parent, BlockBox):
                continue
            for index, child in enumerate(parent.children):
                if (child.element_tag == "figure" and child.element is not parent.element
                        and child.element.get("id") and child.position_y <= top + 1):
                    count = blocks_to_bring_up(parent.children[index + 1:], hole)
                    if count:
                        deferred[child.element.get("id")] = count
    return deferred


def blocks_to_bring_up(following: list, hole: float) -> int:
    """How many of the blocks `following` a figure fill a hole of that height before it."""
    count, used = 0, 0.0
    for block in following:
        if used + block.margin_height() <= hole:
            used += block.margin_height()
        elif block.element_tag == "p" and hole - used >= LINES_OF_A_SPLIT * block.children[0].height:
            used = hole
        else:
            break
        count += 1
    while count and following[count - 1].element_tag in HEADINGS and count < len(following):
        count += 1
    return count


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")  # the templates escape any > inside a value


def sibling_ends(html: str) -> list[int]:
    """Where each element ends in html (offsets) that has the same parent as html's start, up to
    the end of that parent."""
    depth, ends = 0, []
    for tag in TAG.finditer(html):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in VOID_ELEMENTS or tag.group(0).endswith("/>"):
            continue
        depth += -1 if closing else 1
        if depth < 0:
            break
        if depth == 0:
            ends.append(tag.end())
    return ends


def with_figures_deferred(html: str, deferred: dict[str, int]) -> str:
    """html with each figure set after the number of following blocks that figures_to_defer gives."""
    for name, count in sorted(deferred.items()):
        start = html.index(f'<figure id="{name}"')
        end = html.index("</figure>", start) + len("</figure>")
        ends = sibling_ends(html[end:])
        if not ends:
            continue
        cut = end + ends[min(count, len(ends)) - 1]
        html = html[:start] + html[end:cut] + html[start:end] + html[cut:]
    return html


APPENDIX = '<section class="part appendix">'
# A layout that has not settled after this many passes of the appendix is a fault of the templates.
MOST_PASSES = 8


def appendix_only(html: str, first_page: int) -> str:
    """The document's head and its appendix alone, its pages numbered from first_page. The
    appendix starts a page of its own, so its tables break where they break in the whole report."""
    head, body = html.index("</head>"), html.index("<body>") + len("<body>")
    numbering = f"<style>@page :first {{ counter-reset: page {first_page - 1}; counter-increment: page 1 }}</style>"
    return (html[:head] + numbering + html[head:body] + "<main>"
            + html[html.index(APPENDIX):html.index("</main>")] + "</main></body></html>")


def body_only(html: str, appendix_anchors: list[list[str]]) -> str:
    """The report without its appendix, followed by a blank page for each page of the appendix
    that holds the appendix's anchors (ids) where the appendix holds them: the table of contents
    reads the appendix's page numbers from them (target-counter). The blank pages are dropped."""
    stand_ins = "".join('<div style="break-before: page">' + "".join(f'<div id="{escape(name)}"></div>' for name in names)
                        + "</div>" for names in appendix_anchors)
    return html[:html.index(APPENDIX)] + stand_ins + html[html.index("</main>"):]


def laid_out(html: str, base_dir: Path, fetcher: URLFetcher, options: dict,
             font_config: FontConfiguration):
    """The layout of html as the project lays it out (its fetcher and PDF options). The passes of one
    report share font_config: its fonts are loaded once, and pages laid out apart can be joined."""
    return weasyprint.HTML(string=with_house_faces(html), base_url=str(base_dir) + "/", url_fetcher=fetcher).render(
        font_config=font_config, **options)


def with_house_faces(html: str) -> str:
    """html with the @font-face rules of the cut house faces (fonts.py), which only a PDF's layout reads."""
    return html.replace("</head>", f"<style>{fonts.font_face_css()}</style></head>", 1)


def print_layout(context: dict, base_dir: Path, fetcher: URLFetcher, options: dict) -> tuple[str, object]:
    """The print edition and its layout. A long table is cut where a page turns, so that each part
    prints with its header, its group labels and 续表 (pages_of in templates.py cuts the rows,
    table_heading in report_templates/macros.html.j2 prints 续表); the cut moves the rest down, so
    the appendix (alone: the cuts change nothing before it) is laid out again until no part runs
    onto another page, usually twice; a long table of the body (the corrections annex) is cut alike,
    and the body laid out again. The body is laid out between the appendix's passes: it
    gives the appendix its first page number and takes from it the pages of its headings for the
    table of contents. A figure that a page turn pushes down past a hole is set after the text that
    fills the hole (figures_to_defer), and the body laid out again. The two layouts are then joined
    page by page: the whole report is never laid out."""
    fonts = FontConfiguration()  # shared, so that the joined pages share their fonts
    page_starts: dict[str, set[str]] = {}
    first_page, body_html, body, body_pages = 1, None, None, 0
    deferred: dict[str, int] = {}
    for _ in range(MOST_PASSES):
        html = with_figures_deferred(render_html(context, page_starts={t: sorted(rows) for t, rows in page_starts.items()}),
                                     deferred)
        appendix = laid_out(appendix_only(html, first_page), base_dir, fetcher, options, fonts)
        found = continued_rows(appendix)
        anchors = [sorted(page.anchors) for page in appendix.pages]
        holes: dict[str, int] = {}  # a body unchanged since the last deferral has none left to fill
        if (without_appendix := body_only(html, anchors)) != body_html:
            body_html = without_appendix
            body = laid_out(body_html, base_dir, fetcher, options, fonts)
            body_pages = len(body.pages) - len(anchors)
            holes = figures_to_defer(body)
            body_cuts = continued_rows(body)  # the body's long tables (the corrections annex) are cut alike
        found |= body_cuts  # tables are either in the body or in the appendix
        if not holes and first_page == body_pages + 1 and all(rows <= page_starts.get(t, set()) for t, rows in found.items()):
            return html, body.copy(body.pages[:body_pages] + appendix.pages)
        first_page = body_pages + 1
        for t, rows in found.items():
            page_starts[t] = page_starts.get(t, set()) | rows
        for name, count in holes.items():
            deferred[name] = deferred.get(name, 0) + count
    raise RenderError(f"the print layout did not settle in {MOST_PASSES} passes: the tables' cuts at "
                      f"page turns or the figures set after the text keep moving ({page_starts}, {deferred})")


@contextmanager
def cycle_collection_paused():
    """Python's cycle collector off, then back as it was. A layout makes millions of objects and
    few cycles: the collector's passes over them took a quarter of a layout. Processes forked meanwhile
    (the evaluation's sheets) inherit it off, so no pass writes to the pages they share with the parent."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cycle_collection_paused()
def render_pdf(report: str | dict, base_dir: Path, target: Path, attachments: list[Path] = (), year: int = 2000) -> str:
    """Lay out the report and write the PDF to target: PDF/A-3b, tagged for accessibility, with the
    given files (the tables as CSV) attached inside it. report is a year's context (long tables
    are then cut at page turns, see print_layout) or an HTML string, laid out as it is; relative
    links resolve in base_dir. Returns the HTML laid out: given again as report, it gives the same PDF."""
    fetcher = RestrictedFetcher([config.TEMPLATES, base_dir])
    dated = datetime(year, 12, 31)  # a fixed date keeps two renders byte-identical
    with house_layout("the report needs"):
        if isinstance(report, str):
            html = report
            document = laid_out(html, base_dir, fetcher, PDF_OPTIONS, FontConfiguration())
        else:
            html, document = print_layout(report, base_dir, fetcher, PDF_OPTIONS)
        files = [weasyprint.Attachment(filename=str(path), url_fetcher=fetcher, name=path.name,
                                       description=f"{path.stem} (CSV, UTF-8)", created=dated, modified=dated,
                                       relationship="Data")
                 for path in attachments]
        pdf = document.write_pdf(pdf_identifier=identifier(html), attachments=files, **PDF_OPTIONS)
    target.write_bytes(pdf)
    return html
