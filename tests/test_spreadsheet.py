"""cms.spreadsheet.safe_cell, the one escaper every CSV and spreadsheet
export uses (each export's own test goes through its view)."""

from decimal import Decimal

import pytest

from cms.spreadsheet import safe_cell


@pytest.mark.parametrize("raw", ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx", "\t=1+1", "\r=1+1"])
def test_text_that_could_start_a_formula_gets_an_apostrophe(raw):
    assert safe_cell(raw) == "'" + raw


@pytest.mark.parametrize("value, expected", [("普通", "普通"), (None, ""), ("a=1", "a=1"), (True, "True")])
def test_other_text(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("number", [3, -3, 2.5, Decimal("-1.5")])
def test_numbers_stay_numbers(number):
    assert safe_cell(number) == number
