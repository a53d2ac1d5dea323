"""The one cell escaper for every CSV and spreadsheet export (OWASP "CSV
injection"): a text cell starting with = + - @, a tab or a carriage return is
prefixed with an apostrophe, so a spreadsheet shows it as text and never runs
it as a formula. Numbers stay numbers; None is an empty cell."""

from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
