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
    """A ZIP with one entry: not an Office document, whatever the entry is called."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(entry, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


MAIN_PARTS = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}


def office_bytes(kind="docx", *, main_type=None, main_xml="<x/>", declare=True, include_main=True, extra=()):
    """The smallest Office package: [Content_Types].xml declaring the main part, the package
    relationships, and the main part (each piece can be left out or replaced to build a fake)."""
    part, content_type = MAIN_PARTS[kind]
    override = f'<Override PartName="/{part}" ContentType="{main_type or content_type}"/>' if declare else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f"{override}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'officeDocument" Target="{part}"/></Relationships>',
        )
        if include_main:
            archive.writestr(part, main_xml)
        for entry, data in extra:
            archive.writestr(entry, data)
    return buffer.getvalue()


def office_file(name, kind="docx", **kwargs):
    return SimpleUploadedFile(name, office_bytes(kind, **kwargs), content_type="application/octet-stream")


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
