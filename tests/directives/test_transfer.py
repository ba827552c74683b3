"""Chuyển giao (issue 11): one or many assignments to another holder, with a reason; the
named agency stays, history and notice follow; the "chờ chuyển giao" queue."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from agencies.models import AgencyKind
from directives import signals
from directives.models import Assignment, AssignmentTransfer
from directives.selectors_transfer import awaiting_transfer
from directives.services.transfer import assignment_transfer, assignments_transfer_bulk
from directives.status import Lifecycle
from notifications import services as notification_services
from notifications.models import Notification
from tests.factories import AgencyFactory, AssignmentFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def world(db):
    closed = AgencyFactory(
        code="UBND_HUULUNG",
        name="Ủy ban nhân dân huyện Hữu Lũng",
        kind=AgencyKind.DISTRICT,
        closed_on=datetime.date(2025, 7, 1),
    )
    commune = AgencyFactory(
        code="XA_HUULUNG", name="UBND xã Hữu Lũng", kind=AgencyKind.COMMUNE, established_on=datetime.date(2025, 7, 1)
    )
    gone = AgencyFactory(code="SKHDT", name="Sở Kế hoạch và Đầu tư", closed_on=datetime.date(2025, 3, 1))
    staff = UserFactory(username="chuyenvien", agency=None, roles=[Role.OFFICE_STAFF])
    officer = UserFactory(username="canbo.xa", agency=commune, roles=[Role.OFFICER])
    open_work = [AssignmentFactory(task=TaskFactory(), agency=closed) for _ in range(3)]
    done = AssignmentFactory(
        task=TaskFactory(), agency=closed, lifecycle=Lifecycle.DONE, completed_on=datetime.date(2022, 6, 1)
    )
    return {
        "closed": closed,
        "commune": commune,
        "gone": gone,
        "staff": staff,
        "officer": officer,
        "open": open_work,
        "done": done,
    }


def test_one_transfer_moves_the_holder_keeps_the_named_agency_history_and_notifies(
    world, django_capture_on_commit_callbacks
):
    # given
    assignment = world["open"][0]
    heard = []
    signals.assignment_transferred.connect(lambda sender, **kw: heard.append(kw), weak=False, dispatch_uid="t1")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        transfer = assignment_transfer(
            assignment=assignment, actor=world["staff"], to_holder=world["commune"], reason="Địa bàn thuộc xã mới"
        )
    signals.assignment_transferred.disconnect(dispatch_uid="t1")
    # then
    assignment.refresh_from_db()
    assert assignment.holder == world["commune"]
    assert assignment.agency == world["closed"]  # the document's agency never changes
    assert (transfer.from_holder, transfer.to_holder, transfer.actor) == (
        world["closed"],
        world["commune"],
        world["staff"],
    )
    record = assignment.history.first()
    assert record.history_user == world["staff"]
    assert record.history_change_reason == "Chuyển giao: Địa bàn thuộc xã mới"
    assert record.prev_record.holder_id == world["closed"].pk
    assert heard == [
        {"transfer_ids": [transfer.pk], "actor_id": world["staff"].pk, "signal": signals.assignment_transferred}
    ]
    # and the notice machinery tells the new holder's officer, with the reason
    notification_services.notifications_assignments_transferred(transfer_ids=[transfer.pk])
    notice = Notification.objects.get(assignment=assignment, recipient=world["officer"].email)
    assert notice.detail["transfer_reason"] == "Địa bàn thuộc xã mới"


def test_transfer_is_refused_to_a_closed_agency_without_a_reason_and_to_an_officer(world):
    assignment = world["open"][0]
    with pytest.raises(ValidationError) as error:
        assignment_transfer(assignment=assignment, actor=world["staff"], to_holder=world["gone"], reason="Sáp nhập")
    assert "đã giải thể hoặc sáp nhập" in str(error.value)
    with pytest.raises(ValidationError):
        assignment_transfer(assignment=assignment, actor=world["staff"], to_holder=world["commune"], reason="  ")
    with pytest.raises(PermissionDenied):
        assignment_transfer(
            assignment=assignment, actor=world["officer"], to_holder=world["commune"], reason="Xin nhận"
        )
    assert not AssignmentTransfer.objects.exists()
    assignment.refresh_from_db()
    assert assignment.holder == world["closed"]


def test_bulk_transfer_moves_all_or_none(world, django_capture_on_commit_callbacks):
    staff, commune = world["staff"], world["commune"]
    # when: one finished assignment in the batch
    with pytest.raises(ValidationError) as error:
        assignments_transfer_bulk(
            assignments=[*world["open"], world["done"]], actor=staff, to_holder=commune, reason="Sắp xếp"
        )
    # then: nothing moved
    assert "đã hoàn thành" in str(error.value)
    assert not Assignment.objects.filter(holder=commune).exists()
    # when: only open ones
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transfers = assignments_transfer_bulk(
            assignments=world["open"], actor=staff, to_holder=commune, reason="Sắp xếp"
        )
    # then: all moved, one notice event for the batch
    assert len(transfers) == 3
    assert Assignment.objects.filter(holder=commune, agency=world["closed"]).count() == 3
    assert len(callbacks) == 1


def test_queue_lists_open_work_of_closed_holders_with_a_fixed_number_of_queries(world):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            rows = list(awaiting_transfer(today=TODAY))
            [(a.task.directive.slug, a.agency.name, a.holder.successor) for a in rows]
        return len(rows), len(ctx.captured_queries)

    n, queries_n = count_queries()
    for _ in range(3):
        AssignmentFactory(task=TaskFactory(), agency=world["closed"])
    n2, queries_2n = count_queries()
    assert (n, n2) == (3, 6)
    assert queries_n == queries_2n == 1
    assert world["done"].pk not in {a.pk for a in awaiting_transfer(today=TODAY)}


def test_office_home_shows_the_queue_and_the_bulk_page_transfers(world):
    client = Client()
    client.force_login(world["staff"])
    # when
    home = client.get("/").content.decode()
    # then
    assert "Chờ chuyển giao" in home
    assert 'id="awaiting-transfer-count"' in home
    assert world["open"][0].get_absolute_url() in home
    # when: the queue page, three ticked, to the commune
    url = reverse("directives:transfer_bulk") + "?cho=1"
    page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('name="ids"') == 3
    response = client.post(
        url, {"ids": [a.pk for a in world["open"]], "to_holder": world["commune"].pk, "reason": "Theo địa bàn mới"}
    )
    # then
    assert response.status_code == 302
    assert Assignment.objects.filter(holder=world["commune"]).count() == 3
    assert "Không có phân công nào cần chuyển giao" in client.get(url).content.decode()


def test_transfer_pages_are_for_office_staff_only(world):
    client = Client()
    client.force_login(world["officer"])
    assert client.get(reverse("directives:transfer_bulk") + "?cho=1").status_code == 403
    assert client.get(reverse("directives:assignment_transfer", kwargs={"pk": world["open"][0].pk})).status_code == 403


def test_one_transfer_page_refuses_a_closed_target_with_a_message(world):
    client = Client()
    client.force_login(world["staff"])
    url = reverse("directives:assignment_transfer", kwargs={"pk": world["open"][0].pk})
    response = client.post(url, {"to_holder": world["gone"].pk, "reason": "Thử"})
    assert response.status_code == 400  # a closed agency is not even offered
    response = client.post(url, {"to_holder": world["commune"].pk, "reason": "Địa bàn mới"})
    assert response.status_code == 302
    page = client.get(world["open"][0].get_absolute_url()).content.decode()
    entry = page[page.index('class="entry entry-transfer"') :].split("</li>")[0]  # in the timeline
    assert "Địa bàn mới" in entry and "Chuyển giao" in entry


def test_many_assignments_move_from_a_filtered_list(world):
    # given: the assignment list filtered to the closed district, for office staff
    client = Client()
    client.force_login(world["staff"])
    listing = client.get(reverse("directives:assignment_list") + "?agency=UBND_HUULUNG").content.decode()
    assert 'id="bulk-transfer-link"' in listing
    url = reverse("directives:transfer_bulk") + "?agency=UBND_HUULUNG"
    page = client.get(url).content.decode()
    assert page.count('name="ids"') == 3  # the finished one cannot move
    # when: two of them move
    chosen = [a.pk for a in world["open"][:2]]
    response = client.post(url, {"ids": chosen, "to_holder": world["commune"].pk, "reason": "Địa bàn xã Hữu Lũng"})
    # then
    assert response.status_code == 302
    assert set(Assignment.objects.filter(holder=world["commune"]).values_list("pk", flat=True)) == set(chosen)
    assert AssignmentTransfer.objects.filter(reason="Địa bàn xã Hữu Lũng").count() == 2
    # and without a reason nothing moves, what was chosen stays ticked
    response = client.post(url, {"ids": [world["open"][2].pk], "to_holder": world["commune"].pk, "reason": ""})
    assert response.status_code == 400
    assert f'value="{world["open"][2].pk}" id="ids-{world["open"][2].pk}" checked' in response.content.decode()
    assert Assignment.objects.get(pk=world["open"][2].pk).holder == world["closed"]
    # an officer sees no such link
    client.force_login(world["officer"])
    assert 'id="bulk-transfer-link"' not in client.get(reverse("directives:assignment_list")).content.decode()
