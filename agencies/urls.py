from django.urls import path

from . import views

app_name = "agencies"

urlpatterns: list = [
    path("", views.AgencyListView.as_view(), name="list"),
    path("<slug:code>/", views.AgencyDetailView.as_view(), name="detail"),
]
