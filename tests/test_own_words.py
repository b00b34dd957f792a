"""The report's prose is our own words: no sentence of its body is a near-copy of a sentence of the
published 2009 report.

What is compared is the rendered report.html (the `rendered_html` fixture), not the editorial YAML:
the text a reader gets, with the sentences the templates build from data (parts 一 and 二, the
policy-target notes) as well as the editorial passages, headings and case-box titles. The body is
the preface and the sections from part 一 to the policy-target monitor; the notes, corrections and
annexes say things the original never said and are left out, as are figure captions and tables.

Both texts are cut into sentences at 。！？ and at line ends (a heading is a sentence), and into
clauses at ；, which a copied clause inside a long sentence of ours would otherwise hide behind.
Before comparing, half-width punctuation is made full-width, and every Arabic number and every base's name or alias (data/raw/reference/bases.csv,
base_aliases.csv) is replaced by a placeholder on both sides: what is measured is copied wording,
not shared facts, which the report must keep.

A sentence of ours fails when its difflib ratio against any sentence of the original reaches
OWN_WORDS_RATIO, 0.75. The ministry editor called 0.80 a near-copy; a synonym swap or two in a
long sentence stays above 0.80, while a sentence really restructured (order changed, clauses merged
or split, the report's own framing) lands below 0.75 even when it must keep a long list of names
(companies, platforms, documents) that both texts share. 0.75 keeps that margin below the editor's
line; below about 0.70 the shared lists of names alone would fail sentences that copy nothing else.
Headings are compared too: a heading changed by a character or two stays above the line.
"""
import csv
import difflib
import html
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORIGINAL = ROOT / "tests/fixtures/original/report_2009.txt"
OWN_WORDS_RATIO = 0.75
MIN_CHARS = 6  # shorter fragments (（见表4）, 前言) carry no wording of their own

NUMBER = re.compile(r"\d[\d,.]*%?")
SENTENCE_END = re.compile(r"(?<=[。！？；;!?])|\n")
FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "*": None})


@cache
def base_names() -> re.Pattern:
    """Every base's name and alias, longest first, as one alternation."""
    names = set()
    with (ROOT / "data/raw/reference/bases.csv").open(encoding="utf-8") as f:
        names |= {row["base_name"] for row in csv.DictReader(f)}
    with (ROOT / "data/raw/reference/base_aliases.csv").open(encoding="utf-8") as f:
        names |= {row["alias"] for row in csv.DictReader(f)}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n))


def neutral(sentence: str) -> str:
    """The sentence with its base names and numbers replaced by placeholders and its spaces removed."""
    sentence = re.sub(r"\s+", "", sentence)
    return NUMBER.sub("#", base_names().sub("@", sentence)).translate(FULL_WIDTH)


def sentences(text: str) -> list[str]:
    """The text's sentences and clauses (cut at 。！？； and line ends), neutral, long enough to judge."""
    return [s for s in (neutral(part) for part in SENTENCE_END.split(text)) if len(s) >= MIN_CHARS]


def body_text(report_html: str) -> str:
    """The preface and parts 一 to the policy-target monitor as text, one block element a line."""
    start = report_html.index('<section class="preface"')
    end = report_html.index('<section class="part notes"')
    body = report_html[start:end]
    body = re.sub(r"<(figure|table|nav)\b.*?</\1>", "", body, flags=re.S)
    body = re.sub(r"</(p|h\d|li|span)>", "\n", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def near_copies(ours: list[str], original: list[str], limit: float) -> list[tuple[float, str, str]]:
    """(ratio, our sentence, the original's) for each sentence of ours at or above limit against
    its closest sentence of the original; the quick upper bounds skip most pairs."""
    found = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for mine in ours:
        matcher.set_seq2(mine)
        best = (0.0, "")
        for theirs in original:
            matcher.set_seq1(theirs)
            if matcher.real_quick_ratio() >= limit and matcher.quick_ratio() >= limit:
                best = max(best, (matcher.ratio(), theirs))
        if best[0] >= limit:
            found.append((round(best[0], 3), mine, best[1]))
    return sorted(found, reverse=True)


def test_placeholders_hide_numbers_and_base_names():
    assert neutral("2009年，北京市中关村科技园 出口 12.5%") == "#年，@出口#"


def test_a_synonym_swap_is_caught_and_a_rewrite_passes():
    original = sentences("随着国际经济逐步复苏，国际光伏产品市场已显现回暖迹象。")
    assert near_copies(sentences("随着国际经济逐渐复苏，国际光伏产品市场已出现回暖迹象。"), original, OWN_WORDS_RATIO)
    assert not near_copies(sentences("国际光伏市场已随世界经济的复苏开始回暖。"), original, OWN_WORDS_RATIO)


def test_no_sentence_of_the_body_copies_the_original(rendered_html):
    ours = sentences(body_text((rendered_html / "report.html").read_text(encoding="utf-8")))
    assert len(ours) > 200, "the body was not found in report.html"
    original = sentences(ORIGINAL.read_text(encoding="utf-8"))
    assert near_copies(ours, original, OWN_WORDS_RATIO) == []
