"""The API's gates. What a caller may *see* is `Model.objects.visible_to(user)` (read in the
views); what they may *change* is decided by the services (directives.permissions); here
only what belongs to the API itself: a token's scope, and who manages webhooks."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiToken
from .services import is_system_account


class TokenScopeAllows(permissions.BasePermission):
    """A read-scope token only reads: every other method is refused (403) before any service runs."""

    message = _("Mã truy cập này chỉ có quyền đọc.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.allows_writes


class IsSystemAccount(permissions.BasePermission):
    """Webhook subscriptions belong to system accounts (no agency, no password: tokens only)."""

    message = _("Chỉ tài khoản hệ thống (không thuộc đơn vị nào) được quản lý webhook.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and is_system_account(request.user))


class SeesEverything(permissions.BasePermission):
    """Province-wide figures are for provincial leaders and office staff (as on the dashboards)."""

    message = _("Số liệu toàn tỉnh chỉ dành cho lãnh đạo tỉnh và chuyên viên theo dõi.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.sees_everything)
