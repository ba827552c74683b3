"""Evidence files: the type is read from the content (magic bytes), never from the name.

PDF, DOCX, XLSX, PNG and JPEG are accepted, under the size limit, with a name that does not
claim another type. A DOCX or an XLSX is a ZIP; it counts only when its [Content_Types].xml
declares the document's main part and the part is there, and only when it is bounded in
entries and inflated size (langson_portal/uploads.py, the rules every upload path shares).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from langson_portal.uploads import DOCX, JPEG, PDF, PNG, XLSX, check_name, sniff

__all__ = [
    "ACCEPT_ATTRIBUTE",
    "DOCX",
    "JPEG",
    "PDF",
    "PNG",
    "XLSX",
    "evidence_check",
    "evidence_check_all",
    "sniff_content_type",
]

ACCEPT_ATTRIBUTE = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"


def sniff_content_type(upload) -> str | None:
    """The content type the bytes of `upload` prove, or None when they prove none we accept."""
    return sniff(upload, name=getattr(upload, "name", "") or "")


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
    check_name(upload.name, content_type)
    return content_type


def evidence_check_all(files) -> list[tuple]:
    """(upload, content type) of every file, all checked before anything is written or stored."""
    return [(upload, evidence_check(upload)) for upload in files or []]
