"""End to end in headless Chromium: a leader's direction reaches the lead officer's inbox,
is acknowledged and answered in the timeline, and the leader's dashboard count goes down;
a mention in the discussion reaches the coordinating agency's officer. Screenshots of the
assignment page (desktop and 390×844), the inbox and the calendar."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Role
from collaboration.models import Direction, Message
from directives.models import AssignmentRole, ReportingRule
from notifications.models import InboxItem, Kind
from tests.browser.test_work import SCREENSHOTS, sign_out, submit
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def notices_in_process():
    """Notice tasks run in the server's process once their transaction commits (memory:// broker)."""
    from langson_portal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def late_task():
    today = timezone.localdate()
    lead_agency = AgencyFactory(name="Sở Kế hoạch và Đầu tư", short_name="Sở KH&ĐT")
    coordinating_agency = AgencyFactory(name="Sở Tài chính", short_name="Sở TC")
    directive = DirectiveFactory(number="46/KH-UBND", title="Kế hoạch thực hiện Nghị quyết 11/NQ-CP")
    ReportingRule.objects.create(directive=directive, period="quarterly", day=20, month_of_quarter=3)
    task = TaskFactory(
        directive=directive,
        ref="II.4.a",
        content="Xây dựng đề án phục hồi kinh tế",
        due_on=today - datetime.timedelta(days=20),
        due_text="trước ngày " + (today - datetime.timedelta(days=20)).strftime("%d/%m/%Y"),
    )
    lead = AssignmentFactory(task=task, agency=lead_agency, assigned_on=today - datetime.timedelta(days=90))
    AssignmentFactory(
        task=task, agency=coordinating_agency, role=AssignmentRole.COORDINATING, assigned_on=lead.assigned_on
    )
    soon = TaskFactory(
        directive=directive, ref="II.5", content="Báo cáo giữa kỳ", due_on=today + datetime.timedelta(days=5)
    )
    AssignmentFactory(task=soon, agency=lead_agency, assigned_on=lead.assigned_on)
    return {
        "task": task,
        "lead": lead,
        "lead_officer": UserFactory(
            username="canbo.khdt", full_name="Lê Văn Cán", agency=lead_agency, roles=[Role.OFFICER]
        ),
        "coordinating_officer": UserFactory(
            username="canbo.stc", full_name="Phạm Thị Phối", agency=coordinating_agency, roles=[Role.OFFICER]
        ),
        "leader": UserFactory(username="lanhdao", full_name="Hoàng Văn Lãnh", agency=None, roles=[Role.LEADER]),
        "staff": UserFactory(
            username="chuyenvien", full_name="Trần Thị Chuyên", agency=None, roles=[Role.OFFICE_STAFF]
        ),
    }


def unread_in_header(page) -> int:
    return int(page.inner_text("#inbox-count .count").split(":")[-1].strip())


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_direction_goes_to_the_lead_who_answers_it_and_the_leaders_count_goes_down(
    browser_login, live_server, page, late_task, notices_in_process, tmp_path
):
    cache.clear()
    # given: the leader's dashboard shows no direction waiting
    browser_login("lanhdao")
    page.goto(f"{live_server.url}/bang-dieu-khien/")
    assert page.get_attribute("#directions-waiting", "data-count") == "0"
    # when: the leader writes a direction on the late task, in place on the task page
    page.goto(f"{live_server.url}{late_task['task'].get_absolute_url()}")
    page.click("summary:has-text('Ghi ý kiến chỉ đạo')")
    page.fill("#id_direction_body", "Sở KH&ĐT khẩn trương hoàn thành đề án, báo cáo kết quả")
    submit(page, "#direction-form button[type=submit]")
    assert "Đã gửi ý kiến chỉ đạo" in page.inner_text(".messages")
    assert "Ý kiến chỉ đạo chờ trả lời (1)" in page.inner_text(".pinned")
    page.goto(f"{live_server.url}/bang-dieu-khien/")
    assert page.get_attribute("#directions-waiting", "data-count") == "1"
    sign_out(page)

    # then: the lead officer sees it in the inbox with the unread count in the header
    browser_login("canbo.khdt")
    assert unread_in_header(page) == 1
    page.click("#inbox-count")
    page.wait_for_load_state("load")
    assert "Ý kiến chỉ đạo của lãnh đạo" in page.inner_text("#inbox")
    assert "khẩn trương hoàn thành đề án" in page.inner_text("#inbox")
    page.screenshot(path=str(SCREENSHOTS / "inbox.png"), full_page=True)
    # and opens it: it is read, and the direction is pinned on the task page
    submit(page, "#inbox .inbox-link")
    assert unread_in_header(page) == 0
    direction = Direction.objects.get()
    assert f"#chi-dao-{direction.pk}" in page.url or page.url.endswith(late_task["task"].get_absolute_url())
    # and acknowledges and answers it from the assignment's timeline
    page.goto(f"{live_server.url}{late_task['lead'].get_absolute_url()}")
    page.screenshot(path=str(SCREENSHOTS / "assignment-direction.png"), full_page=True)
    submit(page, f"#chi-dao-{direction.pk} .ack-form button")
    assert "Đã tiếp nhận, chờ trả lời" in page.inner_text(f"#chi-dao-{direction.pk}")
    page.click(f"#chi-dao-{direction.pk} summary:has-text('Trả lời chỉ đạo')")
    page.fill(f"#answer-{direction.pk}", "Đã trình UBND tỉnh dự thảo đề án ngày hôm nay")
    submit(page, f"#chi-dao-{direction.pk} .answer-form button[type=submit]")
    assert "Đã trả lời ý kiến chỉ đạo" in page.inner_text(".messages")
    timeline = page.inner_text("#timeline")
    assert "Ý kiến chỉ đạo" in timeline and "Đã tiếp nhận ý kiến chỉ đạo" in timeline
    assert "Trả lời ý kiến chỉ đạo" in timeline and "Đã trình UBND tỉnh" in timeline
    assert page.locator(".pinned").count() == 0
    sign_out(page)

    # then: the leader's dashboard count goes down, and the answer is in the leader's inbox
    browser_login("lanhdao")
    assert unread_in_header(page) == 1
    page.goto(f"{live_server.url}/bang-dieu-khien/")
    assert page.get_attribute("#directions-waiting", "data-count") == "0"
    direction.refresh_from_db()
    assert direction.answered_by == late_task["lead_officer"] and direction.acknowledged_at <= direction.answered_at
    assert InboxItem.objects.get(user=late_task["leader"]).notification.kind == Kind.DIRECTION_ANSWERED


def test_a_mention_of_the_coordinating_agency_reaches_its_officer(
    browser_login, live_server, page, late_task, notices_in_process, tmp_path
):
    from weasyprint import HTML

    evidence = tmp_path / "du-thao-de-an.pdf"
    evidence.write_bytes(HTML(string="<h1>Dự thảo đề án phục hồi kinh tế</h1>").write_pdf())
    # given: the lead officer reports progress with a PDF (in place) and asks the coordinator by name
    browser_login("canbo.khdt")
    page.goto(f"{live_server.url}{late_task['lead'].get_absolute_url()}")
    page.click("summary:has-text('Cập nhật tiến độ')")
    page.fill("#id_progress_percent", "70")
    page.fill("#id_progress_note", "Đã hoàn thiện dự thảo đề án")
    page.set_input_files("#id_progress_files", str(evidence))
    submit(page, "#progress-form button[type=submit]")
    # a failed message keeps what was typed and stays where it was
    page.fill("#id_message_body", "   ")
    page.evaluate("document.querySelector('#id_message_body').removeAttribute('required')")
    submit(page, "#message-form button[type=submit]")
    assert "Cần ghi" in page.inner_text("#message-form") or "bắt buộc" in page.inner_text("#message-form")
    page.fill("#id_message_body", "Đề nghị @Sở TC cho ý kiến về nguồn vốn trước thứ Sáu")
    submit(page, "#message-form button[type=submit]")
    assert "Đã gửi ý kiến trao đổi" in page.inner_text(".messages")
    assert "@Sở TC cho ý kiến" in page.inner_text("#timeline")
    page.screenshot(path=str(SCREENSHOTS / "assignment-timeline.png"), full_page=True)
    # the PDF opens in the page
    page.click("details.preview summary")
    frame = page.locator("details.preview iframe")
    assert frame.is_visible() and "/minh-chung/" in frame.get_attribute("src")
    page.wait_for_timeout(1500)  # the viewer draws the page
    page.locator("details.preview").screenshot(path=str(SCREENSHOTS / "evidence-preview.png"))
    # and the page reads on a phone without sideways scrolling
    page.set_viewport_size(PHONE)
    page.reload()
    assert no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "assignment-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_out(page)

    # then: the coordinating officer has the notice and reads the message on their own assignment
    browser_login("canbo.stc")
    assert unread_in_header(page) == 1
    page.goto(f"{live_server.url}/thong-bao/")
    assert "Được nhắc tên trong trao đổi" in page.inner_text("#inbox")
    submit(page, "#inbox .inbox-link")
    message = Message.objects.get()
    assert f"#tin-{message.pk}" in page.url
    assert "cho ý kiến về nguồn vốn" in page.inner_text(f"#tin-{message.pk}")
    # and, as a coordinator, the lead's progress note (the rule: a coordinator sees the lead's work)
    assert "Đã hoàn thiện dự thảo đề án" in page.inner_text("#timeline")
    # and the calendar shows the agency's deadlines and report days
    sign_out(page)
    browser_login("canbo.khdt")
    soon = timezone.localdate() + datetime.timedelta(days=5)
    page.goto(f"{live_server.url}/lich/?thang={soon:%Y-%m}")
    calendar = page.inner_text(".calendar")
    assert "Hạn II.5" in calendar
    submit(page, "#feed-create")
    assert page.input_value("#feed-url").endswith(".ics")
    page.screenshot(path=str(SCREENSHOTS / "calendar.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.reload()
    assert no_sideways_scroll(page)
