"""Leaders' directions: who writes, who hears, who acknowledges and answers, what is counted."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from collaboration.models import Direction
from collaboration.services import direction_acknowledge, direction_answer, direction_create
from notifications.models import InboxItem, Kind, OutgoingEmail

pytestmark = pytest.mark.django_db


def test_only_a_leader_writes_a_direction_and_a_proposed_deadline_must_be_later_than_today(world):
    with pytest.raises(PermissionDenied):
        direction_create(actor=world.staff, body="Đẩy nhanh", task=world.task)
    with pytest.raises(ValidationError):
        direction_create(actor=world.leader, body="Đẩy nhanh", task=world.task, proposed_due_on=timezone.localdate())
    with pytest.raises(ValidationError):
        direction_create(actor=world.leader, body="  ", task=world.task)
    assert not Direction.objects.exists()


def test_a_direction_on_a_task_names_its_lead_and_notifies_lead_and_office_staff_at_once(
    world, eager_notices, django_capture_on_commit_callbacks, mailoutbox
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        direction = direction_create(
            actor=world.leader,
            body="Sở KH&ĐT khẩn trương hoàn thành, báo cáo trước 15/12",
            task=world.task,
            proposed_due_on=timezone.localdate() + datetime.timedelta(days=14),
        )
    # then: the lead agency answers it; its officer and office staff have it in the inbox and by email
    assert direction.agency == world.lead_agency and direction.directive == world.directive
    kinds = dict(InboxItem.objects.values_list("user__username", "notification__kind"))
    assert kinds == {"canbo.khdt": Kind.DIRECTION, "chuyenvien": Kind.DIRECTION}
    lead_notice = InboxItem.objects.get(user=world.lead_officer).notification
    assert lead_notice.assignment == world.lead and "đề xuất thời hạn mới" in lead_notice.detail["excerpt"]
    recipients = {address for m in mailoutbox for address in m.to}
    assert {world.lead_officer.email, world.staff.email} <= recipients
    assert world.coordinating_officer.email not in recipients and world.leader.email not in recipients
    assert all(e.state == "sent" for e in OutgoingEmail.objects.all())


def test_the_lead_acknowledges_and_answers_the_leader_hears_and_the_counts_go_down(
    client, world, eager_notices, django_capture_on_commit_callbacks
):
    # given: a direction on the lead's assignment and one on another agency's task
    direction = direction_create(actor=world.leader, body="Báo cáo tiến độ", assignment=world.lead)
    direction_create(actor=world.leader, body="Rà soát", task=world.other_task)
    client.force_login(world.leader)
    cache.clear()
    page = client.get(reverse("dashboards:province")).content.decode()
    assert 'id="directions-waiting" data-count="2"' in page
    # when: a coordinating officer tries, then the lead acknowledges and answers
    with pytest.raises(PermissionDenied):
        direction_acknowledge(direction=direction, actor=world.coordinating_officer)
    direction_acknowledge(direction=direction, actor=world.lead_officer)
    direction.refresh_from_db()
    assert direction.state == "acknowledged" and direction.acknowledged_by == world.lead_officer
    with django_capture_on_commit_callbacks(execute=True):
        direction_answer(direction=direction, actor=world.lead_officer, answer="Đã hoàn thành 80%, xong trước 15/12")
    with pytest.raises(ValidationError):
        direction_answer(direction=direction, actor=world.lead_officer, answer="lần hai")
    # then: the leader has the answer in the inbox; the dashboard and the scorecard count one
    notice = InboxItem.objects.get(user=world.leader).notification
    assert notice.kind == Kind.DIRECTION_ANSWERED and "80%" in notice.detail["excerpt"]
    page = client.get(reverse("dashboards:province")).content.decode()
    assert 'id="directions-waiting" data-count="1"' in page
    scorecard = client.get(reverse("dashboards:scorecard")).content.decode()
    assert f'?agency={world.other_agency.code}" class="figure hot" data-count="1"' in scorecard
    assert f"?agency={world.lead_agency.code}" not in scorecard
    waiting = client.get(reverse("collaboration:directions_waiting")).content.decode()
    assert "Rà soát" in waiting and "Báo cáo tiến độ" not in waiting


def test_a_direction_on_a_directive_goes_to_its_focal_agency(world):
    world.directive.focal_agency = world.coordinating_agency
    world.directive.save()
    direction = direction_create(actor=world.leader, body="Tổng hợp báo cáo", directive=world.directive)
    assert direction.agency == world.coordinating_agency and direction.task is None


def test_directions_follow_what_they_are_on(world):
    on_assignment = direction_create(actor=world.leader, body="a", assignment=world.lead)
    on_other = direction_create(actor=world.leader, body="b", assignment=world.other)
    assert set(Direction.objects.visible_to(world.coordinating_officer)) == {on_assignment}  # the lead's work
    assert set(Direction.objects.visible_to(world.other_officer)) == {on_other}
    assert set(Direction.objects.visible_to(world.staff)) == {on_assignment, on_other}


def test_answering_in_the_page_a_failed_answer_stays_open_with_what_was_typed(client, world):
    direction = direction_create(actor=world.leader, body="Báo cáo ngay", task=world.task)
    client.force_login(world.lead_officer)
    page = client.get(world.lead.get_absolute_url()).content.decode()
    assert f'id="chi-dao-{direction.pk}"' in page and "Đã tiếp nhận" in page
    url = reverse("collaboration:direction_answer", args=[direction.pk])
    response = client.post(url, {"answer": "   ", "back": world.lead.pk})
    assert response.status_code == 400
    assert 'class="action" open' in response.content.decode()
    response = client.post(url, {"answer": "Đang làm", "back": world.lead.pk})
    assert response.status_code == 302 and response["Location"].startswith(world.lead.get_absolute_url())
    client.force_login(world.other_officer)
    assert client.post(url, {"answer": "x"}).status_code == 404
