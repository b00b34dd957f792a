"""Render a year's report: Jinja templates → HTML → PDF with WeasyPrint.

Safety: templates autoescape, so a base name holding markup prints as text; WeasyPrint fetches
only files inside report_templates/ and the year's output folder, never the network. A glyph
missing from the fonts fails the render instead of printing a blank box.
Reproducibility: no dates in the PDF, a fixed identifier, SVG ids from a fixed salt.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import jinja2
import weasyprint
import yaml
from markupsafe import Markup
from weasyprint.formatting_structure.boxes import TableBox, TableRowBox
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pipeline import config
from pipeline.publish import cjk_justify
from pipeline.publish.formatting import num, num_zh

# Chinese characters and the full-width punctuation set between them (clreq: no space between them).
CJK = "[\u2e80-\u2fdf\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\u2014\u2018\u2019\u201c\u201d\u2026]"
# A Chinese character, a digit or a per cent sign, then white space (possibly around tags), then a
# Chinese character or a digit: the white space goes when one side is Chinese
# (2009 年 → 2009年, 研发 投入 → 研发投入, 39.72% 降为 → 39.72%降为).
SPACED_PAIR = re.compile(f"({CJK}|[0-9%])((?:[ \\t\\n]|<[^>]*>)+)(?={CJK}|[0-9])")
CHINESE_CHAR = re.compile(CJK)
TAG = re.compile(r"<[^>]*>")


def tighten(html: str) -> str:
    """The HTML without the spaces that YAML folding and template spacing leave inside Chinese text:
    none between two Chinese characters, none between a Chinese character and a digit (clreq,
    and the ministry's 2009年, 78307.81亿元). Spaces between Latin words and inside tags stay."""
    def drop_spaces(match: re.Match) -> str:
        left, run = match.group(1), match.group(2)
        right = match.string[match.end()]
        if not (CHINESE_CHAR.match(left) or CHINESE_CHAR.match(right)):
            return match.group(0)
        return left + "".join(TAG.findall(run))
    return SPACED_PAIR.sub(drop_spaces, html)


class RenderError(RuntimeError):
    """The report cannot be rendered as it should look."""


def load_yaml(name: str):
    return yaml.safe_load((config.TEMPLATES / name).read_text(encoding="utf-8"))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = num
    env.filters["as_printed"] = as_printed
    env.filters["pages_of"] = pages_of
    env.filters["num_zh"] = num_zh
    return env


@jinja2.pass_context
def as_printed(ctx, value, published_id: str, digits: int = 2, trim: bool = False) -> str:
    """The value with as many decimals as the original report prints this figure with (published_id,
    as in data/raw/published: 18099.7, 3263.90, 1807); a figure it does not print: num(value, digits, trim)."""
    decimals = ctx["printed_decimals"].get(published_id)
    return num(value, digits, trim) if decimals is None else num(value, decimals)


@jinja2.pass_context
def pages_of(ctx, rows: list[dict], table_id: str, key: str) -> list[list[dict]]:
    """A long table's rows cut where the printed page turns (the row keys in ctx['page_starts']),
    so that each part prints with its own header, its group labels and, after the first, 续表."""
    starts = set(ctx["page_starts"].get(table_id, ()))
    parts = [[]]
    for r in rows:
        if str(r[key]) in starts and parts[-1]:
            parts.append([])
        parts[-1].append(r)
    return parts


def editorial(env: jinja2.Environment, year: int, context: dict, folder: Path) -> dict:
    """The year's editorial passages, each paragraph rendered as a template of its own."""
    path = folder / f"{year}.yml"
    if not path.exists():
        raise RenderError(f"no editorial text for {year}: write {path} "
                          f"(start from a copy of another year's file)")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))

    def render(text: str) -> Markup:
        return Markup(env.from_string(text).render(context))

    out = {}
    for key, value in raw.items():
        if key.endswith("_boxes"):
            out[key] = [{"title": render(b["title"]), "paragraphs": [render(p) for p in b["paragraphs"]]} for b in value]
        else:
            out[key] = [render(p) for p in value]
    return out


def numbered(env, specs: dict, context: dict) -> dict:
    """Titles of tables and figures rendered with the context; figures numbered in order."""
    out = {}
    for i, (key, spec) in enumerate(specs.items(), start=1):
        spec = dict(spec)
        spec.setdefault("number", i)
        for field in ("title", "caption", "source", "unit"):
            if field in spec:
                spec[field] = env.from_string(str(spec[field])).render(context)
        out[key] = spec
    return out


def with_titles(context: dict, env: jinja2.Environment | None = None) -> dict:
    """The context with the tables' numbers, titles and unit lines (tables.yml) filled in."""
    env = env or environment()
    return {**context, "tables": numbered(env, load_yaml("tables.yml"), context)}


def render_html(context: dict, editorial_dir: Path = config.TEMPLATES / "editorial",
                page_starts: dict[str, list[str]] | None = None) -> str:
    """The report as one HTML document; figures are referenced as figures/<name>.svg.
    page_starts: for print, the rows of each long table that begin a new page (see print_layout)."""
    env = environment()
    context = with_titles(context, env)
    context["page_starts"] = page_starts or {}
    context["next_box_number"] = itertools.count(1).__next__
    context["figures"] = numbered(env, load_yaml("figures.yml"), {**context, "count_bases": num(context["fig"]("count.bases"))})
    context["outline"] = [{**h, "title": env.from_string(h["title"]).render(context)} for h in load_yaml("outline.yml")]
    context["text"] = editorial(env, context["year"], context, editorial_dir)
    context["css"] = Markup((config.TEMPLATES / "style.css").read_text(encoding="utf-8"))
    return tighten(env.get_template("report.html.j2").render(context))


class RestrictedFetcher(URLFetcher):
    """Fetch only local files inside the allowed folders; everything else is refused."""

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)
        self.allowed = [p.resolve() for p in allowed]

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


def print_layout(context: dict, base_dir: Path, fetcher: URLFetcher, options: dict) -> tuple[str, object]:
    """The print edition and its layout. A long table is cut where a page turns, so that each part
    prints with its header, its group labels and 续表; the cut moves the rest down, so the layout
    is repeated until no part runs onto another page (two or three passes)."""
    page_starts: dict[str, set[str]] = {}
    while True:
        html = render_html(context, page_starts={t: sorted(rows) for t, rows in page_starts.items()})
        document = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher).render(**options)
        found = continued_rows(document)
        if all(rows <= page_starts.get(t, set()) for t, rows in found.items()):
            return html, document
        for t, rows in found.items():
            page_starts[t] = page_starts.get(t, set()) | rows


def render_pdf(report: str | dict, base_dir: Path, target: Path, attachments: list[Path] = (), year: int = 2000) -> None:
    """Lay out the report and write the PDF to target: PDF/A-3b, tagged for accessibility, with the
    given files (the tables as CSV) attached inside it. report is a year's context (long tables
    are then cut at page turns, see print_layout) or an HTML string, laid out as it is; relative
    links resolve in base_dir."""
    cjk_justify.install()
    guard = MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(guard)
    fetcher = RestrictedFetcher([config.TEMPLATES, base_dir])
    dated = datetime(year, 12, 31)  # a fixed date keeps two renders byte-identical
    options = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
    try:
        if isinstance(report, str):
            html = report
            document = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher).render(**options)
        else:
            html, document = print_layout(report, base_dir, fetcher, options)
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
        files = [weasyprint.Attachment(filename=str(path), url_fetcher=fetcher, name=path.name,
                                       description=f"{path.stem} (CSV, UTF-8)", created=dated, modified=dated,
                                       relationship="Data")
                 for path in attachments]
        pdf = document.write_pdf(pdf_identifier=identifier, attachments=files, **options)
    finally:
        logger.removeHandler(guard)
    if guard.messages:
        raise RenderError("the fonts lack glyphs the report needs (install fonts-noto-cjk):\n  "
                          + "\n  ".join(sorted(set(guard.messages))))
    target.write_bytes(pdf)
