"""The upload rules every path shares (langson_portal/uploads.py): Office files proved by their
parts, decompression and entity bombs refused before parsing, the request body bounded before
it is read, stored files served as what their bytes are (issue 12.3, 12.7, 12.10)."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.evidence import DOCX, XLSX, evidence_check
from importer.reading import UnreadableFile, text_from_upload
from langson_portal.uploads import RequestSizeLimitUploadHandler, office_document_type
from tests.work.conftest import office_bytes, office_file

ROOT = Path(settings.BASE_DIR)
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><document>&lol3;</document>'
)


def _real_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Kế hoạch thực hiện Nghị quyết")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _real_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Nội dung nhiệm vụ"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- what is an Office document (12.10) ----------------------------------------------------


def test_documents_written_by_word_and_excel_libraries_are_recognised():
    assert office_document_type(_real_docx(), name="a.docx") == DOCX
    assert office_document_type(_real_xlsx(), name="a.xlsx") == XLSX


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(office_bytes("docx", declare=False), id="main-part-not-declared"),
        pytest.param(office_bytes("docx", include_main=False), id="declared-main-part-missing"),
        pytest.param(
            office_bytes("docx", main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
            id="macro-enabled-word",
        ),
        pytest.param(office_bytes("docx", main_type="text/html"), id="main-part-declared-as-html"),
        pytest.param(b"PK\x03\x04" + b"\0" * 100, id="broken-zip"),
    ],
)
def test_a_zip_is_a_document_only_when_its_content_types_declare_the_main_part_and_it_is_there(data):
    assert office_document_type(data, name="bao-cao.docx") is None
    with pytest.raises(ValidationError) as error:
        evidence_check(SimpleUploadedFile("bao-cao.docx", data))
    assert "không phải PDF" in error.value.messages[0]


# --- bombs (12.3) ---------------------------------------------------------------------------


def test_a_zip_with_more_entries_than_the_limit_is_refused_before_its_directory_is_read(settings):
    settings.UPLOAD_ZIP_MAX_ENTRIES = 50
    data = office_bytes("docx", extra=[(f"word/media/{n}.xml", "<x/>") for n in range(60)])
    with pytest.raises(ValidationError) as error:
        office_document_type(data, name="nhieu-phan.docx")
    assert error.value.code == "zip_entries" and "vượt giới hạn 50" in error.value.messages[0]


def test_a_document_inflating_past_the_limit_is_refused_naming_the_sizes(settings):
    settings.UPLOAD_ZIP_MAX_BYTES = 1024 * 1024
    data = office_bytes("docx", main_xml="<document>" + "Kế hoạch " * 200_000 + "</document>")
    with pytest.raises(ValidationError) as error:
        office_document_type(data, name="lon.docx")
    assert error.value.code == "zip_too_large"
    assert "bom giải nén" in error.value.messages[0] and "vượt giới hạn 1,0\xa0MB" in error.value.messages[0]


def test_an_entry_compressed_more_than_the_ratio_allows_is_refused():
    data = office_bytes("docx", main_xml="<document>" + " " * (5 * 1024 * 1024) + "</document>")
    with pytest.raises(ValidationError) as error:
        office_document_type(data, name="nen.docx")
    assert error.value.code == "zip_ratio" and "word/document.xml" in error.value.messages[0]


def test_a_small_part_packed_tight_is_not_mistaken_for_a_bomb():
    data = office_bytes("docx", main_xml="<document>" + " " * 500_000 + "</document>")
    assert office_document_type(data, name="it-chu.docx") == DOCX


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_an_xml_part_declaring_entities_is_refused_before_a_parser_sees_it(kind):
    data = office_bytes(kind, main_xml=BILLION_LAUGHS)
    with pytest.raises(ValidationError) as error:
        office_document_type(data, name=f"thuc-the.{kind}")
    assert error.value.code == "xml_dtd" and "DTD" in error.value.messages[0]


def test_the_text_importer_refuses_an_entity_bomb_and_a_fake_docx_in_vietnamese():
    with pytest.raises(UnreadableFile) as error:
        text_from_upload("ke-hoach.docx", office_bytes("docx", main_xml=BILLION_LAUGHS))
    assert "DTD" in str(error.value)
    with pytest.raises(UnreadableFile) as error:
        text_from_upload("ke-hoach.docx", office_bytes("docx", declare=False))
    assert "tệp hỏng hoặc sai định dạng" in str(error.value)


def test_the_directive_import_refuses_an_xlsx_that_is_not_a_workbook(client, db):
    from accounts.models import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF]))
    upload = SimpleUploadedFile("van-ban.xlsx", office_bytes("xlsx", main_xml=BILLION_LAUGHS))
    response = client.post(reverse("directives:import"), {"file": upload})
    assert response.status_code == 200
    assert any("DTD" in problem for problem in response.context["problems"])


BOMB_SCRIPT = r"""
import json, os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))  # if a check inflated the file, fail, not swap
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from directives.evidence import evidence_check
from directives.exchange import ImportProblems
from directives.services.imports import payload_from_file
from importer.reading import UnreadableFile, text_from_upload

path = sys.argv[1]
data = open(path, "rb").read()
messages = {}
try:
    evidence_check(SimpleUploadedFile("bao-cao.docx", data))
except ValidationError as error:
    messages["evidence"] = error.messages[0]
try:
    text_from_upload("ke-hoach.docx", data)
except UnreadableFile as error:
    messages["importer"] = str(error)
try:
    payload_from_file(name="van-ban.xlsx", data=data)
except ImportProblems as error:
    messages["import"] = error.problems[0]
print(json.dumps({"max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "messages": messages}))
"""


def _bomb(path: Path, inflated: int) -> None:
    """A real .docx whose document part is `inflated` bytes of zeros, deflated as it streams."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            office_bytes_part("[Content_Types].xml"),
        )
        archive.writestr("_rels/.rels", office_bytes_part("_rels/.rels"))
        chunk = b"\0" * (8 * 1024 * 1024)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(inflated // len(chunk)):
                part.write(chunk)


def office_bytes_part(name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(office_bytes("docx"))) as archive:
        return archive.read(name)


def test_an_800_mb_decompression_bomb_is_refused_in_vietnamese_and_the_process_stays_under_300_mb(tmp_path):
    # given: an 800 MB-inflating .docx (about 0.8 MB on disk), built here from a stream of zeros
    bomb = tmp_path / "bom.docx"
    _bomb(bomb, 800 * 1024 * 1024)
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("word/document.xml").file_size == 800 * 1024 * 1024
    # when: a fresh process runs every upload path's check on it (evidence, text importer, import)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "langson_portal.settings.test", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", BOMB_SCRIPT, str(bomb)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    # then: each path refuses it with the bomb message, and the process never grew past 300 MB
    print(f"bomb {bomb.stat().st_size} bytes on disk; peak RSS {measured['max_rss_kb'] / 1024:.0f} MB")
    assert set(measured["messages"]) == {"evidence", "importer", "import"}
    for message in measured["messages"].values():
        assert "bom giải nén" in message and "800,0\xa0MB" in message, message
    assert measured["max_rss_kb"] < 300 * 1024
    assert bomb.stat().st_size < 1024 * 1024


# --- the request body (12.3) ----------------------------------------------------------------


class _Body:
    """A WSGI input that would stream `size` bytes and counts what is read from it."""

    def __init__(self, size):
        self.size, self.read_bytes = size, 0

    def read(self, n=-1):
        n = self.size - self.read_bytes if n is None or n < 0 else min(n, self.size - self.read_bytes)
        self.read_bytes += n
        return b"\0" * n

    def readline(self, *args):
        return self.read(*args)


def _wsgi_post(path: str, body: _Body, content_type="multipart/form-data; boundary=xyz"):
    from django.core.handlers.wsgi import WSGIHandler

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(body.size),
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    status = []
    chunks = WSGIHandler()(environ, lambda s, headers, *a: status.append(s))
    return status[0], b"".join(chunks).decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/nhiem-vu/phan-cong/1/cap-nhat/", "/nhap-van-ban/", "/tai-khoan/dang-nhap/"])
def test_a_300_mb_body_is_refused_in_vietnamese_without_reading_it(path):
    body = _Body(300 * 1024 * 1024)
    status, html = _wsgi_post(path, body)
    assert status.startswith("413")
    assert "Dữ liệu gửi lên (300,0\xa0MB) vượt giới hạn 64,0\xa0MB" in html
    assert body.read_bytes == 0


def test_the_upload_handler_stops_a_body_that_streams_past_the_limit(settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1000
    handler = RequestSizeLimitUploadHandler()
    with pytest.raises(RequestDataTooBig):
        handler.handle_raw_input(None, {}, 5000, b"xyz")
    handler.handle_raw_input(None, {}, 0, b"xyz")  # no Content-Length to trust: counted as it comes
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(RequestDataTooBig):
        handler.receive_data_chunk(b"x" * 600, 600)


def test_upload_memory_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2621440
    assert settings.FILE_UPLOAD_HANDLERS[0] == "langson_portal.uploads.RequestSizeLimitUploadHandler"
    assert settings.MIDDLEWARE.index(
        "langson_portal.middleware.RequestSizeLimitMiddleware"
    ) < settings.MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware")


# --- names and downloads (12.7) --------------------------------------------------------------

HTML_PDF = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize("name", ["bao-cao.html", "bao-cao.htm", "bao-cao.svg", "bao-cao", "bao-cao.pdf.html"])
def test_a_file_whose_name_claims_another_type_is_refused(name):
    with pytest.raises(ValidationError) as error:
        evidence_check(SimpleUploadedFile(name, HTML_PDF))
    assert error.value.code == "name_mismatch" and "đuôi .pdf" in error.value.messages[0]


def test_names_in_any_case_of_the_right_type_are_accepted():
    assert evidence_check(SimpleUploadedFile("BAO-CAO.PDF", HTML_PDF)) == "application/pdf"
    assert evidence_check(office_file("Bao cao.DOCX", "docx")) == DOCX
    assert evidence_check(SimpleUploadedFile("anh.JPEG", b"\xff\xd8\xff\xe0" + b"\0" * 20)) == "image/jpeg"


def test_evidence_and_report_attachments_are_served_by_one_rule(client, world):
    """Both downloads: the sniffed type, nosniff, sandbox, and the real type's ending on the name."""
    from directives.models import EvidenceFile
    from directives.services.work import assignment_update_progress
    from directives.status import Lifecycle
    from tests.work.conftest import pdf

    assignment_update_progress(
        assignment=world.lead,
        actor=world.lead_officer,
        lifecycle=Lifecycle.IN_PROGRESS,
        percent=10,
        note="Có minh chứng",
        files=[pdf("bien-ban.pdf")],
    )
    evidence = EvidenceFile.objects.get(original_name="bien-ban.pdf")
    EvidenceFile.objects.filter(pk=evidence.pk).update(original_name="bien-ban.html")  # a row from before
    client.force_login(world.lead_officer)
    response = client.get(reverse("directives:evidence_download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.html.pdf"'


def test_the_office_libraries_parse_with_entity_expansion_off():
    """The second lock behind the DTD pre-scan: python-docx's lxml parser resolves no entities,
    and openpyxl reads worksheets through defusedxml once it is installed."""
    import openpyxl.xml
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    assert openpyxl.xml.DEFUSEDXML is True
    assert etree.fromstring(BILLION_LAUGHS.encode(), oxml_parser).text is None  # &lol3; left unexpanded
