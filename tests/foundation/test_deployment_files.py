"""docker-compose.yml and the Dockerfile agree with the settings (no Docker engine here)."""

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
PRODUCTION_REQUIRED = set(
    re.findall(r'required\("([A-Z_]+)"\)', (ROOT / "langson_portal/settings/production.py").read_text())
)


def test_compose_has_every_service_with_healthchecks():
    services = COMPOSE["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert services["postgres"]["volumes"] and services["redis"]["volumes"]
    assert set(COMPOSE["volumes"]) >= {"postgres-data", "redis-data", "portal-var"}


def test_app_services_run_production_settings_and_the_right_commands():
    services = COMPOSE["services"]
    for name in ("web", "worker", "beat", "migrate"):
        service = services[name]
        assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "langson_portal.settings.production"
        assert service["env_file"] == ".env"
    assert services["web"]["command"][:2] == ["gunicorn", "langson_portal.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "langson_portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "langson_portal", "beat"]
    assert "migrate" in " ".join(services["migrate"]["command"])


def test_env_example_sets_every_required_production_variable():
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert PRODUCTION_REQUIRED == {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    assert PRODUCTION_REQUIRED <= set(example)
    assert example["DATABASE_URL"].startswith("postgres://") and "@postgres:" in example["DATABASE_URL"]
    assert example["REDIS_URL"].startswith("redis://redis:")


def test_dockerfile_installs_weasyprint_libraries_and_a_vietnamese_font():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "libpango-1.0-0" in dockerfile and "fonts-liberation2" in dockerfile
    assert "python:3.11" in dockerfile
    assert "requirements.txt" in dockerfile


def test_ci_runs_ruff_check_and_format_check_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "\nmake lint\n" in ci and ci.index("\nmake lint\n") < ci.index("\nmake test\n")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check ." in lint and "ruff format --check ." in lint
