"""Each flag of the evaluation on the invented four-base tree (tests/fixtures/mini_raw): alpha and
beta in 电子信息, gamma and delta in 生物医药. 2009's values are a reconstruction; 2010's are sent
on the bases' forms (tests/evaluation_fixtures.py)."""
from tests.evaluation_fixtures import add_year_2010, mark_published, rewrite, send_forms


def states(con, flag_id, year=2009):
    return dict(con.execute("select base_id, state from report.evaluation_flags where year = ? and flag_id = ?",
                            [year, flag_id]).fetchall())


def basis_by_base(con, flag_id, year):
    return dict(con.execute("select base_id, basis from report.evaluation_flags where year = ? and flag_id = ?",
                            [year, flag_id]).fetchall())


def test_exports_below_the_regional_threshold(mini_raw, build_mini):
    # delta (东部, threshold 1.00亿美元) exports 0.01; gamma (西部, 0.10) exports 9.99: reconstructed in 2009,
    # sent on the bases' forms in 2010
    add_year_2010(mini_raw, {"alpha": "132.00", "beta": "45.00", "gamma": "9.99", "delta": "0.01"})
    con = build_mini(mini_raw)
    for year in (2009, 2010):
        assert states(con, "below_export_threshold", year) == {"alpha": "clear", "beta": "clear", "gamma": "clear",
                                                               "delta": "raised"}
    assert con.execute("""select year, value, benchmark, basis, detail_zh from report.evaluation_flags
                          where base_id = 'delta' and flag_id = 'below_export_threshold' order by year""").fetchall() == [
        (2009, 0.01, 1.0, "reconstructed", "无高新技术产品出口额数据，以出口额衡量"),
        (2010, 0.01, 1.0, "reported", "无高新技术产品出口额数据，以出口额衡量")]


def test_featured_share_is_not_compared_in_a_field_with_too_few_bases(mini):
    assert set(states(mini, "featured_share_below_field_q1").values()) == {"not_applicable"}


def test_featured_share_below_the_field_quartile(mini_raw, build_mini):
    rewrite(mini_raw / "reference/evaluation_flags.csv",
            lambda r: r.update(min_peers="2") if r["flag_id"] == "featured_share_below_field_q1" else None)
    con = build_mini(mini_raw)
    # 电子信息: alpha 700/1500 = 46.67%, beta 100/400 = 25%; lower quartile 25 + (46.67 - 25) / 4 = 30.42
    assert states(con, "featured_share_below_field_q1") == {"alpha": "clear", "beta": "raised", "gamma": "clear",
                                                             "delta": "clear"}
    value, benchmark = con.execute("""select value, benchmark from report.evaluation_flags
                                      where base_id = 'beta' and flag_id = 'featured_share_below_field_q1'""").fetchone()
    assert (value, round(benchmark, 2)) == (25.0, 30.42)
    assert set(basis_by_base(con, "featured_share_below_field_q1", 2009).values()) == {"reconstructed"}


def test_no_funding_in_three_years(mini_raw, build_mini):
    # as given, alpha got 150万元 over 2007–2009 and the others were in the programme fewer than three years
    assert states(build_mini(mini_raw), "no_funding_3y") == {"alpha": "clear", "beta": "not_applicable",
                                                              "gamma": "not_applicable", "delta": "not_applicable"}
    rewrite(mini_raw / "funding/base_funding_2007_2009.csv",
            lambda r: r.update(amount_10k_cny="0") if r["base_id"] == "alpha" else None)
    assert states(build_mini(mini_raw), "no_funding_3y")["alpha"] == "raised"


def test_export_growth_below_national_growth(mini_raw, build_mini):
    # national high-tech exports 500 → 600 (+20%); alpha 120 → 132 (+10%), beta 30 → 45 (+50%), gamma flat;
    # delta sends no form. Alpha's 2009 exports are published, the others' reconstructed
    mark_published(mini_raw, ("alpha",), ("exports",))
    add_year_2010(mini_raw, {"alpha": "132.00", "beta": "45.00", "gamma": "9.99"}, national_hightech_exports="600")
    con = build_mini(mini_raw)
    assert states(con, "export_growth_below_national", 2010) == {"alpha": "raised", "beta": "clear",
                                                                  "gamma": "raised", "delta": "no_data"}
    assert basis_by_base(con, "export_growth_below_national", 2010) == {"alpha": "reported", "beta": "reconstructed",
                                                                        "gamma": "reconstructed", "delta": None}
    assert set(states(con, "export_growth_below_national", 2009).values()) == {"no_data"}
    assert con.execute("""select value, benchmark from report.evaluation_flags
                          where year = 2010 and base_id = 'alpha' and flag_id = 'export_growth_below_national'
                       """).fetchone() == (10.0, 20.0)


def test_export_growth_has_no_data_without_the_national_figure(mini_raw, build_mini):
    add_year_2010(mini_raw, {"alpha": "132.00", "beta": "45.00", "gamma": "9.99", "delta": "0.01"})
    assert set(states(build_mini(mini_raw), "export_growth_below_national", 2010).values()) == {"no_data"}


def test_no_accepted_submission(mini_raw, build_mini):
    # in 2010 alpha and beta send their forms, gamma's has a typing slip and is quarantined, delta sends none
    add_year_2010(mini_raw, {"alpha": "132.00", "beta": "45.00"})
    send_forms(mini_raw, 2010, {"gamma": {"sales": "48,70"}})
    con = build_mini(mini_raw)
    assert dict(con.execute("""select base_id, (state, detail_zh) from report.evaluation_flags
                               where year = 2010 and flag_id = 'no_accepted_submission'""").fetchall()) == {
        "alpha": ("clear", "已收到通过审核的报送"), "beta": ("clear", "已收到通过审核的报送"),
        "gamma": ("raised", "报送数据有错误，暂不汇总（见本年度报送数据核验报告）"), "delta": ("raised", "本年度未收到报送")}
    # 2009's figures are the reconstruction from the published report: no base sent them, so the flag does not apply
    assert set(con.execute("""select distinct (state, detail_zh) from report.evaluation_flags
                              where year = 2009 and flag_id = 'no_accepted_submission'""").fetchall()) == {
        (("not_applicable", "数据取自已公布的年度报告（含据此所作的估算），不是基地报送"),)}
    # a base without a submission has no value anywhere, and no score
    assert con.execute("""select count(*) filter (where value is not null), count(*) from report.evaluation_indicator_values
                          where year = 2010 and base_id = 'delta' and indicator_id <> 'funding_3y'""").fetchone() == (0, 12)
    assert con.execute("select score from report.evaluation_scores where year = 2010 and base_id = 'delta'").fetchone() == (None,)
    # and each indicator says why: nothing came, or what came was held back; not that the field was left empty
    reasons = dict(con.execute("""select base_id, list(distinct no_data_reason_zh) from report.evaluation_indicator_values
                                  where year = 2010 and base_id in ('gamma', 'delta') and indicator_id <> 'funding_3y'
                                  group by base_id""").fetchall())
    assert reasons == {"gamma": ["报送数据有错误，暂不汇总"], "delta": ["本年度未收到报送"]}
    below = dict(con.execute("""select base_id, detail_zh from report.evaluation_flags
                                where year = 2010 and flag_id = 'below_export_threshold' and state = 'no_data'""").fetchall())
    assert below == {"gamma": "报送数据有错误，暂不汇总", "delta": "本年度未收到报送"}
