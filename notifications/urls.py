from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("da-doc/", views.inbox_read_all, name="inbox_read_all"),
    path("<int:pk>/mo/", views.inbox_open, name="inbox_open"),
    path("tuy-chon/", views.preferences, name="preferences"),
    path("lich-gui/", views.beat_schedule, name="schedule"),
]
