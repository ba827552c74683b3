"""Evidence preview: PDFs and images inline in a sandbox, Word and Excel downloaded; the download's checks."""

import pytest
from django.urls import reverse

from collaboration.models import MessageAttachment
from collaboration.services import message_post
from directives.services.work import assignment_update_progress
from tests.collaboration.conftest import pdf
from tests.work.conftest import office_file

pytestmark = pytest.mark.django_db


def test_a_pdf_opens_inline_with_the_download_checks_and_a_docx_only_downloads(client, world):
    update = assignment_update_progress(
        assignment=world.coordinating,
        actor=world.coordinating_officer,
        lifecycle="dang_thuc_hien",
        percent=10,
        note="x",
        files=[pdf("ke-hoach.pdf"), office_file("bao-cao.docx", "docx")],
    )
    pdf_file, docx_file = update.files.order_by("id")
    client.force_login(world.lead_officer)  # the lead sees its coordinator's evidence
    response = client.get(reverse("directives:evidence_preview", args=[pdf_file.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    docx = client.get(reverse("directives:evidence_preview", args=[docx_file.pk]))
    assert docx["Content-Disposition"].startswith("attachment")
    task_html = client.get(world.task.get_absolute_url()).content.decode()
    assert f'src="{reverse("directives:evidence_preview", args=[pdf_file.pk])}"' in task_html
    assert reverse("directives:evidence_preview", args=[docx_file.pk]) not in task_html
    # an agency that may not see the evidence gets 404 for both
    client.force_login(world.other_officer)
    assert client.get(reverse("directives:evidence_preview", args=[pdf_file.pk])).status_code == 404


def test_an_image_attachment_of_a_message_previews_in_a_sandbox(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    message_post(task=world.task, actor=world.lead_officer, body="Ảnh hiện trường", files=[png])
    attachment = MessageAttachment.objects.get()
    client.force_login(world.coordinating_officer)
    response = client.get(reverse("collaboration:attachment_preview", args=[attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline") and "sandbox" in response["Content-Security-Policy"]
    assert '<img src="' in client.get(world.task.get_absolute_url()).content.decode()
    client.force_login(world.other_officer)
    assert client.get(reverse("collaboration:attachment_preview", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("collaboration:attachment_download", args=[attachment.pk])).status_code == 404
