"""pipeline.load: a report table as a pandas DataFrame, for analysts, from the built database."""
import pytest

import pipeline
from pipeline import config


@pytest.fixture
def built(real_db, monkeypatch):
    monkeypatch.setattr(config, "DATABASE", real_db)
    return real_db


def test_a_table_by_its_registry_id_holds_the_years_rows(built, real):
    frame = pipeline.load("table2", 2009)
    expected = real.execute("select field_zh, sales_100m_cny from report.table2_sector_overview where year = 2009 "
                            "order by row_order").fetchall()
    rows = frame.sort_values("row_order")[["field_zh", "sales_100m_cny"]].itertuples(index=False, name=None)
    assert [(field, round(amount, 2)) for field, amount in rows] == [(field, float(amount)) for field, amount in expected]


def test_a_figure_and_a_model_by_name(built, real):
    assert len(pipeline.load("fig1_region", 2009)) == real.execute(
        "select count(*) from report.fig1_region where year = 2009").fetchone()[0]
    facts = pipeline.load("report.narrative_facts")
    assert set(facts["use"]) <= {"printed", "omitted"} and len(facts) == real.execute(
        "select count(*) from report.narrative_facts").fetchone()[0]


def test_an_unknown_name_says_what_there_is(built):
    with pytest.raises(LookupError, match="table1") as raised:
        pipeline.load("table9")
    assert str(raised.value).startswith("'table9' is neither")  # printed as said: a KeyError would quote it again
    with pytest.raises(LookupError, match="no model report.nothing"):
        pipeline.load("report.nothing")


def test_a_figure_drawn_from_its_own_report_model_and_one_drawn_from_two(built, real):
    assert len(pipeline.load("fig2_field", 2009)) == real.execute(
        "select count(*) from report.fig2_field where year = 2009").fetchone()[0]
    with pytest.raises(LookupError, match="report.table6_base_funding and report.table7_programme_funding"):
        pipeline.load("fig6_funding")


def test_a_year_the_database_does_not_hold_is_an_error_not_an_empty_frame(built, real):
    held = [y for (y,) in real.execute("select distinct year from core.submissions order by year").fetchall()]
    absent = max(held) + 1
    with pytest.raises(LookupError, match=f"holds no year {absent} \\(it holds {', '.join(map(str, held))}\\)"):
        pipeline.load("table5", absent)
