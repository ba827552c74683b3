"""The timeline (assignment and task pages) and the inbox read a fixed number of queries at N and 2N entries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaboration.services import direction_create, message_post
from directives.services.work import assignment_update_progress, extension_request_create
from notifications.models import Kind, Notification
from notifications.selectors import _user_recipient
from notifications.services import notices_store
from tests.collaboration.conftest import pdf

pytestmark = pytest.mark.django_db


def add_entries(world, n: int, start: int = 0):
    """n of each kind: progress with evidence, coordinators' contributions, messages with a
    file, directions; plus one extension request."""
    for i in range(start, start + n):
        assignment_update_progress(
            assignment=world.lead,
            actor=world.lead_officer,
            lifecycle="dang_thuc_hien",
            percent=min(99, i),
            note=f"Báo cáo {i}",
            files=[pdf(f"bc-{i}.pdf")],
        )
        assignment_update_progress(
            assignment=world.coordinating,
            actor=world.coordinating_officer,
            lifecycle="dang_thuc_hien",
            percent=min(99, i),
            note=f"Phối hợp {i}",
        )
        message_post(task=world.task, actor=world.coordinating_officer, body=f"Ý kiến {i}", files=[pdf(f"y-{i}.pdf")])
        direction_create(actor=world.leader, body=f"Chỉ đạo {i}", task=world.task)
    if start == 0:
        extension_request_create(
            assignment=world.lead, actor=world.lead_officer, requested_due_on=datetime.date(2030, 1, 1), reason="x"
        )


def count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("who", ["lead_officer", "staff", "leader"])
def test_assignment_and_task_timelines_do_not_grow_with_entries(client, world, who):
    client.force_login(getattr(world, who))
    add_entries(world, 3)
    assignment_url, task_url = world.lead.get_absolute_url(), world.task.get_absolute_url()
    client.get(assignment_url)
    at_n = count(client, assignment_url)
    task_at_n = count(client, task_url)
    add_entries(world, 3, start=3)
    at_2n = count(client, assignment_url)
    task_at_2n = count(client, task_url)
    assert at_n[0] == at_2n[0], "assignment page"
    assert task_at_n[0] == task_at_2n[0], "task page"
    assert "Báo cáo 5" in at_2n[1] and "Ý kiến 5" in at_2n[1] and "Chỉ đạo 5" in task_at_2n[1]
    assert at_2n[1].count('class="entry ') > at_n[1].count('class="entry ')


def _notices(user, n: int, start: int = 0):
    recipient = _user_recipient(user, user.agency_id)
    for i in range(start, start + n):
        notices_store(
            kind=Kind.MENTION,
            occasion=f"q{i}",
            rows=[
                Notification(
                    kind=Kind.MENTION,
                    object_key=f"q{i}",
                    recipient=recipient.email,
                    occasion=f"q{i}",
                    user_id=user.pk,
                    agency_id=user.agency_id,
                    detail={"path": "/", "excerpt": f"Nội dung {i}", "directive_title": f"Tiêu đề {i}"},
                )
            ],
        )


def test_the_inbox_does_not_grow_with_notices(client, world):
    # given: N notices, some tied to an assignment
    client.force_login(world.lead_officer)
    _notices(world.lead_officer, 5)
    direction_create(actor=world.leader, body="Có phân công", assignment=world.lead)
    from collaboration.models import Direction
    from collaboration.notices import notices_direction_created

    notices_direction_created(direction_id=Direction.objects.get().pk)
    url = reverse("notifications:inbox")
    client.get(url)
    at_n = count(client, url)
    # when: 2N
    _notices(world.lead_officer, 6, start=5)
    at_2n = count(client, url)
    # then
    assert at_n[0] == at_2n[0]
    assert "Nội dung 10" in at_2n[1] and "Có phân công" in at_2n[1]
    assert 'class="inbox-item unread"' in at_2n[1]
