"""The data dictionary is current; the query and explain commands answer from the database."""
import inspect
import io
import re

import pytest

from pipeline import cli, config
from pipeline.lookup import docs, lineage
from pipeline.publish import figures


def test_the_data_dictionary_is_up_to_date(real):
    committed = (config.ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert docs.markdown(real) == committed, "docs/data_dictionary.md is out of date: run `make docs`"


def test_the_dictionary_explains_every_report_column(real):
    text = docs.markdown(real)
    assert "| `sales_share_pct` | DOUBLE | Share of the total sales revenue (销售收入 占比), percent, rounded to 0.01 |" in text
    assert "### `report.table4_sales_over_1000yi`" in text


def test_lineage_of_a_table_names_models_and_raw_files():
    text = lineage.table_lineage("table4")
    assert "report.table4_sales_over_1000yi" in text and "core.submissions" in text
    assert "data/raw/reference/bases.csv" in text
    assert "data/raw/submissions/<year>/*" in text


def test_a_figure_s_lineage_names_the_models_it_is_drawn_from():
    drawn = {name.split("_")[0]: function for name, function in inspect.getmembers(figures, inspect.isfunction)
             if re.fullmatch(r"fig\d+_\w+", name)}
    assert set(drawn) == {t for t in lineage.targets() if t.startswith("fig")}
    for target, function in drawn.items():  # each model of its lineage passed in, none typed in the function
        assert len(inspect.signature(function).parameters) == 3 + len(lineage.targets()[target]), target
        assert re.findall(r"\b(?:staging|core|audit|report)\.[a-z0-9_]+", inspect.getsource(function)) == [], target


def test_a_cell_of_table4_is_traced_to_its_submission(real):
    text = lineage.cell_lineage(real, "table4", "中关村", "sales", 2009)
    assert text.splitlines() == [
        "table4 北京市中关村科技园 sales, 2009:",
        "  sales = 12995.1000 100m_cny",
        "  provenance: published",
        "  source: 表4 中关村科技园 销售收入",
        "  received in: submissions/2009/submissions_2009.csv, row 2"]


def test_a_reconstructed_value_says_so(real):
    text = lineage.cell_lineage(real, "table4", "北海", "sales", 2009)
    lines = text.splitlines()
    assert lines[1] == "  北海市 is not in table4 for 2009 (below the threshold); its value:"
    assert lines[3] == "  provenance: reconstructed  (a reconstruction, not a submitted value)"


def test_a_field_row_lists_the_bases_it_sums(real):
    text = lineage.cell_lineage(real, "table2", "航空航天", "sales", 2009)
    assert text.splitlines()[0] == "table2 航空航天 sales, 2009 = 130.6100, the sum over 1 bases:"
    assert text.splitlines()[1].split() == ["西安阎良航空高技术产业基地", "130.6100", "derived", "表2", "航空航天",
                                            "(the", "field's", "only", "base)"]


def test_an_ambiguous_name_asks_for_more(real):
    with pytest.raises(lineage.Unknown, match="names .* bases"):
        lineage.cell_lineage(real, "table4", "江苏", "sales", 2009)


@pytest.fixture
def sql(real_db, monkeypatch, capsys):
    """`python -m pipeline sql …` on the real database, in this process: what it prints, given what is typed."""
    monkeypatch.setattr(config, "DATABASE", real_db)

    def run(*args: str, typed: str = "") -> str:
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        assert cli.main(["sql", *args]) == 0
        return capsys.readouterr().out
    return run


def test_one_query_and_the_prompt(sql, real):
    [(bases,)] = real.execute("select count(*) from report.table1_bases where year = 2009").fetchall()
    [(total,)] = real.execute("select sales_100m_cny from report.table2_sector_overview where is_total").fetchall()
    assert re.search(rf"│\s+{bases}\s+│", sql("select count(*) as n from report.table1_bases where year = 2009"))
    assert f"{total:.2f}" in sql(typed="select sales_100m_cny\nfrom report.table2_sector_overview where is_total;\n.quit\n")


def test_the_query_command_cannot_change_the_database(sql):
    assert "read-only" in sql("delete from report.table1_bases")


def test_look_ups_read_the_built_database_and_never_build_one(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "bases.duckdb"
    monkeypatch.setattr(config, "DATABASE", missing)
    assert cli.main(["sql", "select 1"]) == 2
    assert "does not exist yet: run `make db` first" in capsys.readouterr().err
    assert not missing.exists()
    make_sql = [line for line in (config.ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
                if line.startswith(("sql:", "explain:"))]
    assert [line.split()[1] for line in make_sql] == ["setup", "setup"]
