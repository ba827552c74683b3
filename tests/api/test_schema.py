"""The published OpenAPI schema: valid OpenAPI 3, served with offline docs, and honoured by
every operation (schemathesis generates requests from it; no 500, answers as documented)."""

import contextlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis import checks

from .conftest import PDF

# Small enough that both runs (office staff, officer) take well under a minute on 2 cores.
MAX_EXAMPLES = 6
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.mark.django_db
def test_schema_is_valid_openapi_3_with_every_field_typed_and_described_in_vietnamese(client):
    # when
    response = client.get("/api/schema/?format=json", HTTP_ACCEPT="application/json")
    # then
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on any violation of the OpenAPI 3 specification
    assert schema["openapi"].startswith("3.")
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    untyped = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not ({"type", "$ref", "allOf", "oneOf", "anyOf", "enum"} & set(spec))
    ]
    assert untyped == []
    operations = [op for item in schema["paths"].values() for op in item.values() if isinstance(op, dict)]
    assert all(op.get("summary") for op in operations)
    assert all({"400", "401", "403", "404", "429"} <= set(op["responses"]) for op in operations)
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message", "fields"}


@pytest.mark.django_db
def test_docs_are_served_from_the_portal_itself_without_a_cdn_or_inline_script(client):
    # when
    response = client.get("/api/docs/")
    html = response.content.decode()
    # then: Swagger UI's script and style come from our static files, the start-up script from
    # the portal too, so the Content-Security-Policy (script-src 'self') lets it run
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "<script>" not in html and "<style>" not in html
    assert "'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    redoc = client.get("/api/docs/redoc/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/" in redoc and "<script>" not in redoc
    for page in (html, redoc):
        assert not any(host in page for host in ("googleapis", "gstatic", "cdn", "unpkg", "jsdelivr"))
    schema = client.get("/api/schema/?format=json", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def _known_values(world) -> dict:
    return {
        "pk": [world.lead.pk, world.coord.pk, world.foreign.pk, world.extension.pk, world.task.pk],
        "slug": [world.directive.slug, world.foreign_directive.slug],
        "code": [world.lead_agency.code, world.foreign_agency.code],
        "id": [1],
    }


@contextlib.contextmanager
def _connection_kept_open():
    """Requests go through the real WSGI handler, which closes the database connection when a
    request ends; the test's transaction needs it open (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run_schemathesis(world, token: str) -> tuple[list[str], int]:
    with _connection_kept_open():
        return _run_operations(world, token)


def _run_operations(world, token: str) -> tuple[list[str], int]:
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
    known = _known_values(world)
    headers = {"Authorization": f"Bearer {token}"}
    failures, calls = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), pick=st.data())
        def run(case, pick):
            nonlocal calls
            for name in list(case.path_parameters or {}):
                if name in known and pick.draw(st.booleans()):
                    case.path_parameters[name] = pick.draw(st.sampled_from(known[name]))
            multipart = case.media_type == "multipart/form-data"
            if multipart and isinstance(case.body, dict) and "files" in case.body and pick.draw(st.booleans()):
                case.body["files"] = [PDF]
            response = case.call(headers=headers)
            calls += 1
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            run()
        except Exception as failure:  # collect every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {str(failure)[:1500]}")
    return failures, calls


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office_staff", "lead"])
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(world, role):
    # given: a token of office staff (who may do everything) or of an officer (who may do little)
    # when: schemathesis sends a few generated requests to every operation
    failures, calls = _run_schemathesis(world, world.tokens[role])
    # then
    assert failures == [], "\n\n".join(failures)
    assert calls >= 30 * 2  # every operation was called, most more than once
