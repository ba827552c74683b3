"""Report pages: who may see and do what, tampering, query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from reports.models import CompiledKind, CompiledReport, ReportSubmission, SubmissionAttachment, SubmissionState
from reports.services import (
    compiled_report_build,
    report_submission_attach,
    report_submission_save,
    report_submission_submit,
)
from tests.factories import UserFactory

from .factories import office_staff, officer, quarterly_directive

pytestmark = pytest.mark.django_db
BUILD_DAY = datetime.date(2022, 7, 1)


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("report-views") / "media"


@pytest.fixture(autouse=True)
def media_root(settings, module_media):
    """The module's built files stay readable by every test (overrides the conftest's own)."""
    settings.MEDIA_ROOT = module_media
    return module_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, module_media):
    """Two agencies' report, a draft and a final compiled report — built once for the module
    (rendering the two PDFs is most of the module's time), rolled back after it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=module_media), transaction.atomic():
        directive, (agency, other) = quarterly_directive()
        stranger_directive, (stranger_agency,) = quarterly_directive(agencies=1)
        clerk = officer(agency)
        submission = report_submission_save(
            directive=directive, period_code="2022-Q2", narrative="Báo cáo riêng", actor=clerk
        )
        attachment = report_submission_attach(
            submission=submission, uploaded=SimpleUploadedFile("bb.pdf", b"%PDF-1.4 x"), actor=clerk
        )
        draft = compiled_report_build(actor=None, directive=directive, period_code="2022-Q2", today=BUILD_DAY)
        final = compiled_report_build(
            actor=None, directive=directive, period_code="2022-Q2", kind=CompiledKind.FINAL, today=BUILD_DAY
        )
        yield {
            "directive": directive,
            "agency": agency,
            "other": other,
            "clerk": clerk,
            "submission": submission,
            "attachment": attachment,
            "draft": draft,
            "final": final,
            "stranger": officer(stranger_agency),
            "neighbour": officer(other),
        }
        transaction.set_rollback(True)


def test_officer_of_another_agency_cannot_see_a_submission_or_its_file(client, world):
    client.force_login(world["neighbour"])  # works on the same directive, another agency
    assert client.get(reverse("reports:submission_detail", args=[world["submission"].pk])).status_code == 404
    assert client.get(reverse("reports:attachment_download", args=[world["attachment"].pk])).status_code == 404
    listing = client.get(reverse("reports:submission_list"))
    assert "Báo cáo riêng" not in listing.content.decode() and world["agency"].name not in listing.content.decode()


def test_own_officer_sees_and_downloads_the_submission(client, world):
    client.force_login(world["clerk"])
    page = client.get(reverse("reports:submission_detail", args=[world["submission"].pk]))
    assert "Báo cáo riêng" in page.content.decode()
    download = client.get(reverse("reports:attachment_download", args=[world["attachment"].pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"


def test_drafts_are_for_office_staff_and_finals_for_agencies_of_the_directive(client, world):
    draft_pdf = reverse("reports:compiled_download", args=[world["draft"].pk, "pdf"])
    final_pdf = reverse("reports:compiled_download", args=[world["final"].pk, "pdf"])
    client.force_login(world["clerk"])
    assert client.get(draft_pdf).status_code == 404
    assert client.get(reverse("reports:compiled_detail", args=[world["draft"].pk])).status_code == 404
    response = client.get(final_pdf)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world["stranger"])  # an agency with no work in this directive
    assert client.get(final_pdf).status_code == 404
    assert client.get(reverse("reports:compiled_download", args=[world["final"].pk, "xlsx"])).status_code == 404
    client.force_login(office_staff())
    assert client.get(draft_pdf).status_code == 200


def test_only_office_staff_build_publish_and_track(client, world):
    directive = world["directive"]
    build = reverse("reports:compiled_build", args=[directive.slug])
    publish = reverse("reports:compiled_publish", args=[world["draft"].pk])
    tracking = reverse("reports:submission_tracking", args=[directive.slug, "2022-Q2"])
    client.force_login(world["clerk"])
    assert client.post(build, {"period": "2022-Q3"}).status_code == 403
    assert client.post(publish).status_code == 403
    assert client.get(tracking).status_code == 403
    response = client.get(build, {"period": "2022-Q3"})  # no GET changes data: it shows the list
    assert response.status_code == 302 and response["Location"] == reverse("reports:compiled_list")
    assert CompiledReport.objects.count() == 2


def test_office_staff_build_a_draft_from_the_page(client, world):
    client.force_login(office_staff())
    response = client.post(reverse("reports:compiled_build", args=[world["directive"].slug]), {"period": "2022-Q1"})
    report = CompiledReport.objects.get(period="2022-Q1")
    assert response.url == report.get_absolute_url() and report.built_by is not None
    bad = client.post(
        reverse("reports:compiled_build", args=[world["directive"].slug]), {"period": "quý 5"}, follow=True
    )
    assert "không hợp lệ" in bad.content.decode()


def test_tracking_shows_late_and_missing_agencies(client, world):
    # given one agency that sent after the due day (10/6) and one that never sent
    ReportSubmission.objects.filter(pk=world["submission"].pk).update(
        state=SubmissionState.SUBMITTED, submitted_at=datetime.datetime(2022, 6, 12, 3, tzinfo=datetime.UTC)
    )
    client.force_login(office_staff())
    page = client.get(
        reverse("reports:submission_tracking", args=[world["directive"].slug, "2022-Q2"])
    ).content.decode()
    assert "Gửi muộn" in page and "Chưa gửi, đã quá hạn" in page
    assert world["agency"].name in page and world["other"].name in page


def test_submission_form_takes_the_agency_from_the_user_never_from_the_post(client, world):
    # given an officer who tampers with the form
    client.force_login(world["neighbour"])
    url = reverse("reports:submission_edit", args=[world["directive"].slug, "2022-Q2"])
    client.post(
        url, {"narrative": "Của đơn vị tôi", "agency": world["agency"].pk, "agency_id": world["agency"].pk, "save": "1"}
    )
    # then the report saved is the neighbour's own; the other agency's stays untouched
    assert ReportSubmission.objects.get(agency=world["other"]).narrative == "Của đơn vị tôi"
    assert ReportSubmission.objects.get(agency=world["agency"]).narrative == "Báo cáo riêng"


def test_submission_form_refuses_a_directive_the_agency_has_no_work_in(client, world):
    client.force_login(world["stranger"])
    url = reverse("reports:submission_edit", args=[world["directive"].slug, "2022-Q2"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"narrative": "x"}).status_code == 404


def test_submit_from_the_page_then_head_signs_off(client, world):
    client.force_login(world["clerk"])
    url = reverse("reports:submission_edit", args=[world["directive"].slug, "2022-Q2"])
    response = client.post(url, {"narrative": "Kết quả quý II", "submit": "1"})
    submission = ReportSubmission.objects.get(pk=world["submission"].pk)
    assert submission.state == SubmissionState.SUBMITTED and response.url == submission.get_absolute_url()
    head = officer(world["agency"], Role.AGENCY_HEAD)
    client.force_login(head)
    assert "Duyệt báo cáo" in client.get(submission.get_absolute_url()).content.decode()
    client.post(reverse("reports:submission_sign_off", args=[submission.pk]))
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SIGNED_OFF and submission.signed_off_by == head


def test_a_failed_submit_keeps_what_was_typed(client, world):
    client.force_login(world["clerk"])
    url = reverse("reports:submission_edit", args=[world["directive"].slug, "2022-Q2"])
    page = client.post(url, {"narrative": "Nội dung dài chưa xong", "attachment": SimpleUploadedFile("x.pdf", b"MZ..")})
    text = page.content.decode()
    assert page.status_code == 200 and "không phải PDF, Word (DOCX)" in text and "Nội dung dài chưa xong" in text


def test_neighbour_cannot_sign_off_another_agencys_report(client, world):
    report_submission_submit(submission=world["submission"], actor=world["clerk"])
    client.force_login(UserFactory(agency=world["other"], roles=[Role.AGENCY_HEAD]))
    assert client.post(reverse("reports:submission_sign_off", args=[world["submission"].pk])).status_code == 404


def _reports(n):
    directive, _members = quarterly_directive(agencies=1, tasks=1)
    for i in range(n):
        CompiledReport.objects.create(
            directive=directive,
            period=f"{2000 + i}",
            kind="draft",
            period_end=datetime.date(2000 + i, 12, 14),
            as_of=datetime.date(2000 + i, 12, 14),
            figures={"period": {"label": f"năm {2000 + i}"}, "totals": {"qua_han": 0}},
            built_at=datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC),
        )


@pytest.mark.parametrize("n", [5, 10])
def test_compiled_list_query_count_does_not_grow(client, django_assert_num_queries, n):
    before = CompiledReport.objects.count()  # the module's world may be loaded already
    _reports(n)
    client.force_login(office_staff())
    client.get(reverse("reports:compiled_list"))  # warm the session
    with django_assert_num_queries(10):
        response = client.get(reverse("reports:compiled_list"))
    assert len(response.context["page"].object_list) == before + n


@pytest.mark.parametrize("n", [5, 10])
def test_submission_list_query_count_does_not_grow(client, django_assert_num_queries, n):
    before = ReportSubmission.objects.count()
    directive, members = quarterly_directive(agencies=n, tasks=1)
    for agency in members:
        report_submission_save(directive=directive, period_code="2022-Q2", narrative="x", actor=officer(agency))
    client.force_login(office_staff())
    client.get(reverse("reports:submission_list"))
    with django_assert_num_queries(9):
        response = client.get(reverse("reports:submission_list"))
    assert len(response.context["page"].object_list) == before + n


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Quý I/2022", "2022-Q1"), ("I/2022", "2022-Q1"), ("6 tháng đầu năm 2022", "2022-H1"), ("năm 2022", "2022")],
)
def test_office_staff_build_with_the_period_as_people_write_it(client, world, typed, code):
    client.force_login(office_staff())
    response = client.post(reverse("reports:compiled_build", args=[world["directive"].slug]), {"period": typed})
    report = CompiledReport.objects.get(directive=world["directive"], period=code, kind=CompiledKind.DRAFT)
    assert response.status_code == 302 and response.url == report.get_absolute_url()


def test_a_refused_period_keeps_what_was_typed_and_names_the_plan(client, world):
    # given
    client.force_login(office_staff())
    before = CompiledReport.objects.count()
    directive = world["directive"]
    # when
    response = client.post(reverse("reports:compiled_build", args=[directive.slug]), {"period": "Quý V/2022"})
    # then: the list again, the typed value in the directive's own box, the plan named
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="period-{directive.pk}" name="period"' in html
    assert 'value="Quý V/2022"' in html
    assert f"{directive.get_kind_display()} {directive.number}: kỳ báo cáo “Quý V/2022” không hợp lệ" in html
    assert "Quý II/2022" in html  # an example of what would be read
    assert CompiledReport.objects.count() == before


def test_a_period_the_service_refuses_keeps_what_was_typed_and_names_the_plan(client, world):
    client.force_login(office_staff())
    directive = world["directive"]
    response = client.post(reverse("reports:compiled_build", args=[directive.slug]), {"period": "Quý IV/2099"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Quý IV/2099"' in html
    assert f"{directive.get_kind_display()} {directive.number}: Kỳ báo cáo chưa bắt đầu" in html


def _plan_02(agency, **kwargs):
    """A plan reporting quarterly before the 10th of each quarter's last month and yearly
    before 10/12 (as Kế hoạch thực hiện Nghị quyết 02/NQ-CP), with work for `agency` since 2026."""
    from directives.models import ReportingRule
    from tests.factories import AssignmentFactory, DirectiveFactory, TaskFactory

    directive = DirectiveFactory(issued_on=None, **kwargs)
    ReportingRule.objects.create(directive=directive, period="quarterly", day=10, month_of_quarter=3, position=0)
    ReportingRule.objects.create(directive=directive, period="annual", day=10, month=12, position=1)
    task = TaskFactory(directive=directive, due_on=datetime.date(2026, 12, 31))
    AssignmentFactory(task=task, agency=agency, assigned_on=datetime.date(2026, 1, 5))
    return directive


def test_the_agency_report_page_lists_every_report_due_or_overdue_oldest_first_with_its_due_day(client):
    import time_machine

    from tests.factories import AgencyFactory

    # given: today 01/12/2026; quý I/2026 sent, quý II saved as a draft, quý III never written
    agency = AgencyFactory()
    directive = _plan_02(agency, number="02/KH-UBND")
    clerk = officer(agency)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
        sent = report_submission_save(directive=directive, period_code="2026-Q1", narrative="Quý I", actor=clerk)
        report_submission_submit(submission=sent, actor=clerk)
        report_submission_save(directive=directive, period_code="2026-Q2", narrative="Đang soạn", actor=clerk)
        client.force_login(clerk)
        # when
        response = client.get(reverse("reports:submission_list"))
    # then
    owed = [(o.period.code, o.due_on, o.overdue, o.draft is not None) for o in response.context["owed"]]
    assert owed == [
        ("2026-Q2", datetime.date(2026, 6, 10), True, True),
        ("2026-Q3", datetime.date(2026, 9, 10), True, False),
        ("2026", datetime.date(2026, 12, 10), False, False),
        ("2026-Q4", datetime.date(2026, 12, 10), False, False),
    ]
    html = response.content.decode()
    assert "Quý IV năm 2026" in html and "10/12/2026" in html and "Quá hạn" in html
    assert "2027" not in html
    assert reverse("reports:submission_edit", args=[directive.slug, "2026-Q4"]) in html


@pytest.mark.parametrize("n", [3, 6])
def test_the_agency_report_page_query_count_does_not_grow_with_directives(client, django_assert_num_queries, n):
    import time_machine

    from tests.factories import AgencyFactory

    agency = AgencyFactory()
    for _ in range(n):
        _plan_02(agency)
    client.force_login(officer(agency))
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
        client.get(reverse("reports:submission_list"))
        with django_assert_num_queries(14):
            response = client.get(reverse("reports:submission_list"))
    assert len(response.context["owed"]) == 5 * n  # quý I, II, III overdue; quý IV and năm 2026 due


def test_get_on_publish_and_sign_off_goes_to_their_pages_and_changes_nothing(client, world):
    # given
    submission = world["submission"]
    ReportSubmission.objects.filter(pk=submission.pk).update(state=SubmissionState.SUBMITTED)
    head = officer(world["agency"], Role.AGENCY_HEAD)
    finals = CompiledReport.objects.filter(kind=CompiledKind.FINAL).count()
    # when: office staff reload the publish URL, the head reloads the sign-off URL
    client.force_login(office_staff())
    publish = client.get(reverse("reports:compiled_publish", args=[world["draft"].pk]))
    client.force_login(head)
    sign_off = client.get(reverse("reports:submission_sign_off", args=[submission.pk]))
    # then
    assert publish.status_code == 302 and publish["Location"] == world["draft"].get_absolute_url()
    assert sign_off.status_code == 302 and sign_off["Location"] == submission.get_absolute_url()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED and submission.signed_off_by is None
    assert CompiledReport.objects.filter(kind=CompiledKind.FINAL).count() == finals


def test_a_put_on_an_action_url_is_still_not_allowed(client, world):
    client.force_login(office_staff())
    response = client.put(reverse("reports:compiled_publish", args=[world["draft"].pk]))
    assert response.status_code == 405 and set(response["Allow"].split(", ")) == {"GET", "POST"}


HTML_BEHIND_A_PDF_HEADER = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>"


def test_an_attachment_named_html_with_a_pdf_header_is_refused_and_nothing_is_attached(client, world):
    client.force_login(world["clerk"])
    url = reverse("reports:submission_edit", args=[world["directive"].slug, "2022-Q2"])
    before = SubmissionAttachment.objects.count()
    page = client.post(
        url, {"narrative": "Có tệp", "attachment": SimpleUploadedFile("bao-cao.html", HTML_BEHIND_A_PDF_HEADER)}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "“bao-cao.html” có nội dung PDF nhưng tên không có đuôi .pdf" in text and "Có tệp" in text
    assert SubmissionAttachment.objects.count() == before


def test_an_attachment_is_served_as_the_type_its_bytes_proved_never_by_its_name(client, world):
    """A row kept from before names were checked: bao-cao.html whose bytes were sniffed as PDF."""
    from django.core.files.base import ContentFile

    # given
    attachment = world["attachment"]
    attachment.file.save("x", ContentFile(HTML_BEHIND_A_PDF_HEADER), save=False)
    SubmissionAttachment.objects.filter(pk=attachment.pk).update(
        original_name="bao-cao.html", content_type="application/pdf", file=attachment.file.name
    )
    client.force_login(world["clerk"])
    # when
    response = client.get(reverse("reports:attachment_download", args=[attachment.pk]))
    # then: a PDF download in a sandbox, under a name that says what it is
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.html.pdf"'
    assert b"".join(response.streaming_content) == HTML_BEHIND_A_PDF_HEADER
