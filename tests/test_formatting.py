"""How the report prints a number: fixed decimals, and small counts in Chinese numerals (三批, 十大领域)."""
from decimal import Decimal

import pytest

from pipeline.publish import formatting
from pipeline.publish.formatting import num, num_zh


def test_num_rounds_half_up_at_the_printed_precision():
    assert [num(Decimal("67.4936"), 1), num(Decimal("2302.645"), 2), num(None)] == ["67.5", "2302.65", "-"]


@pytest.mark.parametrize("value, expected", [
    (0, "零"), (3, "三"), (Decimal("10.0000"), "十"), (12, "十二"), (20, "二十"), (58, "五十八"), (99, "九十九"),
])
def test_num_zh_writes_small_counts_in_chinese(value, expected):
    assert num_zh(value) == expected


@pytest.mark.parametrize("value", [Decimal("2.5"), 100, -1])
def test_num_zh_refuses_what_it_cannot_write(value):
    with pytest.raises(ValueError, match="whole numbers from 0 to 99"):
        num_zh(value)


def test_a_range_takes_the_reports_one_range_mark():
    assert formatting.ranges("15-20年") == "15—20年"
    assert formatting.ranges("1～2个、3 - 4家") == "1—2个、3—4家"
    assert formatting.ranges("TD-SCDMA、2007—2009年") == "TD-SCDMA、2007—2009年"
