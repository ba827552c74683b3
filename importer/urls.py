from django.urls import path

from . import views

app_name = "importer"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("luu/", views.save, name="save"),
    path("da-luu/<slug:slug>/", views.saved, name="saved"),
]
