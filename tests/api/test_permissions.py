"""The permission walk over every API operation: each role, with an object of its own work
and a foreign one. The operations come from the published schema, so an endpoint added
without a rule here fails `test_every_operation_has_a_rule`."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from agencies.models import AgencyGroup
from api import services
from directives.models import Indicator
from reports.models import CompiledKind, CompiledReport

from .conftest import client_for

ROLES = [
    "anonymous",
    "officer_other",  # cán bộ of an agency with no work on either directive
    "coordinator",  # cán bộ of the coordinating agency (phối hợp) on the own task
    "lead",  # cán bộ of the lead agency (chủ trì)
    "agency_head",  # lãnh đạo of the lead agency
    "office_staff",
    "leader",
    "system_read",
    "system_write",
]
OK, F, N, U = "ok", 403, 404, 401  # ok: past every gate (2xx, or 400 from the service's validation)


def _row(*pairs):
    return dict(zip(ROLES, pairs, strict=True))


# (own, foreign) per role, in the order of ROLES
SEE = _row((U, U), (N, N), (OK, N), (OK, N), (OK, N), (OK, OK), (OK, OK), (OK, OK), (OK, OK))
SEE_ALL = _row(*[(U, U)] + [(OK, OK)] * 8)
WORK = _row((U, U), (N, N), (F, N), (OK, N), (OK, N), (OK, OK), (F, F), (F, F), (OK, OK))
MANAGE = _row((U, U), (N, N), (F, N), (F, N), (F, N), (OK, OK), (F, F), (F, F), (OK, OK))
DISCUSS = _row((U, U), (N, N), (OK, N), (OK, N), (OK, N), (OK, OK), (OK, OK), (F, F), (OK, OK))
LIST = _row(*[(U, None)] + [(OK, None)] * 8)
MANAGE_LIST = _row((U, None), (F, None), (F, None), (F, None), (F, None), (OK, None), (F, None), (F, None), (OK, None))
OVERVIEW = _row((U, None), (F, None), (F, None), (F, None), (F, None), (OK, None), (OK, None), (OK, None), (OK, None))
HOOK_LIST = _row(*[(U, None)] + [(F, None)] * 6 + [(OK, None), (OK, None)])
HOOK_CREATE = _row(*[(U, None)] + [(F, None)] * 6 + [(F, None), (OK, None)])
# own: the write account's subscription; foreign: the read account's
HOOK_SEE = _row(*[(U, U)] + [(F, F)] * 6 + [(N, OK), (OK, N)])
HOOK_DELETE = _row(*[(U, U)] + [(F, F)] * 6 + [(F, F), (OK, N)])

TODAY = timezone.localdate().isoformat()
RULES = {
    "GET /api/v1/agencies/": LIST,
    "GET /api/v1/agencies/{code}/": SEE_ALL,
    "GET /api/v1/groups/": LIST,
    "GET /api/v1/groups/{id}/": SEE_ALL,
    "GET /api/v1/assignments/": LIST,
    "GET /api/v1/assignments/{id}/": SEE,
    "POST /api/v1/assignments/{id}/progress/": WORK,
    "POST /api/v1/assignments/{id}/completion/": WORK,
    "POST /api/v1/assignments/{id}/extension-requests/": WORK,
    "POST /api/v1/assignments/{id}/confirm/": MANAGE,
    "POST /api/v1/assignments/{id}/return/": MANAGE,
    "POST /api/v1/assignments/{id}/transfer/": MANAGE,
    "GET /api/v1/extension-requests/": LIST,
    "GET /api/v1/extension-requests/{id}/": SEE,
    "POST /api/v1/extension-requests/{id}/decision/": MANAGE,
    "GET /api/v1/directives/": LIST,
    "GET /api/v1/directives/{slug}/": SEE,
    "POST /api/v1/directives/import/": MANAGE_LIST,
    "GET /api/v1/tasks/": LIST,
    "GET /api/v1/tasks/{id}/": SEE,
    "GET /api/v1/tasks/{id}/messages/": SEE,
    "POST /api/v1/tasks/{id}/messages/": DISCUSS,
    "GET /api/v1/indicators/": LIST,
    "GET /api/v1/indicators/{id}/": SEE,
    "GET /api/v1/reports/": LIST,
    "GET /api/v1/reports/{id}/": SEE,
    "GET /api/v1/figures/province/": OVERVIEW,
    "GET /api/v1/figures/scorecard/": LIST,
    "GET /api/v1/calendar/": LIST,
    "GET /api/v1/webhooks/": HOOK_LIST,
    "POST /api/v1/webhooks/": HOOK_CREATE,
    "GET /api/v1/webhooks/{id}/": HOOK_SEE,
    "DELETE /api/v1/webhooks/{id}/": HOOK_DELETE,
}
BODIES = {
    "progress": {"lifecycle": "dang_thuc_hien", "percent": 50, "note": "Đã triển khai một phần."},
    "completion": {"completed_on": TODAY, "note": "Đã hoàn thành."},
    "extension-requests": {"requested_due_on": "2031-03-31", "reason": "Chờ bố trí kinh phí."},
    "confirm": {"note": ""},
    "return": {"reason": "Chưa đủ minh chứng."},
    "transfer": {"to_holder": "so-c", "reason": "Sắp xếp lại tổ chức bộ máy."},
    "decision": {"approve": True, "comment": ""},
    "import": {"format": "langson-directives", "version": 1, "directives": []},
    "webhooks": {"url": "http://127.0.0.1:9/hook", "events": ["assignment.created"]},
    "messages": {"body": "Đề nghị Sở A chia sẻ số liệu."},
}


def schema_operations() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    )


def test_every_operation_has_a_rule():
    """A new endpoint fails here until its row is added to RULES (and so walked below)."""
    assert schema_operations() == sorted(RULES)


@pytest.fixture
def objects(world):
    """Own and foreign objects of each kind the paths name."""
    own_group, foreign_group = AgencyGroup.objects.create(name="Nhóm A"), AgencyGroup.objects.create(name="Nhóm F")
    own_group.members.add(world.lead_agency)
    own_indicator = Indicator.objects.create(directive=world.directive, code="A1", name="Chỉ số A", group="pci")
    foreign_indicator = Indicator.objects.create(
        directive=world.foreign_directive, code="F1", name="Chỉ số F", group="pci"
    )
    reports = [
        CompiledReport.objects.create(
            directive=directive,
            period="2030-Q1",
            kind=CompiledKind.FINAL,
            period_end=datetime.date(2030, 3, 31),
            as_of=datetime.date(2030, 3, 31),
            built_at=timezone.now(),
        )
        for directive in (world.directive, world.foreign_directive)
    ]
    own_hook = services.webhook_subscription_create(
        owner=world.users["system_write"],
        url="http://127.0.0.1:9/a",
        events=["report.published"],
        actor=world.users["system_write"],
    )
    foreign_hook = services.webhook_subscription_create(
        owner=world.users["system_read"],
        url="http://127.0.0.1:9/b",
        events=["report.published"],
        actor=world.users["system_read"],
    )
    return {
        "agencies": (world.lead_agency.code, world.foreign_agency.code),
        "groups": (own_group.pk, foreign_group.pk),
        "assignments": (world.lead.pk, world.foreign.pk),
        "extension-requests": (world.extension.pk, world.foreign_extension.pk),
        "directives": (world.directive.slug, world.foreign_directive.slug),
        "tasks": (world.task.pk, world.foreign_task.pk),
        "indicators": (own_indicator.pk, foreign_indicator.pk),
        "reports": (reports[0].pk, reports[1].pk),
        "webhooks": (own_hook.pk, foreign_hook.pk),
    }


def _outcome(response) -> object:
    if 200 <= response.status_code < 300:
        return OK
    if response.status_code == 400:
        body = response.json()
        assert set(body) == {"code", "message", "fields"}, body
        return OK
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("operation", sorted(RULES))
def test_each_role_reaches_exactly_what_its_rule_allows(world, objects, operation):
    method, path = operation.split(" ")
    resource = path.split("/")[3]
    action = path.rstrip("/").split("/")[-1]
    body = BODIES.get(action) or (BODIES.get(resource) if method == "POST" else None)
    mismatches = []
    for role in ROLES:
        client = client_for(None if role == "anonymous" else world.tokens[role])
        for which, expected in zip(("own", "foreign"), RULES[operation][role], strict=True):
            if expected is None:
                continue
            url = path
            if "{" in path:
                value = objects[resource][0 if which == "own" else 1]
                url = path.replace(path[path.index("{") : path.index("}") + 1], str(value))
            with transaction.atomic():  # each call starts from the same world
                response = getattr(client, method.lower())(url, body, format="json")
                transaction.set_rollback(True)
            got = _outcome(response)
            if response.status_code >= 400:
                assert set(response.json()) == {"code", "message", "fields"}, (role, url, response.content)
            if got != expected:
                mismatches.append(
                    f"{role} {which} {url}: expected {expected}, got {response.status_code} {response.content[:200]}"
                )
    assert mismatches == [], "\n".join(mismatches)
