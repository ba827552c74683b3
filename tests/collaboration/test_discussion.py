"""Messages on a task: who may write, what they see, mentions that notify, 15-minute edits."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from collaboration import urls as collaboration_urls
from collaboration.models import Message
from collaboration.services import message_edit, message_post
from collaboration.timeline import assignment_timeline, task_timeline
from directives.models import EvidenceFile, ProgressUpdate
from directives.services.work import assignment_update_progress
from notifications.models import InboxItem, Kind, Notification
from tests.collaboration.conftest import pdf, zipped
from tests.factories import AgencyFactory, AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_message_is_seen_by_everyone_who_sees_the_task_but_notes_keep_their_narrower_rule(world):
    # given: a second coordinating agency, a coordinator's progress note with evidence and a message
    second = AgencyFactory(name="Sở Xây dựng")
    AssignmentFactory(task=world.task, agency=second, role="phoi_hop")
    second_officer = UserFactory(agency=second, roles=[Role.OFFICER])
    assignment_update_progress(
        assignment=world.coordinating,
        actor=world.coordinating_officer,
        lifecycle="dang_thuc_hien",
        percent=40,
        note="Ghi chú riêng của Sở Tài chính",
        files=[pdf("so-lieu.pdf")],
    )
    message_post(task=world.task, actor=world.coordinating_officer, body="Xin ý kiến chung của các sở")
    # then: the other coordinator reads the message but not the Sở Tài chính note or its evidence
    assert Message.objects.visible_to(second_officer).count() == 1
    assert not ProgressUpdate.objects.visible_to(second_officer).filter(assignment=world.coordinating).exists()
    assert not EvidenceFile.objects.visible_to(second_officer).exists()
    entries = task_timeline(user=second_officer, task=world.task)
    assert [e.kind for e in entries] == ["message"]
    # and the lead sees both: it compiles its coordinators' work
    kinds = {e.kind for e in task_timeline(user=world.lead_officer, task=world.task)}
    assert kinds == {"contribution", "message"}
    # and an agency outside the task sees neither
    assert not Message.objects.visible_to(world.other_officer).exists()
    assert task_timeline(user=world.other_officer, task=world.task) == []


def test_the_other_agencys_officer_cannot_post_or_read_through_the_url(client, world):
    client.force_login(world.other_officer)
    response = client.post(reverse("collaboration:message_post", args=[world.task.pk]), {"body": "xin chào"})
    assert response.status_code == 404 and not Message.objects.exists()
    with pytest.raises(PermissionDenied):
        message_post(task=world.task, actor=world.other_officer, body="x")


def test_a_message_with_a_renamed_archive_is_refused_and_the_typed_text_kept(client, world):
    client.force_login(world.lead_officer)
    response = client.post(
        reverse("collaboration:message_post", args=[world.task.pk]),
        {"body": "Gửi kèm số liệu", "files": [zipped("bang.xlsx", "khac/tep.txt")], "back": world.lead.pk},
    )
    html = response.content.decode()
    assert response.status_code == 400 and not Message.objects.exists()
    assert "không phải PDF" in html and "Gửi kèm số liệu" in html
    assert 'id="message-form"' in html


def test_mentioning_a_coordinating_agency_notifies_its_officer_in_the_inbox_and_by_email(
    world, eager_notices, django_capture_on_commit_callbacks, mailoutbox
):
    # when: the lead officer mentions the coordinating agency by its short name
    with django_capture_on_commit_callbacks(execute=True):
        message = message_post(task=world.task, actor=world.lead_officer, body="Đề nghị @Sở TC gửi số liệu quý IV")
    # then: the coordinating officer has a mention in the inbox and an email; the author has nothing
    assert list(message.mentioned_agencies.all()) == [world.coordinating_agency]
    item = InboxItem.objects.get(user=world.coordinating_officer)
    assert item.notification.kind == Kind.MENTION and item.read_at is None
    assert f"#tin-{message.pk}" in item.notification.detail["path"]
    assert not InboxItem.objects.filter(user=world.lead_officer).exists()
    assert any(world.coordinating_officer.email in m.to for m in mailoutbox)
    assert not InboxItem.objects.filter(user=world.other_officer).exists()


def test_an_agency_outside_the_task_is_not_notified_when_named(
    world, eager_notices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_post(task=world.task, actor=world.lead_officer, body="Hỏi @Sở YT và @canbo.yt")
    assert not message.mentioned_agencies.exists() and not message.mentioned_users.exists()
    assert not Notification.objects.filter(user=world.other_officer).exists()


def test_a_person_is_notified_when_mentioned_by_user_name(world, eager_notices, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_post(task=world.task, actor=world.lead_officer, body="@chuyenvien xem giúp")
    assert InboxItem.objects.get(user=world.staff).notification.kind == Kind.MENTION


def test_editing_within_fifteen_minutes_keeps_the_old_text_in_history_and_never_deletes(world):
    start = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        message = message_post(task=world.task, actor=world.lead_officer, body="Bản đầu")
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        message_edit(message=message, actor=world.lead_officer, body="Bản đã sửa")
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False), pytest.raises(ValidationError):
        message_edit(message=message, actor=world.lead_officer, body="Quá muộn")
    with pytest.raises(PermissionDenied):
        message_edit(message=message, actor=world.coordinating_officer, body="Không phải của tôi")
    message.refresh_from_db()
    assert message.body == "Bản đã sửa" and message.edited_at is not None
    assert list(message.history.order_by("history_date").values_list("body", flat=True)) == ["Bản đầu", "Bản đã sửa"]
    assert not any("xoa" in str(p.pattern) for p in collaboration_urls.urlpatterns)  # no deletion URL


def test_the_assignment_timeline_includes_the_task_discussion_newest_last(world):
    start = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        assignment_update_progress(
            assignment=world.lead, actor=world.lead_officer, lifecycle="dang_thuc_hien", percent=10, note="Bắt đầu"
        )
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        message_post(task=world.task, actor=world.coordinating_officer, body="Đã nhận")
    entries = assignment_timeline(user=world.lead_officer, assignment=world.lead)
    assert [(e.kind, e.agency) for e in entries] == [("progress", "Sở KH&ĐT"), ("message", "Sở TC")]
    assert entries[0].who == str(world.lead_officer) and entries[-1].when > entries[0].when


def test_transfers_join_the_timeline_as_one_more_source(world):
    """Runs in both states of the tree: before the lsn-today transfer model is merged the
    source reads nothing; after, a transfer is one entry with from → to and the reason."""
    from django.apps import apps

    try:
        transfer_model = apps.get_model("directives", "AssignmentTransfer")
    except LookupError:
        transfer_model = None
    if transfer_model is not None:
        transfer_model.objects.create(
            assignment=world.coordinating,
            from_holder=world.coordinating_agency,
            to_holder=world.other_agency,
            reason="Sắp xếp lại tổ chức",
            actor=world.staff,
        )
    entries = [e for e in task_timeline(user=world.staff, task=world.task) if e.kind == "transfer"]
    if transfer_model is None:
        assert entries == []
    else:
        assert [(e.extra, e.body) for e in entries] == [("Sở TC → Sở YT", "Sắp xếp lại tổ chức")]


def test_office_staff_follow_the_directive_they_entered_and_hear_of_messages_until_they_stop(
    world, eager_notices, django_capture_on_commit_callbacks, mailoutbox
):
    # given: the directive was entered by the office staff member
    from collaboration.services import follow_set

    world.directive.created_by = world.staff
    world.directive.save()
    # when: a coordinating officer writes, naming no one
    with django_capture_on_commit_callbacks(execute=True):
        message_post(task=world.task, actor=world.coordinating_officer, body="Đã gửi số liệu quý IV")
    # then: the follower has a "new message" notice linking to the message, and an email with that link
    notice = InboxItem.objects.get(user=world.staff).notification
    assert notice.kind == Kind.MESSAGE and notice.assignment_id is None
    email = next(m for m in mailoutbox if world.staff.email in m.to)
    assert notice.detail["path"] in email.body and "Đã gửi số liệu quý IV" in email.body
    # when: they stop following the task, the next message reaches them no more
    follow_set(user=world.staff, actor=world.staff, following=False, task=world.task)
    with django_capture_on_commit_callbacks(execute=True):
        message_post(task=world.task, actor=world.coordinating_officer, body="Bổ sung")
    assert InboxItem.objects.filter(user=world.staff).count() == 1
