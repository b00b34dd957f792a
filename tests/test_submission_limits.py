"""The limits of the checks of one submission on its own (check_submission), each on both sides:
at the limit the value passes, a cent beyond it is flagged. The limits are the rules' own
parameters (data/raw/reference/validation_rules.yml) and the year's exchange rate."""
from decimal import Decimal

from pipeline import config
from pipeline.intake.checks import check_submission
from pipeline.intake.directory import Directory
from pipeline.intake.rules import Rules
from pipeline.intake.submission import Submission, Value

RULES = Rules(config.REFERENCE / "validation_rules.yml")
DIRECTORY = Directory(config.REFERENCE)
CENT = Decimal("0.01")


def rules_raised(**amounts: Decimal) -> list[str]:
    """The rules raised when 无锡 (东部) sends only these amounts for 2010."""
    sub = Submission(2010, "submissions/2010/wuxi.xlsx", "填报表", None, (0,), base_id="wuxi")
    sub.values = {m: Value(a, "submitted", sub.file, 9, m) for m, a in amounts.items()}
    check_submission(sub, RULES, DIRECTORY, {}, set())
    return [f.rule for f in sub.findings]


def test_the_largest_number_is_read_and_a_cent_more_is_not():
    largest = Decimal(RULES.param("number_too_large", "max"))
    assert rules_raised(sales=largest) == []
    assert rules_raised(sales=largest + CENT) == ["number_too_large"]


def test_zero_is_not_negative_and_a_cent_below_is():
    assert rules_raised(sales=Decimal(0)) == []
    assert rules_raised(sales=-CENT) == ["negative"]


def test_exports_worth_exactly_the_largest_share_of_sales_pass_and_a_cent_less_of_sales_does_not():
    exports, fx = Decimal(300), DIRECTORY.fx[2010]
    sales = exports * fx / Decimal(str(RULES.param("exports_implausible", "max_ratio")))
    assert sales == sales.quantize(CENT)  # the limit falls on a cent: the two sides below are a cent apart
    assert rules_raised(exports=exports, sales=sales) == []
    assert rules_raised(exports=exports, sales=sales - CENT) == ["exports_implausible"]


def test_an_amount_may_have_the_rules_places_and_a_count_none(tmp_path):
    """The places are the rule's parameters: with amount_places 3 in the rules file, 3 decimals pass."""
    places = RULES.param("too_many_decimals", "amount_places")
    at_the_limit, past_it = Decimal(1).scaleb(-places), Decimal(1).scaleb(-places - 1)
    assert rules_raised(sales=100 + at_the_limit) == []
    assert rules_raised(sales=100 + past_it) == ["too_many_decimals"]
    sub = Submission(2010, "submissions/2010/wuxi.xlsx", "填报表", None, (0,), base_id="wuxi")
    sub.values = {"employees": Value(Decimal("12000.5"), "submitted", sub.file, 18, "从业人员（合计）")}
    check_submission(sub, RULES, DIRECTORY, {}, {"employees"})
    assert [(f.rule, f.message_zh) for f in sub.findings] == [("too_many_decimals", "“从业人员（合计）”为12000.5，应为整数。")]
    rules_file = tmp_path / "validation_rules.yml"
    rules_file.write_text((config.REFERENCE / "validation_rules.yml").read_text(encoding="utf-8")
                          .replace(f"amount_places: {places}\n", f"amount_places: {places + 1}\n"), encoding="utf-8")
    sub = Submission(2010, "submissions/2010/wuxi.xlsx", "填报表", None, (0,), base_id="wuxi")
    sub.values = {"sales": Value(100 + past_it, "submitted", sub.file, 9, "销售收入（合计）")}
    check_submission(sub, Rules(rules_file), DIRECTORY, {}, set())
    assert sub.findings == []
