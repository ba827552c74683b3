"""The unread count in every page's header (one query for a signed-in user, none otherwise)."""

from django.utils.functional import SimpleLazyObject

from . import inbox


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: inbox.unread_count(user=user))}
