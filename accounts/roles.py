"""Model permissions each role holds in the admin, kept in step after every migrate."""

from django.contrib.auth.models import Group, Permission

from .models import Role

MANAGED_APPS = ["agencies", "directives", "reports"]


def sync_role_permissions(**kwargs) -> None:
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    managed = Permission.objects.filter(content_type__app_label__in=MANAGED_APPS)
    groups[Role.OFFICE_STAFF].permissions.set(managed)
    groups[Role.ADMINISTRATOR].permissions.set(Permission.objects.all())
    groups[Role.LEADER].permissions.set(managed.filter(codename__startswith="view_"))
