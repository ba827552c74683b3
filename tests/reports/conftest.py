import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from directives.models import Assignment, Directive
from directives.status import Lifecycle

SEED_SLUG = "kh-46-ubnd-2022-nq-11"
Q3_CUTOFF = datetime.date(2022, 9, 14)  # quý III/2022 runs 15/06/2022 – 14/09/2022 (NĐ 09/2019)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Built files go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()


def give_progress(directive: Directive) -> dict:
    """Complete, late-complete and withdraw some seed assignments so the counts are not trivial."""
    assignments = Assignment.objects.filter(task__directive=directive)
    due_june = list(assignments.filter(due_on=datetime.date(2022, 6, 30)).order_by("id"))
    undated = list(assignments.filter(due_on__isnull=True).order_by("id")[:12])
    done = Lifecycle.DONE
    Assignment.objects.filter(pk=due_june[0].pk).update(lifecycle=done, completed_on=datetime.date(2022, 6, 20))
    # a deadline of 01/7 met on 10/7: done late
    Assignment.objects.filter(pk=undated[0].pk).update(
        due_on=datetime.date(2022, 7, 1), lifecycle=done, completed_on=datetime.date(2022, 7, 10)
    )
    # two deadlines of 31/8 not met by the cut-off: overdue
    Assignment.objects.filter(pk__in=[a.pk for a in undated[1:3]]).update(due_on=datetime.date(2022, 8, 31))
    Assignment.objects.filter(pk__in=[a.pk for a in undated[3:6]]).update(
        lifecycle=done, completed_on=datetime.date(2022, 8, 1)
    )
    # done only after the cut-off: still counted as not done in quý III
    Assignment.objects.filter(pk=undated[6].pk).update(lifecycle=done, completed_on=datetime.date(2022, 10, 1))
    # withdrawn inside the period: not counted at all
    Assignment.objects.filter(pk=undated[7].pk).update(withdrawn_on=datetime.date(2022, 7, 1))
    return {"due_june": due_june, "undated": undated}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The five seed directives with some progress, loaded once per module and rolled back after."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_seed", verbosity=0)
            directive = Directive.objects.get(slug=SEED_SLUG)
            give_progress(directive)
            yield directive
            transaction.set_rollback(True)
