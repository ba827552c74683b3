from django.urls import path  # noqa: F401

app_name = "directives"

# Lists and the directive page: directives/views/lists.py, directives/views/directive_page.py
# Work on assignments, extensions, editing: directives/views/work.py, directives/views/editing.py
urlpatterns: list = []
