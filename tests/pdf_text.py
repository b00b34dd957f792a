"""The text of a PDF's pages as PDFium reads it, in the order the page draws it, spaces and line
breaks left out (the assertions look for runs of Chinese). pdfplumber reads a tagged PDF's whole
structure before its first page (seconds for the 58 sheets); PDFium reads only the pages asked for."""
from pathlib import Path

import pypdfium2


def page_texts(path: Path, pages: int | None = None) -> list[str]:
    """Each page's text, of the first `pages` pages (all when None)."""
    document = pypdfium2.PdfDocument(path)
    try:
        texts = []
        for number in range(len(document) if pages is None else min(pages, len(document))):
            page = document[number]
            text = page.get_textpage().get_text_bounded()
            texts.append("".join(text.split()))
        return texts
    finally:
        document.close()


def title(path: Path) -> str:
    """The document's title as its metadata gives it."""
    document = pypdfium2.PdfDocument(path)
    try:
        return document.get_metadata_dict()["Title"]
    finally:
        document.close()
