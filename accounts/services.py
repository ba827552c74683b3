"""Writes to user accounts."""

from django.contrib.auth.models import Group
from django.db import transaction

from agencies.models import Agency

from .models import Role, User


@transaction.atomic
def user_ensure(
    *,
    username: str,
    full_name: str,
    email: str,
    password: str,
    roles: list[Role],
    agency: Agency | None,
    is_staff: bool = False,
    is_superuser: bool = False,
    actor,
) -> tuple[User, bool]:
    """Create the user if missing (a second run changes nothing); returns (user, created).
    `actor`: who creates it (None: `manage.py create_demo_users`, a benchmark)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "email": email,
            "agency": agency,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
    return user, created
