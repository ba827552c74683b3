"""Writes of the reports app: agency submissions and compiled reports.

Each service validates first, writes in one transaction and records its actor; signals
go out after commit.
"""

import datetime
import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from directives.evidence import evidence_check
from directives.models import Assignment, Directive
from directives.permissions import require_other_person
from langson_portal.locks import single_run
from langson_portal.text import nfc
from langson_portal.uploads import stored_file_store

from . import signals
from .figures import _statuses, compile_figures
from .models import CompiledKind, CompiledReport, ReportSubmission, SubmissionAttachment, SubmissionState
from .periods import EXAMPLES, Period, PeriodCodeError
from .rendering import render_pdf, render_xlsx
from .selectors import due_day_for, owing_agencies, report_settings_for

logger = logging.getLogger(__name__)


def parse_period(code: str) -> Period:
    try:
        return Period.parse(code)
    except PeriodCodeError as error:
        raise ValidationError(
            _("Kỳ báo cáo “%(code)s” không hợp lệ; ví dụ: %(examples)s.") % {"code": code, "examples": EXAMPLES}
        ) from error


# --- Agency submissions -------------------------------------------------------------------


def _check_officer(actor, agency_id: int) -> None:
    if not actor.agency_id or actor.agency_id != agency_id:
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị được soạn, gửi báo cáo của đơn vị."))
    if not (actor.has_role(Role.OFFICER) or actor.has_role(Role.AGENCY_HEAD)):
        raise PermissionDenied(_("Tài khoản không có quyền soạn báo cáo của đơn vị."))


def report_submission_save(*, directive: Directive, period_code: str, narrative: str, actor) -> ReportSubmission:
    """Create or update the draft report of the actor's agency; a sent report is no longer edited."""
    period = parse_period(period_code)
    if not actor.agency_id:
        raise PermissionDenied(_("Tài khoản chưa gắn với cơ quan, đơn vị."))
    _check_officer(actor, actor.agency_id)
    cutoff_day, _lead = report_settings_for(directive)
    if not owing_agencies(directive, period, cutoff_day=cutoff_day).filter(id=actor.agency_id).exists():
        raise ValidationError(_("Đơn vị không có nhiệm vụ phải báo cáo trong văn bản này ở kỳ này."))
    due_on = due_day_for(directive, period) or period.window(cutoff_day)[1]
    with transaction.atomic():
        submission, _created = ReportSubmission.objects.select_for_update().get_or_create(
            directive=directive, agency_id=actor.agency_id, due_on=due_on, defaults={"period": period.code}
        )
        if submission.state != SubmissionState.DRAFT:
            raise ValidationError(_("Báo cáo đã gửi, không sửa được nữa."))
        submission.narrative = nfc(narrative).strip()
        submission.save(update_fields=["narrative", "updated_at"])
    return submission


def report_submission_attach(*, submission: ReportSubmission, uploaded, actor) -> SubmissionAttachment:
    _check_officer(actor, submission.agency_id)
    if submission.state != SubmissionState.DRAFT:
        raise ValidationError(_("Báo cáo đã gửi, không đính kèm thêm được."))
    # the same rule as evidence files: size limit, type proved by the content
    content_type = evidence_check(uploaded)
    with transaction.atomic():
        return stored_file_store(SubmissionAttachment(submission=submission, uploaded_by=actor), uploaded, content_type)


def assignment_snapshot(*, directive_id: int, agency_id: int, day: datetime.date) -> list[dict]:
    """The status of each of the agency's assignments in the directive on `day`, as JSON."""
    rows = [r for r in _statuses(directive_id, day) if r["holder_id"] == agency_id]
    progress = dict(Assignment.objects.filter(id__in=[r["id"] for r in rows]).values_list("id", "progress_percent"))
    return [
        {
            "assignment_id": r["id"],
            "ref": r["task__ref"],
            "content": nfc(r["task__content"])[:300],
            "role": r["role"],
            "lifecycle": r["lifecycle"],
            "progress_percent": progress.get(r["id"], 0),
            "deadline": r["deadline"].isoformat() if r["deadline"] else None,
            "completed_on": r["completed_on"].isoformat() if r["completed_on"] else None,
            "status": r["status"],
        }
        for r in rows
    ]


def report_submission_submit(*, submission: ReportSubmission, actor) -> ReportSubmission:
    """Send the agency's report: the status of its assignments is photographed now."""
    _check_officer(actor, submission.agency_id)
    if not submission.narrative.strip():
        raise ValidationError(_("Báo cáo chưa có nội dung."))
    now = timezone.now()
    with transaction.atomic():
        locked = ReportSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.state != SubmissionState.DRAFT:
            raise ValidationError(_("Báo cáo đã được gửi trước đó."))
        locked.snapshot = assignment_snapshot(
            directive_id=locked.directive_id, agency_id=locked.agency_id, day=timezone.localdate(now)
        )
        locked.state = SubmissionState.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = actor
        locked.save(update_fields=["snapshot", "state", "submitted_at", "submitted_by", "updated_at"])
    return locked


def report_submission_sign_off(*, submission: ReportSubmission, actor) -> ReportSubmission:
    """The agency head approves the report the agency sent."""
    if not (actor.has_role(Role.AGENCY_HEAD) and actor.agency_id == submission.agency_id):
        raise PermissionDenied(_("Chỉ lãnh đạo của đơn vị được duyệt báo cáo này."))
    with transaction.atomic():
        locked = ReportSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.state != SubmissionState.SUBMITTED:
            raise ValidationError(_("Chỉ duyệt được báo cáo đã gửi và chưa được duyệt."))
        require_other_person(
            asker=locked.submitted_by,
            decider=actor,
            message=_("Người gửi báo cáo không được tự duyệt báo cáo đó; cần một lãnh đạo khác của đơn vị."),
        )
        locked.state = SubmissionState.SIGNED_OFF
        locked.signed_off_at = timezone.now()
        locked.signed_off_by = actor
        locked.save(update_fields=["state", "signed_off_at", "signed_off_by", "updated_at"])
    return locked


# --- Compiled reports ---------------------------------------------------------------------


class ReportBusy(Exception):
    """Another process is building the same report right now."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compiled_report_build(
    *,
    directive: Directive,
    period_code: str,
    kind: str = CompiledKind.DRAFT,
    actor,
    today: datetime.date | None = None,
) -> CompiledReport:
    """Compute the figures of a directive for a period and store the PDF and Excel files.

    Figures are "as of" the period's cut-off, or today while the period runs. A draft is
    rebuilt in place; a final report is built once and then kept as it is. Only one process
    builds a given (directive, period, kind) at a time: the others get ReportBusy, and the
    unique constraint backs the lock up, so two builds at once leave one row and one file.
    `actor` is the office-staff user, or None for the schedule (lập tự động theo lịch).
    """
    period = parse_period(period_code)
    if kind not in CompiledKind.values:
        raise ValidationError(_("Loại báo cáo không hợp lệ."))
    if actor is not None and not actor.is_office_staff:
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi được lập báo cáo tổng hợp."))
    today = today or timezone.localdate()
    cutoff_day, _lead = report_settings_for(directive)
    start, end = period.window(cutoff_day)
    if start and today < start:
        raise ValidationError(_("Kỳ báo cáo chưa bắt đầu, chưa lập được báo cáo."))

    with single_run(f"compiled-report:{directive.pk}:{period.code}:{kind}", timeout=900) as acquired:
        if not acquired:
            raise ReportBusy(period.code)
        existing = CompiledReport.objects.filter(directive=directive, period=period.code, kind=kind).first()
        if existing is not None and kind == CompiledKind.FINAL:
            return existing
        as_of = min(end, today)
        due_on = due_day_for(directive, period)
        figures = compile_figures(directive=directive, period=period, cutoff_day=cutoff_day, as_of=as_of, due_on=due_on)
        report = existing or CompiledReport(directive=directive, period=period.code, kind=kind)
        report.period_start, report.period_end, report.as_of, report.due_on = start, end, as_of, due_on
        report.figures = figures
        report.built_at = timezone.now()
        report.built_by = actor
        pdf = render_pdf(report, figures)
        xlsx = render_xlsx(report, figures)
        _store_files(report, pdf=pdf, xlsx=xlsx)
    if kind == CompiledKind.DRAFT:
        transaction.on_commit(
            lambda: signals.report_draft_built.send(
                sender=CompiledReport, compiled_report_id=report.pk, actor_id=getattr(actor, "pk", None)
            )
        )
    else:
        transaction.on_commit(
            lambda: signals.report_published.send(
                sender=CompiledReport, compiled_report_id=report.pk, actor_id=getattr(actor, "pk", None)
            )
        )
    return report


def _store_files(report: CompiledReport, *, pdf: bytes, xlsx: bytes) -> None:
    """Write the files under names that carry their checksum, then the row.

    Content-addressed names make a second write of the same bytes a no-op; a draft's
    superseded files are deleted once the new row is committed.
    """
    old = {f.name for f in (report.pdf, report.xlsx) if f}
    for field, data in (("pdf", pdf), ("xlsx", xlsx)):
        digest = _sha256(data)
        file_field = getattr(report, field)
        name = file_field.field.generate_filename(
            report, f"{report.directive.slug}-{report.period}-{report.kind}-{digest[:12]}.{field}"
        )
        if not file_field.storage.exists(name):
            name = file_field.storage.save(name, ContentFile(data))
        file_field.name = name
        setattr(report, f"{field}_sha256", digest)
    storage = report.pdf.storage
    new = {report.pdf.name, report.xlsx.name}
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # A row appeared between the check and the write without the lock (a cache that
        # lost the key): the row that won stays, and so do its files.
        winner = CompiledReport.objects.filter(
            directive=report.directive, period=report.period, kind=report.kind
        ).first()
        keep = {winner.pdf.name, winner.xlsx.name} if winner else set()
        for name in new - keep - old:
            storage.delete(name)
        raise ReportBusy(report.period) from None
    stale = old - new
    if stale:
        transaction.on_commit(lambda: [storage.delete(name) for name in stale])


def compiled_report_publish(*, directive: Directive, period_code: str, actor, today=None) -> CompiledReport:
    """Office staff publish the period's report: the final version is built now and kept."""
    if not actor.is_office_staff:
        raise PermissionDenied(_("Chỉ chuyên viên theo dõi được phát hành báo cáo tổng hợp."))
    period = parse_period(period_code)
    if CompiledReport.objects.filter(directive=directive, period=period.code, kind=CompiledKind.FINAL).exists():
        raise ValidationError(_("Báo cáo kỳ này đã được phát hành."))
    return compiled_report_build(
        directive=directive, period_code=period.code, kind=CompiledKind.FINAL, actor=actor, today=today
    )
