"""The OpenAPI description: the Bearer token scheme and the one error shape on every operation."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

ERROR_CODES = {
    "400": _("Dữ liệu gửi lên chưa hợp lệ, hoặc thao tác không làm được ở tình trạng hiện tại."),
    "401": _("Chưa đăng nhập, hoặc mã truy cập sai, hết hạn, đã thu hồi."),
    "403": _("Không có quyền (vai trò, phạm vi mã, bốn mắt)."),
    "404": _("Không có, hoặc bạn không được xem."),
    "429": _("Quá giới hạn số yêu cầu; xem tiêu đề Retry-After."),
}


class PortalAutoSchema(AutoSchema):
    """Every operation documents the error answers it can give, all in ErrorSerializer's shape."""

    def _get_response_bodies(self, direction="response"):
        from .serializers import ErrorSerializer

        bodies = super()._get_response_bodies(direction)
        for code, description in ERROR_CODES.items():
            if code not in bodies:
                body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                body["description"] = str(description)
                bodies[code] = body
        return bodies


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("Mã tạo bằng `python manage.py create_api_token USERNAME`; gửi `Authorization: Bearer <mã>`.")
            ),
        }
