"""The evaluation's indicator values and scores on the invented four-base tree: missing data stays
missing, reconstructed values are marked and never ranked, bases reconstructed alike are found."""
from tests.evaluation_fixtures import EXCHANGE_RATE_2010, MEASURES, add_year_2010, mark_published, rewrite


def values(con, base_id, year=2009):
    return {r[0]: r[1:] for r in con.execute(
        """select indicator_id, value, status, no_data_reason_zh from report.evaluation_indicator_values
           where year = ? and base_id = ?""", [year, base_id]).fetchall()}


def test_indicators_are_computed_from_the_submissions(mini_raw, build_mini):
    # in 2010 alpha sends its 2009 figures again on its form: the same values, now reported
    add_year_2010(mini_raw, {"alpha": "120.00"})
    con = build_mini(mini_raw)
    reconstructed, sent = values(con, "alpha", 2009), values(con, "alpha", 2010)
    assert reconstructed["featured_output"] == (600.0, "reconstructed", None)
    assert sent["featured_output"] == (600.0, "reported", None)
    assert reconstructed["featured_sales_share"][:2] == (round(700 / 1500 * 100, 4), "reconstructed")
    assert sent["featured_sales_share"][:2] == (round(700 / 1500 * 100, 4), "reported")
    # exports in dollars over sales in yuan, at the year's rate
    assert reconstructed["export_propensity"][:2] == (round(120 * 6.83 / 1500 * 100, 4), "reconstructed")
    assert sent["export_propensity"][:2] == (round(120 * float(EXCHANGE_RATE_2010) / 1500 * 100, 4), "reported")
    # Table 6 as published with the 2009 report; 2010's edition is not in the tree
    assert reconstructed["funding_3y"] == (150.0, "reported", None)
    assert sent["funding_3y"] == (None, "no_data", "本年度尚无表6资金数据")


def test_an_indicator_without_data_is_no_data_and_says_why(mini):
    alpha = values(mini, "alpha")
    assert alpha["rd_intensity"] == (None, "no_data", "本年无研发投入数据")
    assert alpha["exports_growth"] == (None, "no_data", "无上年出口额，成长性指标需两个年度的数据")
    # the score uses only the indicators with data: weights 10 + 15 + 15 + 10 + 10 of 100
    assert mini.execute("select weight_with_data, weight_total from report.evaluation_scores where base_id = 'alpha'"
                        ).fetchone() == (60, 100)


def test_growth_indicators_appear_with_a_second_year(mini_raw, build_mini):
    # alpha's 2009 exports are published, every other 2009 value reconstructed; 2010 comes on forms
    mark_published(mini_raw, ("alpha",), ("exports",))
    add_year_2010(mini_raw, {"alpha": "132.00", "beta": "45.00", "gamma": "9.99", "delta": "0.01"})
    con = build_mini(mini_raw)
    assert values(con, "alpha", 2010)["exports_growth"] == (10.0, "reported", None)
    assert values(con, "beta", 2010)["exports_growth"][:2] == (50.0, "reconstructed")
    assert values(con, "alpha", 2010)["featured_sales_growth"][:2] == (0.0, "reconstructed")


def test_ranks_and_scores_only_among_values_that_are_not_reconstructed(mini_raw, build_mini):
    # alpha's and beta's 2009 values are published; gamma's and delta's become one reconstruction of
    # their field: same rule, same figures
    mark_published(mini_raw, ("alpha", "beta"), MEASURES)

    def reconstruct(row):
        if row["base_id"] in ("gamma", "delta"):
            for measure in MEASURES:
                row[f"{measure}_source"] = "equal share of the field"
            row.update(output_100m_cny="50.00", featured_output_100m_cny="22.50", sales_100m_cny="60.00",
                       featured_sales_100m_cny="30.00", exports_100m_usd="5.00", featured_exports_100m_usd="0.01")
            if row["base_id"] == "delta":
                row["sales_100m_cny"] = "60.01"  # the largest-remainder rounding leaves 0.01 between them
    rewrite(mini_raw / "submissions/2009/submissions_2009.csv", reconstruct)
    con = build_mini(mini_raw)
    ranks = dict(con.execute("""select base_id, (status, field_rank, alike_bases) from report.evaluation_indicator_values
                                where indicator_id = 'exports'""").fetchall())
    assert ranks == {"alpha": ("reported", 1, 0), "beta": ("reported", 2, 0),
                     "gamma": ("reconstructed", None, 1), "delta": ("reconstructed", None, 1)}
    scores = {r[0]: r[1:] for r in con.execute(
        "select base_id, is_rankable, overall_rank, overall_rankable, alike_base_names from report.evaluation_scores"
    ).fetchall()}
    assert scores == {"alpha": (True, 1, 2, None), "beta": (True, 2, 2, None),
                      "gamma": (False, None, None, "丁基地"), "delta": (False, None, None, "丙基地")}


def test_policy_targets_measure_what_the_data_can(mini):
    rows = {r[0]: r[1:] for r in mini.execute(
        "select target_id, value, status, distance from report.evaluation_policy_targets where year = 2009").fetchall()}
    # four bases; featured exports 60 + 10 + 0.01 + 0 = 70.01 of national high-tech exports 500
    assert rows["bases_count"] == (4.0, "not_met", -96.0)
    assert rows["ipr_hightech_exports_share"][:2] == (round(70.01 / 500 * 100, 4), "not_met")
    assert rows["featured_output_national_share"] == (None, "no_data", None)
    assert rows["key_export_enterprises"] == (None, "no_data", None)
    # no base reports high-tech exports: their exports stand in, which is another measure, not compared
    [(counted, standing_in)] = mini.execute("""select bases_counted, bases_standing_in from report.evaluation_policy_targets
                                               where year = 2009 and target_id = 'bases_hightech_exports_share'""").fetchall()
    assert counted == standing_in == 4
    assert rows["bases_hightech_exports_share"][1:] == ("not_comparable", None)


def test_an_estimate_enters_a_policy_target_only_where_its_fields_total_is_unpublished(mini_raw, build_mini):
    """Every base value of the miniature tree is reconstructed. An estimate in a field whose total
    is published only shares that total out, so it does not change the bases' sum: publishing the
    electronics total of featured exports takes alpha and beta out of the estimates entering it."""
    def counts(con):
        return con.execute("""select bases_reconstructed, bases_estimated from report.evaluation_policy_targets
                              where year = 2009 and target_id = 'ipr_hightech_exports_share'""").fetchone()
    assert counts(build_mini(mini_raw)) == (4, 4)
    published = mini_raw / "published" / "published_figures_2009.csv"
    with published.open("a", encoding="utf-8") as f:
        f.write("t3.electronics.featured_exports,field.electronics.featured_exports,70.00,100m_usd,"
                "test Table 3 electronics featured exports\n")
    assert counts(build_mini(mini_raw)) == (4, 2)
