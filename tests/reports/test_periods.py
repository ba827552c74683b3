"""Reporting periods and their cut-off (Nghị định 09/2019/NĐ-CP), at their edges."""

import datetime

import pytest

from reports.periods import Period, PeriodCodeError, period_for_due_day

D = datetime.date


@pytest.mark.parametrize(
    "code, start, end",
    [
        ("2022-Q1", D(2021, 12, 15), D(2022, 3, 14)),
        ("2022-Q2", D(2022, 3, 15), D(2022, 6, 14)),
        ("2022-Q4", D(2022, 9, 15), D(2022, 12, 14)),
        ("2022-H1", D(2021, 12, 15), D(2022, 6, 14)),
        ("2022-H2", D(2022, 6, 15), D(2022, 12, 14)),
        ("2022", D(2021, 12, 15), D(2022, 12, 14)),
    ],
)
def test_window_runs_from_the_15th_before_to_the_14th_of_the_last_month(code, start, end):
    assert Period.parse(code).window() == (start, end)


def test_calendar_window_when_the_directive_sets_no_cutoff_day():
    assert Period.parse("2024-Q1").window(None) == (D(2024, 1, 1), D(2024, 3, 31))
    assert Period.parse("2024-H2").window(None) == (D(2024, 7, 1), D(2024, 12, 31))


def test_consecutive_quarters_leave_no_gap_and_no_overlap():
    for code in ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]:
        period = Period.parse(code)
        assert period.previous().window()[1] + datetime.timedelta(days=1) == period.window()[0]


def test_previous_of_the_first_quarter_is_the_last_of_the_year_before():
    assert Period.parse("2023-Q1").previous().code == "2022-Q4"
    assert Period.parse("2023-H1").previous().code == "2022-H2"
    assert Period.parse("2023").previous().code == "2022"


def test_labels_are_vietnamese():
    assert Period.parse("2022-q2").label == "quý II năm 2022"
    assert Period.parse("2022-H1").label == "6 tháng đầu năm 2022"
    assert Period.parse("2022-08-25").label == "đến ngày 25/08/2022"


@pytest.mark.parametrize("code", ["2022-Q5", "22-Q1", "2022-H3", "2022-02-30", "", "quý 2"])
def test_bad_codes_are_refused(code):
    with pytest.raises(PeriodCodeError):
        Period.parse(code)


@pytest.mark.parametrize(
    "rule, due, code",
    [
        ("quarterly", D(2022, 6, 10), "2022-Q2"),  # before the 10th of the quarter's last month
        ("quarterly", D(2023, 3, 20), "2023-Q1"),
        ("quarterly", D(2022, 4, 5), "2022-Q1"),  # due in a quarter's first month: the quarter before
        ("quarterly", D(2023, 1, 5), "2022-Q4"),
        ("annual", D(2022, 12, 10), "2022"),
        ("annual", D(2022, 1, 15), "2021"),
        ("half_yearly", D(2022, 6, 20), "2022-H1"),
        ("half_yearly", D(2022, 7, 5), "2022-H1"),
        ("once", D(2022, 8, 25), "2022-08-25"),
    ],
)
def test_period_a_due_day_reports_on(rule, due, code):
    assert period_for_due_day(rule_period=rule, due_day=due).code == code


@pytest.mark.parametrize(
    "typed, code",
    [
        ("Quý II/2022", "2022-Q2"),
        ("quý II/2022", "2022-Q2"),
        ("QUÝ IV/2026", "2026-Q4"),
        ("quy ii/2022", "2022-Q2"),
        ("Quý 2/2022", "2022-Q2"),
        ("II/2022", "2022-Q2"),
        ("I/2023", "2023-Q1"),
        ("Q3/2022", "2022-Q3"),
        ("quý II năm 2022", "2022-Q2"),  # the label a report prints reads back
        ("2022-Q2", "2022-Q2"),
        ("  2022-q2 ", "2022-Q2"),
        ("6 tháng đầu năm 2022", "2022-H1"),
        ("6 tháng cuối năm 2022", "2022-H2"),
        ("6 thang dau nam 2022", "2022-H1"),
        ("2022-H1", "2022-H1"),
        ("năm 2022", "2022"),
        ("Năm 2022", "2022"),
        ("2022", "2022"),
        ("2022-08-25", "2022-08-25"),
        ("25/08/2022", "2022-08-25"),
        ("5/8/2022", "2022-08-05"),
        ("năm 1900", "1900"),
        ("Quý I/2100", "2100-Q1"),
    ],
)
def test_what_people_type_is_read(typed, code):
    assert Period.parse(typed).code == code


@pytest.mark.parametrize(
    "typed",
    [
        "Quý V/2022",
        "quý 5/2022",
        "V/2022",
        "Quý II/22",
        "Quý II",
        "6 tháng giữa năm 2022",
        "năm",
        "năm 1899",
        "0000-Q1",
        "2101",
        "Quý IV/2101",
        "31/02/2022",
        "32/01/2022",
        "2022-Q2 quý II",
        None,
    ],
)
def test_what_names_no_period_is_refused(typed):
    with pytest.raises(PeriodCodeError):
        Period.parse(typed)


# --- what an agency owes (owed_periods) ---------------------------------------------------

QUARTERLY_10TH = ("quarterly", [D(y, m, 10) for y in (2025, 2026, 2027) for m in (3, 6, 9, 12)])
ANNUAL_10_12 = ("annual", [D(y, 12, 10) for y in (2025, 2026, 2027)])


SINCE = D(2025, 1, 1)


def _owed(rules, *, today, since=SINCE, sent=(), until=None):
    from reports.periods import owed_periods

    return [
        (p.code, due) for p, due in owed_periods(rules=rules, since=since, today=today, sent=set(sent), until=until)
    ]


def test_the_report_due_next_is_owed_and_the_ones_after_it_are_not():
    """02/NQ-CP plan on 01/12/2026: quý IV/2026 and năm 2026 are due 10/12/2026; 2027 is not yet."""
    sent = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025", "2026-Q1", "2026-Q2", "2026-Q3"]
    owed = _owed([QUARTERLY_10TH, ANNUAL_10_12], today=D(2026, 12, 1), sent=sent)
    assert owed == [("2026", D(2026, 12, 10)), ("2026-Q4", D(2026, 12, 10))]


def test_every_overdue_period_is_owed_oldest_first_then_the_next_due():
    owed = _owed([QUARTERLY_10TH], today=D(2025, 12, 1), sent=["2025-Q2"])
    assert owed == [("2025-Q1", D(2025, 3, 10)), ("2025-Q3", D(2025, 9, 10)), ("2025-Q4", D(2025, 12, 10))]


def test_on_its_due_day_a_report_is_due_and_the_day_after_it_is_overdue_with_the_next_one_due():
    assert _owed([QUARTERLY_10TH], today=D(2025, 3, 10)) == [("2025-Q1", D(2025, 3, 10))]
    assert _owed([QUARTERLY_10TH], today=D(2025, 3, 11)) == [("2025-Q1", D(2025, 3, 10)), ("2025-Q2", D(2025, 6, 10))]


def test_a_report_sent_ahead_of_its_due_day_leaves_nothing_owed():
    assert _owed([QUARTERLY_10TH], today=D(2025, 3, 1), sent=["2025-Q1"]) == []


def test_nothing_is_owed_for_a_period_that_ended_before_the_agency_was_given_work():
    # quý I/2025 runs to 14/03/2025; work given on 15/03/2025
    assert _owed([QUARTERLY_10TH], today=D(2025, 6, 1), since=D(2025, 3, 15)) == [("2025-Q2", D(2025, 6, 10))]
    assert _owed([QUARTERLY_10TH], today=D(2025, 6, 1), since=D(2025, 3, 14)) == [
        ("2025-Q1", D(2025, 3, 10)),
        ("2025-Q2", D(2025, 6, 10)),
    ]


def test_no_report_is_owed_after_the_directive_stopped_being_tracked():
    owed = _owed([QUARTERLY_10TH], today=D(2026, 12, 1), sent=["2025-Q1", "2025-Q2"], until=D(2025, 9, 10))
    assert owed == [("2025-Q3", D(2025, 9, 10))]


def test_a_one_off_report_is_owed_until_sent():
    rules = [("once", [D(2025, 8, 25)])]
    assert _owed(rules, today=D(2025, 8, 1)) == [("2025-08-25", D(2025, 8, 25))]
    assert _owed(rules, today=D(2026, 1, 1)) == [("2025-08-25", D(2025, 8, 25))]
    assert _owed(rules, today=D(2026, 1, 1), sent=["2025-08-25"]) == []
