from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("tuy-chon/", views.preferences, name="preferences"),
    path("lich-gui/", views.beat_schedule, name="schedule"),
]
