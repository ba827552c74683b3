"""Webhooks from the domain events to a local receiver: one delivery per event per subscriber
allowed to see it, each signed with its subscription's secret, recorded once."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from api import delivery, services
from api.models import DeliveryState, EventKind, WebhookDelivery, WebhookEvent
from directives.services import editing
from tests.factories import UserFactory

from .conftest import client_for, token_for
from .receiver import Receiver


def _system_account(username, roles):
    user = UserFactory(username=username, agency=None, roles=roles)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def _subscribe(user, url, events) -> dict:
    response = client_for(token_for(user)).post("/api/v1/webhooks/", {"url": url, "events": events}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _deliver_pending():
    for row in WebhookDelivery.objects.filter(state=DeliveryState.PENDING).order_by("id"):
        services.webhook_deliver(delivery_id=row.pk)


@pytest.mark.django_db
def test_each_event_reaches_each_subscriber_once_with_a_valid_signature(world, django_capture_on_commit_callbacks):
    # given: the IOC (sees everything) wants every event; a second system wants only confirmations;
    # a third account without a role sees nothing, so it is told nothing
    ioc = _system_account("ioc-hook", [Role.LEADER])
    dms = _system_account("qlvb-hook", [Role.OFFICE_STAFF])
    blind = _system_account("mu-hook", [])
    receiver = Receiver({})
    with receiver:
        subs = {
            "/ioc": _subscribe(ioc, f"{receiver.url}/ioc", list(EventKind.values)),
            "/dms": _subscribe(dms, f"{receiver.url}/dms", [EventKind.COMPLETION_CONFIRMED]),
            "/blind": _subscribe(blind, f"{receiver.url}/blind", list(EventKind.values)),
        }
        receiver.secrets = {path: sub["secret"] for path, sub in subs.items()}
        assert all(len(sub["secret"]) >= 40 for sub in subs.values())
        assert "secret" not in client_for(token_for(ioc)).get("/api/v1/webhooks/").json()["results"][0]
        officer, staff = client_for(world.tokens["lead"]), client_for(world.tokens["office_staff"])
        # when: office staff assign an agency, the officer reports completion, staff confirm, decide an extension
        with django_capture_on_commit_callbacks(execute=True):
            editing.task_assign(
                task=world.foreign_task,
                actor=world.users["office_staff"],
                leads=[world.foreign_agency],
                coordinators=[world.other_agency],
            )
        with django_capture_on_commit_callbacks(execute=True):
            officer.post(
                f"/api/v1/assignments/{world.lead.pk}/completion/",
                {"completed_on": timezone.localdate().isoformat(), "note": "Xong."},
                format="json",
            )
        with django_capture_on_commit_callbacks(execute=True):
            assert staff.post(f"/api/v1/assignments/{world.lead.pk}/confirm/", {}, format="json").status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            decided = staff.post(
                f"/api/v1/extension-requests/{world.foreign_extension.pk}/decision/", {"approve": True}, format="json"
            )
            assert decided.status_code == 200
        _deliver_pending()
    # then: the IOC got each event once, the document system only the confirmation, the blind account nothing
    assert receiver.bad == []
    by_path = {}
    for accepted in receiver.accepted:
        by_path.setdefault(accepted["path"], []).append(accepted["event"])
    assert sorted(by_path["/ioc"]) == sorted(
        [
            EventKind.ASSIGNMENT_CREATED,  # the coordinating agency newly given the foreign task
            EventKind.COMPLETION_CONFIRMED,
            EventKind.STATUS_CHANGED,  # in progress → done on time
            EventKind.EXTENSION_DECIDED,
        ]
    ), by_path
    assert by_path["/dms"] == [EventKind.COMPLETION_CONFIRMED]
    assert "/blind" not in by_path
    confirmed = next(a["body"] for a in receiver.accepted if a["event"] == EventKind.COMPLETION_CONFIRMED)
    assert confirmed["type"] == "assignment.completion_confirmed"
    assert confirmed["data"]["assignment"]["id"] == world.lead.pk
    assert confirmed["data"]["assignment"]["status"] == "dung_han"
    changed = next(a["body"] for a in receiver.accepted if a["event"] == EventKind.STATUS_CHANGED)
    assert (changed["data"]["status_before"], changed["data"]["status_after"]) == ("trong_han", "dung_han")
    assert WebhookDelivery.objects.filter(state=DeliveryState.SENT).count() == len(receiver.accepted) == 5


@pytest.mark.django_db
def test_an_event_recorded_twice_is_delivered_once(world):
    ioc = _system_account("ioc-twice", [Role.LEADER])
    services.webhook_subscription_create(
        owner=ioc, url="http://127.0.0.1:9/x", events=["assignment.created"], actor=ioc
    )
    from api import events

    first = events.assignments_created(assignment_ids=[world.lead.pk])
    second = events.assignments_created(assignment_ids=[world.lead.pk])  # the signal sent again
    assert len(first) == 1 and second == first
    assert WebhookEvent.objects.count() == 1 and WebhookDelivery.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_delivery_stays_pending_with_its_error_and_is_failed_after_the_last_attempt(world, settings):
    settings.API_WEBHOOK_MAX_ATTEMPTS = 2
    ioc = _system_account("ioc-fail", [Role.LEADER])
    receiver = Receiver({})
    with receiver:
        sub = _subscribe(ioc, f"{receiver.url}/ioc", ["assignment.created"])
        receiver.secrets = {"/ioc": sub["secret"]}
        from api import events

        (delivery_id,) = events.assignments_created(assignment_ids=[world.lead.pk])
        receiver.fail_first[delivery_id] = 5
        with pytest.raises(services.DeliveryFailed) as first:
            services.webhook_deliver(delivery_id=delivery_id)
        row = WebhookDelivery.objects.get(pk=delivery_id)
        assert not first.value.final and row.state == DeliveryState.PENDING
        assert row.attempts == 1 and row.last_status == 500 and "HTTP 500" in row.last_error
        with pytest.raises(services.DeliveryFailed) as second:
            services.webhook_deliver(delivery_id=delivery_id)
        assert second.value.final and WebhookDelivery.objects.get(pk=delivery_id).state == DeliveryState.FAILED
    assert services.webhook_deliver(delivery_id=delivery_id) == "skipped"


def test_the_signature_covers_the_timestamp_and_the_body():
    base = delivery.signature(secret="k", timestamp=1700000000, body=b'{"a":1}')
    assert base.startswith("sha256=") and len(base) == 7 + 64
    assert delivery.signature(secret="k", timestamp=1700000001, body=b'{"a":1}') != base
    assert delivery.signature(secret="k", timestamp=1700000000, body=b'{"a":2}') != base
    assert delivery.signature(secret="j", timestamp=1700000000, body=b'{"a":1}') != base


@pytest.mark.django_db
def test_the_daily_job_tells_subscribers_of_work_that_fell_overdue_once(world):
    from api import events

    ioc = _system_account("ioc-daily", [Role.LEADER])
    services.webhook_subscription_create(
        owner=ioc, url="http://127.0.0.1:9/x", events=["assignment.status_changed"], actor=ioc
    )
    day = world.lead.effective_due_on + datetime.timedelta(days=1)
    ids = events.became_overdue(day=day)
    assert len(ids) == 3  # the lead's, the coordinator's and the foreign assignment, all due that day
    assert events.became_overdue(day=day) == ids
    event = WebhookEvent.objects.get(assignment=world.lead)
    assert (event.data["status_before"], event.data["status_after"]) == ("trong_han", "qua_han")


@pytest.mark.django_db
def test_a_stopped_subscription_is_told_nothing_more_and_keeps_its_record(world):
    from api import events

    ioc = _system_account("ioc-stop", [Role.LEADER])
    client = client_for(token_for(ioc))
    sub = _subscribe(ioc, "http://127.0.0.1:9/x", ["assignment.created"])
    assert client.delete(f"/api/v1/webhooks/{sub['id']}/").status_code == 204
    assert client.get(f"/api/v1/webhooks/{sub['id']}/").status_code == 404
    assert events.assignments_created(assignment_ids=[world.lead.pk]) == []
    assert WebhookDelivery.objects.count() == 0
    assert ioc.webhook_subscriptions.get().is_active is False


@pytest.mark.django_db
def test_the_admin_shows_each_delivery_with_its_attempts_and_sends_a_failed_one_again(world, client):
    from django.contrib.auth import get_user_model

    from api import events

    ioc = _system_account("ioc-admin", [Role.LEADER])
    services.webhook_subscription_create(
        owner=ioc, url="http://127.0.0.1:9/x", events=["assignment.created"], actor=ioc
    )
    (delivery_id,) = events.assignments_created(assignment_ids=[world.lead.pk])
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        state=DeliveryState.FAILED, attempts=8, last_status=503, last_error="ReceiverRefused: HTTP 503"
    )
    admin_user = get_user_model().objects.create_superuser("quantri-hook", "q@langson.example", "mat-khau-thu-1")
    client.force_login(admin_user)
    listing = client.get("/quan-tri/api/webhookdelivery/").content.decode()
    assert "http://127.0.0.1:9/x" in listing and ">8<" in listing and ">503<" in listing
    client.post("/quan-tri/api/webhookdelivery/", {"action": "retry", "_selected_action": [delivery_id]})
    row = WebhookDelivery.objects.get(pk=delivery_id)
    assert row.state == DeliveryState.PENDING and row.attempts == 0


@pytest.mark.django_db
def test_a_leaders_direction_reaches_subscribers_who_may_see_it(world, django_capture_on_commit_callbacks):
    from collaboration.services import direction_create

    ioc = _system_account("ioc-direction", [Role.LEADER])
    blind = _system_account("mu-direction", [])
    receiver = Receiver({})
    with receiver:
        subs = {
            "/ioc": _subscribe(ioc, f"{receiver.url}/ioc", [EventKind.DIRECTION_POSTED]),
            "/blind": _subscribe(blind, f"{receiver.url}/blind", [EventKind.DIRECTION_POSTED]),
        }
        receiver.secrets = {path: sub["secret"] for path, sub in subs.items()}
        # when: a leader directs on the lead agency's assignment
        with django_capture_on_commit_callbacks(execute=True):
            direction = direction_create(
                actor=world.users["leader"], body="Đề nghị Sở A hoàn thành trước 31/12.", assignment=world.lead
            )
        _deliver_pending()
    # then
    assert receiver.bad == [] and [a["path"] for a in receiver.accepted] == ["/ioc"]
    body = receiver.accepted[0]["body"]
    assert body["type"] == "direction.posted" and body["data"]["direction"]["id"] == direction.pk
    assert body["data"]["direction"]["assignment_id"] == world.lead.pk and body["data"]["direction"]["agency"] == "so-a"
