"""Import after a preview and export, in the browser's HTTP terms; only office staff import."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from agencies.services import agency_registry_load
from directives.models import Assignment, Directive
from tests.factories import AgencyFactory, AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PLAN = {
    "format": "langson-directives",
    "version": 1,
    "directives": [
        {
            "slug": "kh-thu-nhap",
            "kind": "ke_hoach",
            "number": "12/KH-UBND",
            "issued_on": "2024-02-01",
            "title": "Kế hoạch thử nhập từ tệp",
            "focal_agency": "Sở Y tế",
            "tasks": [
                {
                    "ref": "1",
                    "content": "Tổ chức tiêm chủng",
                    "lead": ["Sở Y tế"],
                    "coordinating": ["Nhóm thử"],
                    "deadline_kind": "date",
                    "due": "2024-06-30",
                    "due_text": "trước ngày 30/6/2024",
                },
            ],
        }
    ],
}


@pytest.fixture
def registry():
    agency_registry_load(
        data={
            "agencies": [
                {"code": "SYT", "name": "Sở Y tế", "kind": "so_ban_nganh"},
                {"code": "STC", "name": "Sở Tài chính", "kind": "so_ban_nganh"},
            ],
            "groups": [{"name": "Nhóm thử", "members": ["Sở Y tế", "Sở Tài chính"]}],
        },
        actor=None,
    )


def _upload(client, payload, name="ke-hoach.json"):
    data = json.dumps(payload, ensure_ascii=False).encode()
    return client.post(reverse("directives:import"), {"file": SimpleUploadedFile(name, data)})


def test_preview_saves_nothing_and_confirm_saves_everything(client, registry):
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    # when: the file is uploaded
    response = _upload(client, PLAN)
    # then: a preview, nothing saved
    html = response.content.decode()
    assert "Xem trước" in html and "12/KH-UBND" in html and "tạo mới 2 phân công cho cơ quan" in html
    assert not Directive.objects.filter(slug="kh-thu-nhap").exists()
    # when: confirmed
    response = client.post(reverse("directives:import"), {"confirm": "1"})
    # then: saved, lead Sở Y tế and the group's other member coordinating
    assert response.status_code == 302
    roles = dict(Assignment.objects.filter(task__directive__slug="kh-thu-nhap").values_list("agency__name", "role"))
    assert roles == {"Sở Y tế": "chu_tri", "Sở Tài chính": "phoi_hop"}


def test_bad_file_shows_problems_in_vietnamese_and_saves_nothing(client, registry):
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    bad = json.loads(json.dumps(PLAN))
    bad["directives"][0]["tasks"][0]["lead"] = ["Sở Y tế dự phòng"]
    response = _upload(client, bad)
    html = response.content.decode()
    assert "Tệp có lỗi — chưa có gì thay đổi" in html
    assert "“Sở Y tế dự phòng” không có trong danh mục" in html and "Có phải: Sở Y tế" in html
    assert not Directive.objects.exists()


def test_officer_cannot_import_or_export(client, registry):
    officer = UserFactory(roles=[Role.OFFICER])
    client.force_login(officer)
    assert _upload(client, PLAN).status_code == 403
    assert client.get(reverse("directives:import")).status_code == 403
    assert client.get(reverse("directives:export")).status_code == 403
    assert not Directive.objects.exists()


def test_leader_exports_json_and_excel(client):
    AssignmentFactory(agency=AgencyFactory(name="Sở Xây dựng"))
    client.force_login(UserFactory(roles=[Role.LEADER], agency=None))
    response = client.get(reverse("directives:export"))
    payload = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert payload["directives"][0]["tasks"][0]["lead"] == ["Sở Xây dựng"]
    excel = client.get(reverse("directives:export"), {"format": "xlsx"})
    assert excel.content[:2] == b"PK"


def test_import_requires_csrf(registry):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    assert _upload(client, PLAN).status_code == 403
