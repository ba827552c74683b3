"""One timeline per assignment and per task, newest last, like an issue's journal.

Each kind of entry comes from a `Source`: a small class that reads its rows for an
assignment or for a task (one or two queries, whatever the number of rows, each through
the visibility rule of its own rows) and turns each row into one or more `Entry`. A new
kind of entry (the transfers of an assignment, say) is one more `Source` in `SOURCES`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from directives.models import (
    Assignment,
    AssignmentTransfer,
    EvidenceFile,
    ExtensionRequest,
    ExtensionState,
    ProgressUpdate,
    Task,
)
from langson_portal.uploads import PREVIEWABLE

from .models import Direction, Message, MessageAttachment


@dataclass
class Attachment:
    name: str
    size: int
    content_type: str
    url: str
    preview_url: str = ""

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@dataclass
class Entry:
    """One line of the journal: what happened, who, for which agency, when."""

    when: datetime.datetime
    kind: str  # a CSS-friendly key: progress, completion, extension, direction, message…
    label: str
    who: str
    agency: str
    body: str = ""
    extra: str = ""  # a short second line (a percent, a requested date, a decision)
    files: list[Attachment] = field(default_factory=list)
    row: object = None  # the model row, for the entry's own template bits (edit, answer)
    anchor: str = ""


LEADER_LABEL = _("Lãnh đạo UBND tỉnh")
OFFICE_LABEL = _("Chuyên viên theo dõi")


def person_agency(user, agency=None, *, is_leader: bool = False) -> str:
    """The agency a person speaks for; without one, their role (told by the caller, so a
    timeline never asks each author's roles one by one)."""
    agency = agency or getattr(user, "agency", None)
    if agency is not None:
        return agency.display_short
    return str(LEADER_LABEL if is_leader else OFFICE_LABEL)


def _evidence(files) -> list[Attachment]:
    return [
        Attachment(
            name=f.original_name,
            size=f.size,
            content_type=f.content_type,
            url=reverse("directives:evidence_download", args=[f.pk]),
            preview_url=reverse("directives:evidence_preview", args=[f.pk]) if f.content_type in PREVIEWABLE else "",
        )
        for f in files
    ]


class Source:
    """A kind of timeline entry. Subclasses read rows and turn each into entries."""

    def for_assignment(self, *, user, assignment: Assignment) -> list[Entry]:
        raise NotImplementedError

    def for_task(self, *, user, task: Task) -> list[Entry]:
        raise NotImplementedError


class ProgressSource(Source):
    """Progress reports, contributions, completion reports, confirmations, returns and
    withdrawals, with their evidence files (visible with their assignment)."""

    def _rows(self, user) -> QuerySet:
        return (
            ProgressUpdate.objects.visible_to(user)
            .select_related("author", "assignment__agency")
            .prefetch_related(Prefetch("files", queryset=EvidenceFile.objects.order_by("created_at", "id")))
        )

    def _entries(self, rows) -> list[Entry]:
        return [
            Entry(
                when=u.created_at,
                kind=u.kind,
                label=u.get_kind_display(),
                who=str(u.author),
                agency=u.assignment.agency.display_short,
                body=u.note,
                extra=f"{u.get_lifecycle_display()} · {u.progress_percent}%",
                files=_evidence(u.files.all()),
                row=u,
                anchor=f"bao-cao-{u.pk}",
            )
            for u in rows
        ]

    def for_assignment(self, *, user, assignment):
        return self._entries(self._rows(user).filter(assignment=assignment))

    def for_task(self, *, user, task):
        return self._entries(self._rows(user).filter(assignment__task=task))


class ExtensionSource(Source):
    """Extension requests, the decisions on them, and requests the agency took back."""

    def _rows(self, user) -> QuerySet:
        return ExtensionRequest.objects.visible_to(user).select_related(
            "requested_by", "decided_by__agency", "assignment__agency"
        )

    def _entries(self, rows) -> list[Entry]:
        entries = []
        for r in rows:
            agency = r.assignment.agency.display_short
            entries.append(
                Entry(
                    when=r.created_at,
                    kind="extension",
                    label=str(_("Đề nghị gia hạn")),
                    who=str(r.requested_by),
                    agency=agency,
                    body=r.reason,
                    extra=str(_("từ %(old)s đến %(new)s"))
                    % {
                        "old": r.deadline_at_request.strftime("%d/%m/%Y") if r.deadline_at_request else "—",
                        "new": r.requested_due_on.strftime("%d/%m/%Y"),
                    },
                    row=r,
                    anchor=f"gia-han-{r.pk}",
                )
            )
            if r.state in (ExtensionState.APPROVED, ExtensionState.REFUSED) and r.decided_at:
                entries.append(
                    Entry(
                        when=r.decided_at,
                        kind=f"extension-{r.state}",
                        label=str(_("Quyết định gia hạn: %(state)s")) % {"state": r.get_state_display()},
                        who=str(r.decided_by),
                        agency=person_agency(r.decided_by),  # office staff decide
                        body=r.decision_comment,
                        extra=str(_("đề nghị đến %(date)s")) % {"date": r.requested_due_on.strftime("%d/%m/%Y")},
                        row=r,
                    )
                )
            if r.state == ExtensionState.WITHDRAWN and r.withdrawn_at:
                entries.append(
                    Entry(
                        when=r.withdrawn_at,
                        kind="extension-withdrawn",
                        label=str(_("Rút đề nghị gia hạn")),
                        who=str(r.requested_by),
                        agency=agency,
                        extra=str(_("đề nghị đến %(date)s")) % {"date": r.requested_due_on.strftime("%d/%m/%Y")},
                        row=r,
                    )
                )
        return entries

    def for_assignment(self, *, user, assignment):
        return self._entries(self._rows(user).filter(assignment=assignment))

    def for_task(self, *, user, task):
        return self._entries(self._rows(user).filter(assignment__task=task))


class DirectionSource(Source):
    """Leaders' directions and the agency's acknowledgement and answer."""

    def _rows(self, user) -> QuerySet:
        return Direction.objects.visible_to(user).select_related(
            "author__agency", "agency", "acknowledged_by", "answered_by", "directive"
        )

    def _entries(self, rows) -> list[Entry]:
        entries = []
        for d in rows:
            entries.append(
                Entry(
                    when=d.created_at,
                    kind="direction",
                    label=str(_("Ý kiến chỉ đạo")),
                    who=str(d.author),
                    agency=person_agency(d.author, is_leader=True),  # only leaders direct
                    body=d.body,
                    extra=(
                        str(_("Đề xuất thời hạn mới: %(date)s")) % {"date": d.proposed_due_on.strftime("%d/%m/%Y")}
                        if d.proposed_due_on
                        else ""
                    ),
                    row=d,
                    anchor=f"chi-dao-{d.pk}",
                )
            )
            if d.acknowledged_at and d.acknowledged_at != d.answered_at:
                entries.append(
                    Entry(
                        when=d.acknowledged_at,
                        kind="direction-acknowledged",
                        label=str(_("Đã tiếp nhận ý kiến chỉ đạo")),
                        who=str(d.acknowledged_by),
                        agency=d.agency.display_short if d.agency_id else "",
                        row=d,
                    )
                )
            if d.answered_at:
                entries.append(
                    Entry(
                        when=d.answered_at,
                        kind="direction-answered",
                        label=str(_("Trả lời ý kiến chỉ đạo")),
                        who=str(d.answered_by),
                        agency=d.agency.display_short if d.agency_id else "",
                        body=d.answer,
                        row=d,
                    )
                )
        return entries

    def for_assignment(self, *, user, assignment):
        rows = self._rows(user).filter(task_id=assignment.task_id)
        return self._entries(
            [d for d in rows if d.assignment_id in (None, assignment.pk)]  # the task's, and this assignment's
        )

    def for_task(self, *, user, task):
        return self._entries(self._rows(user).filter(task=task))


class MessageSource(Source):
    """The task's discussion; every message is seen by everyone who sees the task."""

    def _rows(self, user, task_id: int) -> QuerySet:
        return (
            Message.objects.visible_to(user)
            .filter(task_id=task_id)
            .select_related("author__agency", "agency")
            .prefetch_related(Prefetch("files", queryset=MessageAttachment.objects.order_by("created_at", "id")))
        )

    def _entries(self, rows) -> list[Entry]:
        rows = list(rows)
        without_agency = {m.author_id for m in rows if m.agency_id is None}
        leaders = (
            set(User.objects.filter(pk__in=without_agency, groups__name=Role.LEADER.value).values_list("pk", flat=True))
            if without_agency
            else set()
        )
        return [
            Entry(
                when=m.created_at,
                kind="message",
                label=str(_("Trao đổi")),
                who=str(m.author),
                agency=person_agency(m.author, m.agency, is_leader=m.author_id in leaders),
                body=m.body,
                extra=str(_("đã sửa lúc %(t)s")) % {"t": m.edited_at.strftime("%d/%m/%Y %H:%M")} if m.edited_at else "",
                files=[
                    Attachment(
                        name=f.original_name,
                        size=f.size,
                        content_type=f.content_type,
                        url=reverse("collaboration:attachment_download", args=[f.pk]),
                        preview_url=reverse("collaboration:attachment_preview", args=[f.pk])
                        if f.content_type in PREVIEWABLE
                        else "",
                    )
                    for f in m.files.all()
                ],
                row=m,
                anchor=f"tin-{m.pk}",
            )
            for m in rows
        ]

    def for_assignment(self, *, user, assignment):
        return self._entries(self._rows(user, assignment.task_id))

    def for_task(self, *, user, task):
        return self._entries(self._rows(user, task.pk))


class TransferSource(Source):
    """Transfers (chuyển giao) of an assignment to another holder, visible with the assignment."""

    def _entries(self, user, **filters) -> list[Entry]:
        rows = AssignmentTransfer.objects.filter(
            assignment__in=Assignment.objects.visible_to(user).values("pk"), **filters
        )
        return [
            Entry(
                when=t.created_at,
                kind="transfer",
                label=str(_("Chuyển giao")),
                who=str(t.actor),
                agency=person_agency(t.actor),  # office staff transfer
                body=t.reason,
                extra=f"{t.from_holder.display_short} → {t.to_holder.display_short}",
                row=t,
            )
            for t in rows.select_related("from_holder", "to_holder", "actor__agency")
        ]

    def for_assignment(self, *, user, assignment):
        return self._entries(user, assignment=assignment)

    def for_task(self, *, user, task):
        return self._entries(user, assignment__task=task)


SOURCES: list[Source] = [ProgressSource(), ExtensionSource(), DirectionSource(), MessageSource(), TransferSource()]


def _sorted(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.when, e.kind))


def assignment_timeline(*, user, assignment: Assignment) -> list[Entry]:
    """Everything that happened on one assignment and its task's discussion, oldest first."""
    return _sorted([e for source in SOURCES for e in source.for_assignment(user=user, assignment=assignment)])


def task_timeline(*, user, task: Task) -> list[Entry]:
    """Everything the user may see on a task: each visible assignment's journal and the discussion."""
    return _sorted([e for source in SOURCES for e in source.for_task(user=user, task=task)])


def pinned_directions(entries: list[Entry]) -> list[Direction]:
    """Directions still waiting for an answer, newest first, to pin above the timeline."""
    rows = {e.row.pk: e.row for e in entries if e.kind == "direction" and e.row.answered_at is None}
    return sorted(rows.values(), key=lambda d: d.created_at, reverse=True)
