from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from langson_portal.admin_access import WorkflowReadOnly

from .models import (
    Assignment,
    AssignmentTransfer,
    Directive,
    EvidenceFile,
    ExtensionRequest,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    ReportingRule,
    Section,
    Task,
)


class SectionInline(WorkflowReadOnly, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "ref", "title", "kind", "parent"]
    autocomplete_fields = ["parent"]


class ReportingRuleInline(WorkflowReadOnly, admin.TabularInline):
    model = ReportingRule
    extra = 0
    fields = ["period", "due_on", "day", "month_of_quarter", "months", "month", "reporter", "recipient"]
    autocomplete_fields = ["reporter"]


class TaskInline(WorkflowReadOnly, admin.StackedInline):
    model = Task
    extra = 0
    fields = [("ref", "position", "section"), "content", ("deadline_kind", "due_on", "due_text", "recurrence")]
    autocomplete_fields = ["section"]
    show_change_link = True


@admin.register(Directive)
class DirectiveAdmin(WorkflowReadOnly, SimpleHistoryAdmin):
    list_display = ["__str__", "number", "issued_on", "focal_agency", "state"]
    list_filter = ["kind", "state", "is_demo", "focal_agency"]
    search_fields = ["number", "title", "slug", "signer"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["focal_agency"]
    prepopulated_fields = {"slug": ["number"]}
    inlines = [SectionInline, ReportingRuleInline, TaskInline]


@admin.register(Section)
class SectionAdmin(WorkflowReadOnly, SimpleHistoryAdmin):
    list_display = ["ref", "title", "directive", "kind"]
    list_filter = ["kind", "directive"]
    search_fields = ["ref", "title", "directive__number"]
    autocomplete_fields = ["directive", "parent"]


class AssignmentInline(WorkflowReadOnly, admin.TabularInline):
    model = Assignment
    extra = 0
    fields = [
        "agency",
        "holder",
        "role",
        "via_group",
        "lifecycle",
        "progress_percent",
        "due_on",
        "extended_due_on",
        "completed_on",
    ]
    autocomplete_fields = ["agency", "holder"]


@admin.register(Task)
class TaskAdmin(WorkflowReadOnly, SimpleHistoryAdmin):
    list_display = ["ref", "short_content", "directive", "deadline_kind", "due_on", "due_text"]
    list_filter = ["deadline_kind", "recurrence", "directive"]
    search_fields = ["ref", "content", "content_folded"]
    autocomplete_fields = ["directive", "section"]
    inlines = [AssignmentInline]

    @admin.display(description=_("nội dung"))
    def short_content(self, obj):
        return obj.content[:100]


class ProgressUpdateInline(WorkflowReadOnly, admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["created_at", "author", "kind", "lifecycle", "progress_percent", "note"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["author"]


@admin.register(Assignment)
class AssignmentAdmin(WorkflowReadOnly, SimpleHistoryAdmin):
    list_display = [
        "task",
        "agency",
        "holder",
        "role",
        "lifecycle",
        "progress_percent",
        "effective_due_on",
        "completed_on",
    ]
    list_filter = ["role", "lifecycle", "agency__kind", "task__directive"]
    search_fields = ["task__ref", "task__content", "agency__name", "agency__short_name"]
    autocomplete_fields = ["task", "agency", "holder", "confirmed_by"]
    list_select_related = ["task", "agency", "holder"]
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["assignment", "kind", "lifecycle", "progress_percent", "author", "created_at"]
    list_filter = ["kind", "lifecycle"]
    search_fields = ["note", "assignment__task__ref"]
    autocomplete_fields = ["assignment", "author"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(WorkflowReadOnly, admin.ModelAdmin):
    list_display = ["original_name", "content_type", "size", "created_at"]
    search_fields = ["original_name", "sha256"]
    raw_id_fields = ["update"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(WorkflowReadOnly, SimpleHistoryAdmin):
    list_display = ["assignment", "deadline_at_request", "requested_due_on", "state", "requested_by", "decided_by"]
    list_filter = ["state"]
    search_fields = ["reason", "assignment__task__ref", "assignment__agency__name"]
    autocomplete_fields = ["assignment", "requested_by", "decided_by"]


class IndicatorValueInline(WorkflowReadOnly, admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["year", "value", "source", "entered_by"]
    autocomplete_fields = ["entered_by"]


@admin.register(Indicator)
class IndicatorAdmin(WorkflowReadOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "group", "focal_agency", "baseline", "target", "target_year"]
    list_filter = ["group", "directive"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["directive", "focal_agency", "tasks"]
    inlines = [IndicatorValueInline]


@admin.register(ReportingRule)
class ReportingRuleAdmin(WorkflowReadOnly, SimpleHistoryAdmin):
    list_display = ["directive", "period", "due_on", "day", "month_of_quarter", "month"]
    list_filter = ["period"]
    search_fields = ["directive__number", "text"]
    autocomplete_fields = ["directive", "reporter"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(WorkflowReadOnly, SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "source", "entered_by"]
    list_filter = ["year", "indicator__group"]
    search_fields = ["indicator__name", "source"]
    autocomplete_fields = ["indicator", "entered_by"]


@admin.register(AssignmentTransfer)
class AssignmentTransferAdmin(admin.ModelAdmin):
    """Read-only: a transfer is made through `assignment_transfer`, which keeps the history."""

    list_display = ["assignment", "from_holder", "to_holder", "actor", "created_at"]
    list_select_related = ["assignment__task", "assignment__agency", "from_holder", "to_holder", "actor"]
    readonly_fields = ["assignment", "from_holder", "to_holder", "reason", "actor", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
