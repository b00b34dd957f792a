"""The README's queries run on the built database and answer: an analyst copies them as they stand."""
import re

from pipeline import config


def readme_queries() -> list[str]:
    """Each select of the README's sql blocks, and each `make sql Q="select …"`."""
    text = (config.ROOT / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```sql\n(.*?)```", text, re.DOTALL))
    statements = [re.sub(r"--[^\n]*", "", s).strip() for s in blocks.split(";")]
    return [s for s in statements if s.lower().startswith("select")] + re.findall(r'make sql Q="(select [^"]+)"', text)


def test_every_query_of_the_readme_answers(real):
    queries = readme_queries()
    assert len(queries) >= 4
    for query in queries:
        assert real.execute(query).fetchall(), query
