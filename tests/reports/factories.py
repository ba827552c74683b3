import datetime

from accounts.models import Role
from directives.models import ReportingRule
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory


def quarterly_directive(*, agencies=2, tasks=2, **kwargs):
    """A plan reporting before the 10th of each quarter's last month, with tasks for `agencies` agencies."""
    directive = DirectiveFactory(**kwargs)
    ReportingRule.objects.create(directive=directive, period="quarterly", day=10, month_of_quarter=3)
    members = [AgencyFactory() for _ in range(agencies)]
    for _ in range(tasks):
        task = TaskFactory(directive=directive, due_on=datetime.date(2022, 6, 30))
        for agency in members:
            AssignmentFactory(task=task, agency=agency)
    return directive, members


def officer(agency, *roles):
    return UserFactory(agency=agency, roles=list(roles) or [Role.OFFICER])


def office_staff():
    return UserFactory(agency=None, roles=[Role.OFFICE_STAFF])
