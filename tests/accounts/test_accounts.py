"""Signing in and out, password reset, lockout, sessions and cookies."""

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-1"


def test_password_reset_email_is_vietnamese_with_a_working_link(client):
    # given
    user = UserFactory(username="canbo.reset", email="canbo.reset@langson.example", roles=[Role.OFFICER])
    # when
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    # then
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "Đặt lại mật khẩu" in message.subject
    assert "Mở đường dẫn sau để đặt mật khẩu mới" in message.body
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Mat-khau-moi-2024!", "new_password2": "Mat-khau-moi-2024!"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2024!")


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client):
    # given: five wrong passwords
    UserFactory(username="canbo.khoa", roles=[Role.OFFICER])
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "canbo.khoa", "password": "sai"})
    # when: the right password
    response = client.post(url, {"username": "canbo.khoa", "password": PASSWORD})
    # then: refused with a Vietnamese page, and every attempt is logged
    html = response.content.decode()
    assert response.status_code == 429
    assert "Tài khoản tạm bị khóa đăng nhập" in html and "30 phút" in html
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="canbo.khoa").failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_a_successful_login_is_logged_and_rotates_the_session(client):
    UserFactory(username="canbo.phien", roles=[Role.OFFICER])
    client.get(reverse("accounts:login"))
    session = client.session
    session["before"] = "x"
    session.save()
    before = session.session_key
    response = client.post(reverse("accounts:login"), {"username": "canbo.phien", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert AccessLog.objects.filter(username="canbo.phien").exists()


def test_logout_is_a_post_and_ends_the_session(client):
    """A GET (a reload, a typed address) goes to the home page and logs nobody out."""
    user = UserFactory(roles=[Role.OFFICER])
    client.force_login(user)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "_auth_user_id" in client.session
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_idle_sessions_expire_and_activity_extends_them(client):
    user = UserFactory(roles=[Role.OFFICER])
    client.force_login(user)
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600
    response = client.get(reverse("home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    # an expired session is a signed-out one
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now())
    assert client.get(reverse("home")).status_code == 302


def test_password_change_needs_the_old_password(client):
    user = UserFactory(roles=[Role.OFFICER])
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "Mat-khau-moi-2024!", "new_password2": "Mat-khau-moi-2024!"},
    )
    assert response.status_code == 200 and "Mật khẩu cũ không chính xác" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_production_cookies_are_secure_httponly_and_samesite():
    import importlib
    import os
    import secrets
    from unittest import mock

    env = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "theodoinhiemvu.langson.example",
        "DATABASE_URL": "sqlite:///tmp.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    with mock.patch.dict(os.environ, env):
        production = importlib.import_module("langson_portal.settings.production")
        production = importlib.reload(production)
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SESSION_COOKIE_SAMESITE == "Lax" and production.CSRF_COOKIE_SAMESITE == "Lax"
    assert production.ALLOWED_HOSTS == ["theodoinhiemvu.langson.example"]
    # one TLS proxy in front by default: the lockout reads the client from X-Forwarded-For
    assert production.AXES_IPWARE_PROXY_COUNT == 0
    assert production.AXES_IPWARE_META_PRECEDENCE_ORDER == ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


def _login_from(client, username, password, *, client_ip, proxy="10.0.0.2", forwarded=None):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=forwarded if forwarded is not None else client_ip,
    )


@pytest.fixture
def behind_one_proxy(settings):
    """Production's default: one TLS proxy in front (DJANGO_TRUSTED_PROXY_COUNT=1)."""
    from langson_portal.settings.base import client_address_settings

    settings.AXES_IPWARE_PROXY_COUNT, settings.AXES_IPWARE_META_PRECEDENCE_ORDER = client_address_settings(1)


def test_behind_the_proxy_the_lockout_counts_each_clients_address(client, behind_one_proxy):
    """Issue 12.10: every request came from the proxy's address, so one office's mistakes
    locked everyone out of that username."""
    # given: five wrong passwords from one client, through the proxy
    UserFactory(username="canbo.proxy", roles=[Role.OFFICER])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login_from(client, "canbo.proxy", "sai", client_ip="203.0.113.10")
    # when: the same user from another client, through the same proxy
    response = _login_from(client, "canbo.proxy", PASSWORD, client_ip="198.51.100.20")
    # then: let in; the first client's address is the one locked
    assert response.status_code == 302
    assert AccessAttempt.objects.get(username="canbo.proxy").ip_address == "203.0.113.10"
    client.logout()
    assert _login_from(client, "canbo.proxy", PASSWORD, client_ip="203.0.113.10").status_code == 429


def test_a_forged_forwarded_for_header_does_not_choose_the_address_a_lockout_is_kept_under(client, behind_one_proxy):
    UserFactory(username="canbo.gia", roles=[Role.OFFICER])
    for n in range(settings.AXES_FAILURE_LIMIT):
        # the client writes its own X-Forwarded-For; the proxy appends the real address
        _login_from(client, "canbo.gia", "sai", client_ip="", forwarded=f"192.0.2.{n}, 203.0.113.66")
    assert set(AccessAttempt.objects.filter(username="canbo.gia").values_list("ip_address", flat=True)) == {"10.0.0.2"}
    forged = _login_from(client, "canbo.gia", PASSWORD, client_ip="", forwarded="192.0.2.99, 203.0.113.66")
    assert forged.status_code == 429


def test_client_address_settings_for_zero_one_and_two_proxies():
    from langson_portal.settings.base import client_address_settings

    assert client_address_settings(0) == (None, ("REMOTE_ADDR",))
    assert client_address_settings(1) == (0, ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"))
    assert client_address_settings(2) == (1, ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"))
