"""Uploaded files, before anything parses them: one set of rules for every path that takes a
file (evidence, report attachments, directive imports, the text importer).

- A file's type comes from its bytes, never from its name (`sniff`), and its name must not
  claim another type (`bao-cao.html` holding a PDF is refused).
- A Word or Excel document is a ZIP. It counts as one only when its `[Content_Types].xml`
  declares the document's main part and that part is there (`office_document_type`), and
  it is opened only when it is bounded: at most UPLOAD_ZIP_MAX_ENTRIES entries,
  UPLOAD_ZIP_MAX_BYTES once inflated, and no entry inflating more than UPLOAD_ZIP_MAX_RATIO
  times. Those figures are read from the ZIP's directory, which Python's zipfile then holds
  each entry to (it stops at the declared size and checks the CRC), so an 858 KB file that
  would inflate to 800 MB is refused without inflating a byte of it.
- None of its XML parts may declare a DTD (entities: the "billion laughs"), checked with
  defusedxml on each part's prolog; openpyxl reads through defusedxml once it is installed
  and python-docx's lxml parser does not resolve entities, so this is the second lock.
- A request body past UPLOAD_MAX_REQUEST_BYTES is refused from its Content-Length before it
  is read (`langson_portal.middleware.RequestSizeLimitMiddleware`), and counted again while
  it streams (`RequestSizeLimitUploadHandler`).
- A stored file is kept with its proved type, size and SHA-256 (`stored_file_store`) and served
  with that type, `nosniff` and a sandbox CSP, or inline in the portal's pages for a preview
  (`stored_file_response`).
"""

import hashlib
import io
import zipfile
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .text import nfc

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"

# The file-name endings each type may carry; the first is the one a download is given.
EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",), XLSX: (".xlsx",), PNG: (".png",), JPEG: (".jpg", ".jpeg")}

# The main part a document's [Content_Types].xml declares (ECMA-376 Part 1, §11.3.10 and §12.3.23);
# macro-enabled and template variants have other types and are not accepted.
MAIN_PART_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
CONTENT_TYPES_PART = "[Content_Types].xml"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# An entry smaller than this is never a bomb, whatever its ratio (a page of spaces packs 1000:1).
RATIO_FLOOR_BYTES = 1024 * 1024


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def sniff(upload, *, name: str) -> str | None:
    """The content type the bytes of `upload` (a file object) prove, or None when they prove none
    we accept; raises ValidationError when they are a ZIP too large to open."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return office_document_type(upload, name=name)
    return None


def name_matches(name: str, content_type: str) -> bool:
    return (name or "").lower().endswith(EXTENSIONS[content_type])


def check_name(name: str, content_type: str) -> None:
    """Refuse a name that claims another type than the bytes ("bao-cao.html" holding a PDF): the
    name is what a browser or a desktop uses to decide what to do with the file."""
    if not name_matches(name, content_type):
        _refuse(
            _("Tệp “%(name)s” có nội dung %(kind)s nhưng tên không có đuôi %(ext)s; hãy đổi tên tệp rồi tải lên lại.")
            % {"name": name, "kind": TYPE_LABELS[content_type], "ext": EXTENSIONS[content_type][0]},
            "name_mismatch",
        )


TYPE_LABELS = {PDF: "PDF", DOCX: "Word (DOCX)", XLSX: "Excel (XLSX)", PNG: "ảnh PNG", JPEG: "ảnh JPEG"}


def office_document_type(source, *, name: str) -> str | None:
    """DOCX or XLSX when `source` (bytes or a file object) is a Word or Excel document that is
    safe to parse; None when it is no such document (not a ZIP, no declared main part, broken
    XML). Raises a Vietnamese ValidationError when it is a ZIP past the limits or declares a DTD."""
    fp = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    fp.seek(0)
    try:
        _check_directory_size(fp, name)
        with zipfile.ZipFile(fp) as archive:
            infos = archive.infolist()
            _check_inflated_size(infos, name)
            kind = _declared_type(archive, name)
            if kind is not None:
                _check_no_dtd(archive, infos, name)
            return kind
    except ParseError:
        return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError, ValueError):
        return None  # not a ZIP we can read (broken, encrypted, unknown compression)
    finally:
        fp.seek(0)


def _check_directory_size(fp, name: str) -> None:
    """The entry count, from the end-of-directory record, before zipfile builds an object for
    each entry of a directory that could list hundreds of thousands."""
    record = zipfile._EndRecData(fp)  # the stdlib's own reader of that record
    fp.seek(0)
    if record is None:
        raise zipfile.BadZipFile
    limit = settings.UPLOAD_ZIP_MAX_ENTRIES
    if record[zipfile._ECD_ENTRIES_TOTAL] > limit:
        _refuse(
            _("Tệp “%(name)s” chứa %(n)s thành phần nén, vượt giới hạn %(limit)s; hệ thống không mở tệp này.")
            % {"name": name, "n": record[zipfile._ECD_ENTRIES_TOTAL], "limit": limit},
            "zip_entries",
        )


def _check_inflated_size(infos, name: str) -> None:
    limit, ratio = settings.UPLOAD_ZIP_MAX_BYTES, settings.UPLOAD_ZIP_MAX_RATIO
    if len(infos) > settings.UPLOAD_ZIP_MAX_ENTRIES:
        _refuse(
            _("Tệp “%(name)s” chứa %(n)s thành phần nén, vượt giới hạn %(limit)s; hệ thống không mở tệp này.")
            % {"name": name, "n": len(infos), "limit": settings.UPLOAD_ZIP_MAX_ENTRIES},
            "zip_entries",
        )
    total = sum(info.file_size for info in infos)
    if total > limit:
        _refuse(
            _(
                "Tệp “%(name)s” khi giải nén lên tới %(size)s, vượt giới hạn %(limit)s "
                "(dấu hiệu của “bom giải nén”); hệ thống không mở tệp này."
            )
            % {"name": name, "size": filesizeformat(total), "limit": filesizeformat(limit)},
            "zip_too_large",
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > ratio * max(info.compress_size, 1):
            _refuse(
                _(
                    "Tệp “%(name)s” có thành phần “%(part)s” nén tới %(ratio)s lần, vượt giới hạn %(limit)s lần "
                    "(dấu hiệu của “bom giải nén”); hệ thống không mở tệp này."
                )
                % {
                    "name": name,
                    "part": info.filename[:80],
                    "ratio": info.file_size // max(info.compress_size, 1),
                    "limit": ratio,
                },
                "zip_ratio",
            )


def _declared_type(archive: zipfile.ZipFile, name: str) -> str | None:
    """The document type whose main part [Content_Types].xml declares and the archive holds."""
    try:
        info = archive.getinfo(CONTENT_TYPES_PART)
    except KeyError:
        return None
    with archive.open(info) as part:
        try:
            root = safe_xml.parse(part, forbid_dtd=True).getroot()
        except DefusedXmlException:
            _refuse_dtd(name, CONTENT_TYPES_PART)
    names = set(archive.namelist())
    for override in root.iter(f"{_CONTENT_TYPES_NS}Override"):
        kind = MAIN_PART_TYPES.get((override.get("ContentType") or "").strip())
        if kind and (override.get("PartName") or "").lstrip("/") in names:
            return kind
    return None


def _check_no_dtd(archive: zipfile.ZipFile, infos, name: str) -> None:
    """Each XML part's prolog, up to its first element: a DTD there is refused (Office never writes one)."""
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels")) or info.is_dir():
            continue
        with archive.open(info) as part:
            try:
                for _event in safe_xml.iterparse(part, events=("start",), forbid_dtd=True):
                    break
            except DefusedXmlException:
                _refuse_dtd(name, info.filename)


def _refuse_dtd(name: str, part: str):
    _refuse(
        _(
            "Tệp “%(name)s” có phần “%(part)s” khai báo DTD/thực thể XML, điều tệp Word, Excel thật không có; "
            "hệ thống không mở tệp này."
        )
        % {"name": name, "part": part[:80]},
        "xml_dtd",
    )


# --- the request body ----------------------------------------------------------------------


def request_too_large_message(size: int | None = None) -> str:
    limit = filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES)
    if size:
        return _("Dữ liệu gửi lên (%(size)s) vượt giới hạn %(limit)s; hãy gửi ít tệp hơn hoặc tệp nhỏ hơn.") % {
            "size": filesizeformat(size),
            "limit": limit,
        }
    return _("Dữ liệu gửi lên vượt giới hạn %(limit)s; hãy gửi ít tệp hơn hoặc tệp nhỏ hơn.") % {"limit": limit}


class RequestSizeLimitUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: refuses a multipart body whose Content-Length passes
    UPLOAD_MAX_REQUEST_BYTES before a byte is read, and counts the files' bytes as they stream
    to the handlers after it, stopping past the same limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = settings.UPLOAD_MAX_REQUEST_BYTES
        self.received = 0
        if content_length > self.limit:
            raise RequestDataTooBig(request_too_large_message(content_length))

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestDataTooBig(request_too_large_message())
        return raw_data

    def file_complete(self, file_size):
        return None


# --- serving what was stored -----------------------------------------------------------------


def download_name(name: str, content_type: str) -> str:
    """The stored name, with the ending of its real type added when it lacks it (rows kept from
    before names were checked): the desktop opens the file as what it is."""
    if content_type in EXTENSIONS and not name_matches(name, content_type):
        return f"{name}{EXTENSIONS[content_type][0]}"
    return name


# What opens inside a page (sandboxed); Word and Excel files are only downloaded.
PREVIEWABLE = frozenset({PDF, PNG, JPEG})


def stored_file_store(row, upload, content_type: str):
    """Save a checked upload into `row` (an EvidenceFile, a report attachment, a message's
    file): its original name (NFC), the content type its bytes proved, size, SHA-256."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    row.original_name = nfc(upload.name)[:255]
    row.content_type, row.size, row.sha256 = content_type, upload.size, digest.hexdigest()
    row.file.save(upload.name, upload, save=False)
    row.save()
    return row


def stored_file_response(row, *, inline: bool = False) -> FileResponse:
    """A stored upload served by the type recorded from its bytes at upload (never guessed
    from its name), with `nosniff`: as a download under a CSP sandbox, so nothing in it runs
    in the portal's origin, or — `inline`, for a PDF or an image only — shown inside the
    portal's own pages (evidence preview)."""
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("Tệp không còn trên máy chủ.")) from missing
    inline = inline and row.content_type in PREVIEWABLE
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=download_name(row.original_name, row.content_type),
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not inline:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
    # Chromium's PDF viewer refuses to run in a sandbox, so a PDF gets its own origin as
    # object source; an image is a sandboxed document. Only the portal's pages may frame them.
    if row.content_type == PDF:
        response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; frame-ancestors 'self'; sandbox"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
