import datetime

import pytest

from accounts.models import Role
from directives.models import ReportingRule
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory


@pytest.fixture
def agency():
    return AgencyFactory(email="so-a@langson.example", email_is_placeholder=True)


@pytest.fixture
def officer(agency):
    return UserFactory(agency=agency, roles=[Role.OFFICER], email="canbo.a@example.vn")


def assignment_due(due: datetime.date, **kwargs):
    """An assignment of a dated task due on `due`."""
    task = kwargs.pop("task", None) or TaskFactory(
        due_on=due, directive=kwargs.pop("directive", None) or DirectiveFactory()
    )
    return AssignmentFactory(task=task, due_on=due, **kwargs)


def rule(directive, **fields) -> ReportingRule:
    return ReportingRule.objects.create(directive=directive, **fields)
