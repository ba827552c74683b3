"""End to end in headless Chromium: an officer reports, finishes and asks for more time;
office staff confirm and approve; the status categories move as they should."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Role
from directives.models import ExtensionState
from directives.status import Lifecycle, StatusCategory
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots go to docs/screenshots only when asked (SAVE_SCREENSHOTS=1), so a test run
# leaves the checkout clean; otherwise to var/.
SCREENSHOTS = Path(settings.BASE_DIR) / (
    "docs/screenshots" if os.environ.get("SAVE_SCREENSHOTS") else "var/screenshots"
)
SCREENSHOTS.mkdir(parents=True, exist_ok=True)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_overdue_assignment(page, live_server, assignment):
    """Reach an overdue assignment of the officer's agency the way an officer does: the
    assignment list, the "Chỉ việc quá hạn" filter, then the row's link."""
    page.goto(f"{live_server.url}/nhiem-vu/phan-cong/")
    page.check("input[name=overdue]")
    submit(page, ".filter-actions button[type=submit]")
    assert "overdue=on" in page.url or "overdue=true" in page.url
    rows = page.locator("table.table tbody tr")
    assert rows.count() >= 1
    submit(page, f'table.table a[href="{assignment.get_absolute_url()}"]')


def status_on_page(page) -> str:
    return page.inner_text("#status-category").strip()


def submit(page, selector):
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


def sign_out(page):
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Đăng xuất").click()


def test_officer_reports_finishes_and_asks_for_time_then_office_staff_decide(
    browser_login, live_server, page, tmp_path
):
    # given: two overdue assignments of the Sở KH&ĐT, a coordinating Sở Tài chính
    today = timezone.localdate()
    agency = AgencyFactory(name="Sở Kế hoạch và Đầu tư", short_name="Sở KH&ĐT")
    directive = DirectiveFactory(number="46/KH-UBND", title="Kế hoạch thực hiện Nghị quyết 11/NQ-CP")
    task = TaskFactory(
        directive=directive,
        ref="II.4.a",
        content="Xây dựng đề án phục hồi kinh tế",
        due_on=datetime.date(2022, 6, 30),
        due_text="trong quý II/2022",
    )
    finishing = AssignmentFactory(task=task, agency=agency)
    AssignmentFactory(task=task, agency=AgencyFactory(name="Sở Tài chính"), role="phoi_hop")
    late_task = TaskFactory(
        directive=directive,
        ref="II.5",
        content="Báo cáo đánh giá giữa kỳ",
        due_on=datetime.date(2022, 8, 25),
        due_text="trước ngày 25/8/2022",
    )
    extending = AssignmentFactory(task=late_task, agency=agency)
    UserFactory(username="canbo.khdt", full_name="Lê Văn Cán", agency=agency, roles=[Role.OFFICER])
    UserFactory(username="chuyenvien", full_name="Trần Thị Chuyên", agency=None, roles=[Role.OFFICE_STAFF])
    evidence = tmp_path / "bao-cao-tien-do.pdf"
    evidence.write_bytes(PDF_BYTES)
    new_deadline = today + datetime.timedelta(days=60)

    # when: the officer reports progress with a PDF on the overdue assignment
    browser_login("canbo.khdt")
    open_overdue_assignment(page, live_server, finishing)
    assert status_on_page(page) == StatusCategory.OVERDUE.label
    page.click("summary:has-text('Cập nhật tiến độ')")  # each action opens its form in place
    page.select_option("#id_progress_lifecycle", Lifecycle.IN_PROGRESS.value)
    page.fill("#id_progress_percent", "80")
    page.fill("#id_progress_note", "Đã trình UBND tỉnh dự thảo đề án")
    page.set_input_files("#id_progress_files", str(evidence))
    submit(page, "#progress-form button[type=submit]")
    assert "Đã lưu báo cáo tiến độ" in page.inner_text(".messages")
    assert "bao-cao-tien-do.pdf" in page.inner_text(".updates")
    page.screenshot(path=str(SCREENSHOTS / "assignment-page.png"), full_page=True)

    # and marks it done today
    page.click("summary:has-text('Báo hoàn thành')")
    page.fill("#id_done_completed_on", today.isoformat())
    page.fill("#id_done_note", "UBND tỉnh đã ban hành đề án")
    submit(page, "#done-form button[type=submit]")
    assert page.inner_text("#lifecycle") == Lifecycle.AWAITING_CONFIRMATION.label
    assert status_on_page(page) == StatusCategory.OVERDUE.label  # not done until confirmed

    # and asks for an extension on the other assignment
    open_overdue_assignment(page, live_server, extending)
    page.click("summary:has-text('Đề nghị gia hạn')")
    page.fill("#id_extension_requested_due_on", new_deadline.isoformat())
    page.fill("#id_extension_reason", "Chờ số liệu của Cục Thống kê")
    submit(page, "#extension-form button[type=submit]")
    assert "Đã gửi đề nghị gia hạn" in page.inner_text(".messages")
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    page.screenshot(path=str(SCREENSHOTS / "task-page.png"), full_page=True)
    sign_out(page)

    # then: office staff confirm the completion
    browser_login("chuyenvien")
    page.goto(f"{live_server.url}{finishing.get_absolute_url()}")
    submit(page, "#confirm-form button[type=submit]")
    assert page.inner_text("#lifecycle") == Lifecycle.DONE.label
    assert status_on_page(page) == StatusCategory.DONE_LATE.label

    # and approve the extension
    page.goto(f"{live_server.url}{extending.get_absolute_url()}")
    assert status_on_page(page) == StatusCategory.OVERDUE.label
    page.check("#decision-form input[value=approve]")
    page.fill("#id_decision_comment", "Đồng ý")
    submit(page, "#decision-form button[type=submit]")
    assert "Đã đồng ý gia hạn" in page.inner_text(".messages")
    assert status_on_page(page) == StatusCategory.IN_PROGRESS.label
    assert page.inner_text("#original-deadline").startswith("25/08/2022")
    assert page.inner_text("#extended-deadline") == new_deadline.strftime("%d/%m/%Y")
    assert "Lịch sử thay đổi" in page.inner_text("#history")
    sign_out(page)

    # and the officer sees the decision on the assignment page
    browser_login("canbo.khdt")
    page.goto(f"{live_server.url}{extending.get_absolute_url()}")
    assert "Đồng ý" in page.inner_text("#extension-notice")

    # and the database agrees
    finishing.refresh_from_db()
    extending.refresh_from_db()
    assert finishing.lifecycle == Lifecycle.DONE and finishing.confirmed_by.username == "chuyenvien"
    assert finishing.status_on(today) == StatusCategory.DONE_LATE
    assert finishing.updates.filter(files__original_name="bao-cao-tien-do.pdf").exists()
    assert extending.extended_due_on == new_deadline and extending.due_on == datetime.date(2022, 8, 25)
    assert extending.status_on(today) == StatusCategory.IN_PROGRESS
    assert extending.extension_requests.get().state == ExtensionState.APPROVED
