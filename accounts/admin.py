from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "agency", "email", "is_active"]
    list_filter = ["groups", "is_active", "agency__kind"]
    search_fields = ["username", "full_name", "email", "agency__name"]
    autocomplete_fields = ["agency"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Đơn vị công tác"), {"fields": ["full_name", "agency", "position"]}),
    ]
