"""The house faces cut for the PDFs (pipeline/publish/fonts.py): the report's Chinese is set in
them, and a character they leave out is drawn by the whole face, never missing."""
import pdfplumber
import pytest

from pipeline.publish import fonts, pdf


def test_the_report_s_text_is_set_in_the_cut_faces(pdf_read):
    """Every character of the 2009 report but the figures' (their SVG names the whole sans face)."""
    used = {c["fontname"].split("+", 1)[-1] for page in pdf_read for c in page["chars"] if c["text"].strip()}
    assert used - {"Noto-Sans-CJK-SC"} == {"House-Serif", "House-Serif-Bold", "House-Sans", "House-Sans-Bold"}


def test_a_character_the_cut_leaves_out_is_drawn_by_the_whole_face(tmp_path):
    kept = set(fonts.characters())
    assert ord("堃") not in kept and ord("坤") in kept  # a name's character of GBK beyond GB 2312, and a common one
    html = ('<html lang="zh-CN"><head><style>body { font-family: "House Serif", "Noto Serif CJK SC", serif }</style>'
            '</head><body><p>坤堃</p></body></html>')
    pdf.render_pdf(html, tmp_path, tmp_path / "t.pdf")
    with pdfplumber.open(tmp_path / "t.pdf") as document:
        drawn = {c["text"]: c["fontname"].split("+", 1)[-1] for c in document.pages[0].chars}
    assert drawn == {"坤": "House-Serif", "堃": "Noto-Serif-CJK-SC"}


@pytest.fixture(scope="module")
def cut_folder(tmp_path_factory):
    """A folder of its own holding the faces as fonts.py cuts them: cut once for the tests below."""
    folder = tmp_path_factory.mktemp("cut") / "fonts"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fonts, "FOLDER", folder)
        fonts.house_faces()
    return folder


def test_the_cut_faces_are_made_once_and_kept_by_what_they_are_made_from(cut_folder, monkeypatch):
    monkeypatch.setattr(fonts, "FOLDER", cut_folder)
    faces = fonts.house_faces()
    assert sorted(p.name for p in faces.values()) == ["House-Sans-400.otf", "House-Sans-700.otf",
                                                      "House-Serif-400.otf", "House-Serif-700.otf"]
    made = {p: p.stat().st_mtime_ns for p in faces.values()}
    assert fonts.house_faces() == faces and {p: p.stat().st_mtime_ns for p in faces.values()} == made
    assert {p.parent.parent for p in faces.values()} == {cut_folder}  # one folder, named by their digest


def test_a_face_that_is_not_installed_is_named_with_what_to_do():
    with pytest.raises(fonts.FacesMissing, match="the font Noto Serif CJK XX is not installed .*run make system"):
        fonts.installed_face("Noto Serif CJK XX:style=Bold")


def test_another_cut_is_made_apart(cut_folder, monkeypatch):
    """Faces cut to other characters are kept beside the first ones, never mistaken for them."""
    monkeypatch.setattr(fonts, "FOLDER", cut_folder)
    first = fonts.house_faces()
    monkeypatch.setattr(fonts, "RANGES", fonts.RANGES[:-1])
    again = fonts.house_faces()
    assert {p.parent for p in again.values()}.isdisjoint({p.parent for p in first.values()})
    assert all(p.is_file() for p in [*first.values(), *again.values()])
