"""Boundary tests of the one deadline rule, `directives.deadlines.deadline_resolve`."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.deadlines import Deadline, deadline_resolve

D = datetime.date


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, Deadline("none", None, "", "")),
        ({"kind": "none", "due_text": "theo lộ trình của Bộ"}, Deadline("none", None, "theo lộ trình của Bộ", "")),
        ({"kind": "none", "due_on": D(2026, 12, 31)}, Deadline("date", D(2026, 12, 31), "trước ngày 31/12/2026", "")),
        ({"kind": "none", "quarter": "II/2026"}, Deadline("quarter", D(2026, 6, 30), "trong quý II/2026", "")),
        ({"kind": "none", "recurrence": "annual"}, Deadline("recurring", None, "", "annual")),
        ({"kind": "quarter", "quarter": "Quý IV/2025"}, Deadline("quarter", D(2025, 12, 31), "trong quý IV/2025", "")),
        # a stored quarter deadline comes back as its date
        ({"kind": "quarter", "due_on": D(2022, 6, 30)}, Deadline("quarter", D(2022, 6, 30), "", "")),
        ({"kind": "ongoing"}, Deadline("ongoing", None, "thường xuyên", "")),
        (
            {"kind": "date", "due_on": D(2026, 1, 1), "due_text": "trước Tết"},
            Deadline("date", D(2026, 1, 1), "trước Tết", ""),
        ),
        # on the issue day itself is not before it
        (
            {"kind": "date", "due_on": D(2026, 3, 1), "not_before": D(2026, 3, 1)},
            Deadline("date", D(2026, 3, 1), "trước ngày 01/03/2026", ""),
        ),
    ],
)
def test_a_deadline_is_made_whole(given, expected):
    assert deadline_resolve(**given) == expected


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"kind": "date"}, "due_on"),
        ({"kind": "quarter"}, "quarter"),
        ({"kind": "quarter", "quarter": "quý 5/2022"}, "quarter"),
        ({"kind": "date", "due_on": D(2026, 1, 1), "quarter": "I/2026"}, "quarter"),
        ({"kind": "ongoing", "due_on": D(2026, 1, 1)}, "due_on"),
        ({"kind": "recurring", "due_on": D(2026, 1, 1), "recurrence": "annual"}, "due_on"),
        ({"kind": "recurring"}, "recurrence"),
        ({"kind": "ongoing", "recurrence": "annual"}, "recurrence"),
        ({"kind": "date", "due_on": D(2026, 2, 28), "not_before": D(2026, 3, 1)}, "due_on"),
        ({"kind": "weekly"}, "deadline_kind"),
        ({"kind": "recurring", "recurrence": "weekly"}, "recurrence"),
    ],
)
def test_a_deadline_that_contradicts_itself_is_refused_on_its_field(given, field):
    with pytest.raises(ValidationError) as refused:
        deadline_resolve(**given)
    assert list(refused.value.message_dict) == [field]
