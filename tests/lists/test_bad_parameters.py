"""Query parameters no page expects (a page number past bigint, a window of 10^9 days) get the
list with a Vietnamese message or the first page, never a server error (issue 12.6)."""

import pytest
from django.urls import reverse

HUGE = "99999999999999999999999"


LISTS = [
    ("directives:task_list", "staff"),
    ("directives:assignment_list", "staff"),
    ("directives:directive_list", "staff"),
    ("agencies:list", "staff"),
    ("reports:compiled_list", "staff"),
    ("reports:submission_list", "officer"),
    ("home", "officer"),
    ("home", "staff"),
]


@pytest.mark.parametrize(("name", "who"), LISTS)
def test_a_page_number_past_bigint_shows_the_first_page(client, world, name, who):
    # given
    client.force_login(world[who])
    first = client.get(reverse(name))
    # when
    response = client.get(reverse(name), {"page": HUGE})
    # then: the same page as without the parameter
    assert response.status_code == 200
    if "table" in response.context:
        assert [r.record.pk for r in response.context["table"].page.object_list] == [
            r.record.pk for r in first.context["table"].page.object_list
        ]
        assert response.context["table"].page.number == 1


def test_the_agency_page_takes_a_page_number_past_bigint(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("agencies:detail", args=[world["own"].code]), {"page": HUGE})
    assert response.status_code == 200
    assert [r.record.pk for r in response.context["table"].page.object_list] == [world["own_assignment"].pk]


@pytest.mark.parametrize("value", ["1e9", "99999999999999999999", "3651", "-1", "1.5", "nan", "inf"])
@pytest.mark.parametrize("name", ["directives:assignment_list", "directives:task_list"])
def test_a_due_within_window_out_of_range_is_refused_with_a_vietnamese_message(client, world, name, value):
    # given
    client.force_login(world["staff"])
    # when
    response = client.get(reverse(name), {"due_within": value})
    # then: the list with the filter's message, no rows (an invalid filter never widens the list)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["filter_valid"] is False
    assert list(response.context["table"].page.object_list) == []
    assert "Đảm bảo" in html or "Nhập một số" in html or "Nhập một số nguyên" in html or "hợp lệ" in html


def test_a_due_within_window_at_the_bound_is_read(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("directives:assignment_list"), {"due_within": "3650"})
    assert response.status_code == 200 and response.context["filter_valid"] is True


def test_due_within_from_an_as_of_day_at_the_end_of_the_calendar_does_not_overflow(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("directives:assignment_list"), {"as_of": "9999-12-30", "due_within": "30"})
    assert response.status_code == 200
    assert list(response.context["table"].page.object_list) == []


@pytest.mark.parametrize("name", ["dashboards:province", "dashboards:scorecard"])
def test_a_dashboard_as_of_day_at_the_start_of_the_calendar_is_refused_in_vietnamese(client, world, name):
    """?as_of=0001-01-01: the month and the quarter before it were year 0 (ValueError)."""
    client.force_login(world["leader"])
    response = client.get(reverse(name), {"as_of": "0001-01-01"})
    assert response.status_code == 200
    assert "Chỉ xem được số liệu từ ngày 01/01/1900." in response.content.decode()
