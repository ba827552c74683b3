"""The one visibility rule (directives.models.visibility): a lead sees its coordinators' work on
the task, a coordinator sees the lead's, coordinators never see each other's — on the page, the
evidence download, the list, its CSV export and the task page."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import Role
from directives.models import Assignment, AssignmentRole, Directive, EvidenceFile, ProgressUpdate, Task
from directives.services.work import assignment_update_progress
from directives.status import Lifecycle
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory
from tests.work.conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_task(db):
    """Sở KH&ĐT leads a task; Sở Tài chính and Sở Y tế coordinate it; Sở Tài chính also leads
    a task of its own that nobody else shares."""
    lead_agency = AgencyFactory(code="SKHDT", name="Sở Kế hoạch và Đầu tư")
    finance = AgencyFactory(code="STC", name="Sở Tài chính")
    health = AgencyFactory(code="SYT", name="Sở Y tế")
    task = TaskFactory(directive=DirectiveFactory(), ref="II.4.a", due_on=datetime.date(2022, 6, 30))
    lead = AssignmentFactory(task=task, agency=lead_agency)
    finance_part = AssignmentFactory(task=task, agency=finance, role=AssignmentRole.COORDINATING)
    health_part = AssignmentFactory(task=task, agency=health, role=AssignmentRole.COORDINATING)
    finance_own = AssignmentFactory(task=TaskFactory(directive=task.directive, ref="9"), agency=finance)
    officers = {
        code: UserFactory(username=f"canbo.{code.lower()}", agency=agency, roles=[Role.OFFICER])
        for code, agency in (("SKHDT", lead_agency), ("STC", finance), ("SYT", health))
    }
    assignment_update_progress(
        assignment=finance_part,
        actor=officers["STC"],
        lifecycle=Lifecycle.IN_PROGRESS,
        percent=40,
        note="Số liệu thu ngân sách mật",
        files=[pdf("so-lieu-thu.pdf")],
    )
    return {
        "task": task,
        "lead": lead,
        "finance_part": finance_part,
        "health_part": health_part,
        "finance_own": finance_own,
        "officers": officers,
    }


def visible_ids(user):
    return set(Assignment.objects.visible_to(user).values_list("pk", flat=True))


def test_a_coordinator_sees_its_own_and_the_leads_assignment_but_not_another_coordinators(shared_task):
    health_officer = shared_task["officers"]["SYT"]
    assert visible_ids(health_officer) == {shared_task["lead"].pk, shared_task["health_part"].pk}


def test_the_lead_sees_every_coordinators_assignment_on_its_task_and_nothing_else(shared_task):
    lead_officer = shared_task["officers"]["SKHDT"]
    assert visible_ids(lead_officer) == {
        shared_task["lead"].pk,
        shared_task["finance_part"].pk,
        shared_task["health_part"].pk,
    }


def test_notes_and_evidence_follow_the_assignment(shared_task):
    health_officer, lead_officer = shared_task["officers"]["SYT"], shared_task["officers"]["SKHDT"]
    assert not ProgressUpdate.objects.visible_to(health_officer).exists()
    assert not EvidenceFile.objects.visible_to(health_officer).exists()
    assert ProgressUpdate.objects.visible_to(lead_officer).get().note == "Số liệu thu ngân sách mật"
    assert EvidenceFile.objects.visible_to(lead_officer).count() == 1


def test_a_coordinator_cannot_open_download_or_list_another_coordinators_work(client, shared_task):
    # given: the Sở Y tế officer, coordinating the same task as Sở Tài chính
    client.force_login(shared_task["officers"]["SYT"])
    evidence = EvidenceFile.objects.get()
    # when / then: the page and the file are not found, as if they did not exist
    assert client.get(shared_task["finance_part"].get_absolute_url()).status_code == 404
    assert client.get(reverse("directives:evidence_download", args=[evidence.pk])).status_code == 404
    # the list filtered on Sở Tài chính and its CSV export carry none of its rows
    listing = client.get(reverse("directives:assignment_list"), {"agency": "STC"})
    assert "Sở Tài chính" not in listing.content.decode().split("<tbody", 1)[-1]
    export = client.get(reverse("directives:assignment_list"), {"agency": "STC", "export": "csv"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1  # the header only
    # the task page shows the lead's assignment, never the other coordinator's note
    task_page = client.get(reverse("directives:task_detail", args=[shared_task["task"].pk])).content.decode()
    assert "Sở Kế hoạch và Đầu tư" in task_page
    assert "Số liệu thu ngân sách mật" not in task_page


def test_the_lead_reads_the_coordinators_note_and_downloads_its_evidence(client, shared_task):
    client.force_login(shared_task["officers"]["SKHDT"])
    evidence = EvidenceFile.objects.get()
    page = client.get(shared_task["finance_part"].get_absolute_url()).content.decode()
    assert "Số liệu thu ngân sách mật" in page
    download = client.get(reverse("directives:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_task_or_directive_is_visible_only_through_live_work(shared_task):
    health_officer = shared_task["officers"]["SYT"]
    assert set(Task.objects.visible_to(health_officer)) == {shared_task["task"]}
    shared_task["health_part"].withdrawn_on = datetime.date(2022, 5, 1)
    shared_task["health_part"].save(update_fields=["withdrawn_on"])
    assert not Task.objects.visible_to(health_officer).exists()
    assert not Directive.objects.visible_to(health_officer).exists()


def test_nobody_outside_an_agency_sees_anything_but_office_staff_and_leaders_see_all(shared_task):
    no_agency = UserFactory(agency=None, roles=[Role.OFFICER])
    assert not visible_ids(no_agency) and not visible_ids(AnonymousUser())
    for role in (Role.OFFICE_STAFF, Role.LEADER):
        assert len(visible_ids(UserFactory(agency=None, roles=[role]))) == 4
