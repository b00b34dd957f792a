"""The PDF as an archival document: PDF/A-3b, tagged, in Chinese, carrying its tables."""
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from pipeline import registry


@pytest.fixture(scope="module")
def catalog(rendered):
    with (rendered / "report.pdf").open("rb") as f:
        document = PDFDocument(PDFParser(f))
        info = {k: resolve1(v) for k, v in document.info[0].items()}
        root = resolve1(document.catalog)
        metadata = resolve1(root["Metadata"]).get_data().decode("utf-8")
        names = resolve1(resolve1(resolve1(root["Names"])["EmbeddedFiles"])["Names"])
        files = {}
        for i in range(0, len(names), 2):
            spec = resolve1(names[i + 1])
            files[resolve1(spec["UF"]).decode("utf-16") if isinstance(resolve1(spec["UF"]), bytes) and
                  resolve1(spec["UF"]).startswith(b"\xfe\xff") else resolve1(spec["F"]).decode()] = \
                resolve1(resolve1(spec["EF"])["F"]).get_data()
        yield {"info": info, "root": root, "metadata": metadata, "files": files}


def test_it_declares_pdfa_3b(catalog):
    assert 'pdfaid:part="3"' in catalog["metadata"] and 'pdfaid:conformance="B"' in catalog["metadata"]
    assert "OutputIntents" in catalog["root"]


def test_it_is_tagged_and_in_chinese(catalog):
    assert resolve1(catalog["root"]["MarkInfo"])["Marked"] is True
    assert "StructTreeRoot" in catalog["root"]
    assert resolve1(catalog["root"]["Lang"]) == b"zh-CN"


def test_title_and_author(catalog):
    title = catalog["info"]["Title"]
    assert title.decode("utf-16") == "国家科技兴贸创新基地发展报告（2009）"
    assert "国家科技兴贸创新基地发展报告（2009）" in catalog["metadata"]


def test_its_subject_says_where_the_base_values_come_from_as_the_notes_do(catalog, real):
    """2009's values are the published report's and estimates from it: the metadata must not say submitted."""
    from pipeline.publish import context
    subject = catalog["info"]["Subject"].decode("utf-16")
    assert subject.endswith("基地数据取自" + context.values_source(context.provenance_counts(real, 2009)))
    assert "报送数据重新生成" not in subject


def test_the_attached_tables_equal_the_exported_csv(catalog, rendered):
    assert sorted(catalog["files"]) == sorted(t.csv_name for t in registry.tables())
    for name, data in catalog["files"].items():
        assert data == (rendered / name).read_bytes(), name
