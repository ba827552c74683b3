"""The "Lịch sử thay đổi" of a page: who changed what, when, from what to what.

Built from django-simple-history's records: each record is compared with the previous
record of the same row (`diff_against`), and each differing field is named by its Vietnamese verbose name
with both values shown as a person reads them (choice labels, names, dd/mm/yyyy).
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency

ACTIONS = {"+": _("tạo mới"), "~": _("sửa"), "-": _("xóa")}
SKIPPED_FIELDS = {"updated_at", "created_at", "content_folded", "effective_due_on"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _display(model_field, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    if isinstance(model_field, models.BooleanField):
        return str(_("có") if value else _("không"))
    if isinstance(model_field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(model_field, models.DateField):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _foreign_names(records_by_model) -> dict:
    """One query per related model for the names every FK value in the records points to."""
    wanted: dict = {}
    for model, records in records_by_model:
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.ForeignKey):
                ids = {getattr(r, model_field.attname) for r in records} - {None}
                if ids:
                    wanted.setdefault(model_field.related_model, set()).update(ids)
    names = {}
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(ids).items():
            names[(related, pk)] = str(obj)
    return names


def history_for(querysets, *, limit: int = 200) -> list[HistoryEntry]:
    """Entries, newest first, for the rows of each queryset (`Model.history.filter(...)`)."""
    loaded = []
    for queryset in querysets:
        model = queryset.model.instance_type
        records = list(queryset.select_related("history_user").order_by("id", "history_date", "history_id"))
        loaded.append((model, records))
    names = _foreign_names(loaded)
    entries = []
    for model, records in loaded:
        fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS and f.name != "id"]
        previous = {}
        for record in records:
            before = previous.get(record.id)
            changes = []
            if record.history_type == "-":
                pass
            elif before is None:  # a new row: what it was created with
                changes = [
                    Change(_label(f), "—", _display(f, getattr(record, f.attname), names))
                    for f in fields
                    if getattr(record, f.attname) not in (None, "", [], {})
                ]
            else:  # django-simple-history's own diff, in the model's field order
                delta = record.diff_against(before, excluded_fields=SKIPPED_FIELDS)
                changed = {change.field: change for change in delta.changes}
                changes = [
                    Change(_label(f), _display(f, changed[f.name].old, names), _display(f, changed[f.name].new, names))
                    for f in fields
                    if f.name in changed
                ]
            previous[record.id] = record
            if record.history_type == "~" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user else str(_("hệ thống")),
                    what=f"{str(model._meta.verbose_name).capitalize()}: {_short(record, names)}",
                    action=str(ACTIONS.get(record.history_type, record.history_type)),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _label(model_field) -> str:
    return str(model_field.verbose_name).capitalize()


def _short(record, names: dict) -> str:
    agency_id = getattr(record, "agency_id", None)
    if agency_id is not None and hasattr(record, "holder_id"):
        return names.get((Agency, agency_id), f"#{agency_id}")
    for name in ("ref", "number", "requested_due_on"):
        value = getattr(record, name, None)
        if value:
            return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else str(value)
    return f"#{record.id}"
