"""Tables 6 and 7: '-' stays apart from 0, totals are sums."""
import csv


def test_dash_is_null_and_zero_is_zero(mini):
    rows = dict(mini.execute("""select base_id || '/' || funding_year, amount_10k_cny
                                from report.table6_base_funding where row_kind = 'base'""").fetchall())
    assert rows["delta/2008"] is None
    assert rows["alpha/2008"] == 0


def test_yearly_totals_and_grand_total(mini):
    rows = mini.execute("""select row_kind, funding_year, amount_10k_cny from report.table6_base_funding
                           where row_kind <> 'base' order by row_order, funding_year""").fetchall()
    assert rows == [("total", 2007, 100), ("total", 2008, 50), ("total", 2009, 65), ("grand_total", None, 215)]


def test_table6_grouped_by_batch(mini):
    rows = mini.execute("""select distinct batch, batch_zh from report.table6_base_funding
                           where row_kind = 'base' order by batch""").fetchall()
    assert rows == [(1, "第一批基地"), (2, "第二批基地"), (3, "第三批基地")]


def test_table7_keeps_unknown_as_null(mini):
    assert mini.execute("""select funding_year, platform_projects, industrialisation_projects
                           from report.table7_programme_funding order by funding_year""").fetchall() == [
        (2008, 4, 6), (2009, None, 20)]


def test_totals_follow_the_last_base_at_any_number_of_bases(mini_raw, build_mini):
    """With a thousand bases and more, the totals must not collide with a base's row."""
    path = mini_raw / "funding" / "base_funding_2007_2009.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        row["table6_order"] = str(1000 + int(row["table6_order"]))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    con = build_mini(mini_raw)
    last_base = con.execute("select max(row_order) from report.table6_base_funding where row_kind = 'base'").fetchone()[0]
    totals = con.execute("""select distinct row_kind, row_order from report.table6_base_funding
                            where row_kind <> 'base' order by row_order""").fetchall()
    assert last_base == max(int(row["table6_order"]) for row in rows)
    assert totals == [("total", last_base + 1), ("grand_total", last_base + 2)]
