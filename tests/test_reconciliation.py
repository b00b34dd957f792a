"""Reconciliation: published figures against recomputed ones, at the printed precision, with the
solver's verdict and the record of the report's mistakes."""
from decimal import Decimal

from pipeline.publish import reconcile

RECORD = "published_id,status,root_cause,published_value,recomputed_value,why,why_zh\n"


def statuses(con):
    return dict(con.execute("select published_id, status from audit.reconciliation").fetchall())


def print_rows_and_total(mini_raw, total: str, text_total: str | None = None) -> None:
    """Print Table 2's two sales rows (1900 and 120) beside a total, and optionally a text repeating it."""
    path = mini_raw / "published/published_figures_2009.csv"
    lines = path.read_text(encoding="utf-8").replace(",2020.00,", f",{total},")
    lines += ("t2.electronics.sales,field.electronics.sales,1900.00,100m_cny,test Table 2 electronics sales\n"
              "t2.biomedicine.sales,field.biomedicine.sales,120.00,100m_cny,test Table 2 biomedicine sales\n")
    if text_total:
        lines += f"text.total_sales,total.sales,{text_total},100m_cny,test text total sales\n"
    path.write_text(lines, encoding="utf-8")


def record(mini_raw, rows: str) -> None:
    (mini_raw / "published/known_discrepancies_2009.csv").write_text(RECORD + rows, encoding="utf-8")


def test_every_mini_figure_matches(mini):
    assert set(statuses(mini).values()) == {"match"}


def test_dash_matches_null(mini):
    assert statuses(mini)["t6.delta.2008"] == "match"


def test_a_wrong_published_value_is_unexplained(mini_raw, build_mini):
    path = mini_raw / "published/published_figures_2009.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",94.06,", ",94.07,"), encoding="utf-8")
    con = build_mini(mini_raw)
    result = reconcile.reconcile(con, 2009)
    assert statuses(con)["t2.electronics.sales_share"] == "unexplained"
    assert result.failures == ["figure t2.electronics.sales_share (test Table 2 electronics sales share): "
                               "published 94.07, recomputed 94.06, status unexplained"]


def test_a_total_within_rounding_of_its_rows_is_rounding(mini_raw, build_mini):
    # printed rows 1899.99 + 120.00 miss the printed 2020.00 by a cent: rounding; but the data's
    # row is 1900.00, which the printed 1899.99 is not
    print_rows_and_total(mini_raw, "2020.00")
    path = mini_raw / "published/published_figures_2009.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",1900.00,", ",1899.99,"), encoding="utf-8")
    con = build_mini(mini_raw)
    found = statuses(con)
    assert (found["t2.total.sales"], found["t2.electronics.sales"]) == ("rounding", "unexplained")


def test_a_recorded_error_and_its_consequence_are_accepted(mini_raw, build_mini):
    print_rows_and_total(mini_raw, "2030.00", text_total="2030.0")
    record(mini_raw, "t2.total.sales,error,,2030.00,2020.00,the rows add up to 2020,各行相加为 2020\n"
                     "text.total_sales,consequence,t2.total.sales,2030.0,2020.0,repeats the wrong total,沿用有误的合计\n")
    con = build_mini(mini_raw)
    result = reconcile.reconcile(con, 2009)
    assert result.failures == []
    assert [(e["published_id"], [c["published_id"] for c in result.consequences(e)]) for e in result.errors] == [
        ("t2.total.sales", ["text.total_sales"])]
    assert statuses(con)["t2.electronics.sales_share"] == "match"


def test_an_error_the_record_does_not_hold_is_unexplained(mini_raw, build_mini):
    print_rows_and_total(mini_raw, "2030.00")
    con = build_mini(mini_raw)
    assert statuses(con)["t2.total.sales"] == "unexplained"
    assert reconcile.reconcile(con, 2009).failures == [
        "figure t2.total.sales (test Table 2 total sales): published 2030.00, recomputed 2020.00, status unexplained"]


def test_a_consequence_recorded_as_an_error_is_stale(mini_raw, build_mini):
    print_rows_and_total(mini_raw, "2030.00", text_total="2030.0")
    record(mini_raw, "t2.total.sales,error,,2030.00,2020.00,the rows add up to 2020,各行相加为 2020\n"
                     "text.total_sales,error,,2030.0,2020.0,wrong,有误\n")
    con = build_mini(mini_raw)
    assert statuses(con)["text.total_sales"] == "stale"


def test_a_recorded_mistake_that_no_longer_holds_is_stale(mini_raw, build_mini):
    record(mini_raw, "t2.total.sales,error,,2020.00,2019.00,stale,过期\n")
    con = build_mini(mini_raw)
    assert statuses(con)["t2.total.sales"] == "stale"
    assert reconcile.reconcile(con, 2009).failures == [
        "figure t2.total.sales (test Table 2 total sales): published 2020.00, recomputed 2020.00, status stale"]


def test_a_figure_the_data_cannot_compute_is_missing(mini_raw, build_mini):
    path = mini_raw / "published/published_figures_2009.csv"
    path.write_text(path.read_text(encoding="utf-8") + "t4.beta.listed,t4.beta.listed,1,flag,beta in Table 4\n",
                    encoding="utf-8")
    con = build_mini(mini_raw)
    assert statuses(con)["t4.beta.listed"] == "missing"


def test_a_half_rounds_up_exactly(real):
    # 21382.45 printed as 21382.5: decimal arithmetic, no binary float drift at the half
    assert real.execute("""select computed_value, status from audit.reconciliation
                           where published_id = 'text.p1.featured_sales'""").fetchone() == (
        Decimal("21382.4500000000"), "match")
