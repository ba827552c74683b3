from django.urls import path

from . import views

app_name = "collaboration"

urlpatterns = [
    path("trao-doi/nhiem-vu/<int:pk>/", views.message_post, name="message_post"),
    path("trao-doi/<int:pk>/sua/", views.message_edit, name="message_edit"),
    path("trao-doi/tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("trao-doi/tep/<int:pk>/xem/", views.attachment_preview, name="attachment_preview"),
    path("chi-dao/", views.directions_waiting, name="directions_waiting"),
    path("chi-dao/nhiem-vu/<int:pk>/", views.direction_on_task, name="direction_on_task"),
    path("chi-dao/phan-cong/<int:pk>/", views.direction_on_assignment, name="direction_on_assignment"),
    path("chi-dao/van-ban/<slug:slug>/", views.direction_on_directive, name="direction_on_directive"),
    path("chi-dao/<int:pk>/tiep-nhan/", views.direction_acknowledge, name="direction_acknowledge"),
    path("chi-dao/<int:pk>/tra-loi/", views.direction_answer, name="direction_answer"),
    path("theo-doi/", views.follow, name="follow"),
    path("lich/", views.month_view, name="calendar"),
    path("lich/ical/tao/", views.feed_create, name="feed_create"),
    path("lich/ical/thu-hoi/", views.feed_revoke, name="feed_revoke"),
    path("lich/ical/<str:token>.ics", views.ical_feed, name="ical_feed"),
]
