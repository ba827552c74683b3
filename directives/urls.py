from django.urls import path

from .views import directive_page, editing, exchange, lists, transfer, work

app_name = "directives"

# Lists and the directive page: directives/views/lists.py, directives/views/directive_page.py
# Work on assignments, extensions, editing: directives/views/work.py, directives/views/editing.py
urlpatterns = [
    path("", lists.TaskListView.as_view(), name="task_list"),
    path("phan-cong/", lists.AssignmentListView.as_view(), name="assignment_list"),
    path("van-ban/", lists.DirectiveListView.as_view(), name="directive_list"),
    path("van-ban/<slug:slug>/", directive_page.directive_detail, name="directive_detail"),
    path("nhap-tep/", exchange.directive_import, name="import"),
    path("xuat-tep/", exchange.directive_export, name="export"),
]

# --- Work on assignments, extensions, evidence (views/work.py) ---
urlpatterns += [
    path("chi-tiet/<int:pk>/", work.task_detail, name="task_detail"),
    path("phan-cong/<int:pk>/", work.assignment_detail, name="assignment_detail"),
    path("phan-cong/<int:pk>/cap-nhat/", work.assignment_progress, name="assignment_progress"),
    path("phan-cong/<int:pk>/hoan-thanh/", work.assignment_done, name="assignment_done"),
    path("phan-cong/<int:pk>/xac-nhan/", work.assignment_confirm, name="assignment_confirm"),
    path("phan-cong/<int:pk>/tra-lai/", work.assignment_return, name="assignment_return"),
    path("phan-cong/<int:pk>/gia-han/", work.extension_request_create, name="extension_request_create"),
    path("phan-cong/<int:pk>/rut-hoan-thanh/", work.assignment_withdraw_completion, name="assignment_withdraw"),
    path("gia-han/<int:pk>/quyet-dinh/", work.extension_request_decide, name="extension_request_decide"),
    path("gia-han/<int:pk>/rut/", work.extension_request_withdraw, name="extension_request_withdraw"),
    path("minh-chung/<int:pk>/", work.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xem/", work.evidence_preview, name="evidence_preview"),
]

# --- Editing directives and tasks (views/editing.py) ---
urlpatterns += [
    path("soan-thao/van-ban/", editing.directive_create, name="directive_create"),
    path("soan-thao/van-ban/<slug:slug>/", editing.directive_edit, name="directive_edit"),
    path("soan-thao/van-ban/<slug:slug>/ket-thuc/", editing.directive_close, name="directive_close"),
    path("soan-thao/van-ban/<slug:slug>/nhiem-vu/", editing.task_create, name="task_create"),
    path("soan-thao/nhiem-vu/<int:pk>/", editing.task_edit, name="task_edit"),
]

# --- Transfers (views/transfer.py) ---
urlpatterns += [
    path("chuyen-giao/", transfer.transfer_bulk, name="transfer_bulk"),
    path("phan-cong/<int:pk>/chuyen-giao/", transfer.assignment_transfer_view, name="assignment_transfer"),
]
