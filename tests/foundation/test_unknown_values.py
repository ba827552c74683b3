"""A value the portal does not know reads "chưa rõ" on every page, never "None" (issue 12.16).

A directive as a cut scan leaves it — no number, no issue date, no signer, no focal agency —
with a task without a deadline, an indicator with no baseline or target, a pending extension
and a report not yet sent, is shown on every page that can show it, to each role.
"""

import datetime
import re

import pytest
from django.urls import reverse

from accounts.models import Role
from directives.deadlines import DeadlineKind
from directives.models import ExtensionRequest, Indicator, ReportingRule
from reports.models import ReportSubmission
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
NONE_WORD = re.compile(r"\bNone\b")


@pytest.fixture
def sparse(db):
    agency = AgencyFactory(code="so-thu", name="Sở Thử", short_name="")
    directive = DirectiveFactory(
        slug="cv-khong-ro", number="", issued_on=None, issued_text="", signer="", signer_title="", focal_agency=None
    )
    ReportingRule.objects.create(directive=directive, period="quarterly", day=10, month_of_quarter=3)
    task = TaskFactory(directive=directive, ref="1", deadline_kind=DeadlineKind.NONE, due_on=None, due_text="")
    dated = TaskFactory(directive=directive, ref="2", due_on=datetime.date(2026, 12, 31), due_text="")
    assignment = AssignmentFactory(task=task, agency=agency, due_on=None)
    extended = AssignmentFactory(task=dated, agency=agency)
    officer = UserFactory(username="canbo.thu", agency=agency, roles=[Role.OFFICER])
    ExtensionRequest.objects.create(
        assignment=extended,
        requested_by=officer,
        deadline_at_request=None,
        requested_due_on=datetime.date(2027, 3, 31),
        reason="Chờ vốn",
    )
    indicator = Indicator.objects.create(directive=directive, code="CT-1", name="Chỉ tiêu thử", group="MUC_TIEU")
    submission = ReportSubmission.objects.create(
        directive=directive, agency=agency, period="2026-Q4", due_on=datetime.date(2026, 12, 10)
    )
    return {
        "agency": agency,
        "directive": directive,
        "task": task,
        "assignment": assignment,
        "extended": extended,
        "indicator": indicator,
        "submission": submission,
        "officer": officer,
        "head": UserFactory(agency=agency, roles=[Role.AGENCY_HEAD]),
        "staff": UserFactory(agency=None, roles=[Role.OFFICE_STAFF]),
        "leader": UserFactory(agency=None, roles=[Role.LEADER]),
    }


def _pages(w):
    d, t, a = w["directive"], w["task"], w["assignment"]
    return [
        ("staff", reverse("home")),
        ("officer", reverse("home")),
        ("staff", reverse("directives:directive_list")),
        ("staff", reverse("directives:task_list")),
        ("staff", reverse("directives:assignment_list")),
        ("staff", d.get_absolute_url()),
        ("officer", d.get_absolute_url()),
        ("staff", reverse("directives:task_detail", args=[t.pk])),
        ("officer", reverse("directives:task_detail", args=[t.pk])),
        ("staff", a.get_absolute_url()),
        ("officer", a.get_absolute_url()),
        ("staff", w["extended"].get_absolute_url()),
        ("officer", w["extended"].get_absolute_url()),
        ("staff", reverse("directives:directive_edit", args=[d.slug])),
        ("staff", reverse("directives:task_edit", args=[t.pk])),
        ("staff", reverse("agencies:list")),
        ("staff", reverse("agencies:detail", args=[w["agency"].code])),
        ("leader", reverse("dashboards:province")),
        ("leader", reverse("dashboards:scorecard")),
        ("leader", reverse("dashboards:agency", args=[w["agency"].code])),
        ("leader", reverse("dashboards:directive", args=[d.slug])),
        ("leader", reverse("dashboards:indicators")),
        ("staff", reverse("dashboards:indicator_value", args=[w["indicator"].pk])),
        ("staff", reverse("reports:compiled_list")),
        ("officer", reverse("reports:submission_list")),
        ("staff", reverse("reports:submission_list")),
        ("officer", reverse("reports:submission_edit", args=[d.slug, "2026-Q4"])),
        ("staff", reverse("reports:submission_detail", args=[w["submission"].pk])),
        ("staff", reverse("reports:submission_tracking", args=[d.slug, "2026-Q4"])),
    ]


def test_no_page_shows_none_for_an_unknown_value(client, sparse):
    leaks = []
    for who, url in _pages(sparse):
        client.force_login(sparse[who])
        response = client.get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        html = response.content.decode()
        for match in NONE_WORD.finditer(html):
            leaks.append((who, url, html[max(0, match.start() - 80) : match.end() + 40]))
    for leak in leaks:
        print("LEAK", *leak)
    assert leaks == []


def test_the_directive_page_says_chua_ro_for_what_the_scan_does_not_show(client, sparse):
    client.force_login(sparse["staff"])
    html = client.get(sparse["directive"].get_absolute_url()).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    for label in ("Ngày ban hành", "Cơ quan đầu mối"):
        after = text[text.index(label) : text.index(label) + 200]
        assert "chưa rõ" in after, (label, after)


def test_the_directive_list_says_chua_ro_for_an_unknown_issue_date_and_focal_agency(client, sparse):
    client.force_login(sparse["staff"])
    html = client.get(reverse("directives:directive_list")).content.decode()
    row = html[html.index("cv-khong-ro") :]
    row = row[: row.index("</tr>")]
    assert row.count("chưa rõ") == 2
