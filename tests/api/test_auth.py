"""Who the API lets in: hashed Bearer tokens (revoked or expired → 401), a read scope that
never writes (403), the session with CSRF, the token command, the per-token rate limit."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from api import services
from api.models import ApiToken, TokenScope

from .conftest import client_for
from .test_permissions import BODIES, schema_operations


@pytest.mark.django_db
def test_revoked_and_expired_tokens_get_401_in_the_error_shape(world):
    # given: two working tokens of the same officer
    revoked_raw = world.tokens["lead"]
    expired_token, expired_raw = services.api_token_create(user=world.users["lead"], actor=None, days=1)
    assert client_for(revoked_raw).get("/api/v1/assignments/").status_code == 200
    assert client_for(expired_raw).get("/api/v1/assignments/").status_code == 200
    # when: one is revoked (as the admin action does) and the other passes its expiry
    services.api_token_revoke(
        token=ApiToken.objects.get(key_hash=services.token_hash(revoked_raw)), actor=world.users["office_staff"]
    )
    ApiToken.objects.filter(pk=expired_token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    # then
    for raw in (revoked_raw, expired_raw, "lsn_not-a-token"):
        response = client_for(raw).get("/api/v1/assignments/")
        assert response.status_code == 401
        assert response.json()["code"] == "authentication_failed"
        assert "thu hồi" in response.json()["message"]
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_read_scope_system_token_gets_403_on_every_write_and_changes_nothing(world):
    # given: the IOC's read-only token, whose account (office staff role) could otherwise write
    client = client_for(world.tokens["system_read"])
    writes = [op for op in schema_operations() if not op.startswith("GET ")]
    ids = {"assignments": world.lead.pk, "extension-requests": world.extension.pk, "webhooks": 1}
    assert len(writes) >= 9
    for operation in writes:
        method, path = operation.split(" ")
        resource, action = path.split("/")[3], path.rstrip("/").split("/")[-1]
        url = path.replace("{id}", str(ids.get(resource, 1)))
        # when
        response = getattr(client, method.lower())(url, BODIES.get(action) or BODIES.get(resource), format="json")
        # then
        assert response.status_code == 403, (operation, response.content)
        assert response.json() == {
            "code": "permission_denied",
            "message": "Mã truy cập này chỉ có quyền đọc.",
            "fields": {},
        }
    world.lead.refresh_from_db()
    assert world.lead.updates.count() == 0 and world.lead.progress_percent == 0


@pytest.mark.django_db
def test_tokens_are_kept_only_as_a_hash_and_note_their_last_use(world):
    raw = world.tokens["lead"]
    token = ApiToken.objects.get(key_hash=services.token_hash(raw))
    assert raw not in {token.key_hash, token.prefix} and token.prefix == raw[:10]
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    client_for(raw).get("/api/v1/tasks/")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_create_api_token_prints_the_token_alone_on_its_last_line(world):
    # when
    out = io.StringIO()
    call_command("create_api_token", "ioc", "--scope", "read", "--days", "30", stdout=out)
    # then
    raw = out.getvalue().rstrip("\n").split("\n")[-1]
    assert raw.startswith("lsn_") and " " not in raw
    token = ApiToken.objects.get(key_hash=services.token_hash(raw))
    assert token.scope == TokenScope.READ and token.user.username == "ioc"
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert client_for(raw).get("/api/v1/figures/province/").status_code == 200


@pytest.mark.django_db
def test_a_system_account_token_needs_an_explicit_scope(world):
    with pytest.raises(CommandError, match="phạm vi"):
        call_command("create_api_token", "ioc", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("create_api_token", "khong-co", "--scope", "read", stdout=io.StringIO())
    # a person's token defaults to write (their roles still bound what it may do)
    out = io.StringIO()
    call_command("create_api_token", "canbo.a", stdout=out)
    raw = out.getvalue().strip().split("\n")[-1]
    assert ApiToken.objects.get(key_hash=services.token_hash(raw)).scope == TokenScope.WRITE


@pytest.mark.django_db
def test_the_session_works_for_people_logged_in_and_writes_need_the_csrf_token(world):
    # given: an officer logged in through the browser session
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["lead"])
    url = f"/api/v1/assignments/{world.lead.pk}/progress/"
    body = BODIES["progress"]
    # when / then: reads work, a write without the CSRF token is refused
    assert client.get(f"/api/v1/assignments/{world.lead.pk}/").status_code == 200
    refused = client.post(url, body, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert "CSRF" in refused.json()["message"]
    # … and with it, it is saved
    client.get(world.lead.get_absolute_url())  # the page's forms set the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(url, body, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201, accepted.content
    assert world.lead.updates.get().author == world.users["lead"]


@pytest.mark.django_db
def test_each_token_has_its_own_rate_limit_answered_429_with_retry_after(world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/min"}}
    first, second = client_for(world.tokens["lead"]), client_for(world.tokens["coordinator"])
    # when: the first token sends four requests in a minute
    codes = [first.get("/api/v1/tasks/").status_code for _ in range(4)]
    # then: the fourth is refused and says when to come back; the other token is untouched
    assert codes == [200, 200, 200, 429]
    refused = first.get("/api/v1/tasks/")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled" and "thử lại sau" in refused.json()["message"]
    assert second.get("/api/v1/tasks/").status_code == 200


@pytest.mark.django_db
def test_office_staff_revoke_a_token_in_the_admin(world, client):
    admin_user = get_user_model().objects.create_superuser("quantri-thu", "q@langson.example", "mat-khau-thu-1")
    token = ApiToken.objects.get(key_hash=services.token_hash(world.tokens["lead"]))
    client.force_login(admin_user)
    response = client.post("/quan-tri/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin_user
    assert client_for(world.tokens["lead"]).get("/api/v1/tasks/").status_code == 401
