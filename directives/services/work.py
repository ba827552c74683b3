"""Writes of the agencies' work on their assignments, and of office staff's decisions on it.

Each service runs in one transaction, checks who acts before it writes, records the actor
and sends its domain signal only after commit (a rollback sends nothing). The person who
asks — reports a completion, requests an extension — never decides on it (four eyes).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langson_portal.uploads import stored_file_store

from .. import signals
from ..evidence import evidence_check_all
from ..models import Assignment, EvidenceFile, ExtensionRequest, ExtensionState, ProgressUpdate
from ..models.assignment import ProgressKind
from ..permissions import can_manage, can_work_on, require_other_person
from ..status import Lifecycle

# What an agency may say of its own work; "chờ xác nhận" comes from marking it done and
# "hoàn thành" only from office staff's confirmation.
REPORTABLE_LIFECYCLES = (Lifecycle.NOT_STARTED, Lifecycle.IN_PROGRESS, Lifecycle.PAUSED)
CLOSED_LIFECYCLES = (Lifecycle.AWAITING_CONFIRMATION, Lifecycle.DONE)


def _require_worker(actor, assignment: Assignment) -> None:
    if not can_work_on(actor, assignment):
        raise PermissionDenied(_("Bạn không được cập nhật phân công của cơ quan khác."))


def _require_manager(actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi mới được thực hiện thao tác này."))


def _lock(assignment: Assignment, actor) -> Assignment:
    """Re-read the row under a lock so two people acting at once cannot both pass a check."""
    assignment._history_user = actor  # history names the actor even outside a request
    assignment.refresh_from_db(from_queryset=Assignment.objects.select_for_update())
    return assignment


def _require_not_the_reporter(assignment: Assignment, actor) -> None:
    """Whoever reported the completion does not also confirm or return it."""
    reporter = (
        ProgressUpdate.objects.filter(assignment=assignment, kind=ProgressKind.COMPLETION)
        .order_by("-created_at", "-id")
        .select_related("author")
        .first()
    )
    require_other_person(
        asker=reporter.author if reporter else None,
        decider=actor,
        message=_("Người đã báo hoàn thành không được tự xác nhận hay trả lại; cần một chuyên viên khác xem xét."),
    )


def _attach(update: ProgressUpdate, checked: list[tuple]) -> list[EvidenceFile]:
    return [stored_file_store(EvidenceFile(update=update), upload, content_type) for upload, content_type in checked]


def assignment_update_progress(
    *, assignment: Assignment, actor, lifecycle: str, percent: int, note: str, files=()
) -> ProgressUpdate:
    """The agency reports where its work stands, with a narrative and evidence files.

    A coordinating agency's report is its contribution (ý kiến, kết quả phối hợp), shown
    to the lead on the task page.
    """
    _require_worker(actor, assignment)
    if lifecycle not in REPORTABLE_LIFECYCLES:
        raise ValidationError({"lifecycle": _("Tình trạng này không chọn được khi cập nhật tiến độ.")})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Tiến độ phải từ 0 đến 100%.")})
    if not note.strip():
        raise ValidationError({"note": _("Cần ghi nội dung báo cáo.")})
    checked = evidence_check_all(files)
    with transaction.atomic():
        _lock(assignment, actor)
        if assignment.lifecycle in CLOSED_LIFECYCLES:
            raise ValidationError(_("Phân công đã báo hoàn thành; không cập nhật tiến độ được nữa."))
        assignment.lifecycle = lifecycle
        assignment.progress_percent = percent
        assignment.save(update_fields=["lifecycle", "progress_percent", "updated_at"])
        kind = ProgressKind.PROGRESS if assignment.is_lead else ProgressKind.CONTRIBUTION
        update = ProgressUpdate.objects.create(
            assignment=assignment,
            author=actor,
            kind=kind,
            lifecycle=lifecycle,
            progress_percent=percent,
            note=note.strip(),
        )
        _attach(update, checked)
    return update


def assignment_mark_done(
    *, assignment: Assignment, actor, completed_on: datetime.date, note: str, files=()
) -> ProgressUpdate:
    """The agency reports the work finished; it waits for office staff to confirm."""
    _require_worker(actor, assignment)
    today = timezone.localdate()
    if completed_on > today:
        raise ValidationError({"completed_on": _("Ngày hoàn thành không được sau hôm nay.")})
    if completed_on < assignment.assigned_on:
        raise ValidationError({"completed_on": _("Ngày hoàn thành không được trước ngày giao việc.")})
    if not note.strip():
        raise ValidationError({"note": _("Cần ghi kết quả thực hiện.")})
    checked = evidence_check_all(files)
    with transaction.atomic():
        _lock(assignment, actor)
        if assignment.lifecycle in CLOSED_LIFECYCLES:
            raise ValidationError(_("Phân công đã được báo hoàn thành."))
        assignment.lifecycle = Lifecycle.AWAITING_CONFIRMATION
        assignment.progress_percent = 100
        assignment.completed_on = completed_on
        assignment.return_reason = ""
        assignment.save(update_fields=["lifecycle", "progress_percent", "completed_on", "return_reason", "updated_at"])
        update = ProgressUpdate.objects.create(
            assignment=assignment,
            author=actor,
            kind=ProgressKind.COMPLETION,
            lifecycle=Lifecycle.AWAITING_CONFIRMATION,
            progress_percent=100,
            note=note.strip(),
        )
        _attach(update, checked)
    return update


def assignment_confirm_completion(*, assignment: Assignment, actor, note: str = "") -> Assignment:
    """Office staff confirm the reported completion: the work now counts as done."""
    _require_manager(actor)
    with transaction.atomic():
        _lock(assignment, actor)
        if assignment.lifecycle != Lifecycle.AWAITING_CONFIRMATION:
            raise ValidationError(_("Chỉ xác nhận được phân công đang chờ xác nhận hoàn thành."))
        _require_not_the_reporter(assignment, actor)
        assignment.lifecycle = Lifecycle.DONE
        assignment.confirmed_at = timezone.now()
        assignment.confirmed_by = actor
        assignment.save(update_fields=["lifecycle", "confirmed_at", "confirmed_by", "updated_at"])
        ProgressUpdate.objects.create(
            assignment=assignment,
            author=actor,
            kind=ProgressKind.CONFIRMATION,
            lifecycle=Lifecycle.DONE,
            progress_percent=assignment.progress_percent,
            note=note.strip() or _("Xác nhận hoàn thành."),
        )
        transaction.on_commit(
            lambda: signals.completion_confirmed.send(sender=Assignment, assignment_id=assignment.pk, actor_id=actor.pk)
        )
    return assignment


def assignment_return(*, assignment: Assignment, actor, reason: str) -> Assignment:
    """Office staff send a reported completion back, saying why; the agency works on."""
    _require_manager(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do trả lại.")})
    with transaction.atomic():
        _lock(assignment, actor)
        if assignment.lifecycle != Lifecycle.AWAITING_CONFIRMATION:
            raise ValidationError(_("Chỉ trả lại được phân công đang chờ xác nhận hoàn thành."))
        _require_not_the_reporter(assignment, actor)
        assignment.lifecycle = Lifecycle.RETURNED
        assignment.completed_on = None
        assignment.return_reason = reason
        assignment.save(update_fields=["lifecycle", "completed_on", "return_reason", "updated_at"])
        ProgressUpdate.objects.create(
            assignment=assignment,
            author=actor,
            kind=ProgressKind.RETURN,
            lifecycle=Lifecycle.RETURNED,
            progress_percent=assignment.progress_percent,
            note=reason,
        )
        transaction.on_commit(
            lambda: signals.completion_returned.send(
                sender=Assignment, assignment_id=assignment.pk, actor_id=actor.pk, reason=reason
            )
        )
    return assignment


def extension_request_create(
    *, assignment: Assignment, actor, requested_due_on: datetime.date, reason: str
) -> ExtensionRequest:
    """The agency asks for a later deadline, with a reason."""
    _require_worker(actor, assignment)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do đề nghị gia hạn.")})
    with transaction.atomic():
        _lock(assignment, actor)
        current = assignment.extended_due_on or assignment.due_on
        if current is None:
            raise ValidationError(_("Nhiệm vụ không có thời hạn nên không cần gia hạn."))
        if assignment.lifecycle in CLOSED_LIFECYCLES:
            raise ValidationError(_("Phân công đã báo hoàn thành; không đề nghị gia hạn được."))
        if requested_due_on <= current:
            raise ValidationError(
                {
                    "requested_due_on": _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(date)s).")
                    % {"date": current.strftime("%d/%m/%Y")}
                }
            )
        if assignment.extension_requests.filter(state=ExtensionState.PENDING).exists():
            raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ xem xét."))
        request = ExtensionRequest(
            assignment=assignment,
            requested_by=actor,
            deadline_at_request=current,
            requested_due_on=requested_due_on,
            reason=reason,
        )
        request._history_user = actor
        request.save()
        return request


def extension_request_decide(
    *, extension_request: ExtensionRequest, actor, approve: bool, comment: str = ""
) -> ExtensionRequest:
    """Office staff approve (the deadline moves, the original stays) or refuse with a comment."""
    _require_manager(actor)
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Cần ghi ý kiến khi không đồng ý gia hạn.")})
    with transaction.atomic():
        request = ExtensionRequest.objects.select_for_update().get(pk=extension_request.pk)
        if request.state != ExtensionState.PENDING:
            raise ValidationError(_("Đề nghị này đã được xem xét."))
        require_other_person(
            asker=request.requested_by,
            decider=actor,
            message=_("Người đề nghị gia hạn không được tự quyết định đề nghị của mình; cần một chuyên viên khác."),
        )
        request._history_user = actor
        request.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_comment = comment
        request.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
        if approve:
            assignment = _lock(request.assignment, actor)
            assignment.extended_due_on = request.requested_due_on
            assignment.save(update_fields=["extended_due_on", "updated_at"])
        transaction.on_commit(
            lambda: signals.extension_decided.send(
                sender=ExtensionRequest, extension_request_id=request.pk, actor_id=actor.pk
            )
        )
    for field in ("state", "decided_by", "decided_at", "decision_comment"):
        setattr(extension_request, field, getattr(request, field))
    return extension_request


def may_withdraw(actor, assignment: Assignment, *, asker_id: int | None) -> bool:
    """Taking back a request is the asking side's act: the holder agency's people, or the
    person who asked; office staff, who decide, may not take back an agency's request."""
    return can_work_on(actor, assignment) and (
        (bool(actor.agency_id) and actor.agency_id == assignment.holder_id) or actor.pk == asker_id
    )


def assignment_withdraw_completion(*, assignment: Assignment, actor, reason: str = "") -> ProgressUpdate:
    """The agency takes back a completion report office staff have not decided on yet.

    The work returns to where it stood before the report (lifecycle and percent as the
    history last recorded them); the report itself stays in the timeline.
    """
    with transaction.atomic():
        _lock(assignment, actor)
        if assignment.lifecycle != Lifecycle.AWAITING_CONFIRMATION:
            raise ValidationError(_("Chỉ rút được báo cáo hoàn thành đang chờ xác nhận."))
        report = assignment.updates.filter(kind=ProgressKind.COMPLETION).order_by("-created_at", "-id").first()
        if not may_withdraw(actor, assignment, asker_id=report.author_id if report else None):
            raise PermissionDenied(_("Chỉ đơn vị đã báo hoàn thành mới rút được báo cáo."))
        before = (
            Assignment.history.filter(id=assignment.pk)
            .exclude(lifecycle=Lifecycle.AWAITING_CONFIRMATION)
            .order_by("-history_date", "-history_id")
            .values("lifecycle", "progress_percent")
            .first()
        )
        lifecycle = before["lifecycle"] if before and before["lifecycle"] in REPORTABLE_LIFECYCLES else None
        assignment.lifecycle = lifecycle or Lifecycle.IN_PROGRESS
        assignment.progress_percent = before["progress_percent"] if before else assignment.progress_percent
        assignment.completed_on = None
        assignment.save(update_fields=["lifecycle", "progress_percent", "completed_on", "updated_at"])
        return ProgressUpdate.objects.create(
            assignment=assignment,
            author=actor,
            kind=ProgressKind.WITHDRAWAL,
            lifecycle=assignment.lifecycle,
            progress_percent=assignment.progress_percent,
            note=reason.strip() or _("Đơn vị rút báo cáo hoàn thành để tiếp tục thực hiện."),
        )


def extension_request_withdraw(*, extension_request: ExtensionRequest, actor) -> ExtensionRequest:
    """The agency takes back its extension request before office staff decide on it."""
    if not may_withdraw(actor, extension_request.assignment, asker_id=extension_request.requested_by_id):
        raise PermissionDenied(_("Chỉ đơn vị đã đề nghị mới rút được đề nghị gia hạn."))
    with transaction.atomic():
        request = ExtensionRequest.objects.select_for_update().get(pk=extension_request.pk)
        if request.state != ExtensionState.PENDING:
            raise ValidationError(_("Đề nghị này đã được xem xét nên không rút được."))
        request._history_user = actor
        request.state = ExtensionState.WITHDRAWN
        request.withdrawn_at = timezone.now()
        request.save(update_fields=["state", "withdrawn_at"])
    extension_request.state, extension_request.withdrawn_at = request.state, request.withdrawn_at
    return extension_request
