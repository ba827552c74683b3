"""End to end in headless Chromium (issue 11): office staff give a 2026 task to "UBND các xã,
phường"; an officer of UBND phường Đông Kinh finds it on their home page."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role
from agencies.models import Agency
from agencies.services import agency_registry_load
from directives.models import Assignment
from tests.browser.test_work import SCREENSHOTS, sign_out, submit
from tests.factories import DirectiveFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_staff_give_a_2026_task_to_the_communes_and_a_ward_officer_sees_it(browser_login, live_server, page):
    # given: today's registry, a plan of 2026, office staff and an officer of phường Đông Kinh
    data = json.loads((Path(settings.BASE_DIR) / "fixtures" / "agencies.json").read_text(encoding="utf-8"))
    agency_registry_load(data=data)
    directive = DirectiveFactory(
        slug="kh-2026-xa-phuong",
        number="250/KH-UBND",
        issued_on=datetime.date(2026, 11, 20),
        title="Kế hoạch năm 2026",
    )
    UserFactory(username="chuyenvien", full_name="Trần Thị Chuyên", agency=None, roles=[Role.OFFICE_STAFF])
    UserFactory(
        username="dongkinh.canbo",
        full_name="Nông Thị Thu",
        agency=Agency.objects.get(code="PHUONG_DONGKINH"),
        roles=[Role.OFFICER],
    )

    # when: office staff add the task in the browser
    browser_login("chuyenvien")
    page.goto(f"{live_server.url}/nhiem-vu/soan-thao/van-ban/{directive.slug}/nhiem-vu/")
    page.fill("#id_ref", "1")
    page.fill("#id_content", "Rà soát thủ tục hành chính cấp xã sau sắp xếp")
    page.select_option("#id_deadline_kind", "date")
    page.fill("#id_due_on", "2026-12-31")
    page.select_option("#id_leads", label="UBND các xã, phường")
    submit(page, "form button[type=submit].primary")
    page.screenshot(path=str(SCREENSHOTS / "task-2026-xa-phuong.png"), full_page=True)

    # then: 65 lead assignments, none held by a closed agency
    rows = Assignment.objects.filter(task__directive=directive).select_related("holder")
    assert rows.count() == 65
    assert not [a for a in rows if a.holder.closed_on]
    sign_out(page)

    # when: the ward's officer opens the portal
    browser_login("dongkinh.canbo")
    page.goto(f"{live_server.url}/")
    # then: the task is on their home page
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "Rà soát thủ tục hành chính cấp xã sau sắp xếp" in body
    assert "250/KH-UBND" in body or "Kế hoạch năm 2026" in body
    page.screenshot(path=str(SCREENSHOTS / "viec-cua-phuong-dong-kinh.png"), full_page=True)
