"""The list pages: assignments, tasks, directives. Each declares its filterset, table and
selector; filtering always happens inside what permissions allow the user to see."""

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from langson_portal.listing import FilteredListView, cached_options

from ..filtersets import AssignmentFilterSet, DirectiveFilterSet, TaskFilterSet
from ..models import Assignment
from ..permissions import assignments_visible_to
from ..selectors import Progress, assignment_list, directive_list, status_counts, task_list
from ..tables import AssignmentTable, DirectiveTable, TaskTable


class DirectiveOptionsMixin:
    def get_context_data(self, **context):
        user = self.request.user

        def build():
            rows = directive_list(user=user).order_by("-issued_on", "slug").values_list("slug", "number", "title")
            missing = _("không rõ số")
            return format_html_join(
                "", '<option value="{}">{} — {}</option>', ((s, n or missing, t[:80]) for s, n, t in rows[:500])
            )

        # The same list for everyone who sees everything, so it is kept; an officer's depends on
        # the work their agency holds, so it is read each time.
        context["directive_options"] = cached_options("directives", build) if user.sees_everything else build()
        return super().get_context_data(**context)


class AssignmentListView(DirectiveOptionsMixin, FilteredListView):
    title = _("Phân công nhiệm vụ")
    filterset_class = AssignmentFilterSet
    table_class = AssignmentTable
    export_name = "phan-cong"

    def get_queryset(self):
        return assignment_list(user=self.request.user, today=self.today())

    def get_context_data(self, **context):
        if self.request.user.is_office_staff:  # chuyển giao of the filtered rows
            context["bulk_transfer_url"] = reverse("directives:transfer_bulk")
        return super().get_context_data(**context)


class TaskListView(DirectiveOptionsMixin, FilteredListView):
    title = _("Nhiệm vụ")
    filterset_class = TaskFilterSet
    table_class = TaskTable
    export_name = "nhiem-vu"

    def get_queryset(self):
        return task_list(user=self.request.user, today=self.today())

    def get_filterset(self, queryset):
        assignments = assignments_visible_to(self.request.user).filter(withdrawn_on__isnull=True)
        return TaskFilterSet(self.request.GET or None, queryset=queryset, request=self.request, assignments=assignments)


class DirectiveListView(FilteredListView):
    title = _("Văn bản chỉ đạo")
    filterset_class = DirectiveFilterSet
    table_class = DirectiveTable
    export_name = "van-ban"

    def get_queryset(self):
        return directive_list(user=self.request.user)

    def decorate_page(self, records):
        """Progress of the page's directives, counted over the assignments the user may see."""
        ids = [d.pk for d in records]
        visible = assignments_visible_to(self.request.user, Assignment.objects.filter(task__directive_id__in=ids))
        counts = status_counts(assignments=visible, today=self.today(), by="task__directive_id")
        for directive in records:
            directive.progress = Progress(counts.get(directive.pk))
