"""The data dictionary is current; the query and explain commands answer from the database."""
import inspect
import io
import re
import unicodedata

import pytest

from pipeline import cli, config
from pipeline.lookup import docs, lineage
from pipeline.publish import figures


def test_the_data_dictionary_is_up_to_date(real):
    committed = (config.ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert docs.markdown(real) == committed, "docs/data_dictionary.md is out of date: run `make docs`"


def test_the_dictionary_explains_every_report_column(real):
    text = docs.markdown(real)
    assert "| `sales_share_pct` | DOUBLE | Share of the total sales revenue (销售收入占比), percent, rounded to 0.01 |" in text
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


@pytest.mark.parametrize("named, measure", [("sales_100m_cny", "sales"), ("featured_exports_100m_usd", "featured_exports"),
                                             ("销售收入", "sales"), ("特色产业出口额", "featured_exports")])
def test_a_measure_is_named_as_the_table_s_column_or_in_chinese(named, measure):
    assert lineage.measure_of(named, featured_default=False) == measure


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

    def run(*args: str, typed: str = "", status: int = 0) -> str:
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        assert cli.main(["sql", *args]) == status
        said = capsys.readouterr()
        return said.out + said.err
    return run


def test_one_query_and_the_prompt(sql, real):
    [(bases,)] = real.execute("select count(*) from report.table1_bases where year = 2009").fetchall()
    [(total,)] = real.execute("select sales_100m_cny from report.table2_sector_overview where is_total").fetchall()
    assert re.search(rf"│\s+{bases}\s+│", sql("select count(*) as n from report.table1_bases where year = 2009"))
    assert f"{total:.2f}" in sql(typed="select sales_100m_cny\nfrom report.table2_sector_overview where is_total;\n.quit\n")


def test_the_query_command_cannot_change_the_database(sql):
    assert "read-only" in sql("delete from report.table1_bases", status=1)


def test_a_failed_query_exits_non_zero_and_names_the_column(sql):
    said = sql("select base_nme from report.table4_sales_over_1000yi", status=1)
    assert said.startswith("error: ") and '"base_name"' in said


def test_the_prompt_s_commands_work_as_one_query(sql, real):
    [(tables,)] = real.execute("select count(*) from duckdb_tables()").fetchall()
    assert f"{tables} rows" in sql(".tables")
    described = sql(".describe report.table5_exports_over_100yi_usd")
    assert "exports_provenance" in described and "Provenance of the exports figure" in described
    assert "no table 'report.table9'" in sql(".describe report.table9", status=1)
    assert ".describe TABLE" in sql(".nonsense", status=1)


def test_look_ups_read_the_built_database_and_never_build_one(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "bases.duckdb"
    monkeypatch.setattr(config, "DATABASE", missing)
    assert cli.main(["sql", "select 1"]) == 2
    assert "does not exist yet: run `make db` first" in capsys.readouterr().err
    assert not missing.exists()
    make_sql = [line for line in (config.ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
                if line.startswith(("sql:", "explain:"))]
    assert [line.split()[1] for line in make_sql] == ["setup", "setup"]


def test_a_year_the_database_does_not_hold_is_named_not_called_below_the_threshold(real):
    [(latest,)] = real.execute("select max(year) from core.submissions").fetchall()
    with pytest.raises(lineage.Unknown, match=f"holds no year {latest + 1} "):
        lineage.cell_lineage(real, "table4", "中关村", "sales", latest + 1)


def test_a_base_without_an_accepted_value_is_not_said_to_be_below_the_threshold(mini):
    [(base_id, name, sales)] = mini.execute("""select base_id, base_name, sales_100m_cny from core.submissions
                                               where year = 2009 order by sales_100m_cny limit 1""").fetchall()
    mini.execute("delete from core.submission_values where base_id = ? and year = 2009 and measure = 'sales'", [base_id])
    text = lineage.cell_lineage(mini, "table4", name, "sales", 2009)
    assert "no accepted submission" in text and "below the threshold" not in text and str(sales) not in text


def test_a_field_row_s_bases_line_up_whatever_their_names(real):
    rows = lineage.cell_lineage(real, "table2", "电子信息", "exports", 2009).splitlines()[1:]
    amount_ends = {sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in re.match(r"\s*\S+\s+\S+", line).group())
                   for line in rows}
    assert len(rows) > 1 and len(amount_ends) == 1


def test_the_readme_s_contract_names_every_report_model(real):
    text = (config.ROOT / "README.md").read_text(encoding="utf-8")
    contract = text.split("The analysts' contract is the `report` schema:", 1)[1].split("How the intake", 1)[0]
    models = [t for (t,) in real.execute("select table_name from duckdb_tables() where schema_name = 'report'").fetchall()]
    assert [m for m in models if f"`{m}`" not in contract] == []
