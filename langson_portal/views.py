"""Views that belong to no single app: the home page per role, health check, error pages."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.http import require_GET


@require_GET
@login_required
def home(request):
    return render(request, "home.html", {})


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # A 500 page must not depend on the database or the request context.
    return HttpResponse(get_template("errors/500.html").render({}), status=500)
