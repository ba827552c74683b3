"""Evidence files: the type is read from the content (magic bytes), never from the name.

PDF, DOCX, XLSX, PNG and JPEG are accepted. A DOCX or an XLSX is a ZIP; it counts only
when it holds the `word/` or `xl/` part that makes it one, so a renamed archive is refused.
"""

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from langson_portal.text import nfc

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"

ACCEPT_ATTRIBUTE = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"


def sniff_content_type(upload) -> str | None:
    """The content type the bytes of `upload` prove, or None when they prove none we accept."""
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
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if any(name.startswith("word/") for name in names):
            return DOCX
        if any(name.startswith("xl/") for name in names):
            return XLSX
    return None


def evidence_check(upload) -> str:
    """Validate one uploaded file; return its content type or raise a Vietnamese ValidationError."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” dung lượng %(size)s, vượt giới hạn %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name}, code="empty")
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF, Word (DOCX), Excel (XLSX) hay ảnh PNG/JPEG (kiểm tra theo nội dung tệp).")
            % {"name": upload.name},
            code="bad_type",
        )
    return content_type


def evidence_check_all(files) -> list[tuple]:
    """(upload, content type) of every file, all checked before anything is written or stored."""
    return [(upload, evidence_check(upload)) for upload in files or []]


# What opens inside a page (sandboxed); Word and Excel files are only downloaded.
PREVIEWABLE = frozenset({PDF, PNG, JPEG})


def evidence_store(row, upload, content_type: str):
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


def evidence_response(row, *, inline: bool = False) -> FileResponse:
    """A stored file served by the type its content proved, never by its name: as an
    attachment in a sandbox, or — `inline`, for PDF and images only — inside the portal's own
    pages. Nothing may load from the file; nosniff stops any other reading of its bytes."""
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("Tệp không còn trên máy chủ.")) from missing
    inline = inline and row.content_type in PREVIEWABLE
    response = FileResponse(handle, as_attachment=not inline, filename=row.original_name, content_type=row.content_type)
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
