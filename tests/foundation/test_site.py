"""The site speaks Vietnamese, the admin lists every model, production settings are strict."""

import os
import secrets
import subprocess
import sys

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng nhập" in html and "Mật khẩu" in html
    assert '<html lang="vi">' in html


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_every_domain_model_is_in_the_admin():
    ours = [m for m in apps.get_models() if m._meta.app_label in {"accounts", "agencies", "directives", "reports"}]
    missing = [m.__name__ for m in ours if not m.__name__.startswith("Historical") and m not in admin.site._registry]
    assert missing == []


def test_admin_index_lists_models_in_vietnamese(client):
    user = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    client.force_login(user)
    html = client.get(reverse("admin:index")).content.decode()
    for label in ["Văn bản chỉ đạo", "Nhiệm vụ", "Phân công", "Cơ quan, đơn vị", "Chỉ số, chỉ tiêu"]:
        assert label in html


def test_dates_are_written_dd_mm_yyyy():
    import datetime

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2022, 1, 15)) == "15/01/2022"


def _manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_refuse_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "langson_portal.settings.production"
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_deploy_check_is_clean():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="langson_portal.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="theodoinhiemvu.langson.example",
        DATABASE_URL="sqlite:///var/deploy-check.sqlite3",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_admin_lets_office_staff_and_leaders_read_the_workflow_but_only_the_administrator_change_it(client):
    """The admin is no way round the workflow (issue 12.9): setting an assignment to
    "hoàn thành" there would skip confirmation, the progress record and the notice."""
    from django.contrib.auth.models import Group

    from directives.models import Assignment
    from tests.factories import AssignmentFactory

    office = Group.objects.get(name=Role.OFFICE_STAFF.value)
    leader = Group.objects.get(name=Role.LEADER.value)
    assert leader.permissions.filter(codename="view_task").exists()
    assert not leader.permissions.filter(codename="change_task").exists()
    assert office.permissions.filter(codename="view_assignment").exists()
    assignment = AssignmentFactory()
    change_url = reverse("admin:directives_assignment_change", args=[assignment.pk])
    done = {"lifecycle": "hoan_thanh", "completed_on": "2022-06-01", "progress_percent": 100}
    # given: office staff, admin users with every directives permission
    staff = UserFactory(roles=[Role.OFFICE_STAFF], is_staff=True)
    client.force_login(staff)
    # then: they read the lists and rows, and cannot change, add or delete them
    assert client.get(reverse("admin:directives_task_changelist")).status_code == 200
    page = client.get(change_url)
    assert page.status_code == 200 and 'name="lifecycle"' not in page.content.decode()
    assert client.post(change_url, done).status_code == 403
    assert client.get(reverse("admin:directives_assignment_add")).status_code == 403
    assert (
        client.post(reverse("admin:directives_assignment_delete", args=[assignment.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:reports_reportsubmission_add")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assignment.refresh_from_db()
    assert assignment.lifecycle == "chua_thuc_hien" and Assignment.objects.filter(pk=assignment.pk).exists()
    # the administrator may still repair a row
    administrator = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(administrator)
    assert 'name="lifecycle"' in client.get(change_url).content.decode()


def test_translation_catalogue_is_compiled_and_used():
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext("next") == "trang sau"
        assert translation.gettext("previous") == "trang trước"


def test_models_and_migrations_agree():
    from django.core.management import call_command

    # exits non-zero (SystemExit) when a model change has no migration
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _env_example() -> dict:
    from pathlib import Path

    from django.conf import settings

    lines = (Path(settings.BASE_DIR) / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(None, id="the-env-example-key"),
        pytest.param(secrets.token_urlsafe(64)[:49], id="49-characters"),
        pytest.param("ab" * 40, id="two-different-characters"),
        pytest.param("django-insecure-" + secrets.token_urlsafe(48), id="django-insecure-prefix"),
        pytest.param("Change-Me-" + secrets.token_urlsafe(48), id="change-me-in-any-case"),
    ],
)
def test_production_settings_refuse_an_example_or_weak_secret_key(key):
    """Issue 12.10: `check --deploy` passed the .env.example key (62 characters)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="langson_portal.settings.production",
        DJANGO_SECRET_KEY=key or _env_example()["DJANGO_SECRET_KEY"],
        DJANGO_ALLOWED_HOSTS="theodoinhiemvu.langson.example",
        DATABASE_URL="sqlite:///var/deploy-check.sqlite3",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr and "hãy tạo khóa mới" in result.stderr
