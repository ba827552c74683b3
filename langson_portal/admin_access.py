"""The admin is a window on the data, not a second way round the workflow.

Office staff are admin users (they read everything there), but every change to a directive,
a task, an assignment, its progress, evidence, extensions and the agencies' reports goes
through the pages and their services — four eyes, notices, history naming the actor. Only
the administrator (quản trị hệ thống) may still change those rows in the admin, to repair data.
"""


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_administrator


class WorkflowReadOnly:
    """For a ModelAdmin or an inline: view only, unless the user is the administrator."""

    def has_add_permission(self, request, *args):
        return is_administrator(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_delete_permission(request, obj)
