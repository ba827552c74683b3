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
