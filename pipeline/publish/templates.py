"""The report as HTML: the Jinja environment, its filters, the titles and the editorial text.

Templates autoescape, so a base name holding markup prints as text; numbers come only from the
context (pipeline/publish/context.py) through filters such as num. No WeasyPrint here: the
export and the user's error messages use these templates without paying for the PDF layout.
"""
from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

from pipeline import config, registry
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


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja environment of the process: it keeps its compiled templates (a template file
    edited meanwhile is read again), and a print layout renders the report several times."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = num
    env.filters["as_printed"] = as_printed
    env.filters["circled"] = circled
    env.filters["corrected_mark"] = corrected_mark
    env.filters["corrected_figure_mark"] = corrected_figure_mark
    env.filters["pages_of"] = pages_of
    env.filters["num_zh"] = num_zh
    return env


@jinja2.pass_context
def as_printed(ctx, value, published_id: str, digits: int = 2, trim: bool = False) -> Markup:
    """The value with as many decimals as the original report prints this figure with (published_id,
    as in data/raw/published: 18099.7, 3263.90, 1807); a figure it does not print: num(value, digits, trim).
    A figure the report corrects carries the mark of its item in the corrections annex."""
    decimals = ctx["printed_decimals"].get(published_id)
    printed = num(value, digits, trim) if decimals is None else num(value, decimals)
    return escape(printed) + corrected_mark(ctx, published_id)


def circled(number: int) -> str:
    """①, ② …: the numbering that ties a corrected figure to its item in the corrections annex."""
    if not 1 <= number <= 20:
        raise RenderError(f"no circled numeral for item {number}: the corrections annex has more than 20 items")
    return chr(0x2460 + number - 1)


@jinja2.pass_context
def corrected_mark(ctx, published_id: str) -> Markup:
    """The superscript mark (①) of a printed figure the report corrects, where the reader meets it;
    nothing for any other figure, nor in a document without a corrections annex (the evaluation)."""
    return circled_mark(ctx.get("corrected", {}).get(published_id))


@jinja2.pass_context
def corrected_figure_mark(ctx, figure_id: str) -> Markup:
    """corrected_mark for a computed figure (total.featured_exports) printed outside the published sentences."""
    return circled_mark(ctx.get("corrected_figures", {}).get(figure_id))


def circled_mark(item: int | None) -> Markup:
    return Markup(f'<sup class="corrected">{circled(item)}</sup>') if item else Markup("")


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


@functools.lru_cache(maxsize=4096)
def compiled(env: jinja2.Environment, text: str) -> jinja2.Template:
    """A template string (an editorial paragraph, a title) compiled once per process."""
    return env.from_string(text)


def editorial(env: jinja2.Environment, year: int, context: dict, folder: Path) -> dict:
    """The year's editorial passages, each paragraph rendered as a template of its own."""
    path = folder / f"{year}.yml"
    if not path.exists():
        raise RenderError(f"no editorial text for {year}: write {path} "
                          f"(start from a copy of another year's file)")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))

    def render(text: str) -> Markup:
        return Markup(compiled(env, text).render(context))

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
                spec[field] = compiled(env, str(spec[field])).render(context)
        out[key] = spec
    return out


def with_titles(context: dict, env: jinja2.Environment | None = None) -> dict:
    """The context with the tables' numbers, titles and unit lines (report_templates/registry.yml) filled in."""
    env = env or environment()
    specs = {t.id: {"number": t.number, "title": t.title, "unit": t.unit} for t in registry.tables()}
    return {**context, "tables": numbered(env, specs, context)}


def render_html(context: dict, editorial_dir: Path = config.TEMPLATES / "editorial",
                page_starts: dict[str, list[str]] | None = None) -> str:
    """The report as one HTML document; figures are referenced as figures/<name>.svg.
    page_starts: for print, the rows of each long table that begin a new page (see print_layout)."""
    env = environment()
    context = with_titles(context, env)
    context["page_starts"] = page_starts or {}
    context["next_box_number"] = itertools.count(1).__next__
    figures = {f.id: {"title": f.title, "caption": f.caption, "source": f.source} for f in registry.figures()}
    context["figures"] = numbered(env, figures, {**context, "count_bases": num(context["fig"]("count.bases"))})
    context["outline"] = [{**h, "title": compiled(env, h["title"]).render(context)} for h in load_yaml("outline.yml")]
    context["text"] = editorial(env, context["year"], context, editorial_dir)
    context["css"] = Markup((config.TEMPLATES / "style.css").read_text(encoding="utf-8"))
    return tighten(env.get_template("report.html.j2").render(context))
