"""The number parser, by example and by property, and a form's year as offices type it."""
from datetime import datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.intake.numbers import NotANumber, parse_number, parse_year_cell, shown_date

FULL = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@pytest.mark.parametrize("raw, expected", [
    ("12995.1", Decimal("12995.1")), (" 12995.10 ", Decimal("12995.10")), ("12,995.1", Decimal("12995.1")),
    ("１２９９５．１", Decimal("12995.1")), ("１２，９９５", Decimal("12995")), ("－3", Decimal("-3")),
    (12, Decimal(12)), (12.3, Decimal("12.3")), ("0", Decimal(0)),
])
def test_numbers_as_typed(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "—", "无", "——", "／".replace("／", "/")])
def test_marks_for_nothing(raw):
    assert parse_number(raw) is None


@pytest.mark.parametrize("raw", ["12.3亿", "1,23", "1.2.3", "abc", "12,3456", True, float("nan"), "1e5"])
def test_anything_else_is_refused(raw):
    with pytest.raises(NotANumber):
        parse_number(raw)


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_a_plain_decimal_reads_back_exactly(value):
    assert parse_number(str(value)) == value


@given(amounts)
def test_thousands_separators_are_ignored(value):
    assert parse_number(f"{value:,}") == value


@given(amounts)
def test_full_width_digits_read_as_half_width(value):
    assert parse_number(f"{value:,}".translate(FULL)) == value


@given(amounts, st.text(alphabet=" \u3000\t", max_size=3), st.text(alphabet=" \u3000\t", max_size=3))
def test_surrounding_space_is_ignored(value, before, after):
    assert parse_number(f"{before}{value}{after}") == value


@given(amounts)
def test_an_amount_excel_stores_as_a_float_reads_back_exactly(value):
    assert parse_number(float(value)) == value


def test_a_formula_result_reads_as_excel_shows_it():
    assert 312.17999999999995 != 312.18 and parse_number(312.17999999999995) == Decimal("312.18")


@given(st.text(alphabet="abcxyz亿元%e", min_size=1))
def test_letters_are_never_numbers(text):
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize("raw, expected", [
    (2010, 2010), (2010.0, 2010), ("２，０１０", 2010), ("2010年", 2010), ("2010 年度", 2010),
    (None, None), ("", None), ("2010.5", None), ("二〇一〇", None),
])
def test_a_forms_year_as_typed(raw, expected):
    assert parse_year_cell(raw) == expected


@pytest.mark.parametrize("value, shown", [(datetime(1939, 2, 18, 14, 38, 24), "1939-02-18 14:38:24"),
                                          (datetime(1932, 11, 7), "1932-11-07"), (time(6, 30), "06:30:00")])
def test_a_date_read_from_a_cell_is_shown_as_it_reads(value, shown):
    assert shown_date(value) == shown
