"""Lay out the evaluation report and the feedback sheets in the annual report's house style.

The report's own style.css is read at render time and the evaluation's additions
(report_templates/evaluation/evaluation.css) follow it, so a change to the house style reaches
the evaluation too. The 58 sheets are laid out once, as one document; each base's PDF is its
page of that document, so a sheet that runs over one page fails the render, naming the base.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import weasyprint
import yaml
from markupsafe import Markup

from pipeline import config
from pipeline.publish.render import MissingGlyphs, RenderError, RestrictedFetcher, environment, load_yaml, render_pdf

EVALUATION_TEMPLATES = config.TEMPLATES / "evaluation"


def house_css() -> Markup:
    """The report's stylesheet followed by the evaluation's additions."""
    return Markup("\n".join((folder / name).read_text(encoding="utf-8") for folder, name in (
        (config.TEMPLATES, "style.css"), (EVALUATION_TEMPLATES, "evaluation.css"))))


def render_html(context: dict, template: str) -> str:
    """One of the evaluation's documents (evaluation.html.j2 or sheets.html.j2) as HTML."""
    env = environment()
    outline = yaml.safe_load((EVALUATION_TEMPLATES / "outline.yml").read_text(encoding="utf-8"))
    context = {**context, "css": house_css(), "table6_number": load_yaml("tables.yml")["table6"]["number"],
               "outline": [{**h, "title": env.from_string(h["title"]).render(context)} for h in outline]}
    return env.get_template(f"evaluation/{template}").render(context)


def write_report(html: str, folder: Path, target: Path, year: int) -> None:
    """The evaluation report as PDF/A-3b, tagged, like the annual report."""
    render_pdf(html, folder, target, [], year)


def write_sheets(html: str, base_ids: list[str], folder: Path, combined: Path, sheet_path) -> list[Path]:
    """All sheets in one PDF and one PDF per base (sheet_path(base_id) names it); each sheet one page."""
    guard = MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(guard)
    try:
        document = weasyprint.HTML(string=html, base_url=str(folder) + "/",
                                   url_fetcher=RestrictedFetcher([config.TEMPLATES, folder])).render()
    finally:
        logger.removeHandler(guard)
    if guard.messages:
        raise RenderError("the fonts lack glyphs the sheets need (install fonts-noto-cjk):\n  "
                          + "\n  ".join(sorted(set(guard.messages))))
    starts = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("sheet-"):
                starts[anchor.removeprefix("sheet-")] = number
    for expected, base_id in enumerate([*base_ids, None]):
        start = starts.get(base_id, -1) if base_id else len(document.pages)
        if start != expected:
            runs_over = base_ids[max(expected - 1, 0)]
            raise RenderError(f"the feedback sheet of {runs_over} does not fit on one page "
                              f"({len(document.pages)} pages for {len(base_ids)} bases): shorten its text or the CSS")
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    options = {"pdf_identifier": identifier, "pdf_variant": "pdf/a-3b", "pdf_tags": True}
    document.write_pdf(combined, **options)
    written = [combined]
    for base_id in base_ids:
        path = sheet_path(base_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        document.copy([document.pages[starts[base_id]]]).write_pdf(path, **options)
        written.append(path)
    return written
