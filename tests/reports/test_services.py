"""Agency submissions, sign-off, and the one-file rule of compiled reports."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from accounts.models import Role
from directives.models import Assignment
from langson_portal.locks import single_run
from reports import signals
from reports.models import CompiledReport, SubmissionState
from reports.services import (
    ReportBusy,
    compiled_report_build,
    compiled_report_publish,
    report_submission_attach,
    report_submission_save,
    report_submission_sign_off,
    report_submission_submit,
)

from .factories import office_staff, officer, quarterly_directive

pytestmark = pytest.mark.django_db
JUNE_1 = datetime.datetime(2022, 6, 1, 3, tzinfo=datetime.UTC)


def test_officer_drafts_submits_and_head_signs_off():
    # given an officer and the head of an agency that owes a quý II report
    directive, (agency, _other) = quarterly_directive()
    clerk, head = officer(agency), officer(agency, Role.AGENCY_HEAD)
    Assignment.objects.filter(agency=agency).update(progress_percent=40, lifecycle="dang_thuc_hien")
    with time_machine.travel(JUNE_1, tick=False):
        # when the officer saves, attaches and submits before the due day (10/6)
        draft = report_submission_save(
            directive=directive, period_code="2022-Q2", narrative="Đã triển khai", actor=clerk
        )
        pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        attachment = report_submission_attach(submission=draft, uploaded=pdf, actor=clerk)
        sent = report_submission_submit(submission=draft, actor=clerk)
    # then it is on time, with a snapshot of the agency's assignments taken then
    assert sent.state == SubmissionState.SUBMITTED and sent.due_on == datetime.date(2022, 6, 10)
    assert sent.submitted_on_time is True and sent.submitted_by == clerk
    assert [row["progress_percent"] for row in sent.snapshot] == [40, 40]
    assert {row["status"] for row in sent.snapshot} == {"trong_han"}
    assert attachment.sha256 and attachment.size == 13
    # when the head signs it off
    signed = report_submission_sign_off(submission=sent, actor=head)
    assert signed.state == SubmissionState.SIGNED_OFF and signed.signed_off_by == head


def test_a_sent_report_cannot_be_edited_or_sent_again():
    directive, (agency, _other) = quarterly_directive()
    clerk = officer(agency)
    draft = report_submission_save(directive=directive, period_code="2022-Q2", narrative="Nội dung", actor=clerk)
    report_submission_submit(submission=draft, actor=clerk)
    with pytest.raises(ValidationError):
        report_submission_save(directive=directive, period_code="2022-Q2", narrative="Sửa", actor=clerk)
    with pytest.raises(ValidationError):
        report_submission_submit(submission=draft, actor=clerk)


def test_an_empty_report_is_refused_with_a_message():
    directive, (agency, _other) = quarterly_directive()
    clerk = officer(agency)
    draft = report_submission_save(directive=directive, period_code="2022-Q2", narrative="  ", actor=clerk)
    with pytest.raises(ValidationError, match="chưa có nội dung"):
        report_submission_submit(submission=draft, actor=clerk)


def test_only_the_agencys_own_head_signs_off():
    directive, (agency, other) = quarterly_directive()
    clerk = officer(agency)
    draft = report_submission_save(directive=directive, period_code="2022-Q2", narrative="Nội dung", actor=clerk)
    sent = report_submission_submit(submission=draft, actor=clerk)
    for actor in (clerk, officer(other, Role.AGENCY_HEAD), office_staff()):
        with pytest.raises(PermissionDenied):
            report_submission_sign_off(submission=sent, actor=actor)


def test_an_agency_without_work_in_the_directive_owes_no_report():
    directive, _members = quarterly_directive()
    stranger = officer(quarterly_directive()[1][0])
    with pytest.raises(ValidationError):
        report_submission_save(directive=directive, period_code="2022-Q2", narrative="x", actor=stranger)


def test_an_officer_cannot_attach_to_another_agencys_report_nor_send_a_fake_file():
    directive, (agency, other) = quarterly_directive()
    draft = report_submission_save(directive=directive, period_code="2022-Q2", narrative="x", actor=officer(agency))
    with pytest.raises(PermissionDenied):
        report_submission_attach(
            submission=draft, uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4"), actor=officer(other)
        )
    with pytest.raises(ValidationError, match=r"không phải PDF, Word \(DOCX\), Excel \(XLSX\) hay ảnh PNG/JPEG"):
        report_submission_attach(
            submission=draft, uploaded=SimpleUploadedFile("a.pdf", b"MZ\x90\x00exe"), actor=officer(agency)
        )


def test_built_report_keeps_files_with_checksums_and_signals_after_commit(django_capture_on_commit_callbacks):
    directive, _members = quarterly_directive()
    received = []
    signals.report_draft_built.connect(
        lambda **kw: received.append(kw["compiled_report_id"]), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = compiled_report_build(
                actor=None, directive=directive, period_code="2022-Q2", today=datetime.date(2022, 7, 1)
            )
        assert received == []  # nothing before commit
        for callback in callbacks:
            callback()
    finally:
        signals.report_draft_built.disconnect(dispatch_uid="t")
    import hashlib

    assert received == [report.pk]
    with report.pdf.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == report.pdf_sha256
    assert report.xlsx.name.endswith(".xlsx") and report.xlsx_sha256


def test_excel_has_the_same_per_agency_table():
    from io import BytesIO

    from openpyxl import load_workbook

    directive, members = quarterly_directive(agencies=3)
    report = compiled_report_build(
        actor=None, directive=directive, period_code="2022-Q2", today=datetime.date(2022, 7, 1)
    )
    with report.xlsx.open("rb") as f:
        book = load_workbook(BytesIO(f.read()))
    rows = list(book["Theo cơ quan"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == sorted(a.name for a in members)
    assert all(r[2] == 2 for r in rows)


def test_publishing_builds_the_final_once():
    directive, _members = quarterly_directive()
    staff = office_staff()
    final = compiled_report_publish(
        directive=directive, period_code="2022-Q2", actor=staff, today=datetime.date(2022, 7, 1)
    )
    assert final.kind == "final" and final.built_by == staff
    with pytest.raises(ValidationError, match="đã được phát hành"):
        compiled_report_publish(directive=directive, period_code="2022-Q2", actor=staff)
    with pytest.raises(PermissionDenied):
        compiled_report_publish(directive=directive, period_code="2022-Q3", actor=officer(_members[0]))


def test_a_build_while_another_holds_the_lock_writes_nothing(media_root):
    # given another worker building the same report
    directive, _members = quarterly_directive()
    with single_run(f"compiled-report:{directive.pk}:2022-Q2:draft") as held:
        assert held
        # when a second build starts
        with pytest.raises(ReportBusy):
            compiled_report_build(
                actor=None, directive=directive, period_code="2022-Q2", today=datetime.date(2022, 7, 1)
            )
    # then it left no row and no file
    assert not CompiledReport.objects.exists()
    assert not list(media_root.rglob("*.pdf"))


def test_building_the_same_draft_twice_leaves_one_row_and_one_file(media_root, django_capture_on_commit_callbacks):
    directive, _members = quarterly_directive()
    with django_capture_on_commit_callbacks(execute=True):
        compiled_report_build(actor=None, directive=directive, period_code="2022-Q2", today=datetime.date(2022, 7, 1))
    with django_capture_on_commit_callbacks(execute=True):
        compiled_report_build(actor=None, directive=directive, period_code="2022-Q2", today=datetime.date(2022, 7, 2))
    assert CompiledReport.objects.count() == 1
    assert len(list(media_root.rglob("*.pdf"))) == 1 and len(list(media_root.rglob("*.xlsx"))) == 1


@pytest.mark.django_db(transaction=True)
def test_two_builds_at_once_yield_one_file(media_root, monkeypatch):
    """Two threads start the same build together: one builds, the other is told it is busy."""
    # given a first build that is rendering when the second starts
    directive, _members = quarterly_directive()
    from reports import services

    real_render = services.render_pdf
    rendering, second_done = threading.Event(), threading.Event()

    def slow_render(report, figures):
        rendering.set()
        second_done.wait(20)
        return real_render(report, figures)

    monkeypatch.setattr(services, "render_pdf", slow_render)
    outcomes = []

    def build():
        try:
            outcomes.append(
                compiled_report_build(
                    actor=None, directive=directive, period_code="2022-Q2", today=datetime.date(2022, 7, 1)
                ).pk
            )
        except ReportBusy:
            outcomes.append("busy")
        finally:
            second_done.set() if rendering.is_set() and threading.current_thread().name == "second" else None
            connection.close()

    first = threading.Thread(target=build, name="first")
    first.start()
    assert rendering.wait(20)
    second = threading.Thread(target=build, name="second")
    second.start()
    second.join(30)
    first.join(30)
    # then one report, one PDF
    assert sorted(map(str, outcomes)) == sorted([str(CompiledReport.objects.get().pk), "busy"])
    assert len(list(media_root.rglob("*.pdf"))) == 1


def test_an_agency_head_who_submitted_the_report_cannot_sign_it_off():
    # given: the agency head writes and sends the report themself
    directive, (agency, _other) = quarterly_directive()
    head, deputy = officer(agency, Role.AGENCY_HEAD), officer(agency, Role.AGENCY_HEAD)
    draft = report_submission_save(directive=directive, period_code="2022-Q2", narrative="Nội dung", actor=head)
    sent = report_submission_submit(submission=draft, actor=head)
    # when / then: the same person may not approve it; another head of the agency may
    with pytest.raises(PermissionDenied, match="không được tự duyệt"):
        report_submission_sign_off(submission=sent, actor=head)
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED
    assert report_submission_sign_off(submission=sent, actor=deputy).signed_off_by == deputy
