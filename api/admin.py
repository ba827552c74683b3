from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, WebhookDelivery, WebhookEvent, WebhookSubscription


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by `manage.py create_api_token` (shown once); here they are read and revoked."""

    list_display = ["prefix", "user", "name", "scope", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["prefix", "user__username", "name"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Thu hồi các mã đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("Đã thu hồi %(n)s mã.") % {"n": queryset.count()})


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = ["subscription", "state", "attempts", "last_status", "last_error", "sent_at", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["owner", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "owner__username"]
    fields = ["owner", "url", "events", "is_active", "created_at", "updated_at"]
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:  # a new subscription gets its secret from the service
            created = services.webhook_subscription_create(
                owner=obj.owner, url=obj.url, events=obj.events, actor=request.user
            )
            obj.pk, obj.secret = created.pk, created.secret
            messages.info(request, _("Khóa ký của đăng ký mới (chỉ hiện một lần): %(s)s") % {"s": created.secret})
            return
        super().save_model(request, obj, form, change)


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_key", "occasion", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "object_key", "occasion", "assignment", "directive", "data", "created_at"]
    inlines = [DeliveryInline]

    def has_add_permission(self, request):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Each delivery with its attempts, last answer and error; failed ones can be sent again."""

    list_display = ["id", "event", "subscription", "state", "attempts", "last_status", "sent_at", "updated_at"]
    list_filter = ["state", "event__kind"]
    search_fields = ["subscription__url"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Gửi lại các lần gửi lỗi đã chọn"))
    def retry(self, request, queryset):
        n = sum(services.webhook_delivery_retry(delivery_row=row, actor=request.user) for row in queryset)
        messages.success(request, _("Đã xếp lại %(n)s lần gửi.") % {"n": n})
