"""A GET on an action URL of the working-together pages (a reload after a failed form, a
bookmark) goes to the page its form lives on and changes nothing (issue 12.14)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from collaboration.models import CalendarFeed, Direction, Follow, Message
from collaboration.services import direction_create

pytestmark = pytest.mark.django_db


def test_get_on_discussion_and_direction_urls_goes_to_their_pages(client, world):
    # given
    direction = direction_create(actor=world.leader, body="Báo cáo tiến độ", assignment=world.lead)
    client.force_login(world.leader)
    cases = [
        (reverse("collaboration:message_post", args=[world.task.pk]), world.task.get_absolute_url()),
        (reverse("collaboration:direction_on_task", args=[world.task.pk]), world.task.get_absolute_url()),
        (reverse("collaboration:direction_on_assignment", args=[world.lead.pk]), world.lead.get_absolute_url()),
        (
            reverse("collaboration:direction_on_directive", args=[world.directive.slug]),
            world.directive.get_absolute_url(),
        ),
        (reverse("collaboration:follow"), reverse("home")),
        (reverse("collaboration:feed_create"), reverse("collaboration:calendar")),
        (reverse("collaboration:feed_revoke"), reverse("collaboration:calendar")),
    ]
    # when / then
    for url, page in cases:
        response = client.get(url, {"body": "Gõ lại", "following": "1", "task": world.task.pk})
        assert response.status_code == 302 and response["Location"] == page, url
    assert Message.objects.count() == 0 and Direction.objects.count() == 1
    assert not Follow.objects.filter(user=world.leader).exists() and not CalendarFeed.objects.exists()
    client.force_login(world.lead_officer)
    for name in ("direction_acknowledge", "direction_answer"):
        response = client.get(reverse(f"collaboration:{name}", args=[direction.pk]), {"answer": "Đã xong"})
        assert response.status_code == 302, name
    direction.refresh_from_db()
    assert direction.acknowledged_at is None and not direction.answer


def test_get_on_the_action_url_of_a_task_the_officer_may_not_see_is_a_404(client, world):
    client.force_login(world.other_officer)
    assert client.get(reverse("collaboration:message_post", args=[world.task.pk])).status_code == 404


def test_get_on_withdrawing_a_completion_goes_to_the_assignment(client, world):
    client.force_login(world.lead_officer)
    response = client.get(reverse("directives:assignment_withdraw", args=[world.lead.pk]))
    assert response.status_code == 302 and response["Location"] == world.lead.get_absolute_url()


def test_no_view_is_post_only_without_a_page_for_its_get():
    """Every POST-only view is a langson_portal.actions.post_action (its GET has a page)."""
    root = Path(settings.BASE_DIR)
    found = []
    for module in sorted(root.glob("*/**/*.py")):
        if ".venv" in module.parts or module.parts[len(root.parts)] in {"tests", "var"}:
            continue
        text = module.read_text(encoding="utf-8")
        for match in re.finditer(r"require_POST|require_http_methods\(\[\"POST\"\]\)", text):
            found.append(f"{module.relative_to(root)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert found == []
