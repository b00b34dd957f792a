"""One registry of the report's tables and figures (report_templates/registry.yml), true to the
models, the drawing functions and the templates that use it."""
import re

import pytest

from pipeline import config, registry
from pipeline.publish import figures


def test_every_table_is_printed_from_a_report_model_with_the_columns_it_lists(mini):
    for table in registry.tables():
        assert table.model.startswith("report.")
        columns = [row[0] for row in mini.execute(f"describe {table.model}").fetchall()]
        assert [c["column"] for c in table.columns if c["column"] not in columns] == [], table.id


def test_tables_are_numbered_in_order_and_named_once():
    assert [t.number for t in registry.tables()] == list(range(1, len(registry.tables()) + 1))
    assert len({t.sheet for t in registry.tables()}) == len({t.model for t in registry.tables()}) == len(registry.tables())


def test_every_figure_has_its_drawing_function_and_its_place_in_the_report():
    placed = re.findall(r'figure\("(\w+)"\)', "".join(p.read_text(encoding="utf-8")
                                                     for p in sorted(config.TEMPLATES.rglob("*.j2"))))
    assert sorted(placed) == sorted(f.id for f in registry.figures()) == sorted(figures.FIGURES)


def test_a_table_or_figure_is_read_from_the_model_the_registry_names():
    assert registry.model("table2") == registry.table("table2").model
    assert registry.model("fig6_funding") == {f.id: f for f in registry.figures()}["fig6_funding"].lineage[0]
    with pytest.raises(KeyError, match="no table or figure 'table99'"):
        registry.model("table99")


def test_no_table_or_figure_model_is_named_outside_the_registry():
    """The outputs name a table's or a figure's model only through registry.yml, so that it is kept once."""
    named = {m for entry in registry.tables() + registry.figures() for m in entry.lineage if m.startswith("report.")}
    for module in ("context", "figures", "export"):
        source = (config.ROOT / "pipeline" / "publish" / f"{module}.py").read_text(encoding="utf-8")
        assert [m for m in sorted(named) if m in source] == [], module
