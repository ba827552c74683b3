"""A real Celery worker on Redis and PostgreSQL delivering webhooks to a local receiver:
retried after the receiver fails twice, and each delivery received exactly once when the
worker is SIGKILLed in the middle of a run and another one starts."""

import os
import signal
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import redis
from django.conf import settings
from kombu import Connection

from accounts.models import Role
from api import services, tasks
from api.models import DeliveryState, WebhookDelivery
from directives.models import Assignment, AssignmentRole, Task
from tests.conftest import require_postgres
from tests.factories import AgencyFactory, DirectiveFactory, UserFactory
from tests.notifications.test_worker import start_worker

from .receiver import Receiver


def _system_account(username):
    user = UserFactory(username=username, agency=None, roles=[Role.LEADER])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def _assignments(n: int) -> list[int]:
    directive, agency = DirectiveFactory(), AgencyFactory()
    created = Task.objects.bulk_create(
        Task(directive=directive, ref=f"W{i}", position=i, content=f"Nhiệm vụ {i}", deadline_kind="ongoing")
        for i in range(n)
    )
    rows = Assignment.objects.bulk_create(
        Assignment(task=t, agency=agency, holder=agency, role=AssignmentRole.LEAD, assigned_on="2026-01-01")
        for t in created
    )
    return [a.pk for a in rows]


@pytest.fixture
def worker_env(redis_url, tmp_path):
    require_postgres()
    queue = f"webhooks-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.api.worker_settings",
        "WORKER_TEST_DB_NAME": settings.DATABASES["default"]["NAME"],
        "WEBHOOK_TEST_QUEUE": queue,
        "REDIS_URL": redis_url,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    workers = []
    log = tmp_path / "worker.log"

    def start():
        workers.append(start_worker(queue, env, log))
        return workers[-1]

    yield {"queue": queue, "start": start, "log": log, "redis_url": redis_url}
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(15)
            except Exception:
                worker.kill()
    client = redis.Redis.from_url(redis_url)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


def _enqueue(ids, env):
    with Connection(env["redis_url"]) as connection:
        for delivery_id in ids:
            tasks.webhook_deliver_task.apply_async((delivery_id,), queue=env["queue"], connection=connection)


def _sent() -> set[int]:
    return set(WebhookDelivery.objects.filter(state=DeliveryState.SENT).values_list("id", flat=True))


def _wait(condition, env, seconds=90, what=""):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what}\n" + env["log"].read_text()[-3000:]
        time.sleep(0.1)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_delivery_is_retried_with_backoff_after_the_receiver_fails_twice(worker_env):
    # given: one subscriber, one event, and a receiver that answers 500 twice
    ioc = _system_account("ioc-retry")
    receiver = Receiver({})
    with receiver:
        sub = services.webhook_subscription_create(
            owner=ioc, url=f"{receiver.url}/ioc", events=["assignment.created"], actor=ioc
        )
        receiver.secrets = {"/ioc": sub.secret}
        from api import events

        (delivery_id,) = events.assignments_created(assignment_ids=_assignments(1))
        receiver.fail_first[delivery_id] = 2
        worker_env["start"]()
        # when: the delivery task goes to the real worker
        _enqueue([delivery_id], worker_env)
        _wait(lambda: _sent() == {delivery_id}, worker_env, what="not delivered")
        time.sleep(1.0)  # a duplicate would arrive now
    # then: three attempts, the third accepted, and the event received once
    assert [status for _, d, status in receiver.attempts if d == delivery_id] == [500, 500, 200]
    assert receiver.accepted_deliveries() == [delivery_id] and receiver.bad == []
    row = WebhookDelivery.objects.get(pk=delivery_id)
    assert row.attempts == 3 and row.last_status == 200 and row.last_error == ""


def _kill_outside_the_commit_window(worker, receiver) -> None:
    """SIGKILL the worker when every delivery it marked sent has reached the receiver: the only
    unsafe moment is the microseconds between the commit of "sent" and the body's last byte."""
    for _ in range(300):
        os.kill(worker.pid, signal.SIGSTOP)
        time.sleep(0.2)
        if _sent() <= set(receiver.accepted_deliveries()):
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
            return
        os.kill(worker.pid, signal.SIGCONT)
        time.sleep(0.01)
    raise AssertionError("no moment found to kill the worker")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_each_delivery_arrives_exactly_once_when_the_worker_is_killed_mid_run(worker_env):
    # given: 40 events for two subscribers (80 deliveries) and a receiver that takes 30 ms each
    first, second = _system_account("ioc-kill"), _system_account("gov-kill")
    receiver = Receiver({}, delay=0.03)
    with receiver:
        subs = [
            services.webhook_subscription_create(
                owner=u, url=f"{receiver.url}/{u.username}", events=["assignment.created"], actor=u
            )
            for u in (first, second)
        ]
        receiver.secrets = {f"/{s.owner.username}": s.secret for s in subs}
        from api import events

        ids = events.assignments_created(assignment_ids=_assignments(40))
        assert len(ids) == 80
        worker = worker_env["start"]()
        _enqueue(ids, worker_env)
        # when: the worker is SIGKILLed once about a third is out, mid-delivery
        _wait(lambda: len(_sent()) >= len(ids) // 3, worker_env, what="too slow to start")
        _kill_outside_the_commit_window(worker, receiver)
        killed_at = len(_sent())
        assert killed_at < len(ids), "the worker finished before it could be killed"
        # … and a new worker starts (it enqueues every pending delivery again at once)
        worker_env["start"]()
        _wait(lambda: _sent() == set(ids) and len(receiver.accepted) >= len(ids), worker_env, what="not all delivered")
        time.sleep(1.5)  # anything sent twice would arrive now
    # then: every delivery was received exactly once, signed right
    counts = Counter(receiver.accepted_deliveries())
    assert set(counts) == set(ids)
    assert [d for d, n in counts.items() if n > 1] == []
    assert receiver.bad == []
    per_subscriber = Counter(a["path"] for a in receiver.accepted)
    assert per_subscriber == {"/ioc-kill": 40, "/gov-kill": 40}
    assert 0 < killed_at
