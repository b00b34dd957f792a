"""The reconstruction of the 2009 submissions: exact sums, stated rules, hard constraints."""
import csv
import re
from decimal import Decimal

import pytest

from pipeline import config
from pipeline.intake import forms
from pipeline.warehouse import reconstruct


def committed_rows():
    with config.submissions_file(2009).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_spread_splits_into_cents_that_sum_exactly():
    assert reconstruct.spread(Decimal("1.01"), [Decimal(1), Decimal(1)]) == [Decimal("0.51"), Decimal("0.50")]
    assert reconstruct.spread(Decimal("10.00"), [Decimal(1), Decimal(2), Decimal(7)]) == [
        Decimal("1.00"), Decimal("2.00"), Decimal("7.00")]
    # equal remainders: the leftover cent goes to the first
    assert reconstruct.spread(Decimal("100.00"), [Decimal(1)] * 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_spread_gives_leftover_cents_to_the_largest_remainders():
    assert reconstruct.spread(Decimal("0.10"), [Decimal(1), Decimal(2)]) == [Decimal("0.03"), Decimal("0.07")]


def test_spread_refuses_a_negative_remainder():
    with pytest.raises(reconstruct.ReconstructionError):
        reconstruct.spread(Decimal("-0.01"), [Decimal(1)])


def test_committed_file_is_regenerated_byte_for_byte():
    assert config.submissions_file(2009).read_text(encoding="utf-8") == reconstruct.build(2009)


# what a value's source says, by its provenance: where the report prints it, the field row it is
# its only base's, or the field row whose remainder it shares
SOURCE = {"published": re.compile(r"表\d \S+ \S+|专栏\d+|二\(四\)"),
          "derived": re.compile(r"表[23] \S+ \(the field's only base\)"),
          "reconstructed": re.compile(r"(equal share of the )?remainder of 表[23] \S+")}


def test_every_value_carries_its_provenance_and_source():
    rows = committed_rows()
    assert [row["base_id"] for row in rows] == [base["base_id"] for base in forms.bases_for(2009)]  # Table 1's bases, in order
    unsourced = [(row["base_id"], measure, row[f"{measure}_provenance"], row[f"{measure}_source"])
                 for row in rows for measure in reconstruct.COLUMN_ORDER
                 if not SOURCE.get(row[f"{measure}_provenance"], re.compile("(?!)")).match(row[f"{measure}_source"])]
    assert unsourced == []


def test_published_values_are_used_as_published():
    rows = {r["base_id"]: r for r in committed_rows()}
    assert rows["zhongguancun"]["sales_100m_cny"] == "12995.1000"
    assert rows["zhongguancun"]["sales_provenance"] == "published"
    assert rows["taiyuan_hitech"]["featured_output_100m_cny"] == "210.0000"
    assert rows["taiyuan_hitech"]["featured_sales_100m_cny"] == "203.0000"
    assert rows["xian_yanliang"]["output_100m_cny"] == "133.8500"
    assert rows["xian_yanliang"]["sales_provenance"] == "derived"
    assert rows["weifang_binhai"]["exports_100m_usd"] == "7.9000"
    assert rows["weifang_binhai"]["exports_provenance"] == "derived"


def test_every_published_and_derived_value_stays_exact_and_what_moved_is_reconstructed():
    moved = 0
    for row in committed_rows():
        for measure in reconstruct.COLUMN_ORDER:
            amount = next(v for k, v in row.items() if k.startswith(measure + "_1"))
            source, provenance = row[f"{measure}_source"], row[f"{measure}_provenance"]
            if provenance in ("published", "derived"):
                assert amount.endswith("00"), (row["base_id"], measure, amount)
            if "moved by" in source:
                moved += 1
                assert provenance == "reconstructed"
                assert abs(Decimal(source.split("moved by ")[1].split()[0])) <= Decimal("0.005")
    assert moved > 0
    provenance = [row[f"{m}_provenance"] for row in committed_rows() for m in reconstruct.COLUMN_ORDER]
    assert {p: provenance.count(p) for p in set(provenance)} == {"published": 44, "derived": 10, "reconstructed": 294}


def test_the_totals_consistent_with_rounding_are_reproduced():
    rows = committed_rows()
    output = sum(Decimal(r["output_100m_cny"]) for r in rows)
    exports = sum(Decimal(r["exports_100m_usd"]) for r in rows)
    assert (output.quantize(Decimal("0.01")), exports.quantize(Decimal("0.01"))) == (
        Decimal("78307.81"), Decimal("2677.21"))


def test_the_share_of_national_high_tech_exports_follows_from_the_featured_exports_as_printed():
    """The report prints the featured exports at the cent beside the share of the national figure
    (16.10%): dividing the printed amount gives the printed share, not the next one up."""
    def published(path, key, value, wanted):
        with path.open(encoding="utf-8") as f:
            return Decimal(next(r[value] for r in csv.DictReader(f) if r[key] == wanted))
    national = published(config.RAW / "reference/reference_figures.csv", "figure_id", "value", "national.hightech_exports")
    share = published(config.RAW / "published/published_figures_2009.csv", "published_id", "published_value",
                      "text.p2_3.featured_exports_hightech_share")
    printed = sum(Decimal(r["featured_exports_100m_usd"]) for r in committed_rows()).quantize(Decimal("0.01"))
    assert (100 * printed / national).quantize(Decimal("0.01")) == share


def test_equal_shares_of_a_field_remainder():
    rows = {r["base_id"]: r for r in committed_rows()}
    # 电子信息 sales: 27513.12 less the seven Table 4 bases leaves 1948.31 for four bases
    four = [rows[b]["sales_100m_cny"] for b in ("qingdao_laoshan", "xiamen_hitech", "jinggangshan_etdz", "beihai")]
    assert four == ["487.0800", "487.0800", "487.0800", "487.0700"]
    assert rows["beihai"]["sales_provenance"] == "reconstructed"


def test_featured_never_exceeds_total_and_nothing_is_negative():
    for row in committed_rows():
        for measure, unit in (("output", "100m_cny"), ("sales", "100m_cny"), ("exports", "100m_usd")):
            total, featured = Decimal(row[f"{measure}_{unit}"]), Decimal(row[f"featured_{measure}_{unit}"])
            assert Decimal(0) <= featured <= total, (row["base_id"], measure)


def test_bases_outside_tables_4_and_5_stay_under_the_thresholds():
    table4 = {"zhongguancun", "shenzhen_hitech", "mianyang", "ningbo_beilun", "fuzhou_etdz", "wuhan_east_lake",
              "dalian_hitech", "shanghai_zhangjiang", "chongqing_hitech", "changchun", "wuxi", "changsha_hitech",
              "danyang", "deyang", "zhangzhou"}
    table5 = {"zhongguancun", "shenzhen_hitech", "fuzhou_etdz", "shanghai_zhangjiang", "wuxi"}
    for row in committed_rows():
        if row["base_id"] not in table4:
            assert Decimal(row["sales_100m_cny"]) < 1000, row["base_id"]
        if row["base_id"] not in table5:
            assert Decimal(row["exports_100m_usd"]) < 100, row["base_id"]


def test_a_published_value_larger_than_its_field_row_is_refused():
    bases = [{"base_id": "a", "table1_no": "1", "field_zh": "X"}, {"base_id": "b", "table1_no": "2", "field_zh": "X"}]
    fields = [{"field_key": "x", "field_zh": "X"}]
    published = [{"figure_id": f"field.x.{m}", "published_value": "10", "location": "t"} for m in reconstruct.ORDER]
    published.append({"figure_id": "base.a.sales", "published_value": "11", "location": "t"})
    with pytest.raises(reconstruct.ReconstructionError):
        reconstruct.first_guess(bases, fields, published)
