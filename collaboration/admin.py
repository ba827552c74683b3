"""Read-only admin: messages and directions are written through their services only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarFeed, Direction, Follow, Message


class ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(ReadOnly):
    list_display = ["task", "author", "agency", "created_at", "edited_at"]
    list_select_related = ["task", "author", "agency"]
    search_fields = ["body"]


@admin.register(Direction)
class DirectionAdmin(ReadOnly):
    list_display = ["directive", "task", "author", "agency", "created_at", "acknowledged_at", "answered_at"]
    list_select_related = ["directive", "task", "author", "agency"]
    list_filter = [("answered_at", admin.EmptyFieldListFilter)]


@admin.register(Follow)
class FollowAdmin(ReadOnly):
    list_display = ["user", "directive", "task", "following"]
    list_select_related = ["user", "directive", "task"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnly):
    list_display = ["user", "created_at", "updated_at"]
    exclude = ["token"]  # a secret: never shown to administrators
