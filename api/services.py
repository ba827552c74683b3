"""Writes of the API app: tokens, webhook subscriptions, webhook events and their delivery.

Tokens are shown once and kept as a SHA-256 (they are 256 random bits, so a slow hash adds
nothing). Webhooks follow the reminders' outbox: record the event and one delivery per
subscriber (unique constraints make a second recording a no-op) → claim the delivery under
a row lock → mark it sent → finish sending (see delivery); pending ones are enqueued again
when a worker starts.
"""

import datetime
import hashlib
import json
import logging
import random
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langson_portal.queue import enqueue

from . import delivery
from .models import (
    ApiToken,
    DeliveryState,
    EventKind,
    TokenScope,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "lsn_"
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 730
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def is_system_account(user) -> bool:
    """A system account (the IOC, the document-management system) belongs to no agency and
    cannot log in (no usable password): it acts only through its tokens. People without an
    agency (provincial leaders, some office staff) log in, so they are not system accounts."""
    return user.agency_id is None and not user.is_superuser and not user.has_usable_password()


# ---------------------------------------------------------------- tokens


def api_token_create(
    *, user, actor, scope: str | None = None, days: int = DEFAULT_TOKEN_DAYS, name: str = ""
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns (row, the token itself), the only time it is seen.

    A system account's token needs an explicit scope; a person's defaults to write (the
    person's own roles still bound what it may do).
    """
    if scope is None:
        if is_system_account(user):
            raise ValidationError({"scope": _("Tài khoản hệ thống phải có phạm vi rõ ràng: read hoặc write.")})
        scope = TokenScope.WRITE
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Phạm vi phải là read hoặc write.")})
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": _("Thời hạn của mã phải từ 1 đến %(n)s ngày.") % {"n": MAX_TOKEN_DAYS}})
    if not user.is_active:
        raise ValidationError(_("Tài khoản đã bị khóa; không tạo mã được."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:120],
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=token_hash(raw),
        scope=scope,
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, raw


def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke at once: the next request with it gets 401."""
    if not (actor.is_superuser or actor.is_office_staff or actor.pk == token.user_id):
        raise PermissionDenied(_("Bạn không được thu hồi mã của người khác."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at, token.revoked_by = timezone.now(), actor
            token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The usable token for `raw`, or None; notes its use at most once a minute (no write per request)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(raw)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# ---------------------------------------------------------------- subscriptions


def webhook_subscription_create(*, owner, url: str, events: list[str], actor) -> WebhookSubscription:
    """Subscribe a system account's URL; the secret is made here and shown once to the caller."""
    if not is_system_account(owner):
        raise PermissionDenied(_("Chỉ tài khoản hệ thống (không thuộc đơn vị) được đăng ký webhook."))
    if actor.pk != owner.pk and not actor.is_superuser:
        raise PermissionDenied(_("Chỉ chính tài khoản hệ thống hoặc quản trị viên được đăng ký webhook."))
    unknown = sorted(set(events) - set(EventKind.values))
    if not events or unknown:
        raise ValidationError({"events": _("Loại sự kiện không hợp lệ: %(kinds)s.") % {"kinds": ", ".join(unknown)}})
    return WebhookSubscription.objects.create(
        owner=owner, url=url, events=sorted(set(events)), secret=secrets.token_urlsafe(32)
    )


def webhook_subscription_delete(*, subscription: WebhookSubscription, actor) -> WebhookSubscription:
    """Stop a subscription: nothing more is sent to it; its deliveries stay on record in the admin."""
    if actor.pk != subscription.owner_id and not actor.is_superuser:
        raise PermissionDenied(_("Bạn không được xóa đăng ký của tài khoản khác."))
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        subscription.is_active = False
        subscription.save(update_fields=["is_active", "updated_at"])
    return subscription


# ---------------------------------------------------------------- events


def _subscribers(kind: str) -> list[WebhookSubscription]:
    return [
        s
        for s in WebhookSubscription.objects.filter(is_active=True, owner__is_active=True).select_related("owner")
        if kind in s.events
    ]


def webhook_events_record(*, kind: str, entries: list[dict]) -> list[int]:
    """Record events and one pending delivery per subscriber allowed to see each; enqueue after commit.

    `entries`: dicts with object_key, occasion, data and the assignment, directive,
    compiled report or direction it is about (each subscriber's visibility is that object's
    `visible_to(owner)`, the rule of the pages). Returns the ids of new pending deliveries.
    """
    subscribers = _subscribers(kind)
    if not subscribers or not entries:
        return []
    from collaboration.models import Direction
    from directives.models import Assignment, Directive
    from reports.models import CompiledReport

    with transaction.atomic():
        WebhookEvent.objects.bulk_create(
            [
                WebhookEvent(
                    kind=kind,
                    object_key=e["object_key"],
                    occasion=e["occasion"],
                    assignment_id=e.get("assignment_id"),
                    directive_id=e.get("directive_id"),
                    data=json.loads(json.dumps(e["data"], cls=DjangoJSONEncoder)),
                )
                for e in entries
            ],
            ignore_conflicts=True,
        )
        keys = {(e["object_key"], e["occasion"]) for e in entries}
        events = [
            event
            for event in WebhookEvent.objects.filter(
                kind=kind, object_key__in={k for k, _ in keys}, occasion__in={o for _, o in keys}
            )
            if (event.object_key, event.occasion) in keys
        ]
        report_of = {e["object_key"]: e.get("compiled_report_id") for e in entries}
        direction_of = {e["object_key"]: e.get("direction_id") for e in entries}
        rows = []
        for subscription in subscribers:
            owner = subscription.owner
            seen_assignments = set(
                Assignment.objects.visible_to(owner)
                .filter(pk__in=[e.assignment_id for e in events if e.assignment_id])
                .values_list("pk", flat=True)
            )
            seen_directives = set(
                Directive.objects.visible_to(owner)
                .filter(pk__in=[e.directive_id for e in events if e.directive_id])
                .values_list("pk", flat=True)
            )
            seen_reports = set(
                CompiledReport.objects.visible_to(owner)
                .filter(pk__in=[r for r in report_of.values() if r])
                .values_list("pk", flat=True)
            )
            seen_directions = set(
                Direction.objects.visible_to(owner)
                .filter(pk__in=[d for d in direction_of.values() if d])
                .values_list("pk", flat=True)
            )
            for event in events:
                if event.assignment_id:
                    allowed = event.assignment_id in seen_assignments
                elif direction_of.get(event.object_key):
                    allowed = direction_of[event.object_key] in seen_directions
                elif report_of.get(event.object_key):
                    allowed = report_of[event.object_key] in seen_reports
                else:
                    allowed = event.directive_id in seen_directives
                if allowed:
                    rows.append(WebhookDelivery(event=event, subscription=subscription))
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(
            WebhookDelivery.objects.filter(
                event__in=events, subscription__in=subscribers, state=DeliveryState.PENDING, attempts=0
            ).values_list("id", flat=True)
        )
        enqueue_deliveries(ids)  # after commit
    return ids


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    """One task per delivery, after the current transaction commits, on the portal's queue."""
    from .tasks import webhook_deliver_task

    for delivery_id in delivery_ids:
        enqueue(webhook_deliver_task, delivery_id)


def webhook_deliveries_requeue_pending() -> list[int]:
    """Enqueue every delivery still pending (a worker starts): a killed worker's task comes
    back from Redis only after the visibility timeout; a duplicate finds the row sent and
    sends nothing."""
    ids = list(WebhookDelivery.objects.filter(state=DeliveryState.PENDING).order_by("id").values_list("id", flat=True))
    enqueue_deliveries(ids)
    if ids:
        logger.info("worker start: %d pending webhook deliveries enqueued again", len(ids))
    return ids


# ---------------------------------------------------------------- sending


def max_attempts() -> int:
    return int(getattr(settings, "API_WEBHOOK_MAX_ATTEMPTS", 8))


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: between half and all of base·2^(n−1) s, at most 1 hour."""
    base = float(getattr(settings, "API_WEBHOOK_RETRY_BASE_SECONDS", 30))
    ceiling = min(3600.0, base * 2 ** max(0, attempts - 1))
    return random.uniform(ceiling / 2, ceiling)


def delivery_body(delivery_row: WebhookDelivery) -> bytes:
    """The JSON a subscriber receives; the same bytes on every attempt."""
    event = delivery_row.event
    document = {
        "id": event.pk,
        "delivery": delivery_row.pk,
        "type": event.kind,
        "created_at": event.created_at.isoformat(),
        "data": event.data,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


class DeliveryFailed(Exception):
    def __init__(self, message: str, *, final: bool, attempts: int):
        super().__init__(message)
        self.final, self.attempts = final, attempts


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def webhook_deliver(*, delivery_id: int) -> str:
    """Send one pending delivery once. Returns "sent" or "skipped"; raises DeliveryFailed."""
    pending, failure = None, None
    with transaction.atomic():
        row = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("event", "subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if row is None or row.state != DeliveryState.PENDING:
            return "skipped"
        if not row.subscription.is_active:
            row.state, row.last_error = DeliveryState.FAILED, _("Đăng ký đã ngừng.")
            row.save(update_fields=["state", "last_error", "updated_at"])
            return "skipped"
        row.attempts += 1
        try:
            pending = delivery.begin(
                url=row.subscription.url,
                body=delivery_body(row),
                secret=row.subscription.secret,
                event=row.event.kind,
                delivery_id=row.pk,
            )
        except Exception as exc:  # refused or unreachable: nothing was delivered
            failure = exc
            row.last_error = _describe(exc)
            row.state = DeliveryState.FAILED if row.attempts >= max_attempts() else DeliveryState.PENDING
            row.save(update_fields=["attempts", "last_error", "state", "updated_at"])
        else:
            row.state, row.sent_at, row.last_error = DeliveryState.SENT, timezone.now(), ""
            row.save(update_fields=["attempts", "state", "sent_at", "last_error", "updated_at"])
    if failure is not None:
        raise DeliveryFailed(row.last_error, final=row.state == DeliveryState.FAILED, attempts=row.attempts)
    try:
        status = pending.finish()
    except Exception as exc:  # the receiver answered with an error: try again later
        state = DeliveryState.FAILED if row.attempts >= max_attempts() else DeliveryState.PENDING
        WebhookDelivery.objects.filter(pk=row.pk).update(
            state=state,
            sent_at=None,
            last_error=_describe(exc),
            last_status=getattr(exc, "status", None),
            updated_at=timezone.now(),
        )
        raise DeliveryFailed(_describe(exc), final=state == DeliveryState.FAILED, attempts=row.attempts) from exc
    WebhookDelivery.objects.filter(pk=row.pk).update(last_status=status)
    return "sent"


def webhook_delivery_retry(*, delivery_row: WebhookDelivery, actor) -> bool:
    """An administrator sends a failed delivery again (admin action): pending, enqueued after commit."""
    if not (actor.is_superuser or actor.is_office_staff):
        raise PermissionDenied(_("Chỉ quản trị viên được gửi lại webhook."))
    with transaction.atomic():
        row = WebhookDelivery.objects.select_for_update().get(pk=delivery_row.pk)
        if row.state != DeliveryState.FAILED:
            return False
        row.state, row.attempts = DeliveryState.PENDING, 0
        row.save(update_fields=["state", "attempts", "updated_at"])
        enqueue_deliveries([row.pk])
    return True
