"""Render a year's report: Jinja templates → HTML → PDF with WeasyPrint.

Safety: templates autoescape, so a base name holding markup prints as text; WeasyPrint fetches
only files inside report_templates/ and the year's output folder, never the network. A glyph
missing from the fonts fails the render instead of printing a blank box.
Reproducibility: no dates in the PDF, a fixed identifier, SVG ids from a fixed salt.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import jinja2
import weasyprint
import yaml
from markupsafe import Markup
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pipeline import config
from pipeline.formatting import num, num_zh


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
    env.filters["num_zh"] = num_zh
    return env


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


def render_html(context: dict, editorial_dir: Path = config.TEMPLATES / "editorial") -> str:
    """The report as one HTML document; figures are referenced as figures/<name>.svg."""
    env = environment()
    context = with_titles(context, env)
    context["figures"] = numbered(env, load_yaml("figures.yml"), {**context, "count_bases": num(context["fig"]("count.bases"))})
    context["outline"] = [{**h, "title": env.from_string(h["title"]).render(context)} for h in load_yaml("outline.yml")]
    context["text"] = editorial(env, context["year"], context, editorial_dir)
    context["css"] = Markup((config.TEMPLATES / "style.css").read_text(encoding="utf-8"))
    return env.get_template("report.html.j2").render(context)


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


def render_pdf(html: str, base_dir: Path, target: Path, attachments: list[Path] = (), year: int = 2000) -> None:
    """Lay out html (relative links resolve in base_dir) and write the PDF to target: PDF/A-3b,
    tagged for accessibility, with the given files (the tables as CSV) attached inside it."""
    guard = MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(guard)
    fetcher = RestrictedFetcher([config.TEMPLATES, base_dir])
    dated = datetime(year, 12, 31)  # a fixed date keeps two renders byte-identical
    try:
        document = weasyprint.HTML(string=html, base_url=str(base_dir) + "/", url_fetcher=fetcher)
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
        files = [weasyprint.Attachment(filename=str(path), url_fetcher=fetcher, name=path.name,
                                       description=f"{path.stem} (CSV, UTF-8)", created=dated, modified=dated,
                                       relationship="Data")
                 for path in attachments]
        pdf = document.write_pdf(pdf_identifier=identifier, pdf_variant="pdf/a-3b", pdf_tags=True,
                                 attachments=files)
    finally:
        logger.removeHandler(guard)
    if guard.messages:
        raise RenderError("the fonts lack glyphs the report needs (install fonts-noto-cjk):\n  "
                          + "\n  ".join(sorted(set(guard.messages))))
    target.write_bytes(pdf)
