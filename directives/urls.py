from django.urls import path

from .views import exchange

app_name = "directives"

# Lists and the directive page: directives/views/lists.py, directives/views/directive_page.py
# Work on assignments, extensions, editing: directives/views/work.py, directives/views/editing.py
urlpatterns = [
    path("nhap-tep/", exchange.directive_import, name="import"),
    path("xuat-tep/", exchange.directive_export, name="export"),
]
