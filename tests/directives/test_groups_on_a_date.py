"""Groups bind the members active on the directive's date; an empty group is refused with the
group to use instead — through the JSON import, the task form and the importer's review (issue 11)."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from agencies.models import AgencyGroup
from agencies.services import agency_registry_load
from directives.exchange import ImportProblems
from directives.models import Assignment, AssignmentRole, Directive
from directives.services.imports import directives_import
from importer.services import directive_import_reviewed
from tests.factories import DirectiveFactory, UserFactory

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Nhóm “UBND các huyện, thành phố” không còn cơ quan nào hoạt động vào ngày 20/11/2026 (ngày của văn bản). "
    "Hãy giao cho nhóm “UBND các xã, phường”."
)


@pytest.fixture
def registry(db):
    data = json.loads((Path(settings.BASE_DIR) / "fixtures" / "agencies.json").read_text(encoding="utf-8"))
    agency_registry_load(data=data)


@pytest.fixture
def staff(db):
    return UserFactory(username="chuyenvien", agency=None, roles=[Role.OFFICE_STAFF])


def plan(slug, issued_on, tasks):
    return {
        "format": "langson-directives",
        "version": 1,
        "directives": [
            {
                "slug": slug,
                "kind": "ke_hoach",
                "number": "99/KH-UBND",
                "issued_on": issued_on,
                "title": "Kế hoạch thử",
                "tasks": tasks,
            }
        ],
    }


def task(ref, lead, coordinating=(), due="2026-12-31"):
    return {
        "ref": ref,
        "content": f"Nhiệm vụ {ref}",
        "lead": list(lead),
        "coordinating": list(coordinating),
        "deadline_kind": "date",
        "due": due,
    }


def test_json_import_of_2026_binds_the_65_communes_and_todays_departments(registry, staff):
    # when
    directives_import(
        payload=plan("kh-2026", "2026-11-20", [task("1", ["UBND các xã, phường"], ["các sở, ban, ngành"])]),
        actor=staff,
    )
    # then
    rows = Assignment.objects.filter(task__directive__slug="kh-2026").select_related("agency", "holder")
    leads = [a for a in rows if a.role == AssignmentRole.LEAD]
    coordinators = {a.agency.code for a in rows if a.role == AssignmentRole.COORDINATING}
    assert len(leads) == 65
    assert {a.agency.kind for a in leads} == {"commune"}
    assert {"SNNMT", "SDTTG"} <= coordinators
    assert not coordinators & {"SKHDT", "SNNPTNT", "STNMT", "SGTVT", "STTTT", "SLDTBXH", "BDT"}
    assert not [a for a in rows if a.holder.closed_on and a.holder.closed_on <= datetime.date(2026, 11, 20)]
    assert {a.assigned_on for a in rows} == {datetime.date(2026, 11, 20)}


def test_json_import_of_2022_binds_the_2022_departments(registry):
    directives_import(
        payload=plan("kh-2022", "2022-06-01", [task("1", ["các sở, ban, ngành"], due="2022-12-31")]), actor=None
    )
    named = set(Assignment.objects.filter(task__directive__slug="kh-2022").values_list("agency__code", flat=True))
    assert "SKHDT" in named and "SNNMT" not in named
    # the closed department's work is held by its successor today; the named agency stays
    skhdt = Assignment.objects.get(task__directive__slug="kh-2022", agency__code="SKHDT")
    assert skhdt.holder.code == "STC"


def test_json_import_refuses_a_2026_task_for_the_districts_and_saves_nothing(registry):
    with pytest.raises(ImportProblems) as error:
        directives_import(payload=plan("kh-2026", "2026-11-20", [task("1", ["UBND các huyện, thành phố"])]), actor=None)
    assert any(REFUSAL in problem for problem in error.value.problems)
    assert not Directive.objects.filter(slug="kh-2026").exists()


def test_json_import_refuses_new_work_for_a_closed_district_named_alone(registry):
    with pytest.raises(ImportProblems) as error:
        directives_import(payload=plan("kh-2026", "2026-11-20", [task("1", ["UBND huyện Hữu Lũng"])]), actor=None)
    assert "đã chấm dứt hoạt động từ ngày 01/07/2025 và không có đơn vị kế thừa" in error.value.problems[0]


def test_task_form_refuses_the_districts_and_keeps_what_was_typed_then_accepts_the_communes(registry, staff):
    client = Client()
    client.force_login(staff)
    directive = DirectiveFactory(slug="kh-2026", issued_on=datetime.date(2026, 11, 20))
    districts = AgencyGroup.objects.get(name="UBND các huyện, thành phố")
    communes = AgencyGroup.objects.get(name="UBND các xã, phường")
    form = {
        "ref": "1",
        "position": 1,
        "content": "Rà soát thủ tục cấp xã",
        "deadline_kind": "date",
        "due_on": "2026-12-31",
        "due_text": "",
        "note": "",
        "recurrence": "",
        "quarter": "",
    }
    url = reverse("directives:task_create", kwargs={"slug": directive.slug})
    # when: the districts' group
    response = client.post(url, {**form, "leads": [f"g:{districts.pk}"]})
    # then: refused with the message, what was typed kept, nothing saved
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert "Rà soát thủ tục cấp xã" in response.content.decode()
    assert not directive.tasks.exists()
    # when: the communes' group
    response = client.post(url, {**form, "leads": [f"g:{communes.pk}"]})
    # then
    assert response.status_code == 302
    assert Assignment.objects.filter(task__directive=directive, role=AssignmentRole.LEAD).count() == 65


def test_importer_review_refuses_the_districts_with_the_message(registry, staff):
    directive = plan("kh-2026-nhap", "2026-11-20", [task("1", ["UBND các huyện, thành phố"])])["directives"][0]
    with pytest.raises(ImportProblems) as error:
        directive_import_reviewed(directive=directive, new_agencies=[], actor=staff)
    assert any(REFUSAL in problem for problem in error.value.problems)
    assert not Directive.objects.filter(slug="kh-2026-nhap").exists()


def test_importer_review_page_shows_the_refusal(registry, staff):
    client = Client()
    client.force_login(staff)
    data = {
        "slug": "kh-2026-trang",
        "kind": "ke_hoach",
        "number": "1/KH-UBND",
        "issued_on": "20/11/2026",
        "issued_text": "",
        "issuer": "UBND tỉnh Lạng Sơn",
        "title": "Kế hoạch thử",
        "signer": "",
        "signer_title": "",
        "implements": "",
        "recipients": "",
        "focal_agency": "",
        "uncertain": "",
        "source": "",
        "rule-TOTAL_FORMS": 0,
        "rule-INITIAL_FORMS": 0,
        "indicator-TOTAL_FORMS": 0,
        "indicator-INITIAL_FORMS": 0,
        "section-TOTAL_FORMS": 0,
        "section-INITIAL_FORMS": 0,
        "task-TOTAL_FORMS": 1,
        "task-INITIAL_FORMS": 0,
        "task-0-ref": "1",
        "task-0-content": "Rà soát",
        "task-0-lead": "UBND các huyện, thành phố",
        "task-0-coordinating": "",
        "task-0-deadline_kind": "date",
        "task-0-due": "31/12/2026",
        "agency-TOTAL_FORMS": 0,
        "agency-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("importer:save"), data)
    assert REFUSAL in response.content.decode()
    assert not Directive.objects.filter(slug="kh-2026-trang").exists()


def test_excel_import_refuses_the_districts_and_binds_the_communes(registry):
    from directives.services.imports import payload_from_file
    from directives.spreadsheet import workbook_from_payload

    refused = workbook_from_payload(plan("kh-2026-x", "2026-11-20", [task("1", ["UBND các huyện, thành phố"])]))
    with pytest.raises(ImportProblems) as error:
        directives_import(payload=payload_from_file(name="kh.xlsx", data=refused), actor=None)
    assert any(REFUSAL in problem for problem in error.value.problems)
    accepted = workbook_from_payload(plan("kh-2026-x", "2026-11-20", [task("1", ["UBND các xã, phường"])]))
    directives_import(payload=payload_from_file(name="kh.xlsx", data=accepted), actor=None)
    assert Assignment.objects.filter(task__directive__slug="kh-2026-x").count() == 65
