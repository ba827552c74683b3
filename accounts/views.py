"""Django's account views, with two local choices: the password-reset link is built from
PORTAL_BASE_URL (as every other email link is), and a GET on the logout URL — the form lives
in every page's header — goes back to the home page and logs nobody out."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        self.extra_email_context = {
            **(self.extra_email_context or {}),
            "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
        }
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return redirect("home")
