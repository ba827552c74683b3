from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.compiled_list, name="compiled_list"),
    path("tong-hop/<int:pk>/", views.compiled_detail, name="compiled_detail"),
    path("tong-hop/<int:pk>/tai/<str:fmt>/", views.compiled_download, name="compiled_download"),
    path("tong-hop/<int:pk>/phat-hanh/", views.compiled_publish, name="compiled_publish"),
    path("van-ban/<slug:slug>/lap/", views.compiled_build, name="compiled_build"),
    path("van-ban/<slug:slug>/ky/<str:period>/", views.submission_tracking, name="submission_tracking"),
    path("don-vi/", views.submission_list, name="submission_list"),
    path("don-vi/<slug:slug>/ky/<str:period>/", views.submission_edit, name="submission_edit"),
    path("don-vi/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("don-vi/<int:pk>/duyet/", views.submission_sign_off, name="submission_sign_off"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
]
