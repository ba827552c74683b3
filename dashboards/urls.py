from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.province, name="province"),
    path("co-quan/", views.scorecard, name="scorecard"),
    path("co-quan/<slug:code>/", views.agency, name="agency"),
    path("van-ban/<slug:slug>/", views.directive, name="directive"),
    path("chi-so/", views.indicators, name="indicators"),
    path("chi-so/<int:pk>/nhap-gia-tri/", views.indicator_value, name="indicator_value"),
]
