"""Justified Chinese text for WeasyPrint.

WeasyPrint (70) justifies a line by widening its spaces only, and Chinese text has none, so
`text-align: justify` leaves it ragged. clreq (W3C, Requirements for Chinese Text Layout, 3.2)
justifies a Chinese line by spreading the remaining width evenly between its characters. This
module puts that rule in place of WeasyPrint's for every line that holds a Chinese character;
lines without one keep WeasyPrint's own justification. A number or a Latin word inside the line
keeps its own spacing: its text is cut out into a box of its own, and only the Chinese runs take
the extra width, as letter-spacing, which WeasyPrint applies when it draws them (text stays text).
"""
from __future__ import annotations

import re

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.line_break import create_layout, line_size

CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff60\u201c\u201d\u2018\u2019\u2014\u2026]")
# More than about a tenth of an em between two characters and PDF readers take the gap for a
# space when they extract the text (Poppler's word-break threshold): a line that would need more
# is left that little short instead.
MAX_SPACING_EM = 0.08
RUNS = re.compile(f"{CHINESE.pattern}+|(?:(?!{CHINESE.pattern}).)+", re.S)
latin_justify_line = inline.justify_line


def split_runs(context, box) -> list:
    """A text box cut into runs of Chinese and of other text, each laid out as a box of its own."""
    runs = RUNS.findall(box.text)
    if len(runs) < 2:
        return [box]
    pieces, x = [], box.position_x
    for text in runs:
        piece = box.copy_with_text(text)
        piece.pango_layout = create_layout(text, box.style, context, max_width=None, justification_spacing=0)
        piece.width, _ = line_size(piece.pango_layout.get_first_line()[0], box.style)
        piece.position_x = x
        piece.pango_layout.deactivate()
        x += piece.width
        pieces.append(piece)
    return pieces


def chinese_runs(context, box) -> list:
    """The line's text boxes, cut into runs (children lists are rewritten in place)."""
    if isinstance(box, boxes.TextBox):
        return split_runs(context, box)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        children = []
        for child in box.children:
            children += chinese_runs(context, child) if child.is_in_normal_flow() else [child]
        box.children = children
        return [box]
    return [box]


def spread(box, spacing: float, x_advance: float) -> float:
    """Move box right by x_advance and widen each character of its Chinese runs by spacing;
    the advance for the boxes after it."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        if not CHINESE.match(box.text):
            return x_advance
        style = box.style.copy()
        letter_spacing = style["letter_spacing"]
        style["letter_spacing"] = spacing + (0 if letter_spacing == "normal" else letter_spacing)
        box.style = style
        extra = spacing * len(box.text)
        box.width += extra
        return x_advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = spread(child, spacing, x_advance)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)  # an atomic inline (an image): moved, not widened
    return x_advance


def line_text(box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return "".join(line_text(child) for child in box.children if child.is_in_normal_flow())
    return ""


def justify_line(context, line, extra_width):
    """Spread extra_width evenly over the characters of a line of Chinese text (clreq)."""
    chinese = sum(len(run) for run in CHINESE.findall(line_text(line)))
    if chinese < 2:
        return latin_justify_line(context, line, extra_width)
    chinese_runs(context, line)
    spread(line, min(extra_width / chinese, MAX_SPACING_EM * line.style["font_size"]), 0)


def install() -> None:
    """Use the Chinese justification for every justified line WeasyPrint lays out from now on."""
    inline.justify_line = justify_line
