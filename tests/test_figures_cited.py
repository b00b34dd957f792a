"""Every figure is cited in the text where its content is discussed (（见图N）), before the figure
itself, by the number it is printed with (figures are numbered in registry order)."""
import re

from pipeline import registry


def test_each_figure_is_cited_before_it_is_printed(rendered_html):
    html = (rendered_html / "report.html").read_text(encoding="utf-8")
    body = re.sub(r"<figure\b.*?</figure>", "", html[:html.index('<section class="part notes"')], flags=re.S)
    text = re.sub(r"<[^>]+>", "", body)
    for number, figure in enumerate(registry.figures(), start=1):
        cited = re.search(rf"（见(?:表\d+、)?图{number}）", text)
        assert cited, f"图{number} ({figure.id}) is never cited in the text"
        printed = html.index(f'<figure id="{figure.id}"')
        assert html.index(f"图{number}）") < printed, f"图{number} is cited only after it is printed"
