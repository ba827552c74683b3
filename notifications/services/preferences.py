"""How each person hears: immediately or in the day's email, and what they mute."""

from django.db import transaction

from ..models import ESSENTIAL_KINDS, NotificationPreference


def preference_for(user) -> NotificationPreference:
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def preference_update(*, user, delivery: str, muted_kinds: list[str], actor) -> NotificationPreference:
    """Set how `user` hears; essential kinds (own agency's overdue work) cannot be muted."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionError("only the user sets their own notification preferences")
    muted = sorted(set(muted_kinds) - set(ESSENTIAL_KINDS))
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        preference.delivery, preference.muted_kinds = delivery, muted
        preference.save(update_fields=["delivery", "muted_kinds", "updated_at"])
    return preference
