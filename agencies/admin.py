from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, AgencyGroup, AgencySuccession


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "email", "established_on", "closed_on", "successor"]
    list_filter = ["kind", "is_demo", ("closed_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["successor", "former_district"]
    prepopulated_fields = {"code": ["short_name"]}


@admin.register(AgencyGroup)
class AgencyGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["members"]
    autocomplete_fields = ["replaced_by"]


@admin.register(AgencySuccession)
class AgencySuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "functions"]
    autocomplete_fields = ["predecessor", "successor"]
