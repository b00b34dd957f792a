"""Tables 4 and 5 are selected by threshold from the submissions, never kept as lists."""
from decimal import Decimal


def test_table4_lists_bases_over_1000_yi_sales(mini):
    assert mini.execute("select base_id, sales_100m_cny from report.table4_sales_over_1000yi").fetchall() == [
        ("alpha", Decimal("1500.00"))]


def test_a_base_crossing_the_threshold_appears(mini_raw, build_mini):
    path = mini_raw / "submissions/2009/submissions_2009.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",400.00,", ",1000.01,"), encoding="utf-8")
    con = build_mini(mini_raw)
    assert con.execute("select base_id from report.table4_sales_over_1000yi order by base_id").fetchall() == [
        ("alpha",), ("beta",)]


def test_exactly_1000_is_not_over_the_threshold(mini_raw, build_mini):
    path = mini_raw / "submissions/2009/submissions_2009.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",400.00,", ",1000.00,"), encoding="utf-8")
    con = build_mini(mini_raw)
    assert con.execute("select count(*) from report.table4_sales_over_1000yi").fetchone() == (1,)


def test_table5_lists_bases_over_100_yi_usd_exports(mini):
    assert mini.execute("""select base_id, exports_100m_usd, bases_in_field
                           from report.table5_exports_over_100yi_usd""").fetchall() == [
        ("alpha", Decimal("120.00"), 1)]


def test_real_table4_keeps_the_published_grouping(real):
    rows = real.execute("""select field_zh, region_zh, base_id from report.table4_sales_over_1000yi
                           where year = 2009""").fetchall()
    assert [r[2] for r in rows[:7]] == ["zhongguancun", "fuzhou_etdz", "shenzhen_hitech", "ningbo_beilun",
                                       "dalian_hitech", "wuhan_east_lake", "mianyang"]
    assert [r[0] for r in rows] == ["电子信息"] * 7 + ["生物医药"] * 3 + ["新能源"] + ["新材料"] * 2 + ["装备制造", "光机电一体化"]
