"""Reconciliation: published figures against recomputed ones, at the printed precision."""
from decimal import Decimal

from pipeline import reconcile


def statuses(con):
    return dict(con.execute("select published_id, status from report.reconciliation").fetchall())


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


def test_a_listed_discrepancy_is_accepted_with_its_reason(mini_raw, build_mini):
    (mini_raw / "published/published_figures_2009.csv").write_text(
        (mini_raw / "published/published_figures_2009.csv").read_text(encoding="utf-8").replace(",16.00,", ",17.00,"),
        encoding="utf-8")
    (mini_raw / "published/known_discrepancies_2009.csv").write_text(
        "published_id,published_value,recomputed_value,why,why_zh\ntext.exports_share,17.00,16.00,160 / 1000 is 16%,160 / 1000 = 16%\n",
        encoding="utf-8")
    con = build_mini(mini_raw)
    result = reconcile.reconcile(con, 2009)
    assert result.failures == []
    assert [(d["published_id"], d["why"]) for d in result.discrepancies] == [("text.exports_share", "160 / 1000 is 16%")]


def test_a_listed_discrepancy_that_no_longer_holds_fails(mini_raw, build_mini):
    (mini_raw / "published/known_discrepancies_2009.csv").write_text(
        "published_id,published_value,recomputed_value,why,why_zh\nt2.total.sales,2020.00,2019.00,stale,过期\n", encoding="utf-8")
    con = build_mini(mini_raw)
    assert statuses(con)["t2.total.sales"] == "stale_known"
    assert len(reconcile.reconcile(con, 2009).failures) == 1


def test_a_figure_the_data_cannot_compute_is_missing(mini_raw, build_mini):
    path = mini_raw / "published/published_figures_2009.csv"
    path.write_text(path.read_text(encoding="utf-8") + "t4.beta.listed,t4.beta.listed,1,flag,beta in Table 4\n",
                    encoding="utf-8")
    con = build_mini(mini_raw)
    assert statuses(con)["t4.beta.listed"] == "missing"


def test_a_half_rounds_up_exactly(real):
    # 21382.45 printed as 21382.5: decimal arithmetic, no binary float drift at the half
    assert real.execute("""select computed_value, status from report.reconciliation
                           where published_id = 'text.p1.featured_sales'""").fetchone() == (
        Decimal("21382.4500000000"), "match")
