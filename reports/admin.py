from django.contrib import admin

from .models import ReportSubmission


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(admin.ModelAdmin):
    list_display = ["agency", "directive", "period", "due_on", "state", "submitted_at", "signed_off_at"]
    list_filter = ["state", "period", "directive"]
    search_fields = ["agency__name", "directive__number", "narrative"]
    autocomplete_fields = ["directive", "agency", "submitted_by", "signed_off_by"]
