"""The consistency solver: a printed figure is the interval of values that round to it; the fewest
figures that must be wrong are errors, what is computed from them consequences."""
from decimal import Decimal

import pytest

from pipeline import config
from pipeline.warehouse import consistency

FIELDS = [{"field_key": key} for key in ("x", "y", "z")]
BASES = [{"base_id": f"{key}1", "field_key": key} for key in ("x", "y", "z")]


def model(figures: dict[str, str], copies: dict[str, tuple[str, str]] | None = None) -> consistency.Model:
    """Three fields of one base each; figures maps a figure_id to its printed value (a table cell),
    copies maps a text id to the (figure_id, value) it prints."""
    printed = [consistency.Printed(f"t2.{i}", fid, value) for i, (fid, value) in enumerate(figures.items())]
    printed += [consistency.Printed(pid, fid, value) for pid, (fid, value) in (copies or {}).items()]
    return consistency.Model(2009, printed, BASES, FIELDS, {})


def statuses(m: consistency.Model) -> dict[str, tuple[str, str | None]]:
    """figure_id (or text id) -> (status, figure_id of the root cause)."""
    solution = consistency.solve(m)
    name = {pid: (p.figure_id if pid.startswith("t2.") else pid) for pid, p in m.printed.items()}
    return {name[pid]: (v.status, v.root_cause and name[v.root_cause]) for pid, v in solution.verdicts.items()}


ROWS = {"field.x.sales": "10.01", "field.y.sales": "20.01", "field.z.sales": "5.01"}  # 35.03 added up


def test_a_total_within_rounding_of_its_rows_is_rounding():
    found = statuses(model({**ROWS, "total.sales": "35.04"}))
    assert found["total.sales"] == ("rounding", None)
    assert {v for k, v in found.items() if k != "total.sales"} == {("match", None)}


def test_a_total_beyond_what_rounding_explains_is_an_error():
    # three rows rounded to the cent add up to 35.015 .. 35.045 at most
    found = statuses(model({**ROWS, "total.sales": "35.10"}))
    assert found["total.sales"] == ("error", None)
    assert found["field.x.sales"] == ("match", None)


def test_a_share_computed_on_a_wrong_total_is_its_consequence():
    # 10.01 / 35.10 = 28.52%, printed; on the rows' 35.03 it is 28.58%
    found = statuses(model({**ROWS, "total.sales": "35.10", "field.x.sales_share_pct": "28.52",
                            "field.y.sales_share_pct": "57.01"}))
    assert found["total.sales"] == ("error", None)
    assert found["field.x.sales_share_pct"] == ("consequence", "total.sales")
    assert found["field.y.sales_share_pct"] == ("consequence", "total.sales")


def test_a_share_on_a_total_within_rounding_is_a_match():
    # 10.01 / 35.04 = 28.57%, and rows that add up to 35.035 .. 35.045 give it
    found = statuses(model({**ROWS, "total.sales": "35.04", "field.x.sales_share_pct": "28.57"}))
    assert found["field.x.sales_share_pct"] == ("match", None)


def test_a_lone_wrong_share_is_the_error_not_its_terms():
    found = statuses(model({**ROWS, "total.sales": "35.03", "field.x.sales_share_pct": "29.57"}))
    assert found["field.x.sales_share_pct"] == ("error", None)
    assert found["total.sales"] == ("match", None)


def test_a_text_repeating_a_wrong_cell_is_a_consequence_and_one_misprinting_a_right_cell_an_error():
    found = statuses(model({**ROWS, "total.sales": "35.10"},
                           {"text.total": ("total.sales", "35.1"), "text.x": ("field.x.sales", "10.1")}))
    assert found["text.total"] == ("consequence", "total.sales")
    assert found["text.x"] == ("error", None)


def test_a_text_misprinting_a_wrong_cell_is_an_error_of_its_own():
    found = statuses(model({**ROWS, "total.sales": "35.10"}, {"text.total": ("total.sales", "35.2")}))
    assert (found["total.sales"], found["text.total"]) == (("error", None), ("error", None))


def test_a_share_of_a_reference_figure_not_recorded_is_left_out():
    assert "national.exports_share_pct" not in statuses(model({**ROWS, "national.exports_share_pct": "5.00"}))


def test_a_ranking_that_leaves_a_field_out_is_one_error_and_its_consequences():
    # the rows give y 20.01, x 10.01, z 5.01
    assert set(statuses(model({**ROWS, "field.y.sales_rank": "1", "field.x.sales_rank": "2",
                               "field.z.sales_rank": "3"})).values()) == {("match", None)}
    found = statuses(model({**ROWS, "field.x.sales_rank": "1", "field.z.sales_rank": "2"}))  # y left out
    assert found["field.x.sales_rank"] == ("error", None)
    assert found["field.z.sales_rank"] == ("consequence", "field.x.sales_rank")
    found = statuses(model({**ROWS, "field.z.sales_rank": "1", "field.y.sales_rank": "2"}))  # no omission explains it
    assert found["field.z.sales_rank"] == ("error", None)
    assert found["field.y.sales_rank"] == ("error", None)


def test_featured_above_total_cannot_both_stand():
    found = statuses(model({**ROWS, "field.x.featured_sales": "10.50"}))
    assert [k for k, (s, _) in found.items() if s == "error"] in (["field.x.featured_sales"], ["field.x.sales"])


def test_reproduce_moves_the_first_guess_onto_the_printed_figures():
    m = model({**ROWS, "total.sales": "35.04", "field.x.sales_share_pct": "28.57"})
    solution = consistency.solve(m)
    guess = {(b["base_id"], measure): Decimal(0) for b in BASES for measure in consistency.MEASURES}
    guess.update({("x1", "sales"): Decimal("10.01"), ("y1", "sales"): Decimal("20.01"), ("z1", "sales"): Decimal("5.01")})
    values = consistency.reproduce(solution, guess, {k: 1.0 for k in guess})
    total = sum(values[(b["base_id"], "sales")] for b in BASES)
    assert consistency.half_up(total, 2) == Decimal("35.04")
    assert all(abs(values[k] - guess[k]) < Decimal("0.005") for k in guess)
    assert all(v == v.quantize(consistency.GRID) for v in values.values())


def reproduced_sales(printed: dict[str, str], x_guess: str) -> Decimal:
    """x1's sales as reproduce gives them, from a first guess of x_guess (the other rows guessed as printed)."""
    guess = {(b["base_id"], measure): Decimal(0) for b in BASES for measure in consistency.MEASURES}
    guess.update({("x1", "sales"): Decimal(x_guess), ("y1", "sales"): Decimal("20.01"), ("z1", "sales"): Decimal("5.01")})
    return consistency.reproduce(consistency.solve(model(printed)), guess, {k: 1.0 for k in guess})[("x1", "sales")]


def test_reproduce_stops_one_step_past_the_half_below_and_one_step_short_of_the_half_above():
    # printed 10.01: [10.005, 10.015); the half itself prints 10.01 only where halves round up
    assert reproduced_sales(ROWS, "10.00") == Decimal("10.0051")
    assert reproduced_sales(ROWS, "10.02") == Decimal("10.0149")


def test_reproduce_holds_a_table_cell_printed_with_one_decimal_to_the_tables_two():
    # printed 10.1 allows 10.05 .. 10.15, but the table, printed at two decimals, must show 10.10
    assert reproduced_sales({**ROWS, "field.x.sales": "10.1"}, "10.14") == Decimal("10.1049")


def test_reproduce_keeps_a_share_of_a_national_figure_true_of_the_amount_as_printed():
    # 16.10% of 3769.3 allows amounts up to 607.0457, but 607.0457 prints 607.05, and 607.05 / 3769.3 is 16.11%
    national = {"national.exports": consistency.Printed("ref", "national.exports", "3769.3")}
    m = consistency.Model(2009, [consistency.Printed("text.share", "national.exports_share_pct", "16.10")],
                          BASES, FIELDS, national)
    guess = {(b["base_id"], measure): Decimal(0) for b in BASES for measure in consistency.MEASURES}
    guess.update({("x1", "exports"): Decimal("600.00"), ("y1", "exports"): Decimal("7.06")})  # 607.06 added up
    values = consistency.reproduce(consistency.solve(m), guess, {k: 1.0 for k in guess})
    printed = consistency.half_up(sum(values[(b["base_id"], "exports")] for b in BASES), 2)
    assert printed == Decimal("607.04")
    assert consistency.half_up(100 * printed / Decimal("3769.3"), 2) == Decimal("16.10")


def test_values_whose_amount_prints_to_another_share_of_a_national_figure_are_refused():
    # 607.0457 is 16.10% of 3769.3, but it prints 607.05, which divides to 16.11%
    national = {"national.exports": consistency.Printed("ref", "national.exports", "3769.3")}
    m = consistency.Model(2009, [consistency.Printed("text.share", "national.exports_share_pct", "16.10")],
                          BASES, FIELDS, national)
    values = {(b["base_id"], measure): Decimal(0) for b in BASES for measure in consistency.MEASURES}
    values.update({("x1", "exports"): Decimal("600.0000"), ("y1", "exports"): Decimal("7.0457")})
    with pytest.raises(consistency.InconsistentFigures,
                       match=r"text.share \(16.10, from the amount printed at 2 decimals 607.05\)$"):
        consistency.check_reproduced(m, {"text.share": 2}, values)

def test_values_with_a_featured_part_above_its_total_are_refused_after_the_solver():
    values = {(b["base_id"], measure): Decimal(0) for b in BASES for measure in consistency.MEASURES}
    values.update({("x1", "sales"): Decimal("10.01"), ("x1", "featured_sales"): Decimal("10.02")})
    with pytest.raises(consistency.InconsistentFigures, match=r"^the reconstructed values do not reproduce "
                                                               r"x1 featured_sales 10.02 exceeds its total$"):
        consistency.check_reproduced(model(ROWS), {}, values)


@pytest.fixture(scope="module")
def verdicts_2009():
    return consistency.solve(consistency.load(config.RAW, 2009)).verdicts


def test_the_2009_report_has_seven_errors(verdicts_2009):
    assert sorted(p for p, v in verdicts_2009.items() if v.status == "error") == [
        "t2.agriculture.sales_share", "t3.total.exports", "t4.title", "t5.title",
        "text.p2_3.exports_national_share", "text.p2_4.specialisation_rank1", "text.p2_4.zhongguancun_featured_share"]


def test_the_2009_consequences_and_their_root_causes(verdicts_2009):
    assert {p: v.root_cause for p, v in verdicts_2009.items() if v.status == "consequence"} == {
        "t3.electronics.exports_share": "t3.total.exports",
        "text.p2_1.electronics_featured_exports_share": "t3.total.exports",
        "text.p1.featured_exports": "t3.total.exports",
        "text.p2_3.featured_exports": "t3.total.exports",
        "text.p2_4.specialisation_rank2": "text.p2_4.specialisation_rank1",
        "text.p2_4.specialisation_rank3": "text.p2_4.specialisation_rank1"}


def test_the_2009_totals_that_miss_their_rows_are_rounding(verdicts_2009):
    rounding = {p: v.printed_recomputation for p, v in verdicts_2009.items() if v.status == "rounding"}
    assert rounding == {"t2.total.output": Decimal("78307.85"), "t2.total.exports": Decimal("2677.19")}
    # the text's 16.10% of high-tech exports divides the wrong 606.88, yet the rows allow it
    assert verdicts_2009["text.p2_3.featured_exports_hightech_share"].status == "match"
    assert verdicts_2009["text.p2_3.exports"].status == "match"


def test_only_zhongguancuns_share_has_an_equally_small_alternative():
    """Counting every error alike and forbidding each of the smallest set in turn: only 中关村's
    share can give way to one of the Table 4 values it divides (the solver blames the computed
    share before the data). The ranking and the two titles involve no rounding."""
    worlds = consistency.Worlds(consistency.load(config.RAW, 2009))
    for switch in worlds.error.values():
        worlds.lp.cost[switch] = 1.0
    left_out = set(worlds.reproduced.values())

    def errors(forbidden: str | None = None) -> set[str]:
        fixed = {worlds.error[forbidden]: 0.0} if forbidden else {}
        x = worlds.lp.solve("2009", leave_out=left_out, fixed=fixed)
        return {p for p, v in worlds.error.items() if x[v] > 0.5}

    zhongguancun = {"text.p2_4.zhongguancun_featured_share", "t4.zhongguancun.featured_sales", "t4.zhongguancun.sales"}
    smallest = errors()
    assert smallest - zhongguancun == {"t2.agriculture.sales_share", "t3.total.exports", "text.p2_3.exports_national_share"}
    assert len(smallest & zhongguancun) == 1
    assert {p for p in smallest if len(errors(p)) == len(smallest)} == smallest & zhongguancun
