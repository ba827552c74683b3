"""Evidence files are accepted by what their bytes are, never by their name."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from directives.evidence import DOCX, JPEG, PDF, PNG, XLSX, evidence_check, sniff_content_type
from tests.work.conftest import office_file, pdf, zipped


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (pdf("x.bin"), PDF),
        (SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20), PNG),
        (SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20), JPEG),
        (office_file("bao-cao.docx", "docx"), DOCX),
        (office_file("so-lieu.xlsx", "xlsx"), XLSX),
    ],
)
def test_accepted_types_are_recognised_by_content(upload, expected):
    assert sniff_content_type(upload) == expected


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("bao-cao.pdf", b"<html><script>alert(1)</script></html>"),
        zipped("bao-cao.docx", "other/thing.xml"),
        zipped("bao-cao.docx", "word/document.xml"),  # a word/ entry alone does not make a Word file
        zipped("so-lieu.xlsx", "xl/workbook.xml"),
        SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04 not really a zip"),
        SimpleUploadedFile("chay.exe.pdf", b"MZ\x90\x00" + b"\0" * 40),
    ],
)
def test_a_file_named_like_a_document_but_not_one_is_refused_in_vietnamese(upload):
    with pytest.raises(ValidationError) as error:
        evidence_check(upload)
    assert "không phải PDF" in error.value.messages[0]


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        evidence_check(pdf())
    assert "vượt giới hạn" in error.value.messages[0]
