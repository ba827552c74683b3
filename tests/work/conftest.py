"""A task led by one agency with a coordinating agency, another agency's task, and the people."""

import datetime
import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from directives.models import AssignmentRole
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def zipped(name, entry):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(entry, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.fixture
def world(db):
    lead_agency = AgencyFactory(name="Sở Kế hoạch và Đầu tư", short_name="Sở KH&ĐT")
    coordinating_agency = AgencyFactory(name="Sở Tài chính", short_name="Sở TC")
    other_agency = AgencyFactory(name="Sở Y tế", short_name="Sở YT")
    directive = DirectiveFactory()
    task = TaskFactory(directive=directive, ref="II.1", due_on=datetime.date(2022, 6, 30))
    lead = AssignmentFactory(task=task, agency=lead_agency)
    coordinating = AssignmentFactory(task=task, agency=coordinating_agency, role=AssignmentRole.COORDINATING)
    other_task = TaskFactory(directive=directive, ref="II.2")
    other = AssignmentFactory(task=other_task, agency=other_agency)
    return SimpleNamespace(
        directive=directive,
        task=task,
        other_task=other_task,
        lead=lead,
        coordinating=coordinating,
        other=other,
        lead_agency=lead_agency,
        coordinating_agency=coordinating_agency,
        other_agency=other_agency,
        lead_officer=UserFactory(username="canbo.khdt", agency=lead_agency, roles=[Role.OFFICER]),
        coordinating_officer=UserFactory(username="canbo.tc", agency=coordinating_agency, roles=[Role.OFFICER]),
        other_officer=UserFactory(username="canbo.yt", agency=other_agency, roles=[Role.OFFICER]),
        staff=UserFactory(username="chuyenvien", agency=None, roles=[Role.OFFICE_STAFF]),
        leader=UserFactory(username="lanhdao", agency=None, roles=[Role.LEADER]),
    )
