"""No number is typed into a template or an editorial file: figures come from the database."""
import re

import pytest
import yaml

from pipeline import config

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
TAG = re.compile(r"<[^>]*>")
DIGIT = re.compile(r"[0-9０-９]")


def literal_digits(text: str) -> list[str]:
    """Digits left once template expressions and markup are taken out, with some context."""
    plain = TAG.sub(" ", JINJA.sub(" ", text))
    return [plain[max(0, m.start() - 12):m.end() + 12].strip() for m in DIGIT.finditer(plain)]


def strings(node):
    """Every string value of a loaded YAML document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("id", "number", "column", "format", "model", "lineage"):  # identifiers, numbering, formats
                yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def test_the_detector_finds_a_typed_number():
    assert literal_digits("<p>销售收入 {{ fig('total.sales') | num(2) }} 亿元，增加了 5 家</p>") == ["收入   亿元，增加了 5 家"]
    assert literal_digits('<td colspan="2">{{ r.amount }}</td>') == []


@pytest.mark.parametrize("path", sorted(config.TEMPLATES.rglob("*.j2")), ids=lambda p: p.name)
def test_no_template_has_a_literal_number(path):
    assert literal_digits(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted(config.TEMPLATES.rglob("*.yml")), ids=lambda p: p.name)
def test_no_text_file_has_a_literal_number(path):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if path.name == "style.yml":
        return  # colours and font names, not text
    found = [d for s in strings(document) for d in literal_digits(s)]
    assert found == []
