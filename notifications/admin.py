"""Office staff read what was sent, to whom, when, what failed and why; and send a failed one again."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import EmailState, Notification, OutgoingEmail


def _office(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and user.is_office_staff


class NotificationInline(admin.TabularInline):
    model = Notification
    fields = ["kind", "object_key", "assignment", "due_on", "occasion"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    show_change_link = False
    can_delete = False
    verbose_name_plural = _("nội dung trong thư (tối đa 50 dòng đầu)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignment__task", "assignment__agency")

    def has_view_permission(self, request, obj=None):
        return _office(request)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "is_placeholder",
        "category",
        "day",
        "state",
        "attempts",
        "sent_at",
        "short_error",
        "items",
    ]
    list_filter = ["state", "category", "is_placeholder", "day"]
    search_fields = ["recipient", "subject", "last_error", "occasion"]
    date_hierarchy = "created_at"
    list_select_related = ["agency"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    inlines = [NotificationInline]
    actions = ["retry_failed"]
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_items=Count("notifications"))

    @admin.display(description=_("số nội dung"), ordering="n_items")
    def items(self, obj):
        return obj.n_items

    @admin.display(description=_("lỗi"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Gửi lại các thư gửi lỗi đã chọn"), permissions=["retry"])
    def retry_failed(self, request, queryset):
        retried = sum(
            services.email_retry(email=email, actor=request.user) for email in queryset.filter(state=EmailState.FAILED)
        )
        skipped = queryset.count() - retried
        self.message_user(
            request,
            ngettext("Đã đưa %(n)d thư vào hàng gửi lại.", "Đã đưa %(n)d thư vào hàng gửi lại.", retried)
            % {"n": retried},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request, _("%(n)d thư không ở trạng thái lỗi nên không gửi lại.") % {"n": skipped}, messages.WARNING
            )

    def has_module_permission(self, request):
        return _office(request)

    def has_view_permission(self, request, obj=None):
        return _office(request)

    def has_retry_permission(self, request):
        return _office(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
