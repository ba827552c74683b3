import datetime
import zoneinfo

import pytest
import time_machine

from accounts.models import Role
from directives.models import AssignmentRole
from directives.status import Lifecycle
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

TODAY = datetime.date(2024, 6, 15)


@pytest.fixture
def frozen_today():
    """Status categories depend on today; pin it (10:00 in Asia/Ho_Chi_Minh) so the deadlines
    below mean what they say."""
    noon = datetime.datetime.combine(TODAY, datetime.time(10), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(noon, tick=False):
        yield TODAY


@pytest.fixture
def world(db, frozen_today):
    """Two agencies with their own work, an officer of each, office staff and a leader."""
    own = AgencyFactory(code="so-y-te", name="Sở Y tế", short_name="SYT")
    other = AgencyFactory(code="so-tai-chinh", name="Sở Tài chính", short_name="STC")
    directive = DirectiveFactory(slug="kh-thu", number="46/KH-UBND")
    own_task = TaskFactory(directive=directive, ref="1", content="Cải thiện chỉ số Tiếp cận đất đai", due_on=TODAY)
    other_task = TaskFactory(directive=directive, ref="2", content="Rà soát ngân sách bí mật", due_on=TODAY)
    return {
        "own": own,
        "other": other,
        "directive": directive,
        "own_assignment": AssignmentFactory(task=own_task, agency=own, due_on=TODAY - datetime.timedelta(days=3)),
        "other_assignment": AssignmentFactory(task=other_task, agency=other, due_on=TODAY - datetime.timedelta(days=3)),
        "officer": UserFactory(agency=own, roles=[Role.OFFICER]),
        "other_officer": UserFactory(agency=other, roles=[Role.OFFICER]),
        "staff": UserFactory(agency=None, roles=[Role.OFFICE_STAFF]),
        "leader": UserFactory(agency=None, roles=[Role.LEADER]),
    }


def make_assignments(n: int, *, agency, directive=None, lifecycle=Lifecycle.IN_PROGRESS, **kwargs):
    """n assignments of `agency`, each on its own task (with a coordinating partner every other row)."""
    directive = directive or DirectiveFactory()
    rows = []
    for i in range(n):
        task = TaskFactory(directive=directive, content=f"Nhiệm vụ số {i} về Tiếp cận đất đai")
        rows.append(AssignmentFactory(task=task, agency=agency, lifecycle=lifecycle, **kwargs))
        if i % 2:
            AssignmentFactory(task=task, agency=AgencyFactory(), role=AssignmentRole.COORDINATING)
    return rows
