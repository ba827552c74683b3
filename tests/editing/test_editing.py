"""Office staff enter and edit directives, tasks, deadlines, assignments and reporting rules."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from agencies.models import AgencyGroup
from directives import signals
from directives.deadlines import DeadlineKind
from directives.models import Assignment, AssignmentRole, Directive, DirectiveState, ReportingRule, Task
from directives.services.editing import task_assign, task_create, task_update
from directives.services.work import assignment_update_progress
from directives.status import Lifecycle
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="chuyenvien", agency=None, roles=[Role.OFFICE_STAFF])


@pytest.fixture
def group():
    group = AgencyGroup.objects.create(name="Các sở, ban, ngành")
    group.members.set(
        [
            AgencyFactory(name="Sở Nội vụ"),
            AgencyFactory(name="Sở Tư pháp"),
            AgencyFactory(name="Sở Đã giải thể", closed_on=datetime.date(2020, 1, 1)),
        ]
    )
    return group


def management_form(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_office_staff_create_a_directive_with_sections_and_a_quarterly_rule(client, staff):
    focal = AgencyFactory(name="Sở Kế hoạch và Đầu tư")
    client.force_login(staff)
    data = {
        "kind": "ke_hoach",
        "number": "46/KH-UBND",
        "issued_on": "2022-03-01",
        "issuer": "UBND tỉnh Lạng Sơn",
        "title": "Kế hoạch thực hiện Nghị quyết 11/NQ-CP",
        "focal_agency": focal.pk,
        **management_form("sections", total=1),
        "sections-0-ref": "II",
        "sections-0-title": "Nhiệm vụ, giải pháp",
        "sections-0-kind": "tasks",
        "sections-0-position": 1,
        **management_form("rules", total=1),
        "rules-0-period": "quarterly",
        "rules-0-day": 10,
        "rules-0-month_of_quarter": 3,
        "rules-0-position": 0,
    }
    response = client.post(reverse("directives:directive_create"), data)
    directive = Directive.objects.get(number="46/KH-UBND")
    assert response.status_code == 302 and response["Location"] == reverse(
        "directives:directive_edit", args=[directive.slug]
    )
    assert directive.created_by == staff and directive.focal_agency == focal
    assert directive.sections.get().ref == "II"
    assert directive.reporting_rules.get().describe() == "trước ngày 10 tháng thứ 3 của quý"
    assert directive.history.first().history_user == staff


def test_a_bad_rule_keeps_what_was_typed_and_says_why(client, staff):
    client.force_login(staff)
    data = {
        "kind": "ke_hoach",
        "number": "99/KH-UBND",
        "issuer": "UBND tỉnh",
        "title": "Trích yếu đã gõ",
        **management_form("sections"),
        **management_form("rules", total=1),
        "rules-0-period": "once",
        "rules-0-position": 0,
    }
    response = client.post(reverse("directives:directive_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Trích yếu đã gõ" in html and "Báo cáo một lần cần ngày hạn." in html
    assert not Directive.objects.exists()


def test_a_posted_focal_agency_that_does_not_exist_is_a_validation_error(client, staff):
    client.force_login(staff)
    data = {
        "kind": "ke_hoach",
        "title": "x",
        "issuer": "x",
        "focal_agency": 999999,
        **management_form("sections"),
        **management_form("rules"),
    }
    response = client.post(reverse("directives:directive_create"), data)
    assert response.status_code == 400 and "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_a_section_of_another_directive_cannot_be_edited_through_this_one(client, staff):
    mine, theirs = DirectiveFactory(), DirectiveFactory()
    foreign = theirs.sections.create(ref="I", title="Của văn bản khác")
    client.force_login(staff)
    data = {
        "kind": mine.kind,
        "title": mine.title,
        "issuer": mine.issuer,
        **management_form("sections", total=1, initial=1),
        "sections-0-id": foreign.pk,
        "sections-0-ref": "I",
        "sections-0-title": "Bị sửa",
        "sections-0-kind": "tasks",
        "sections-0-position": 0,
        **management_form("rules"),
    }
    response = client.post(reverse("directives:directive_edit", args=[mine.slug]), data)
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.title == "Của văn bản khác"


def test_task_with_a_quarter_deadline_given_to_a_group_expands_to_active_members(
    client, staff, group, django_capture_on_commit_callbacks
):
    directive = DirectiveFactory()
    lead = AgencyFactory(name="Sở Công Thương")
    client.force_login(staff)
    received = []
    signals.assignment_created.connect(lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("directives:task_create", args=[directive.slug]),
                {
                    "ref": "II.4.a",
                    "position": 1,
                    "content": "Xây dựng đề án",
                    "deadline_kind": "quarter",
                    "quarter": "Quý II/2022",
                    "leads": [f"a:{lead.pk}"],
                    "coordinators": [f"g:{group.pk}"],
                },
            )
    finally:
        signals.assignment_created.disconnect(dispatch_uid="t")
    assert response.status_code == 302
    task = Task.objects.get(ref="II.4.a")
    assert task.due_on == datetime.date(2022, 6, 30) and task.due_text == "trong quý II/2022"
    roles = {a.agency.name: (a.role, a.via_group_id, a.due_on) for a in task.assignments.select_related("agency")}
    assert roles == {
        "Sở Công Thương": (AssignmentRole.LEAD, None, datetime.date(2022, 6, 30)),
        "Sở Nội vụ": (AssignmentRole.COORDINATING, group.pk, datetime.date(2022, 6, 30)),
        "Sở Tư pháp": (AssignmentRole.COORDINATING, group.pk, datetime.date(2022, 6, 30)),
    }
    assert sorted(received[0]["assignment_ids"]) == sorted(a.pk for a in task.assignments.all())


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        (
            {"deadline_kind": "date", "due_on": "2022-04-15"},
            ("date", datetime.date(2022, 4, 15), "trước ngày 15/04/2022", ""),
        ),
        (
            {"deadline_kind": "recurring", "recurrence": "quarterly", "due_text": "định kỳ hằng quý"},
            ("recurring", None, "định kỳ hằng quý", "quarterly"),
        ),
        ({"deadline_kind": "ongoing"}, ("ongoing", None, "thường xuyên", "")),
        # a date typed while the kind stayed at its default "Không ghi thời hạn" decides the kind
        (
            {"deadline_kind": "none", "due_on": "2022-04-15"},
            ("date", datetime.date(2022, 4, 15), "trước ngày 15/04/2022", ""),
        ),
        (
            {"deadline_kind": "none", "quarter": "Quý III/2022"},
            ("quarter", datetime.date(2022, 9, 30), "trong quý III/2022", ""),
        ),
    ],
)
def test_deadlines_of_each_kind(client, staff, posted, expected):
    directive = DirectiveFactory()
    client.force_login(staff)
    response = client.post(
        reverse("directives:task_create", args=[directive.slug]),
        {"ref": "1", "position": 1, "content": "Nội dung", "unassigned_ok": "on", **posted},
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.deadline_kind, task.due_on, task.due_text, task.recurrence) == expected


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        # issue 12.11: never dropped — a date under a kind that carries none is refused, not cleared
        ({"deadline_kind": "ongoing", "due_on": "2022-04-15"}, "không mang ngày cụ thể; xóa ngày 15/04/2022"),
        ({"deadline_kind": "recurring", "recurrence": "annual", "due_on": "2022-04-15"}, "không mang ngày cụ thể"),
        # a deadline before the directive's issue date (01/03/2022)
        (
            {"deadline_kind": "date", "due_on": "2022-01-15"},
            "Thời hạn 15/01/2022 trước ngày ban hành văn bản (01/03/2022)",
        ),
        (
            {"deadline_kind": "date", "due_on": "2022-04-15", "recurrence": "annual"},
            "Chu kỳ chỉ dùng cho nhiệm vụ định kỳ",
        ),
    ],
)
def test_a_deadline_that_contradicts_itself_is_refused_and_what_was_typed_kept(client, staff, posted, message):
    directive = DirectiveFactory()
    client.force_login(staff)
    response = client.post(
        reverse("directives:task_create", args=[directive.slug]),
        {"ref": "1", "position": 1, "content": "Nội dung đã gõ", "unassigned_ok": "on", **posted},
    )
    html = response.content.decode()
    assert response.status_code == 400 and not Task.objects.exists()
    assert message in html and "Nội dung đã gõ" in html and posted["due_on"] in html


def test_a_task_without_an_agency_is_refused_unless_office_staff_keep_it_for_later(client, staff):
    directive = DirectiveFactory()
    client.force_login(staff)
    posted = {
        "ref": "1",
        "position": 1,
        "content": "Rà soát quy hoạch",
        "deadline_kind": "date",
        "due_on": "2022-12-31",
    }
    # when: no agency and no "chưa giao" choice
    response = client.post(reverse("directives:task_create", args=[directive.slug]), posted)
    # then: refused with the way out named, nothing saved
    assert response.status_code == 400 and not Task.objects.exists()
    assert "Chưa chọn cơ quan chủ trì" in response.content.decode()
    # when: saved explicitly as not yet given
    response = client.post(reverse("directives:task_create", args=[directive.slug]), {**posted, "unassigned_ok": "on"})
    assert response.status_code == 302
    # then: it waits in the "chưa giao việc" list of the tracking overview
    home = client.get(reverse("home")).content.decode()
    section = home[home.index('id="chua-giao-viec"') :]
    assert "Rà soát quy hoạch" in section.split("</section>")[0]


def test_a_bad_quarter_is_explained_and_the_text_kept(client, staff):
    directive = DirectiveFactory()
    client.force_login(staff)
    response = client.post(
        reverse("directives:task_create", args=[directive.slug]),
        {"ref": "1", "position": 1, "content": "Nội dung đã gõ", "deadline_kind": "quarter", "quarter": "quý 5"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Quý II/2022" in html and "Nội dung đã gõ" in html and "quý 5" in html


def test_a_section_of_another_directive_is_refused_on_a_task(client, staff):
    directive, other = DirectiveFactory(), DirectiveFactory()
    foreign = other.sections.create(ref="I", title="Khác")
    client.force_login(staff)
    response = client.post(
        reverse("directives:task_create", args=[directive.slug]),
        {"ref": "1", "position": 1, "content": "x", "deadline_kind": "none", "section": foreign.pk},
    )
    assert response.status_code == 400 and not Task.objects.exists()


def test_removing_an_agency_that_started_work_withdraws_it_and_keeps_history(staff):
    # given: two lead agencies; one has reported progress
    task = TaskFactory()
    started, untouched, newcomer = AgencyFactory(), AgencyFactory(), AgencyFactory()
    started_assignment = AssignmentFactory(task=task, agency=started)
    AssignmentFactory(task=task, agency=untouched)
    officer = UserFactory(agency=started, roles=[Role.OFFICER])
    assignment_update_progress(
        assignment=started_assignment, actor=officer, lifecycle=Lifecycle.IN_PROGRESS, percent=20, note="Đã bắt đầu"
    )
    # when: office staff give the task to the newcomer only
    task_assign(task=task, actor=staff, leads=[newcomer], coordinators=[])
    # then: the started one is withdrawn (kept), the untouched one deleted, the newcomer added
    rows = {a.agency_id: a.withdrawn_on for a in Assignment.objects.filter(task=task)}
    assert rows.keys() == {started.pk, newcomer.pk}
    assert rows[started.pk] is not None and rows[newcomer.pk] is None
    assert started_assignment.updates.count() == 1


def test_a_new_task_deadline_moves_open_assignments(staff):
    task = task_create(
        directive=DirectiveFactory(),
        actor=staff,
        values={
            "ref": "1",
            "position": 1,
            "content": "x",
            "deadline_kind": DeadlineKind.DATE,
            "due_on": datetime.date(2022, 6, 30),
            "due_text": "",
            "recurrence": "",
            "note": "",
            "section": None,
        },
        leads=[AgencyFactory()],
        coordinators=[],
    )
    task_update(
        task=task, actor=staff, values={"deadline_kind": DeadlineKind.DATE, "due_on": datetime.date(2022, 9, 30)}
    )
    assert list(task.assignments.values_list("due_on", flat=True)) == [datetime.date(2022, 9, 30)]
    history = task.assignments.get().history.first()
    assert history.history_user == staff and history.due_on == datetime.date(2022, 9, 30)


def test_office_staff_close_a_directive(client, staff):
    directive = DirectiveFactory()
    client.force_login(staff)
    response = client.post(reverse("directives:directive_close", args=[directive.slug]), {"closed_on": "2024-12-31"})
    directive.refresh_from_db()
    assert response.status_code == 302
    assert directive.state == DirectiveState.CLOSED and directive.closed_on == datetime.date(2024, 12, 31)


def test_edit_page_shows_history_with_vietnamese_field_names(client, staff):
    directive = DirectiveFactory(title="Trích yếu cũ")
    client.force_login(staff)
    data = {
        "kind": directive.kind,
        "number": directive.number,
        "title": "Trích yếu mới",
        "issuer": directive.issuer,
        **management_form("sections"),
        **management_form("rules"),
    }
    response = client.post(reverse("directives:directive_edit", args=[directive.slug]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    html = client.get(reverse("directives:directive_edit", args=[directive.slug])).content.decode()
    history = html[html.index('id="history"') :]
    assert "Trích yếu" in history and "Trích yếu cũ" in history and "Trích yếu mới" in history
    assert staff.full_name in history


EDIT_URLS = [
    ("get", "directive_create", None),
    ("post", "directive_create", None),
    ("get", "directive_edit", "slug"),
    ("post", "directive_edit", "slug"),
    ("post", "directive_close", "slug"),
    ("get", "task_create", "slug"),
    ("post", "task_create", "slug"),
    ("get", "task_edit", "task"),
    ("post", "task_edit", "task"),
]


@pytest.mark.parametrize(("method", "name", "arg"), EDIT_URLS)
@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEADER, Role.AGENCY_HEAD])
def test_only_office_staff_reach_the_editing_pages(client, method, name, arg, role):
    task = TaskFactory()
    args = {None: [], "slug": [task.directive.slug], "task": [task.pk]}[arg]
    client.force_login(UserFactory(roles=[role]))
    response = getattr(client, method)(
        reverse(f"directives:{name}", args=args),
        {"closed_on": "2024-01-01", "title": "Đổi", "ref": "ZZ-9", "content": "x"},
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.directive.state == DirectiveState.OPEN and task.ref != "ZZ-9"


@pytest.mark.parametrize(
    ("name", "arg"),
    [
        ("directive_create", None),
        ("directive_edit", "slug"),
        ("directive_close", "slug"),
        ("task_create", "slug"),
        ("task_edit", "task"),
    ],
)
def test_every_editing_post_needs_csrf(staff, name, arg):
    task = TaskFactory()
    args = {None: [], "slug": [task.directive.slug], "task": [task.pk]}[arg]
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(reverse(f"directives:{name}", args=args), {"closed_on": "2024-01-01"}).status_code == 403
    task.directive.refresh_from_db()
    assert task.directive.state == DirectiveState.OPEN


def test_get_on_close_goes_to_the_edit_page_and_changes_nothing(client, staff):
    directive = DirectiveFactory()
    client.force_login(staff)
    response = client.get(reverse("directives:directive_close", args=[directive.slug]), {"closed_on": "2024-01-01"})
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:directive_edit", args=[directive.slug])
    directive.refresh_from_db()
    assert directive.state == DirectiveState.OPEN and directive.closed_on is None


def test_unused_rule_model_is_importable():
    assert ReportingRule._meta.verbose_name == "quy định báo cáo"


def test_editing_an_existing_section_and_deleting_a_rule(client, staff):
    directive = DirectiveFactory()
    section = directive.sections.create(ref="I", title="Tiêu đề cũ")
    rule = directive.reporting_rules.create(period="annual", day=10, month=12)
    client.force_login(staff)
    data = {
        "kind": directive.kind,
        "number": directive.number,
        "title": directive.title,
        "issuer": directive.issuer,
        "issued_on": "2022-03-01",
        **management_form("sections", total=1, initial=1),
        "sections-0-id": section.pk,
        "sections-0-ref": "I",
        "sections-0-title": "Tiêu đề mới",
        "sections-0-kind": "tasks",
        "sections-0-position": 0,
        **management_form("rules", total=1, initial=1),
        "rules-0-id": rule.pk,
        "rules-0-period": "annual",
        "rules-0-day": 10,
        "rules-0-month": 12,
        "rules-0-position": 0,
        "rules-0-DELETE": "on",
    }
    response = client.post(reverse("directives:directive_edit", args=[directive.slug]), data)
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.title == "Tiêu đề mới" and section.history.first().history_user == staff
    assert not directive.reporting_rules.exists()


def test_a_title_of_10000_characters_is_refused_with_the_limit_stated(client, staff):
    """Issue 12.16: the trích yếu limit (the model field's validator) on the editing form."""
    client.force_login(staff)
    data = {
        "kind": "ke_hoach",
        "number": "99/KH-UBND",
        "title": "Trích yếu " + "x" * 10_000,
        "issuer": "UBND tỉnh Lạng Sơn",
        **management_form("sections"),
        **management_form("rules"),
    }
    response = client.post(reverse("directives:directive_create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "tối đa 1000" in html  # Django's own message: "Giá trị này chỉ có tối đa 1000 kí tự (hiện có …)"
    assert "99/KH-UBND" in html  # what was typed stays
    assert not Directive.objects.filter(number="99/KH-UBND").exists()


def test_the_database_holds_the_title_limit_too():
    from django.db import IntegrityError, transaction

    from directives.models.directive import TITLE_MAX_LENGTH

    DirectiveFactory(title="x" * TITLE_MAX_LENGTH)
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveFactory(title="x" * (TITLE_MAX_LENGTH + 1))
