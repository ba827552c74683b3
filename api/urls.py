from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("directives", views.DirectiveViewSet, basename="directive")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("extension-requests", views.ExtensionRequestViewSet, basename="extension-request")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("groups", views.AgencyGroupViewSet, basename="group")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("reports", views.CompiledReportViewSet, basename="report")
router.register("webhooks", views.WebhookSubscriptionViewSet, basename="webhook")

v1 = [
    *router.urls,
    path("figures/province/", views.ProvinceFiguresView.as_view(), name="figures-province"),
    path("figures/scorecard/", views.ScorecardView.as_view(), name="figures-scorecard"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),  # script not inline (CSP)
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/", include(v1)),
    re_path(r"^.*$", views.api_not_found),
]
