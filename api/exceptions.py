"""Every API error in one shape: {"code", "message", "fields"}, the message in Vietnamese.

Services raise Django's ValidationError and PermissionDenied; DRF raises its own; both
land here, so a client reads one format whatever failed.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from directives.exchange import ImportProblems


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list | tuple):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]


def _fields(detail) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {}
    return {str(name): _messages(value) for name, value in detail.items()}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


MESSAGES = {
    "not_authenticated": lambda: _("Cần đăng nhập hoặc gửi mã truy cập (Authorization: Bearer <mã>)."),
    "not_found": lambda: _("Không tìm thấy (hoặc bạn không được xem)."),
    "method_not_allowed": lambda: _("Phương thức này không dùng được ở địa chỉ này."),
    "not_acceptable": lambda: _("Không trả được dữ liệu theo định dạng yêu cầu."),
    "unsupported_media_type": lambda: _("Kiểu dữ liệu gửi lên không được hỗ trợ."),
    "parse_error": lambda: _("Không đọc được dữ liệu gửi lên."),
    "permission_denied": lambda: _("Bạn không có quyền thực hiện thao tác này."),
}


def api_exception_handler(exc, context):
    if isinstance(exc, ImportProblems):
        return Response(
            error_body("import_invalid", _("Tệp văn bản có lỗi; chưa nhập gì."), {"payload": list(exc.problems)}),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            fields = {name: [m for e in errors for m in e.messages] for name, errors in exc.error_dict.items()}
            message = "; ".join(m for ms in fields.values() for m in ms)
            return Response(error_body("invalid", message, fields), status=status.HTTP_400_BAD_REQUEST)
        return Response(error_body("invalid", " ".join(exc.messages)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc) or MESSAGES["permission_denied"]()
        return Response(error_body("permission_denied", message), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        message = "; ".join(f"{name}: {' '.join(ms)}" for name, ms in fields.items()) or " ".join(_messages(exc.detail))
        response.data = error_body("invalid", message or _("Dữ liệu gửi lên chưa hợp lệ."), fields)
        return response
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        response.data = error_body("throttled", _("Gửi quá nhiều yêu cầu; thử lại sau %(n)s giây.") % {"n": wait})
        return response
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    code = code if isinstance(code, str) else "error"
    if code == "authentication_failed":
        message = str(exc.detail)
    elif code == "permission_denied" and str(exc.detail).startswith("CSRF Failed"):
        message = _("Thiếu hoặc sai mã CSRF: yêu cầu ghi qua phiên đăng nhập cần tiêu đề X-CSRFToken.")
    elif code == "permission_denied" and str(getattr(exc, "detail", "")) not in (
        "",
        str(exceptions.PermissionDenied.default_detail),
    ):
        message = str(exc.detail)
    else:
        message = MESSAGES.get(code, lambda: str(getattr(exc, "detail", "")))()
    response.data = error_body(code, message)
    return response
