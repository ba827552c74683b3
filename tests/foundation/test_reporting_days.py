"""Report due days from reporting rules: quarter ends, the 10th/20th, 10/12, one-off dates."""

import datetime

from directives.deadlines import quarter_end
from directives.reporting_days import due_dates_between

D = datetime.date


def days(**rule):
    base = {"due_on": None, "day": None, "month_of_quarter": None, "months": None, "month": None}
    base.update(rule)
    return due_dates_between(**base)


def test_quarterly_before_the_10th_of_the_last_month_of_each_quarter():
    assert days(period="quarterly", day=10, month_of_quarter=3, start=D(2021, 1, 1), end=D(2021, 12, 31)) == [
        D(2021, 3, 10),
        D(2021, 6, 10),
        D(2021, 9, 10),
        D(2021, 12, 10),
    ]


def test_quarterly_only_in_march_june_september():
    result = days(
        period="quarterly", day=20, month_of_quarter=3, months=[3, 6, 9], start=D(2023, 1, 1), end=D(2023, 12, 31)
    )
    assert result == [D(2023, 3, 20), D(2023, 6, 20), D(2023, 9, 20)]


def test_annual_before_10_december_and_window_edges_are_inclusive():
    assert days(period="annual", day=10, month=12, start=D(2023, 12, 10), end=D(2024, 12, 10)) == [
        D(2023, 12, 10),
        D(2024, 12, 10),
    ]
    assert days(period="annual", day=10, month=12, start=D(2023, 12, 11), end=D(2024, 12, 9)) == []


def test_once_only_inside_the_window():
    assert days(period="once", due_on=D(2022, 8, 25), start=D(2022, 8, 25), end=D(2022, 8, 25)) == [D(2022, 8, 25)]
    assert days(period="once", due_on=D(2022, 8, 25), start=D(2022, 8, 26), end=D(2023, 1, 1)) == []


def test_day_31_in_a_short_month_falls_on_its_last_day():
    assert days(period="quarterly", day=31, month_of_quarter=3, start=D(2022, 6, 1), end=D(2022, 6, 30)) == [
        D(2022, 6, 30)
    ]


def test_half_yearly_twice_a_year():
    assert days(period="half_yearly", day=15, month=6, start=D(2022, 1, 1), end=D(2022, 12, 31)) == [
        D(2022, 6, 15),
        D(2022, 12, 15),
    ]


def test_quarter_end_dates():
    assert quarter_end(2022, 1) == D(2022, 3, 31)
    assert quarter_end(2022, 2) == D(2022, 6, 30)
    assert quarter_end(2022, 3) == D(2022, 9, 30)
    assert quarter_end(2022, 4) == D(2022, 12, 31)
