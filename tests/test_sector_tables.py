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
