"""Every URL of the URL conf, as each role, with real object ids: who reaches it and who is
refused (issue 12). The table is checked against the URL conf, so a new view without a rule
here fails `test_every_url_has_a_rule`.

Outcomes: "ok" — reached (2xx, a redirect that is not to the login page, or 400 for a form
posted empty); "no" — refused (403, or 404 for what the person may not even know exists);
"login" — an anonymous visitor is sent to the login page. Each request runs in a savepoint
rolled back afterwards, so one role's action never changes what the next role meets.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role
from collaboration.models import CalendarFeed, Direction, Message, MessageAttachment
from directives.models import AssignmentRole, EvidenceFile, ExtensionRequest, Indicator, ProgressUpdate, ReportingRule
from directives.models.assignment import ProgressKind
from directives.status import Lifecycle
from notifications.models import InboxItem, Kind, Notification
from reports.models import CompiledKind, ReportSubmission, SubmissionAttachment, SubmissionState
from reports.services import compiled_report_build
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "other", "coordinator", "lead", "head", "staff", "leader")
SIGNED_IN = set(ROLES) - {"anonymous"}
TASK_PEOPLE = {"coordinator", "lead", "head", "staff", "leader"}  # who sees the shared task
LEAD_AGENCY = {"lead", "head"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERIOD = "2026-Q2"


@pytest.fixture(scope="module")
def walk_media(tmp_path_factory):
    return tmp_path_factory.mktemp("walk")


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker, walk_media):
    """Built once for the module (two compiled reports are rendered), rolled back after it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=walk_media):
        with transaction.atomic():
            yield _world()
            transaction.set_rollback(True)


def _world():
    """A 2026 plan: Sở KH&CN leads a task that Sở Tài chính coordinates; Sở Y tế has work on
    another task only. The lead reported completion and asked for more time; a report, a
    compiled report, a message, a direction, an inbox notice and a calendar feed exist."""
    lead_agency = AgencyFactory(code="SKHCN", name="Sở Khoa học và Công nghệ")
    coordinating = AgencyFactory(code="STC", name="Sở Tài chính")
    other_agency = AgencyFactory(code="SYT", name="Sở Y tế")
    directive = DirectiveFactory(slug="kh-2026-thu", issued_on=datetime.date(2026, 1, 10))
    ReportingRule.objects.create(directive=directive, period="quarterly", day=10, month_of_quarter=3)
    task = TaskFactory(directive=directive, ref="1", due_on=datetime.date(2026, 6, 30))
    lead = AssignmentFactory(task=task, agency=lead_agency, assigned_on=datetime.date(2026, 1, 10))
    coordination = AssignmentFactory(
        task=task, agency=coordinating, role=AssignmentRole.COORDINATING, assigned_on=datetime.date(2026, 1, 10)
    )
    AssignmentFactory(task=TaskFactory(directive=directive, ref="2"), agency=other_agency)
    people = {
        "other": UserFactory(username="u.other", agency=other_agency, roles=[Role.OFFICER]),
        "coordinator": UserFactory(username="u.coord", agency=coordinating, roles=[Role.OFFICER]),
        "lead": UserFactory(username="u.lead", agency=lead_agency, roles=[Role.OFFICER]),
        "head": UserFactory(username="u.head", agency=lead_agency, roles=[Role.AGENCY_HEAD]),
        "staff": UserFactory(username="u.staff", agency=None, roles=[Role.OFFICE_STAFF], is_staff=True),
        "leader": UserFactory(username="u.leader", agency=None, roles=[Role.LEADER]),
    }
    # the lead reported progress with evidence, then completion, and asked for more time
    update = ProgressUpdate.objects.create(
        assignment=lead, author=people["lead"], kind=ProgressKind.PROGRESS, lifecycle=Lifecycle.IN_PROGRESS,
        progress_percent=50, note="Đã dự thảo",
    )  # fmt: skip
    evidence = EvidenceFile(update=update, original_name="du-thao.pdf", content_type="application/pdf", size=len(PDF))
    evidence.file.save("du-thao.pdf", ContentFile(PDF), save=False)
    evidence.save()
    ProgressUpdate.objects.create(
        assignment=lead, author=people["lead"], kind=ProgressKind.COMPLETION,
        lifecycle=Lifecycle.AWAITING_CONFIRMATION, progress_percent=100, note="Xong",
    )  # fmt: skip
    lead.lifecycle, lead.completed_on = Lifecycle.AWAITING_CONFIRMATION, datetime.date(2026, 5, 1)
    lead.save(update_fields=["lifecycle", "completed_on"])
    extension = ExtensionRequest.objects.create(
        assignment=lead, requested_by=people["lead"], deadline_at_request=lead.due_on,
        requested_due_on=datetime.date(2026, 9, 30), reason="Chờ số liệu",
    )  # fmt: skip
    submission = ReportSubmission.objects.create(
        directive=directive, agency=lead_agency, period=PERIOD, due_on=datetime.date(2026, 6, 10),
        narrative="Báo cáo quý", state=SubmissionState.SUBMITTED, submitted_by=people["lead"],
    )  # fmt: skip
    attachment = SubmissionAttachment(
        submission=submission, original_name="bb.pdf", content_type="application/pdf", size=len(PDF),
        uploaded_by=people["lead"],
    )  # fmt: skip
    attachment.file.save("bb.pdf", ContentFile(PDF), save=False)
    attachment.save()
    compiled = {
        kind: compiled_report_build(
            directive=directive, period_code=PERIOD, kind=kind, actor=None, today=datetime.date(2026, 6, 15)
        )
        for kind in (CompiledKind.DRAFT, CompiledKind.FINAL)
    }
    message = Message.objects.create(task=task, author=people["lead"], agency=lead_agency, body="Trao đổi")
    message_file = MessageAttachment(
        message=message, original_name="m.pdf", content_type="application/pdf", size=len(PDF)
    )
    message_file.file.save("m.pdf", ContentFile(PDF), save=False)
    message_file.save()
    direction = Direction.objects.create(
        author=people["leader"], directive=directive, task=task, agency=lead_agency, body="Đẩy nhanh tiến độ"
    )
    notice = Notification.objects.create(
        kind=Kind.ASSIGNED, object_key=str(lead.pk), recipient="u.lead@langson.example", occasion="t",
        user=people["lead"], assignment=lead, directive=directive,
    )  # fmt: skip
    inbox_item = InboxItem.objects.create(user=people["lead"], notification=notice, created_at=timezone.now())
    feed = CalendarFeed.objects.create(user=people["lead"], token="t" * 40)
    indicator = Indicator.objects.create(directive=directive, code="CS1", name="Chỉ số thử", group="MUC_TIEU")
    return SimpleNamespace(
        people=people, directive=directive, task=task, lead=lead, coordination=coordination, evidence=evidence,
        extension=extension, submission=submission, attachment=attachment, draft=compiled[CompiledKind.DRAFT],
        final=compiled[CompiledKind.FINAL], message=message, message_file=message_file, direction=direction,
        inbox_item=inbox_item, feed=feed, indicator=indicator, lead_agency=lead_agency,
    )  # fmt: skip


def _reset_kwargs(w):
    user = w.people["lead"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


PUBLIC = "public"
# name: (method, kwargs from the world, who reaches it)
RULES = {
    "home": ("get", None, SIGNED_IN),
    "healthz": ("get", None, PUBLIC),
    "accounts:login": ("get", None, PUBLIC),
    "accounts:logout": ("post", None, PUBLIC),
    "accounts:password_change": ("get", None, SIGNED_IN),
    "accounts:password_change_done": ("get", None, SIGNED_IN),
    "accounts:password_reset": ("get", None, PUBLIC),
    "accounts:password_reset_done": ("get", None, PUBLIC),
    "accounts:password_reset_confirm": ("get", _reset_kwargs, PUBLIC),
    "accounts:password_reset_complete": ("get", None, PUBLIC),
    # lists: everyone signed in, each sees what the visibility rule lets them
    "directives:task_list": ("get", None, SIGNED_IN),
    "directives:assignment_list": ("get", None, SIGNED_IN),
    "directives:directive_list": ("get", None, SIGNED_IN),
    "agencies:list": ("get", None, SIGNED_IN),
    "agencies:detail": ("get", lambda w: {"code": w.lead_agency.code}, SIGNED_IN),
    "directives:directive_detail": ("get", lambda w: {"slug": w.directive.slug}, SIGNED_IN),  # Sở Y tế works on it too
    "directives:task_detail": ("get", lambda w: {"pk": w.task.pk}, TASK_PEOPLE),
    "directives:assignment_detail": ("get", lambda w: {"pk": w.lead.pk}, TASK_PEOPLE),
    # the lead agency's own work: its people (and office staff, who act for anyone)
    "directives:assignment_progress": ("post", lambda w: {"pk": w.lead.pk}, LEAD_AGENCY | {"staff"}),
    "directives:assignment_done": ("post", lambda w: {"pk": w.lead.pk}, LEAD_AGENCY | {"staff"}),
    "directives:extension_request_create": ("post", lambda w: {"pk": w.lead.pk}, LEAD_AGENCY | {"staff"}),
    # withdrawing is the asking side's act, never office staff's
    "directives:assignment_withdraw": ("post", lambda w: {"pk": w.lead.pk}, LEAD_AGENCY),
    "directives:extension_request_withdraw": ("post", lambda w: {"pk": w.extension.pk}, LEAD_AGENCY),
    # deciding: office staff only
    "directives:assignment_confirm": ("post", lambda w: {"pk": w.lead.pk}, {"staff"}),
    "directives:assignment_return": ("post", lambda w: {"pk": w.lead.pk}, {"staff"}),
    "directives:extension_request_decide": ("post", lambda w: {"pk": w.extension.pk}, {"staff"}),
    "directives:assignment_transfer": ("get", lambda w: {"pk": w.lead.pk}, {"staff"}),
    "directives:transfer_bulk": ("get", None, {"staff"}),
    "directives:evidence_download": ("get", lambda w: {"pk": w.evidence.pk}, TASK_PEOPLE),
    "directives:evidence_preview": ("get", lambda w: {"pk": w.evidence.pk}, TASK_PEOPLE),
    # entering and editing directives: office staff
    "directives:directive_create": ("get", None, {"staff"}),
    "directives:directive_edit": ("get", lambda w: {"slug": w.directive.slug}, {"staff"}),
    "directives:directive_close": ("post", lambda w: {"slug": w.directive.slug}, {"staff"}),
    "directives:task_create": ("get", lambda w: {"slug": w.directive.slug}, {"staff"}),
    "directives:task_edit": ("get", lambda w: {"pk": w.task.pk}, {"staff"}),
    "directives:import": ("get", None, {"staff"}),
    "directives:export": ("get", None, {"staff", "leader"}),
    "importer:upload": ("get", None, {"staff"}),
    "importer:save": ("post", None, {"staff"}),
    "importer:saved": ("get", lambda w: {"slug": w.directive.slug}, {"staff"}),
    # reports
    "reports:compiled_list": ("get", None, SIGNED_IN),
    "reports:compiled_detail": ("get", lambda w: {"pk": w.draft.pk}, {"staff", "leader"}),
    "reports:compiled_download": ("get", lambda w: {"pk": w.final.pk, "fmt": "pdf"}, SIGNED_IN),  # a final report
    "reports:compiled_publish": ("post", lambda w: {"pk": w.draft.pk}, {"staff"}),
    "reports:compiled_build": ("post", lambda w: {"slug": w.directive.slug}, {"staff"}),
    "reports:submission_tracking": ("get", lambda w: {"slug": w.directive.slug, "period": PERIOD}, {"staff", "leader"}),
    "reports:submission_list": ("get", None, SIGNED_IN),
    "reports:submission_edit": (
        "get",
        lambda w: {"slug": w.directive.slug, "period": PERIOD},
        {"coordinator", "lead", "head", "other"},
    ),
    "reports:submission_detail": ("get", lambda w: {"pk": w.submission.pk}, LEAD_AGENCY | {"staff", "leader"}),
    "reports:submission_sign_off": ("post", lambda w: {"pk": w.submission.pk}, {"head"}),
    "reports:attachment_download": ("get", lambda w: {"pk": w.attachment.pk}, LEAD_AGENCY | {"staff", "leader"}),
    # dashboards
    "dashboards:province": ("get", None, SIGNED_IN),  # officers are sent to their agency's page
    "dashboards:scorecard": ("get", None, SIGNED_IN),
    "dashboards:agency": ("get", lambda w: {"code": w.lead_agency.code}, LEAD_AGENCY | {"staff", "leader"}),
    "dashboards:directive": ("get", lambda w: {"slug": w.directive.slug}, {"staff", "leader"}),
    "dashboards:indicators": ("get", None, SIGNED_IN),
    "dashboards:indicator_value": ("get", lambda w: {"pk": w.indicator.pk}, {"staff"}),
    # notices: each person's own
    "notifications:inbox": ("get", None, SIGNED_IN),
    "notifications:inbox_read_all": ("post", None, SIGNED_IN),
    "notifications:inbox_open": ("post", lambda w: {"pk": w.inbox_item.pk}, {"lead"}),
    "notifications:preferences": ("get", None, SIGNED_IN),
    "notifications:schedule": ("get", None, {"staff"}),
    # working together
    "collaboration:message_post": ("post", lambda w: {"pk": w.task.pk}, TASK_PEOPLE),
    "collaboration:message_edit": ("get", lambda w: {"pk": w.message.pk}, {"lead"}),
    "collaboration:attachment_download": ("get", lambda w: {"pk": w.message_file.pk}, TASK_PEOPLE),
    "collaboration:attachment_preview": ("get", lambda w: {"pk": w.message_file.pk}, TASK_PEOPLE),
    "collaboration:directions_waiting": ("get", None, SIGNED_IN),
    "collaboration:direction_on_task": ("post", lambda w: {"pk": w.task.pk}, {"leader"}),
    "collaboration:direction_on_assignment": ("post", lambda w: {"pk": w.lead.pk}, {"leader"}),
    "collaboration:direction_on_directive": ("post", lambda w: {"slug": w.directive.slug}, {"leader"}),
    "collaboration:direction_acknowledge": ("post", lambda w: {"pk": w.direction.pk}, LEAD_AGENCY),
    "collaboration:direction_answer": ("post", lambda w: {"pk": w.direction.pk}, LEAD_AGENCY),
    "collaboration:follow": ("post", None, TASK_PEOPLE),  # following the shared task
    "collaboration:calendar": ("get", None, SIGNED_IN),
    "collaboration:feed_create": ("post", None, SIGNED_IN),
    "collaboration:feed_revoke": ("post", None, SIGNED_IN),
    "collaboration:ical_feed": ("get", lambda w: {"token": w.feed.token}, PUBLIC),  # the secret is the key
    # the API's schema and docs are public; its operations (/api/v1/) have their own walk,
    # generated from the schema: tests/api/test_permissions.py
    "api:schema": ("get", None, PUBLIC),
    "api:docs": ("get", None, PUBLIC),
    "api:redoc": ("get", None, PUBLIC),
}
POST_DATA = {"collaboration:follow": lambda w: {"task": w.task.pk, "following": "1"}}
# The same URLs with the coordinating agency's ids: whose work it is decides, not the URL.
OTHER_IDS = [
    ("directives:assignment_detail", "get", lambda w: {"pk": w.coordination.pk}, TASK_PEOPLE),
    ("directives:assignment_progress", "post", lambda w: {"pk": w.coordination.pk}, {"coordinator", "staff"}),
    ("directives:extension_request_create", "post", lambda w: {"pk": w.coordination.pk}, {"coordinator", "staff"}),
    ("dashboards:agency", "get", lambda w: {"code": "STC"}, {"coordinator", "staff", "leader"}),
]


def url_names() -> set[str]:
    """Every named URL of the portal (the admin, served by Django's own checks, and the API's
    operations, walked by tests/api/test_permissions.py, aside)."""
    found = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("quan-tri") or (
                    namespace == "api" and str(pattern.pattern) == "v1/"
                ):
                    continue
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                walk(pattern.url_patterns, inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return found


def test_every_url_has_a_rule():
    """A new view without a rule in this table fails here."""
    names = url_names()
    assert names - set(RULES) == set(), "URLs without a rule"
    assert set(RULES) - names == set(), "rules for URLs that no longer exist"


def outcome(response) -> str:
    if response.status_code in (403, 404):
        return "no"
    if response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]:
        return "login"
    if response.status_code < 400 or response.status_code == 400:
        return "ok"
    return f"status {response.status_code}"


def expected(role: str, allowed) -> str:
    if allowed == PUBLIC:
        return "ok"  # (or the login page itself, where signing out leads)
    if role == "anonymous":
        return "login"
    return "ok" if role in allowed else "no"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_its_rule_allows(db, w, role, settings, walk_media):
    settings.MEDIA_ROOT = walk_media  # the world's files
    # given: the person of this role signed in (or nobody)
    client = Client()
    if role != "anonymous":
        client.force_login(w.people[role])
    wrong = []
    cases = [(name, *rule) for name, rule in sorted(RULES.items())] + OTHER_IDS
    for name, method, kwargs, allowed in cases:
        url = reverse(name, kwargs=kwargs(w) if kwargs else None)
        data = POST_DATA[name](w) if name in POST_DATA else {}
        # when: the request is made, and undone afterwards
        with transaction.atomic():
            response = getattr(client, method)(url, data)
            transaction.set_rollback(True)
        if role != "anonymous" and name == "accounts:logout":
            client.force_login(w.people[role])
        # then
        reached = outcome(response)
        if allowed == PUBLIC and reached == "login":
            reached = "ok"
        if reached != expected(role, allowed):
            wrong.append(f"{method.upper()} {name} ({url}): {response.status_code}, expected {expected(role, allowed)}")
    if wrong:
        pytest.fail("\n".join(wrong))
