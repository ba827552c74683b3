from django.contrib import admin

from langson_portal.admin_access import WorkflowReadOnly

from .models import CompiledReport, DirectiveReportSettings, ReportSubmission, SubmissionAttachment


class SubmissionAttachmentInline(WorkflowReadOnly, admin.TabularInline):
    model = SubmissionAttachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "created_at"]
    fields = readonly_fields


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["agency", "directive", "period", "due_on", "state", "submitted_at", "signed_off_at"]
    list_filter = ["state", "period", "directive"]
    search_fields = ["agency__name", "directive__number", "narrative"]
    autocomplete_fields = ["directive", "agency", "submitted_by", "signed_off_by"]
    inlines = [SubmissionAttachmentInline]


@admin.register(SubmissionAttachment)
class SubmissionAttachmentAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["original_name", "submission", "size", "created_at"]
    readonly_fields = [
        "submission",
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "created_at",
    ]


@admin.register(DirectiveReportSettings)
class DirectiveReportSettingsAdmin(admin.ModelAdmin):
    list_display = ["directive", "cutoff_day", "draft_lead_days"]
    autocomplete_fields = ["directive"]


@admin.register(CompiledReport)
class CompiledReportAdmin(admin.ModelAdmin):
    """Read-only: compiled reports are built by the service, never typed."""

    list_display = ["directive", "period", "kind", "as_of", "built_at", "built_by"]
    list_filter = ["kind", "period"]
    search_fields = ["directive__number", "directive__slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
