"""A real Celery worker on Redis and PostgreSQL, SIGKILLed in the middle of the day's emails."""

import collections
import datetime
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from kombu import Connection

from accounts.models import Role
from agencies.models import Agency, AgencyKind
from directives.models import Assignment, AssignmentRole, Task
from notifications import tasks
from notifications.models import Category, EmailState, OutgoingEmail
from tests.conftest import require_postgres
from tests.factories import DirectiveFactory, UserFactory

REPO = Path(__file__).resolve().parents[2]
DAY = datetime.date(2025, 4, 2)  # a Wednesday: daily reminders only


class Sink:
    """An SMTP server that keeps every message it accepts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[str, str]] = []  # (recipient, Message-ID)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content)
        with self.lock:
            self.received.extend((rcpt, message["Message-ID"]) for rcpt in envelope.rcpt_tos)
        return "250 OK"

    def recipients(self) -> collections.Counter:
        with self.lock:
            return collections.Counter(r for r, _ in self.received)


def make_workload(n_agencies=20, per_agency=10) -> set[str]:
    """n_agencies agencies with an address and two officers, each with assignments due
    in 1, 3 or 7 days or today; returns every address that must get exactly one email."""
    directive = DirectiveFactory()
    agencies = Agency.objects.bulk_create(
        Agency(code=f"w{i}", name=f"Đơn vị thử {i}", kind=AgencyKind.DEPARTMENT, email=f"w{i}@langson.example")
        for i in range(n_agencies)
    )
    expected = {a.email for a in agencies}
    for agency in agencies:
        for k in range(2):
            expected.add(UserFactory(agency=agency, roles=[Role.OFFICER], email=f"w{agency.pk}-{k}@example.vn").email)
    offsets = [0, 1, 3, 7]
    tasks_ = Task.objects.bulk_create(
        Task(
            directive=directive,
            ref=f"T{i}",
            position=i,
            content=f"Nhiệm vụ thử {i}",
            deadline_kind="date",
            due_on=DAY + datetime.timedelta(days=offsets[i % 4]),
        )
        for i in range(n_agencies * per_agency)
    )
    Assignment.objects.bulk_create(
        Assignment(
            task=t,
            agency=agencies[i % n_agencies],
            holder=agencies[i % n_agencies],
            role=AssignmentRole.LEAD,
            due_on=t.due_on,
            assigned_on=datetime.date(2025, 1, 1),
        )
        for i, t in enumerate(tasks_)
    )
    return expected


def start_worker(queue: str, env: dict, log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "langson_portal",
        "worker",
        "-Q",
        queue,
        "--pool",
        "solo",
        "--concurrency",
        "1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
        "-n",
        f"{queue}-{uuid.uuid4().hex[:6]}@%h",
    ]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def sent_ids() -> set[int]:
    return set(OutgoingEmail.objects.filter(state=EmailState.SENT).values_list("id", flat=True))


def kill_outside_the_commit_window(worker: subprocess.Popen, sink: Sink) -> None:
    """SIGKILL the worker at a moment when every email it marked sent has reached the sink.

    The only moment a kill cannot be made safe is the few microseconds between the commit
    of "sent" and the final "." of DATA (docs/reminders.md); freeze the worker, look, and
    kill only outside that window.
    """
    for _ in range(200):
        os.kill(worker.pid, signal.SIGSTOP)
        time.sleep(0.2)
        arrived = {mid for _, mid in sink.received}
        committed = {f"<thongbao-{pk}@langson.example>" for pk in sent_ids()}
        if committed <= arrived:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
            return
        os.kill(worker.pid, signal.SIGCONT)
        time.sleep(0.01)
    raise AssertionError("no moment found to kill the worker")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_run_and_restarted_sends_every_email_exactly_once(redis_url, tmp_path):
    require_postgres()
    # given: 200 assignments over 20 agencies (60 addresses), an SMTP sink, a worker on our queue
    expected = make_workload()
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port, server_hostname="sink.test")
    controller.start()
    queue = f"reminders-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "WORKER_TEST_DB_NAME": settings.DATABASES["default"]["NAME"],
        "WORKER_TEST_SMTP_PORT": str(port),
        "NOTIFICATIONS_QUEUE": queue,
        "REDIS_URL": redis_url,
        "PYTHONPATH": str(REPO),
    }
    log = tmp_path / "worker.log"
    workers = [start_worker(queue, env, log)]
    try:
        # when: the day's job is enqueued on Redis
        with Connection(redis_url) as connection:
            tasks.send_daily_reminders_task.apply_async(
                kwargs={"day": DAY.isoformat()}, queue=queue, connection=connection
            )
        # … and the worker is SIGKILLed once about a third of the emails are out
        deadline = time.monotonic() + 90
        while len(sent_ids()) < len(expected) // 3:
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            assert workers[0].poll() is None, log.read_text()[-3000:]
            time.sleep(0.05)
        kill_outside_the_commit_window(workers[0], sink)
        killed_at = len(sent_ids())
        assert killed_at < len(expected), "the worker finished before it could be killed"
        # … and a new worker starts on the same queue
        workers.append(start_worker(queue, env, log))
        deadline = time.monotonic() + 90
        while len(sent_ids()) < len(expected) or sum(sink.recipients().values()) < len(expected):
            assert time.monotonic() < deadline, f"{len(sent_ids())}/{len(expected)} sent\n" + log.read_text()[-3000:]
            time.sleep(0.2)
        time.sleep(1.5)  # anything sent twice would arrive now
        # then: every expected address got exactly one email
        received = sink.recipients()
        assert set(received) == expected
        assert [r for r, n in received.items() if n > 1] == []
        assert OutgoingEmail.objects.filter(category=Category.DAILY, state=EmailState.SENT).count() == len(expected)
        assert 0 < killed_at
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(15)
                except subprocess.TimeoutExpired:
                    worker.kill()
        controller.stop()
        client = redis.Redis.from_url(redis_url)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
