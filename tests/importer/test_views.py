"""The import page: who may use it, upload → review → save, failures that lose nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from agencies.models import Agency, AgencyGroup
from directives.models import Assignment, AssignmentRole, Directive, Task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PLAN = """KẾ HOẠCH
Thực hiện số hóa năm 2025
Thực hiện chỉ đạo của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:
1. Sở Nội vụ chủ trì, phối hợp với Trung tâm Dữ liệu số tỉnh rà soát hồ sơ công chức, hoàn thành trước ngày 15/11/2025.
2. Sở Tài chính bố trí kinh phí thực hiện; thường xuyên theo dõi.
"""


@pytest.fixture
def staff(registry_loaded):
    return UserFactory(username="vanphong", roles=[Role.OFFICE_STAFF])


def _review_post(client, text=PLAN):
    response = client.post(reverse("importer:upload"), {"text": text})
    assert response.status_code == 200
    form_data = {}
    for form in (
        response.context["directive_form"],
        response.context["rules"],
        response.context["indicators"],
        response.context["sections"],
        response.context["tasks"],
        response.context["agencies"],
    ):
        forms = getattr(form, "forms", [form])
        if hasattr(form, "management_form"):
            for field in form.management_form:
                form_data[field.html_name] = field.value()
        for f in forms:
            for field in f:
                value = field.value()
                if isinstance(value, list):
                    value = "\n".join(value)
                if field.name == "issued_on" or field.name == "due":
                    value = value.strftime("%d/%m/%Y") if value else ""
                if value is None or value is False:
                    continue
                form_data[field.html_name] = "on" if value is True else value
    return response, form_data


@pytest.mark.parametrize("roles", [[Role.OFFICER], [Role.AGENCY_HEAD], [Role.LEADER]])
def test_only_office_staff_reach_the_import_page(client, registry_loaded, roles):
    # given: a signed-in user who is not office staff
    client.force_login(UserFactory(roles=roles))
    # when / then: neither the page nor a forged save is allowed, and nothing is written
    assert client.get(reverse("importer:upload")).status_code == 403
    response = client.post(
        reverse("importer:save"),
        {
            "slug": "kh-gia",
            "kind": "ke_hoach",
            "issuer": "UBND tỉnh Lạng Sơn",
            "agency-TOTAL_FORMS": "1",
            "agency-INITIAL_FORMS": "1",
            "agency-0-name": "Sở Giả",
            "agency-0-kind": "so_ban_nganh",
            "agency-0-accept": "on",
        },
    )
    assert response.status_code == 403
    assert not Agency.objects.filter(name="Sở Giả").exists()
    assert not Directive.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("importer:upload"))
    assert response.status_code == 302
    assert "dang-nhap" in response["Location"]


def test_save_needs_post_and_csrf(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.get(reverse("importer:save"), {"slug": "x"})  # a reload: back to the upload page
    assert response.status_code == 302 and response["Location"] == reverse("importer:upload")
    assert client.post(reverse("importer:save"), {"slug": "x"}).status_code == 403


def test_upload_proposes_without_saving_and_marks_doubts(client, staff):
    client.force_login(staff)
    response, _ = _review_post(client)
    html = response.content.decode()
    # then: the review shows the tasks and the unknown agency, marked; nothing is in the database yet
    assert [f["ref"].value() for f in response.context["tasks"].forms] == ["1", "2"]
    assert "Trung tâm Dữ liệu số tỉnh" in html and "Cần kiểm tra" in html
    assert not Directive.objects.exists() and not Agency.objects.filter(name="Trung tâm Dữ liệu số tỉnh").exists()


def test_save_creates_accepted_agency_and_directive_in_one_go(client, staff):
    client.force_login(staff)
    _, data = _review_post(client)
    data["slug"] = "kh-so-hoa-2025"
    data["task-1-content"] = "Sở Tài chính bố trí kinh phí số hóa (đã sửa); thường xuyên theo dõi."
    # when
    response = client.post(reverse("importer:save"), data)
    # then
    assert response.status_code == 302
    directive = Directive.objects.get(slug="kh-so-hoa-2025")
    new = Agency.objects.get(name="Trung tâm Dữ liệu số tỉnh")
    assert Assignment.objects.filter(task__directive=directive, agency=new, role=AssignmentRole.COORDINATING).exists()
    task = Task.objects.get(directive=directive, ref="1")
    assert (task.deadline_kind, str(task.due_on)) == ("date", "2025-11-15")
    assert Task.objects.get(directive=directive, ref="2").content.endswith("(đã sửa); thường xuyên theo dõi.")


def test_refused_agency_is_not_created_and_not_assigned(client, staff):
    client.force_login(staff)
    _, data = _review_post(client)
    data["slug"] = "kh-so-hoa-2025"
    data.pop("agency-0-accept")
    response = client.post(reverse("importer:save"), data)
    assert response.status_code == 302
    assert not Agency.objects.filter(name="Trung tâm Dữ liệu số tỉnh").exists()
    assert "không giao" in Task.objects.get(directive__slug="kh-so-hoa-2025", ref="1").note


def test_a_failed_save_keeps_what_was_typed_and_saves_nothing(client, staff):
    client.force_login(staff)
    _, data = _review_post(client)
    data["slug"] = "kh-so-hoa-2025"
    data["task-0-lead"] = "Sở Không Tồn Tại"  # tampered: not in the registry, not proposed
    data["task-1-content"] = "Nội dung đã sửa tay"
    response = client.post(reverse("importer:save"), data)
    # then: a Vietnamese message, the typed text is still there, and the accepted agency was rolled back
    assert response.status_code == 400
    html = response.content.decode()
    assert "không có trong danh mục" in html and "Nội dung đã sửa tay" in html
    assert not Directive.objects.exists()
    assert not Agency.objects.filter(name="Trung tâm Dữ liệu số tỉnh").exists()
    assert not AgencyGroup.objects.filter(name="Trung tâm Dữ liệu số tỉnh").exists()


def test_empty_upload_says_what_to_do(client, staff):
    client.force_login(staff)
    response = client.post(reverse("importer:upload"), {"text": ""})
    assert response.status_code == 400
    assert "Hãy chọn một tệp hoặc dán nội dung" in response.content.decode()


def test_saving_never_overwrites_a_stored_directive(client, staff):
    # given: a directive already in the portal under the proposed slug
    from tests.factories import DirectiveFactory

    DirectiveFactory(slug="kh-so-hoa-2025", title="Kế hoạch đã có")
    client.force_login(staff)
    _, data = _review_post(client)
    data["slug"] = "kh-so-hoa-2025"
    # when
    response = client.post(reverse("importer:save"), data)
    # then
    assert response.status_code == 400
    assert "đã có trong cổng" in response.content.decode()
    assert Directive.objects.get(slug="kh-so-hoa-2025").title == "Kế hoạch đã có"
    assert not Agency.objects.filter(name="Trung tâm Dữ liệu số tỉnh").exists()


def test_a_bad_reporting_rule_gets_a_vietnamese_message_and_keeps_what_was_typed(client, staff):
    client.force_login(staff)
    _, data = _review_post(client)
    data["slug"] = "kh-so-hoa-2025"
    # the empty extra row filled in as a quarterly rule without its day
    data["rule-0-period"] = "quarterly"
    data["rule-0-recipient"] = "UBND tỉnh (qua Sở Nội vụ, đã gõ)"
    response = client.post(reverse("importer:save"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Báo cáo quý cần ngày trong tháng." in html and "UBND tỉnh (qua Sở Nội vụ, đã gõ)" in html
    assert not Directive.objects.exists()


def test_an_unknown_name_can_take_the_closest_registry_name_and_the_saved_page_links_the_directive(client, staff):
    client.force_login(staff)
    response, data = _review_post(client)
    offered = response.context["agencies"].forms[0]
    closest = [value for value, _ in offered.fields["use"].widget.choices if value]
    assert closest, "the closest registry names are offered"
    data["slug"] = "kh-so-hoa-2025"
    data["agency-0-use"] = closest[0]
    data.pop("agency-0-accept", None)
    response = client.post(reverse("importer:save"), data)
    assert response.status_code == 302 and response["Location"] == reverse("importer:saved", args=["kh-so-hoa-2025"])
    # then: no new agency, the task is given to the registry's agency
    assert not Agency.objects.filter(name="Trung tâm Dữ liệu số tỉnh").exists()
    task = Task.objects.get(directive__slug="kh-so-hoa-2025", ref="1")
    assert closest[0] in {a.agency.name for a in task.assignments.select_related("agency") if a.agency_id}
    page = client.get(response["Location"]).content.decode()
    assert reverse("directives:directive_detail", args=["kh-so-hoa-2025"]) in page
    assert f"{reverse('directives:assignment_list')}?directive=kh-so-hoa-2025" in page


def test_a_title_of_10000_characters_is_refused_on_the_review_page_with_the_limit_stated(client, staff):
    client.force_login(staff)
    _, data = _review_post(client)
    data["title"] = "Trích yếu " + "x" * 10_000
    response = client.post(reverse("importer:save"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "tối đa 1000" in html  # Django's own message: "Giá trị này chỉ có tối đa 1000 kí tự (hiện có …)"
    assert not Directive.objects.exists()
