"""Two runs on the same machine give byte-identical figures and PDFs."""
from pipeline import context, figures, render


def test_pdf_is_byte_identical_when_rendered_again(real, rendered, tmp_path):
    html = (rendered / "report.html").read_text(encoding="utf-8")
    assert render.render_html(context.build(real, 2009)) == html
    render.render_pdf(html, rendered, tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == (rendered / "report.pdf").read_bytes()


def test_figures_are_byte_identical_when_drawn_again(real, rendered, tmp_path):
    figures.draw_all(real, 2009, tmp_path)
    for svg in (rendered / "figures").glob("*.svg"):
        assert (tmp_path / svg.name).read_bytes() == svg.read_bytes(), svg.name


def test_the_pdf_carries_no_date(rendered):
    data = (rendered / "report.pdf").read_bytes()
    assert b"/CreationDate" not in data and b"/ModDate" not in data
