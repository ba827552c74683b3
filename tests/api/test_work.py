"""Writes through the API call the pages' services: what an officer posts with a token is on
the assignment page, bad input gets the service's Vietnamese message and saves nothing, and
office staff's decisions work the same way."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directives.models import EvidenceFile, ExtensionState
from directives.status import Lifecycle

from .conftest import PDF, client_for


@pytest.mark.django_db
def test_an_officer_posts_progress_with_a_pdf_by_token_and_sees_it_on_the_assignment_page(world, client):
    # given: the lead agency's officer with a token
    api = client_for(world.tokens["lead"])
    upload = SimpleUploadedFile("bao-cao-tien-do.pdf", PDF, content_type="application/pdf")
    # when: progress with a PDF, as multipart
    response = api.post(
        f"/api/v1/assignments/{world.lead.pk}/progress/",
        {
            "lifecycle": Lifecycle.IN_PROGRESS,
            "percent": 60,
            "note": "Đã hoàn thành khảo sát 60% diện tích.",
            "files": [upload],
        },
        format="multipart",
    )
    # then: saved through the service (the actor is the token's officer), the file checked by content
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["progress_percent"] == 60 and body["files"][0]["original_name"] == "bao-cao-tien-do.pdf"
    assert body["files"][0]["content_type"] == "application/pdf"
    evidence = EvidenceFile.objects.get()
    assert evidence.update.author == world.users["lead"]
    # … and the API's detail and the portal's assignment page show it
    detail = api.get(f"/api/v1/assignments/{world.lead.pk}/").json()
    assert detail["progress_percent"] == 60 and detail["lifecycle"] == Lifecycle.IN_PROGRESS
    assert detail["updates"][0]["files"][0]["download_url"] == f"/nhiem-vu/minh-chung/{evidence.pk}/"
    client.force_login(world.users["lead"])
    page = client.get(world.lead.get_absolute_url()).content.decode()
    assert "Đã hoàn thành khảo sát 60% diện tích." in page
    assert "bao-cao-tien-do.pdf" in page and f"/nhiem-vu/minh-chung/{evidence.pk}/" in page


@pytest.mark.django_db
def test_a_file_that_is_not_what_it_claims_is_refused_with_the_services_message_and_nothing_is_saved(world):
    api = client_for(world.tokens["lead"])
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = api.post(
        f"/api/v1/assignments/{world.lead.pk}/progress/",
        {"lifecycle": Lifecycle.IN_PROGRESS, "percent": 10, "note": "Có tệp lạ", "files": [fake]},
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"]
    assert world.lead.updates.count() == 0 and EvidenceFile.objects.count() == 0


@pytest.mark.django_db
def test_field_errors_come_back_per_field_in_vietnamese(world):
    api = client_for(world.tokens["lead"])
    response = api.post(
        f"/api/v1/assignments/{world.lead.pk}/progress/",
        {"lifecycle": "hoan_thanh", "percent": 120, "note": ""},
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"lifecycle", "percent", "note"}
    assert fields["percent"] == ["Giá trị phải nhỏ hơn hoặc bằng 100."]
    assert fields["lifecycle"] == ['"hoan_thanh" không phải là một lựa chọn hợp lệ.']
    # the service's own check, for what the input serializer lets through
    late = api.post(
        f"/api/v1/assignments/{world.lead.pk}/completion/",
        {"completed_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(), "note": "Xong"},
        format="json",
    )
    assert late.status_code == 400
    assert late.json()["fields"] == {"completed_on": ["Ngày hoàn thành không được sau hôm nay."]}


@pytest.mark.django_db
def test_completion_then_confirmation_and_an_extension_decision_go_through_the_services(world):
    officer, staff = client_for(world.tokens["lead"]), client_for(world.tokens["office_staff"])
    # when: the officer reports completion, office staff confirm
    done = officer.post(
        f"/api/v1/assignments/{world.lead.pk}/completion/",
        {"completed_on": timezone.localdate().isoformat(), "note": "Đã ban hành kế hoạch."},
        format="json",
    )
    confirmed = staff.post(f"/api/v1/assignments/{world.lead.pk}/confirm/", {"note": ""}, format="json")
    # then
    assert done.status_code == 201 and confirmed.status_code == 200, (done.content, confirmed.content)
    assert confirmed.json()["lifecycle"] == Lifecycle.DONE and confirmed.json()["status"] == "dung_han"
    again = staff.post(f"/api/v1/assignments/{world.lead.pk}/confirm/", {}, format="json")
    assert again.status_code == 400 and "chờ xác nhận" in again.json()["message"]
    # when: office staff refuse the pending extension without a comment, then with one
    url = f"/api/v1/extension-requests/{world.extension.pk}/decision/"
    assert staff.post(url, {"approve": False}, format="json").json()["fields"] == {
        "comment": ["Cần ghi ý kiến khi không đồng ý gia hạn."]
    }
    refused = staff.post(url, {"approve": False, "comment": "Không đủ căn cứ."}, format="json")
    assert refused.status_code == 200 and refused.json()["state"] == ExtensionState.REFUSED


@pytest.mark.django_db
def test_the_document_system_imports_a_directive_after_a_dry_run(world):
    api = client_for(world.tokens["system_write"])
    payload = {
        "format": "langson-directives",
        "version": 1,
        "directives": [
            {
                "slug": "cv-qlvb-1",
                "kind": "cong_van",
                "number": "123/UBND-KT",
                "issued_on": "2026-11-20",
                "title": "Về việc triển khai thử nghiệm",
                "tasks": [
                    {
                        "ref": "1",
                        "content": "Báo cáo kết quả triển khai",
                        "lead": ["Sở A"],
                        "deadline_kind": "date",
                        "due": "2026-12-31",
                        "due_text": "trước ngày 31/12/2026",
                    }
                ],
            }
        ],
    }
    preview = api.post("/api/v1/directives/import/?dry_run=1", payload, format="json")
    assert preview.status_code == 200, preview.content
    assert preview.json()["dry_run"] is True and preview.json()["created"]["directive"] == 1
    assert api.get("/api/v1/directives/cv-qlvb-1/").status_code == 404
    saved = api.post("/api/v1/directives/import/", payload, format="json")
    assert saved.status_code == 201 and saved.json()["created"]["task"] == 1
    detail = api.get("/api/v1/directives/cv-qlvb-1/").json()
    assert detail["number"] == "123/UBND-KT" and detail["tasks"][0]["assignments"][0]["agency"] == "so-a"
    broken = api.post("/api/v1/directives/import/", {"directives": [{"slug": "x"}]}, format="json")
    assert (
        broken.status_code == 400 and broken.json()["code"] == "import_invalid" and broken.json()["fields"]["payload"]
    )


@pytest.mark.django_db
def test_four_eyes_whoever_asked_for_an_extension_cannot_decide_it_through_the_api(world):
    # given: a write-scope system account with the office-staff role asks for an extension
    system = client_for(world.tokens["system_write"])
    asked = system.post(
        f"/api/v1/assignments/{world.coord.pk}/extension-requests/",
        {"requested_due_on": "2031-06-30", "reason": "Chờ số liệu của Trung ương."},
        format="json",
    )
    assert asked.status_code == 201, asked.content
    # when: the same account decides it
    response = system.post(
        f"/api/v1/extension-requests/{asked.json()['id']}/decision/", {"approve": True}, format="json"
    )
    # then: refused by the service's four-eyes rule, in the one error shape; another person may decide
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert response.json()["message"]
    staff = client_for(world.tokens["office_staff"])
    decided = staff.post(f"/api/v1/extension-requests/{asked.json()['id']}/decision/", {"approve": True}, format="json")
    assert decided.status_code == 200 and decided.json()["state"] == ExtensionState.APPROVED


@pytest.mark.django_db
def test_office_staff_transfer_an_assignment_the_named_agency_stays(world):
    staff = client_for(world.tokens["office_staff"])
    url = f"/api/v1/assignments/{world.foreign.pk}/transfer/"
    # when
    moved = staff.post(url, {"to_holder": "so-c", "reason": "Sắp xếp lại tổ chức bộ máy."}, format="json")
    # then
    assert moved.status_code == 201, moved.content
    assert (moved.json()["from_holder"], moved.json()["to_holder"]) == ("so-f", "so-c")
    detail = staff.get(f"/api/v1/assignments/{world.foreign.pk}/").json()
    assert detail["agency"]["code"] == "so-f" and detail["holder"]["code"] == "so-c"
    # the new holder's officer now sees it; a refusal of the service comes back per field
    assert client_for(world.tokens["officer_other"]).get(f"/api/v1/assignments/{world.foreign.pk}/").status_code == 200
    again = staff.post(url, {"to_holder": "so-c", "reason": "Lần nữa"}, format="json")
    assert again.status_code == 400 and "đã do" in again.json()["message"]
    unknown = staff.post(url, {"to_holder": "khong-co", "reason": "x"}, format="json")
    assert unknown.status_code == 400 and "to_holder" in unknown.json()["fields"]


@pytest.mark.django_db
def test_the_coordinating_officer_writes_in_the_tasks_discussion_and_others_read_it(world):
    from collaboration.models import Message

    coordinator = client_for(world.tokens["coordinator"])
    url = f"/api/v1/tasks/{world.task.pk}/messages/"
    upload = SimpleUploadedFile("so-lieu.pdf", PDF, content_type="application/pdf")
    posted = coordinator.post(url, {"body": "Sở B đã gửi số liệu quý III.", "files": [upload]}, format="multipart")
    assert posted.status_code == 201, posted.content
    message = Message.objects.get()
    assert message.author == world.users["coordinator"] and message.agency == world.coord_agency
    assert posted.json()["files"][0]["original_name"] == "so-lieu.pdf"
    # the lead agency and office staff read it; an agency without work on the task does not
    read = client_for(world.tokens["lead"]).get(url).json()
    assert [m["body"] for m in read] == ["Sở B đã gửi số liệu quý III."] and read[0]["agency"] == "so-b"
    assert client_for(world.tokens["officer_other"]).get(url).status_code == 404
    empty = coordinator.post(url, {"body": "   "}, format="json")
    assert empty.status_code == 400 and empty.json()["fields"] == {"body": ["Trường này không được để trống."]}
