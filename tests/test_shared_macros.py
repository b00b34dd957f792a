"""SQL shared by several models, written once as a table macro in sql/macros/."""

import duckdb
import pytest

from pipeline import config
from pipeline.warehouse import models
from tests.conftest import copy_sql


def test_a_model_calling_a_macro_reads_the_macros_tables():
    found = models.discover(config.SQL)
    macros = models.discover_macros(config.SQL)
    for model in found.values():
        for macro in model.macros:
            assert macros[macro.qualified_name].depends_on <= model.depends_on, model.path


def test_every_macro_is_called_and_creates_no_table():
    found = models.discover(config.SQL)
    called = {macro.qualified_name for model in found.values() for macro in model.macros}
    assert called == set(models.discover_macros(config.SQL))
    assert not any(name.startswith(f"{models.MACROS}.") for name in found)


def test_a_macro_stored_in_the_database_is_refused(tmp_path):
    sql = copy_sql(tmp_path)
    path = sql / "macros" / "field_overview.sql"
    path.write_text(path.read_text(encoding="utf-8").replace("temp macro", "macro"), encoding="utf-8")
    with pytest.raises(models.ModelError, match="temp macro field_overview"):
        models.discover(sql)


def test_a_macro_no_model_calls_is_refused(tmp_path):
    sql = copy_sql(tmp_path)
    path = sql / "macros" / "field_overview.sql"
    (sql / "macros" / "unused_overview.sql").write_text(
        path.read_text(encoding="utf-8").replace("macro field_overview(", "macro unused_overview("), encoding="utf-8")
    with pytest.raises(models.ModelError, match="no model calls the shared macro.s. macros.unused_overview"):
        models.discover(sql)


@pytest.mark.parametrize("macro, call, message", [
    ("field_overview", "field_overview('total')", "scope is all or featured, not total"),
    ("bases_over_threshold", "bases_over_threshold('output', 1)", "measure is sales or exports, not output"),
    ("bases_by", "bases_by('province')", "category is region, field or entity_type, not province"),
])
def test_a_macro_names_the_argument_it_does_not_know(mini, macro, call, message):
    mini.execute(models.discover_macros(config.SQL)[f"{models.MACROS}.{macro}"].sql)
    with pytest.raises(duckdb.Error, match=message):
        mini.execute(f"select * from {call}").fetchall()


def test_the_built_database_holds_no_macro(real_db):
    with duckdb.connect(str(real_db), read_only=True) as con:
        assert con.execute("select function_name from duckdb_functions() "
                           "where function_type = 'table_macro' and not internal").fetchall() == []
