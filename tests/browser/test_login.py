"""Signing in through the real login page in headless Chromium."""

import pytest

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_and_sees_their_name(browser_login, live_server):
    # given: an officer of an agency
    user = UserFactory(username="canbo.thu", full_name="Hoàng Thị Thu", roles=[Role.OFFICER])
    # when: they sign in through the form
    page = browser_login("canbo.thu")
    # then: the page greets them by name and offers to sign out
    assert page.url.rstrip("/") == live_server.url
    assert "Hoàng Thị Thu" in page.content()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    assert user.agency.short_name in page.inner_text(".user-name")


def test_wrong_password_keeps_the_username_and_says_why_in_vietnamese(browser_login, page):
    UserFactory(username="canbo.sai", roles=[Role.OFFICER])
    browser_login("canbo.sai", "sai-mat-khau")
    assert page.input_value("#id_username") == "canbo.sai"
    assert "mật khẩu chính xác" in page.inner_text(".form-errors")
