"""Tables 2 and 3 on the miniature fixture, by hand-checked numbers."""
from decimal import Decimal


def test_table2_sums_fields_and_computes_shares(mini):
    rows = mini.execute("""select field_zh, sales_100m_cny, sales_share_pct, exports_100m_usd, exports_share_pct
                           from report.table2_sector_overview where year = 2009 order by row_order""").fetchall()
    assert rows == [
        ("电子信息", Decimal("1900.00"), 94.06, Decimal("150.00"), 93.75),
        ("生物医药", Decimal("120.00"), 5.94, Decimal("10.00"), 6.25),
        ("合计", Decimal("2020.00"), 100.0, Decimal("160.00"), 100.0),
    ]


def test_table3_uses_the_featured_parts(mini):
    rows = mini.execute("""select field_zh, featured_output_100m_cny, featured_output_share_pct
                           from report.table3_featured_industry where year = 2009 order by row_order""").fetchall()
    assert rows == [("电子信息", Decimal("700.00"), 93.96), ("生物医药", Decimal("45.00"), 6.04),
                    ("合计", Decimal("745.00"), 100.0)]


def test_field_totals_rank_and_specialise(mini):
    rows = mini.execute("""select field_key, sales_rank, round(specialisation_pct, 4)
                           from core.field_totals order by field_order""").fetchall()
    assert rows == [("electronics", 1, 42.1053), ("biomedicine", 2, 50.0)]


def test_a_field_without_bases_still_has_its_row(mini_raw, build_mini):
    fields = mini_raw / "reference" / "fields.csv"
    fields.write_text(fields.read_text(encoding="utf-8") + "3,new_energy,新能源,New energy\n", encoding="utf-8")
    con = build_mini(mini_raw)
    assert con.execute("""select bases, sales_100m_cny from core.field_totals
                          where field_key = 'new_energy'""").fetchone() == (0, Decimal("0.00"))


def test_a_field_with_no_sales_yet_builds_and_figure_5_says_so(mini_raw, build_mini, tmp_path):
    """Early in 2010's intake only alpha (电子信息) has sent its form: 生物医药 has no sales yet. Every
    check of the build passes (a failed one would stop `make ingest` before qa.md tells the offices
    what was wrong), and Figure 5 keeps the field's line, marked 无数据."""
    from pipeline.publish import figures
    from tests.evaluation_fixtures import add_year_2010
    add_year_2010(mini_raw, {"alpha": "132.00"})
    con = build_mini(mini_raw)
    assert con.execute("select model, check_name from audit.model_checks where failing_rows > 0").fetchall() == []
    assert con.execute("""select field_zh, round(specialisation_pct, 4), round(all_bases_specialisation_pct, 4)
                          from report.fig5_specialisation where year = 2010 order by field_order""").fetchall() == [
        ("电子信息", 46.6667, 46.6667), ("生物医药", None, 46.6667)]  # alpha: 700 of 1500
    [svg] = [p for p in figures.draw_all(con, 2010, tmp_path) if p.name.startswith("fig5")]
    assert "无数据" in svg.read_text(encoding="utf-8") and "46.7%" in svg.read_text(encoding="utf-8")
    from pipeline import registry
    fig = figures.fig5_featured_sales(con, 2010, figures.style(), registry.model("fig5_featured_sales"))
    bottom, top = fig.axes[0].get_ylim()  # inverted: the first field on top, 生物医药 (place 1) inside the axes
    figures.plt.close(fig)
    assert top < 0 < 1 < bottom
