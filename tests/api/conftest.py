"""A small world for the API tests: a lead and a coordinating agency on one task, a foreign
agency's work on another directive, people of every role, and system accounts with tokens."""

import dataclasses
import datetime

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from api import services
from api.models import TokenScope
from directives.models import AssignmentRole, ExtensionRequest
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclasses.dataclass
class World:
    lead_agency: object
    coord_agency: object
    other_agency: object
    foreign_agency: object
    directive: object
    foreign_directive: object
    task: object
    foreign_task: object
    lead: object  # the lead agency's assignment ("own")
    coord: object
    foreign: object  # another agency's assignment on another directive ("foreign")
    extension: object
    foreign_extension: object
    users: dict
    tokens: dict


def token_for(user, scope=TokenScope.WRITE, days=30) -> str:
    return services.api_token_create(user=user, actor=None, scope=scope, days=days)[1]


def client_for(raw_token: str | None = None) -> APIClient:
    client = APIClient()
    if raw_token:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_token}")
    return client


@pytest.fixture
def world(db) -> World:
    lead_agency = AgencyFactory(code="so-a", name="Sở A")
    coord_agency = AgencyFactory(code="so-b", name="Sở B")
    other_agency = AgencyFactory(code="so-c", name="Sở C")
    foreign_agency = AgencyFactory(code="so-f", name="Sở F")
    directive = DirectiveFactory(slug="kh-a")
    foreign_directive = DirectiveFactory(slug="kh-f")
    task = TaskFactory(directive=directive, due_on=datetime.date(2030, 6, 30))
    foreign_task = TaskFactory(directive=foreign_directive, due_on=datetime.date(2030, 6, 30))
    lead = AssignmentFactory(task=task, agency=lead_agency, role=AssignmentRole.LEAD)
    coord = AssignmentFactory(task=task, agency=coord_agency, role=AssignmentRole.COORDINATING)
    foreign = AssignmentFactory(task=foreign_task, agency=foreign_agency, role=AssignmentRole.LEAD)
    AssignmentFactory(task=TaskFactory(directive=DirectiveFactory(slug="kh-c")), agency=other_agency)
    users = {
        "officer_other": UserFactory(username="canbo.c", agency=other_agency, roles=[Role.OFFICER]),
        "coordinator": UserFactory(username="canbo.b", agency=coord_agency, roles=[Role.OFFICER]),
        "lead": UserFactory(username="canbo.a", agency=lead_agency, roles=[Role.OFFICER]),
        "agency_head": UserFactory(username="lanhdao.a", agency=lead_agency, roles=[Role.AGENCY_HEAD]),
        "office_staff": UserFactory(username="vanphong", agency=None, roles=[Role.OFFICE_STAFF]),
        "leader": UserFactory(username="lanhdao", agency=None, roles=[Role.LEADER]),
        "system_read": UserFactory(username="ioc", agency=None, roles=[Role.OFFICE_STAFF]),
        "system_write": UserFactory(username="qlvb", agency=None, roles=[Role.OFFICE_STAFF]),
    }
    for name in ("system_read", "system_write"):  # system accounts: no agency, no password, tokens only
        users[name].set_unusable_password()
        users[name].save(update_fields=["password"])
    foreign_officer = UserFactory(username="canbo.f", agency=foreign_agency, roles=[Role.OFFICER])
    extension = ExtensionRequest.objects.create(
        assignment=lead,
        requested_by=users["lead"],
        deadline_at_request=lead.due_on,
        requested_due_on=datetime.date(2030, 12, 31),
        reason="Chờ kinh phí",
    )
    foreign_extension = ExtensionRequest.objects.create(
        assignment=foreign,
        requested_by=foreign_officer,
        deadline_at_request=foreign.due_on,
        requested_due_on=datetime.date(2030, 12, 31),
        reason="Chờ kinh phí",
    )
    tokens = {
        name: token_for(user, TokenScope.READ if name == "system_read" else TokenScope.WRITE)
        for name, user in users.items()
    }
    return World(
        lead_agency=lead_agency,
        coord_agency=coord_agency,
        other_agency=other_agency,
        foreign_agency=foreign_agency,
        directive=directive,
        foreign_directive=foreign_directive,
        task=task,
        foreign_task=foreign_task,
        lead=lead,
        coord=coord,
        foreign=foreign,
        extension=extension,
        foreign_extension=foreign_extension,
        users=users,
        tokens=tokens,
    )
