"""Importing a plan end to end in headless Chromium: paste, review, correct, save."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role
from agencies.models import Agency
from agencies.services import agency_registry_load
from directives.models import Directive, Task
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = """KẾ HOẠCH
Thực hiện chuyển đổi số năm 2025
Thực hiện chỉ đạo của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:
1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Trung tâm Dữ liệu số tỉnh số hóa hồ sơ đất đai, hoàn thành trong quý IV/2025.
2. UBND các xã, phường rà soát thủ tục hành chính; thực hiện thường xuyên.
"""


def test_office_staff_pastes_reviews_corrects_and_saves_a_plan(browser_login, live_server):
    # given: the registry and an office clerk
    registry = json.loads((Path(settings.BASE_DIR) / "fixtures" / "agencies.json").read_text(encoding="utf-8"))
    agency_registry_load(data=registry)
    UserFactory(username="chuyenvien", roles=[Role.OFFICE_STAFF])
    page = browser_login("chuyenvien")
    # when: they paste the plan and ask for a proposal
    page.click("text=Nhập văn bản")
    page.fill("#id_text", PLAN)
    page.click("button:has-text('Phân tích văn bản')")
    # then: tasks appear beside the source, doubts are marked, unknown names are offered for creation
    assert page.locator("fieldset.task-form").count() == 2
    offered = [page.input_value(f"#id_agency-{i}-name") for i in range(page.locator(".new-agency").count())]
    # "UBND các xã, phường" is in the registry since the commune level (issue 11): not offered as new
    assert "Trung tâm Dữ liệu số tỉnh" in offered and "UBND các xã, phường" not in offered
    assert page.locator("fieldset.task-form.uncertain").count() >= 1
    assert "Sở Nông nghiệp và Môi trường" in page.input_value("#id_task-0-lead")
    assert page.input_value("#id_task-0-due") == "31/12/2025"
    # when: they correct the slug and a deadline, then save
    page.fill("#id_slug", "kh-chuyen-doi-so-2025")
    page.fill("#id_task-1-due_text", "Thường xuyên (đã kiểm tra)")
    page.click("button:has-text('Lưu văn bản')")
    page.wait_for_load_state("networkidle")
    # then: everything is stored, with the new agency created in the same save
    assert "Đã lưu văn bản" in page.inner_text(".messages")
    directive = Directive.objects.get(slug="kh-chuyen-doi-so-2025")
    assert Task.objects.get(directive=directive, ref="2").due_text == "Thường xuyên (đã kiểm tra)"
    assert Agency.objects.filter(name="Trung tâm Dữ liệu số tỉnh").exists()
    assert str(Task.objects.get(directive=directive, ref="1").due_on) == "2025-12-31"
    assert Task.objects.get(directive=directive, ref="2").assignments.count() == 65  # the 65 communes


def _plan_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in (
        "KẾ HOẠCH",
        "Rà soát văn bản quy phạm pháp luật năm 2025",
        "Thực hiện chỉ đạo của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:",
        "1. Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ rà soát văn bản quy phạm pháp luật, hoàn thành trước ngày 30/9/2025.",
        "2. Sở Tài chính bảo đảm kinh phí rà soát; thực hiện thường xuyên.",
        "3. Định kỳ hằng quý (trước ngày 15 của tháng cuối quý) các cơ quan báo cáo kết quả về Sở Tư pháp để tổng hợp.",
    ):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_office_staff_uploads_a_docx_corrects_a_lead_and_a_reporting_rule_and_opens_the_new_directive(
    browser_login, live_server
):
    from directives.models import ReportingRule

    # given: the registry and an office clerk
    registry = json.loads((Path(settings.BASE_DIR) / "fixtures" / "agencies.json").read_text(encoding="utf-8"))
    agency_registry_load(data=registry)
    UserFactory(username="chuyenvien2", roles=[Role.OFFICE_STAFF])
    page = browser_login("chuyenvien2")
    # when: they upload a Word plan
    page.click("text=Nhập văn bản")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "ke-hoach-ra-soat.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": _plan_docx(),
            }
        ],
    )
    page.click("button:has-text('Phân tích văn bản')")
    # then: the proposal has two tasks and the quarterly rule in form fields, no JSON box
    assert page.locator("fieldset.task-form").count() == 2
    assert page.locator("textarea[name='reporting_rules']").count() == 0
    assert page.input_value("#id_rule-0-period") == "quarterly"
    assert page.input_value("#id_rule-0-day") == "15"
    assert "Sở Tư pháp" in page.input_value("#id_task-0-lead")
    assert page.locator(".import-doubts li").count() >= 1  # the doubts are listed at the top
    # when: they correct the lead of task 1 and the reporting day, then save
    page.fill("#id_slug", "kh-ra-soat-vbqppl-2025")
    page.fill("#id_task-0-lead", "Sở Xây dựng")
    page.fill("#id_rule-0-day", "20")
    page.click("button:has-text('Lưu văn bản')")
    page.wait_for_load_state("networkidle")
    # then: saved, with links to the directive and its assignments
    assert "Đã lưu văn bản" in page.inner_text(".messages")
    assignments_href = page.get_attribute("a.assignments-link", "href")
    assert assignments_href.endswith("?directive=kh-ra-soat-vbqppl-2025")
    page.click("a.directive-link")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/van-ban/kh-ra-soat-vbqppl-2025/")
    assert "Rà soát văn bản quy phạm pháp luật" in page.inner_text("body")
    directive = Directive.objects.get(slug="kh-ra-soat-vbqppl-2025")
    task = Task.objects.get(directive=directive, ref="1")
    assert [a.agency.name for a in task.assignments.filter(role="chu_tri").select_related("agency")] == ["Sở Xây dựng"]
    rule = ReportingRule.objects.get(directive=directive)
    assert (rule.period, rule.day, rule.month_of_quarter) == ("quarterly", 20, 3)
