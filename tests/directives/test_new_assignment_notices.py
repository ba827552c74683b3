"""Every path that creates assignments — the task form's service, the JSON/Excel import, the
reviewed text import — announces them with the same `assignment_created` signal after commit,
naming the actor; a dry run and the historical seed load announce nothing."""

import datetime

import pytest
from django.core.management import call_command

from accounts.models import Role
from directives import signals
from directives.models import Assignment, Task
from directives.services.editing import task_create
from directives.services.imports import directives_import
from importer.services import directive_import_reviewed
from tests.factories import AgencyFactory, DirectiveFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The (assignment ids, actor id) of every assignment_created signal sent."""
    sent = []

    def receiver(sender, assignment_ids, actor_id=None, **kwargs):
        sent.append((sorted(assignment_ids), actor_id))

    signals.assignment_created.connect(receiver, dispatch_uid="test-announced")
    yield sent
    signals.assignment_created.disconnect(dispatch_uid="test-announced")


@pytest.fixture
def staff(db):
    return UserFactory(username="chuyenvien", agency=None, roles=[Role.OFFICE_STAFF])


def payload(agency_name: str, *, slug: str = "kh-thu-thong-bao") -> dict:
    return {
        "format": "langson-directives",
        "version": 1,
        "directives": [
            {
                "slug": slug,
                "kind": "ke_hoach",
                "number": "999/KH-UBND",
                "issued_on": "2026-11-20",
                "title": "Kế hoạch thử thông báo giao việc",
                "tasks": [
                    {
                        "ref": "1",
                        "content": "Rà soát thủ tục hành chính",
                        "lead": [agency_name],
                        "deadline_kind": "date",
                        "due": "2026-12-31",
                    }
                ],
            }
        ],
    }


def test_the_task_service_announces_its_new_assignments_after_commit(
    staff, announced, django_capture_on_commit_callbacks
):
    agency = AgencyFactory(name="Sở Y tế")
    with django_capture_on_commit_callbacks(execute=True):
        task = task_create(
            directive=DirectiveFactory(),
            actor=staff,
            values={"ref": "1", "content": "Rà soát", "deadline_kind": "date", "due_on": datetime.date(2026, 12, 31)},
            leads=[agency],
        )
    assert announced == [([task.assignments.get().pk], staff.pk)]


def test_the_json_import_announces_new_assignments_and_a_dry_run_does_not(
    staff, announced, django_capture_on_commit_callbacks
):
    AgencyFactory(name="Sở Y tế")
    with django_capture_on_commit_callbacks(execute=True):
        directives_import(payload=payload("Sở Y tế"), actor=staff, dry_run=True)
    assert announced == [] and not Assignment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        directives_import(payload=payload("Sở Y tế"), actor=staff)
    assert announced == [([Assignment.objects.get().pk], staff.pk)]
    # history names the importer
    assert Assignment.history.get().history_user == staff
    assert Task.history.get().history_user == staff
    # importing the same file again creates nothing and announces nothing
    with django_capture_on_commit_callbacks(execute=True):
        directives_import(payload=payload("Sở Y tế"), actor=staff)
    assert len(announced) == 1


def test_the_reviewed_text_import_announces_like_the_json_import(staff, announced, django_capture_on_commit_callbacks):
    AgencyFactory(name="Sở Y tế")
    with django_capture_on_commit_callbacks(execute=True):
        directive_import_reviewed(directive=payload("Sở Y tế")["directives"][0], new_agencies=[], actor=staff)
    assert announced == [([Assignment.objects.get().pk], staff.pk)]


def test_loading_the_historical_seeds_announces_nothing(announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seed", verbosity=0)
    assert Assignment.objects.count() > 2000
    assert announced == []
