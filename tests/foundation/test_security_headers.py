"""Every HTML page sends a strict Content-Security-Policy (django-csp) and needs no inline
script or style to work; the other security headers stay (issue 12.4)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

from .test_unknown_values import _pages, sparse  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response) -> dict:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def _assert_strict(response, where):
    assert policy_of(response) == POLICY, where
    assert "unsafe" not in response["Content-Security-Policy"], where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where


def test_every_page_of_every_role_sends_the_strict_policy(client, sparse):  # noqa: F811
    for who, url in _pages(sparse):
        client.force_login(sparse[who])
        response = client.get(url)
        assert response.status_code == 200, (who, url)
        _assert_strict(response, (who, url))


def test_pages_without_a_login_error_pages_and_the_admin_send_it_too(client, sparse):  # noqa: F811
    _assert_strict(client.get(reverse("accounts:login")), "login")
    _assert_strict(client.get(reverse("accounts:password_reset")), "password reset")
    _assert_strict(client.get("/khong-co-trang-nay/"), "404")
    client.force_login(sparse["officer"])
    _assert_strict(client.get(reverse("directives:directive_create")), "403")
    big = client.post(reverse("importer:upload"), {}, CONTENT_LENGTH=str(settings.UPLOAD_MAX_REQUEST_BYTES + 1))
    assert big.status_code == 413
    _assert_strict(big, "413")
    admin = UserFactory(is_staff=True, is_superuser=True, agency=None)
    client.force_login(admin)
    for url in (reverse("admin:index"), reverse("admin:directives_directive_changelist")):
        _assert_strict(client.get(url), url)


# Templates that are never served as a page: emails (mail clients need inline styles) and the
# compiled report's HTML, which only WeasyPrint reads to draw the PDF.
NOT_PAGES = ("notifications/email/", "reports/compiled_report.html")
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_page_template_carries_inline_script_or_style():
    root = Path(settings.BASE_DIR)
    found = []
    for template in sorted(root.glob("**/templates/**/*.html")):
        if ".venv" in template.parts or any(part in template.as_posix() for part in NOT_PAGES):
            continue
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(root)}:{line}: {what}")
    assert found == []
