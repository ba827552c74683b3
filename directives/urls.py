from django.urls import path

from .views import directive_page, lists

app_name = "directives"

# Lists and the directive page: directives/views/lists.py, directives/views/directive_page.py
# Work on assignments, extensions, editing: directives/views/work.py, directives/views/editing.py
urlpatterns: list = [
    path("", lists.TaskListView.as_view(), name="task_list"),
    path("phan-cong/", lists.AssignmentListView.as_view(), name="assignment_list"),
    path("van-ban/", lists.DirectiveListView.as_view(), name="directive_list"),
    path("van-ban/<slug:slug>/", directive_page.directive_detail, name="directive_detail"),
]
