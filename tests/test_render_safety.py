"""Rendering is safe: markup in data prints as text; only project files are ever loaded."""
import pytest
import yaml
from weasyprint.urls import FatalURLFetchingError

from pipeline import config
from pipeline.publish import context, pdf, templates


def test_a_base_name_with_markup_renders_as_text(real):
    values = context.build(real, 2009)
    values["table1"][0]["base_name"] = '<b onload="x()">中关村</b> url(http://example.com/x.png)'
    html = templates.render_html(values)
    assert '&lt;b onload=&#34;x()&#34;&gt;中关村&lt;/b&gt; url(http://example.com/x.png)' in html
    assert '<b onload' not in html


def test_the_fetcher_refuses_the_network(tmp_path):
    fetcher = pdf.RestrictedFetcher([tmp_path])
    with pytest.raises(ValueError, match="may not load"):
        fetcher.fetch("http://example.com/logo.png")


def test_the_fetcher_refuses_files_outside_the_project_folders(tmp_path):
    fetcher = pdf.RestrictedFetcher([tmp_path])
    with pytest.raises(ValueError, match="outside"):
        fetcher.fetch("file:///etc/hostname")
    with pytest.raises(ValueError, match="outside"):
        fetcher.fetch(f"file://{tmp_path}/../escape.svg")


def test_the_fetcher_serves_files_inside(tmp_path):
    (tmp_path / "a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    response = pdf.RestrictedFetcher([tmp_path]).fetch(f"file://{tmp_path}/a.svg")
    assert response.read().startswith(b"<svg") and response.content_type == "image/svg+xml"


def test_a_document_asking_for_a_remote_image_fails(tmp_path):
    html = '<html lang="zh-CN"><body><img src="http://example.com/x.png"></body></html>'
    with pytest.raises(FatalURLFetchingError):
        pdf.render_pdf(html, tmp_path, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_glyph_fails_the_render(tmp_path):
    html = '<html lang="zh-CN"><body style="font-family: \'Noto Sans CJK SC\'"><p>中文\ue000</p></body></html>'
    with pytest.raises(templates.RenderError, match="U\\+E000"):
        pdf.render_pdf(html, tmp_path, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_figure_fails_the_render(real, tmp_path):
    editorial = yaml.safe_load((config.TEMPLATES / "editorial" / "2009.yml").read_text(encoding="utf-8"))
    editorial["preface"].append("基地合计 {{ fig('no.such.figure') | num(2) }} 亿元。")
    (tmp_path / "2009.yml").write_text(yaml.safe_dump(editorial, allow_unicode=True), encoding="utf-8")
    with pytest.raises(context.MissingFigure, match="no.such.figure"):
        templates.render_html(context.build(real, 2009), editorial_dir=tmp_path)


def test_a_year_without_editorial_text_is_named(real, monkeypatch):
    values = context.build(real, 2009)
    values["year"] = 2031
    with pytest.raises(templates.RenderError, match="report_templates/editorial/2031.yml"):
        templates.render_html(values)

