"""Synthetic scale data: the size asked for, realistic states, removable without touching the seeds."""

import datetime

import pytest
from django.core.management import call_command

from directives.models import Assignment, Directive, Task
from directives.selectors import assignments_with_status
from directives.status import StatusCategory
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def test_generates_the_requested_number_of_assignments_in_every_status():
    # given: one real (non-demo) assignment
    real = AssignmentFactory()
    # when
    call_command("generate_demo_data", assignments=3000, agencies=30, verbosity=0)
    # then: exactly 3000 demo assignments, spread over every status category
    demo = Assignment.objects.filter(task__directive__is_demo=True)
    assert demo.count() == 3000
    statuses = set(assignments_with_status(today=datetime.date.today(), queryset=demo).values_list("status", flat=True))
    assert statuses == set(StatusCategory.values)
    assert Task.objects.filter(directive__is_demo=True, content_folded="").count() == 0
    # and removing it leaves the real data alone
    call_command("generate_demo_data", remove=True, verbosity=0)
    assert not Directive.objects.filter(is_demo=True).exists()
    assert list(Assignment.objects.values_list("pk", flat=True)) == [real.pk]
