"""The list pages: assignments, tasks, directives. Each declares its filterset, table and
selector; filtering always happens inside what the visibility rule lets the user see."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from langson_portal.listing import FastList

from ..filtersets import AssignmentFilterSet, DirectiveFilterSet, TaskFilterSet
from ..models import Assignment
from ..selectors import assignment_list, directive_list, task_list
from ..tables import AssignmentTable, DirectiveTable, TaskTable


class AssignmentListView(FastList):
    title = _("Phân công nhiệm vụ")
    filterset_class = AssignmentFilterSet
    table_class = AssignmentTable
    export_name = "phan-cong"

    def get_queryset(self):
        return assignment_list(user=self.request.user, today=timezone.localdate())

    def get_context_data(self, **context):
        if self.request.user.is_office_staff:  # chuyển giao of the filtered rows
            context["bulk_transfer_url"] = reverse("directives:transfer_bulk")
        return super().get_context_data(**context)


class TaskListView(FastList):
    title = _("Nhiệm vụ")
    filterset_class = TaskFilterSet
    table_class = TaskTable
    export_name = "nhiem-vu"

    def get_queryset(self):
        return task_list(user=self.request.user, today=timezone.localdate())

    def get_filterset_kwargs(self, filterset_class):
        assignments = Assignment.objects.visible_to(self.request.user).live()
        return {**super().get_filterset_kwargs(filterset_class), "assignments": assignments}


class DirectiveListView(FastList):
    title = _("Văn bản chỉ đạo")
    filterset_class = DirectiveFilterSet
    table_class = DirectiveTable
    export_name = "van-ban"

    def get_queryset(self):
        return directive_list(user=self.request.user)
