"""Evidence files: the type is read from the content (magic bytes), never from the name.

PDF, DOCX, XLSX, PNG and JPEG are accepted. A DOCX or an XLSX is a ZIP; it counts only
when it holds the `word/` or `xl/` part that makes it one, so a renamed archive is refused.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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
