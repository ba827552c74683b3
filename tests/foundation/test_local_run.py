"""`make run` on one machine: every file it writes stays under var/, the port is a choice,
and email links follow the address the portal is served on."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from notifications.emails import assignment_url
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)


def test_celery_broadcasts_on_the_filesystem_transport_write_under_var_not_the_working_directory(tmp_path):
    """A worker-control broadcast (what `celery inspect`/`ping` and the worker's pidbox use) makes
    kombu write an exchange table; with the local settings it lands in var/celery/control/."""
    # given: local settings, no Redis, a working directory apart from the var folder
    var, cwd = tmp_path / "var", tmp_path / "cwd"
    (var / "celery" / "queue").mkdir(parents=True)
    (var / "celery" / "processed").mkdir(parents=True)
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="langson_portal.settings.local", PORTAL_VAR_DIR=str(var), PYTHONPATH=str(ROOT))
    script = "import django; django.setup(); from langson_portal.celery import app; app.control.ping(timeout=0.2)"
    # when
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    # then
    assert result.returncode == 0, result.stderr
    assert list(cwd.iterdir()) == []
    assert list((var / "celery" / "control").glob("*.exchange"))


def _fake(path: Path, body: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _run_local(tmp_path, **env_extra) -> tuple[str, str]:
    """Run bin/run-local in a copy of the tree whose .venv/bin holds stand-ins that only record
    how they were called; return (the runserver command line, the PORTAL_BASE_URL it saw)."""
    (tmp_path / "bin").mkdir()
    shutil.copy(ROOT / "bin" / "run-local", tmp_path / "bin" / "run-local")
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    _fake(venv / "celery", "sleep 30\n")
    _fake(venv / "python", 'echo "$*" > python-args; echo "$PORTAL_BASE_URL" > python-base-url\n')
    env = {k: v for k, v in os.environ.items() if k not in {"PORT", "PORTAL_BASE_URL"}}
    env.update(env_extra)
    result = subprocess.run(
        ["bash", str(tmp_path / "bin" / "run-local")], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return (tmp_path / "python-args").read_text().strip(), (tmp_path / "python-base-url").read_text().strip()


def test_run_local_serves_on_port_8000_by_default(tmp_path):
    args, base_url = _run_local(tmp_path)
    assert args == "manage.py runserver 127.0.0.1:8000"
    assert base_url == "http://127.0.0.1:8000"


def test_run_local_takes_port_and_email_links_follow_it(tmp_path):
    args, base_url = _run_local(tmp_path, PORT="8123")
    assert args == "manage.py runserver 127.0.0.1:8123"
    assert base_url == "http://127.0.0.1:8123"
    assert (tmp_path / "var" / "celery" / "control").is_dir()


def test_run_local_keeps_a_portal_base_url_that_is_set(tmp_path):
    _args, base_url = _run_local(tmp_path, PORT="8123", PORTAL_BASE_URL="https://theodoinhiemvu.langson.example")
    assert base_url == "https://theodoinhiemvu.langson.example"


def test_makefile_passes_port_to_run_local():
    makefile = (ROOT / "Makefile").read_text()
    assert "PORT ?= 8000" in makefile
    assert "PORT=$(PORT) bin/run-local" in makefile


@pytest.mark.django_db
def test_every_email_link_follows_portal_base_url(client, settings):
    """Reminders and the password reset both link to PORTAL_BASE_URL, not to the Host header."""
    settings.PORTAL_BASE_URL = "https://theodoinhiemvu.langson.example/"
    assert assignment_url(7) == "https://theodoinhiemvu.langson.example" + reverse(
        "directives:assignment_detail", kwargs={"pk": 7}
    )
    user = UserFactory(email="canbo.lienket@langson.example", roles=[Role.OFFICER])
    client.post(reverse("accounts:password_reset"), {"email": user.email}, HTTP_HOST="127.0.0.1")
    (message,) = mail.outbox
    assert "https://theodoinhiemvu.langson.example/tai-khoan/dat-lai-mat-khau/" in message.body
