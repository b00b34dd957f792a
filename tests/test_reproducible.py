"""Two runs on the same machine give byte-identical figures and PDFs."""
import pytest

from pipeline import registry
from pipeline.publish import context, figures, pdf, templates


def test_the_html_is_identical_when_written_again(real, rendered_html):
    assert templates.render_html(context.build(real, 2009)) == (rendered_html / "report.html").read_text(encoding="utf-8")


@pytest.mark.longest
def test_one_layout_of_the_whole_gives_the_same_pdf_bytes(rendered, tmp_path):
    """The shared report.pdf was laid out in two parts, the body once and the appendix until its
    cuts held, joined page by page (pdf.print_layout). Its print HTML laid out here whole, in one
    layout, and written again gives the same bytes: two renders agree, and the joined pages are
    those of one layout of the whole, table of contents, page numbers and running titles included."""
    html = (rendered / "print.html").read_text(encoding="utf-8")
    assert '<p class="table-title continued"' in html  # the 2009 appendix has tables cut at a page turn
    pdf.render_pdf(html, rendered, tmp_path / "again.pdf", registry.csv_files(rendered), 2009)
    assert (tmp_path / "again.pdf").read_bytes() == (rendered / "report.pdf").read_bytes()


def test_figures_are_byte_identical_when_drawn_again(real, rendered_html, tmp_path):
    figures.draw_all(real, 2009, tmp_path)
    for svg in (rendered_html / "figures").glob("*.svg"):
        assert (tmp_path / svg.name).read_bytes() == svg.read_bytes(), svg.name


def test_the_pdf_carries_no_build_time(rendered):
    import re
    data = (rendered / "report.pdf").read_bytes()
    dates = set(re.findall(rb"D:(\d{8})", data))
    assert dates == {b"20091231"}  # only the attachments' fixed date, the end of the report year


def test_the_workbook_is_byte_identical_when_written_again_and_dated_only_the_year_s_last_day(real, tmp_path):
    """No clock reaches the workbook: every entry of its zip and every timestamp inside is the
    year's last day (so a later run, past the zip format's two-second clock, writes the same bytes)."""
    import re
    import zipfile

    from pipeline.publish import export
    values = context.build(real, 2009)
    export.write_workbook(real, values, tmp_path / "first.xlsx")
    export.write_workbook(real, values, tmp_path / "again.xlsx")
    assert (tmp_path / "again.xlsx").read_bytes() == (tmp_path / "first.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "first.xlsx") as book:
        assert {entry.date_time for entry in book.infolist()} == {(2009, 12, 31, 0, 0, 0)}
        stamps = {stamp for entry in book.infolist()
                  for stamp in re.findall(rb"\d{4}-\d\d-\d\dT[\d:.]+Z?", book.read(entry.filename))}
    assert stamps == {b"2009-12-31T00:00:00Z"}
