"""Rendering is safe: markup in data prints as text; only project files are ever loaded."""
import pytest
from weasyprint.urls import FatalURLFetchingError

from pipeline.publish import context, render


def test_a_base_name_with_markup_renders_as_text(real):
    values = context.build(real, 2009)
    values["table1"][0]["base_name"] = '<b onload="x()">中关村</b> url(http://example.com/x.png)'
    html = render.render_html(values)
    assert '&lt;b onload=&#34;x()&#34;&gt;中关村&lt;/b&gt; url(http://example.com/x.png)' in html
    assert '<b onload' not in html


def test_the_fetcher_refuses_the_network(tmp_path):
    fetcher = render.RestrictedFetcher([tmp_path])
    with pytest.raises(ValueError, match="may not load"):
        fetcher.fetch("http://example.com/logo.png")


def test_the_fetcher_refuses_files_outside_the_project_folders(tmp_path):
    fetcher = render.RestrictedFetcher([tmp_path])
    with pytest.raises(ValueError, match="outside"):
        fetcher.fetch("file:///etc/hostname")
    with pytest.raises(ValueError, match="outside"):
        fetcher.fetch(f"file://{tmp_path}/../escape.svg")


def test_the_fetcher_serves_files_inside(tmp_path):
    (tmp_path / "a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    response = render.RestrictedFetcher([tmp_path]).fetch(f"file://{tmp_path}/a.svg")
    assert response.read().startswith(b"<svg") and response.content_type == "image/svg+xml"


def test_a_document_asking_for_a_remote_image_fails(tmp_path):
    html = '<html lang="zh-CN"><body><img src="http://example.com/x.png"></body></html>'
    with pytest.raises(FatalURLFetchingError):
        render.render_pdf(html, tmp_path, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_glyph_fails_the_render(tmp_path):
    html = '<html lang="zh-CN"><body style="font-family: \'Noto Sans CJK SC\'"><p>中文\ue000</p></body></html>'
    with pytest.raises(render.RenderError, match="U\\+E000"):
        render.render_pdf(html, tmp_path, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_figure_fails_the_render(real):
    values = context.build(real, 2009)
    with pytest.raises(context.MissingFigure, match="no.such.figure"):
        values["fig"]("no.such.figure")


def test_a_year_without_editorial_text_is_named(real, monkeypatch):
    values = context.build(real, 2009)
    values["year"] = 2031
    with pytest.raises(render.RenderError, match="report_templates/editorial/2031.yml"):
        render.render_html(values)

