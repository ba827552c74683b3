"""The home page per role, and the error pages."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from directives.models import ExtensionRequest
from directives.status import Lifecycle, StatusCategory, status_category_expression, status_q
from tests.factories import AssignmentFactory, UserFactory

from .conftest import TODAY, make_assignments

HOME = reverse("home")


def test_officer_lands_on_their_agencys_work_overdue_first_then_due_soon(client, world):
    # given: Sở Y tế has overdue work (the world's), work due in 3 days, later work and done work
    soon = AssignmentFactory(agency=world["own"], due_on=TODAY + datetime.timedelta(days=3))
    later = AssignmentFactory(agency=world["own"], due_on=TODAY + datetime.timedelta(days=60))
    done = AssignmentFactory(
        agency=world["own"],
        due_on=TODAY - datetime.timedelta(days=90),
        lifecycle=Lifecycle.DONE,
        completed_on=TODAY - datetime.timedelta(days=95),
    )
    client.force_login(world["officer"])
    # when
    response = client.get(HOME)
    # then
    order = [row.record.pk for row in response.context["table"].page.object_list]
    assert order == [world["own_assignment"].pk, soon.pk, later.pk, done.pk]
    html = response.content.decode()
    assert "Việc của đơn vị" in html and "Rà soát ngân sách bí mật" not in html
    assert response.context["counts"] == {"overdue": 1, "soon": 1, "awaiting": 0, "open": 3}


def test_officer_home_query_count_is_the_same_at_n_and_2n(client, world, django_assert_num_queries):
    client.force_login(world["officer"])
    make_assignments(5, agency=world["own"])
    client.get(HOME)
    # session, user, roles, page ids, page rows, counts, agency (header), session save x3
    with django_assert_num_queries(11):
        client.get(HOME)
    make_assignments(5, agency=world["own"])
    with django_assert_num_queries(11):
        client.get(HOME)


def test_office_staff_land_on_the_tracking_overview(client, world):
    # given: work overdue since yesterday, a completion awaiting confirmation, a pending extension
    newly = AssignmentFactory(agency=world["own"], due_on=TODAY - datetime.timedelta(days=1))
    awaiting = AssignmentFactory(agency=world["other"], lifecycle=Lifecycle.AWAITING_CONFIRMATION, due_on=TODAY)
    ExtensionRequest.objects.create(
        assignment=world["other_assignment"],
        requested_by=world["other_officer"],
        requested_due_on=TODAY + datetime.timedelta(days=30),
        reason="Chờ hướng dẫn của Bộ",
    )
    client.force_login(world["staff"])
    # when
    response = client.get(HOME)
    # then
    overview = response.context["overview"]
    assert [a.pk for a in overview.newly_overdue] == [
        newly.pk,
        world["own_assignment"].pk,
        world["other_assignment"].pk,
    ]
    assert [a.pk for a in overview.awaiting] == [awaiting.pk]
    assert overview.extensions_count == 1 and "Chờ hướng dẫn của Bộ" in response.content.decode()


def test_office_staff_overview_query_count_is_the_same_at_n_and_2n(client, world, django_assert_num_queries):
    client.force_login(world["staff"])
    make_assignments(4, agency=world["own"], due_on=TODAY - datetime.timedelta(days=2))
    client.get(HOME)
    # session, user, roles, 4 lists + 4 counts (overdue, awaiting, extensions, unassigned tasks),
    # the "chờ chuyển giao" queue, session save x3, the header's unread count
    with django_assert_num_queries(16):
        client.get(HOME)
    make_assignments(4, agency=world["own"], due_on=TODAY - datetime.timedelta(days=2))
    with django_assert_num_queries(16):
        client.get(HOME)


def test_leader_goes_to_the_dashboard(client, world):
    client.force_login(world["leader"])
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:province")


def test_nav_links_the_lists(client, world):
    client.force_login(world["officer"])
    html = client.get(HOME).content.decode()
    for label in ("Việc của đơn vị", "Nhiệm vụ", "Phân công", "Văn bản", "Cơ quan"):
        assert f">{label}</a>" in html


@pytest.mark.parametrize(
    "template, text",
    [
        ("errors/403.html", "Không có quyền truy cập"),
        ("errors/404.html", "Không tìm thấy trang"),
        ("errors/500.html", "Lỗi hệ thống"),
    ],
)
def test_error_pages_speak_vietnamese(rf, template, text, db):
    from django.template.loader import render_to_string

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert text in render_to_string(template, {}, request=request)


def test_status_q_matches_the_sql_status_expression(world):
    """The index-friendly conditions and the CASE expression put every row in the same category."""
    # given: one row per combination of lifecycle, deadline and completion
    from directives.models import Assignment

    deadlines = [None, TODAY - datetime.timedelta(days=5), TODAY, TODAY + datetime.timedelta(days=5)]
    completions = [None, TODAY - datetime.timedelta(days=10), TODAY, TODAY + datetime.timedelta(days=1)]
    for due in deadlines:
        for lifecycle in (Lifecycle.IN_PROGRESS, Lifecycle.DONE, Lifecycle.AWAITING_CONFIRMATION):
            for completed in completions:
                if lifecycle == Lifecycle.DONE and completed is None:
                    continue
                AssignmentFactory(agency=world["own"], due_on=due, lifecycle=lifecycle, completed_on=completed)
    rows = Assignment.objects.annotate(category=status_category_expression(TODAY))
    # then
    for category in StatusCategory:
        expected = set(rows.filter(category=category).values_list("pk", flat=True))
        assert set(Assignment.objects.filter(status_q(category, TODAY)).values_list("pk", flat=True)) == expected


def test_officer_role_user_of_another_agency_cannot_see_home_rows_of_ours(client, world):
    client.force_login(UserFactory(agency=world["other"], roles=[Role.AGENCY_HEAD]))
    html = client.get(HOME).content.decode()
    assert "Tiếp cận đất đai" not in html and "Rà soát ngân sách bí mật" in html
