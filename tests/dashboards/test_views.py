"""Dashboard pages: who sees what, fixed query counts, and never a stale figure after a write."""

import datetime
import decimal
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from dashboards.caching import data_version
from directives.models import Assignment, Directive, Indicator, IndicatorValue
from directives.status import Lifecycle
from tests.dashboards.conftest import build_province, python_counts
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, UserFactory

pytestmark = pytest.mark.django_db


def _figure(html: str, status: str) -> int:
    """The first figure linked to a list of `status` on the page."""
    match = re.search(rf'status={status}[^"]*" class="figure[^"]*" data-count="(\d+)"', html)
    assert match, status
    return int(match.group(1))


# --- permissions -------------------------------------------------------------------------


def test_leader_sees_the_province_dashboard_with_python_counts(client, province, leader):
    # given
    client.force_login(leader)
    # when
    response = client.get(reverse("dashboards:province"))
    # then
    html = response.content.decode()
    expected = python_counts(province["today"])
    assert response.status_code == 200
    assert _figure(html, "qua_han") == expected["qua_han"]
    assert "Đang thực hiện quá hạn" in html and "<svg" in html and "<caption>" in html


def test_province_dashboard_as_of_a_past_day(client, province, leader):
    client.force_login(leader)
    day = province["today"] - datetime.timedelta(days=150)
    html = client.get(reverse("dashboards:province"), {"as_of": day.isoformat()}).content.decode()
    assert _figure(html, "dung_han") == python_counts(day)["dung_han"]
    assert day.strftime("%d/%m/%Y") in html


def test_a_future_as_of_day_is_refused_with_a_message_and_today_is_shown(client, province, leader):
    client.force_login(leader)
    future = province["today"] + datetime.timedelta(days=5)
    html = client.get(reverse("dashboards:province"), {"as_of": future.isoformat()}).content.decode()
    assert "không xem ngày trong tương lai" in html
    assert province["today"].strftime("%d/%m/%Y") in html


def test_officer_is_sent_from_the_province_dashboard_to_their_own_agency(client, province):
    officer = UserFactory(roles=[Role.OFFICER], agency=province["agencies"][1])
    client.force_login(officer)
    response = client.get(reverse("dashboards:province"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:agency", args=[officer.agency.code])


def test_officer_scorecard_shows_only_their_own_agency(client, province):
    # given
    own, other = province["agencies"][1], province["agencies"][0]
    client.force_login(UserFactory(roles=[Role.OFFICER], agency=own))
    # when
    html = client.get(reverse("dashboards:scorecard")).content.decode()
    # then
    assert f"/bang-dieu-khien/co-quan/{own.code}/" in html
    assert f"/bang-dieu-khien/co-quan/{other.code}/" not in html


@pytest.mark.parametrize("role", [Role.OFFICER, Role.AGENCY_HEAD])
def test_officer_cannot_tamper_with_the_agency_of_a_scorecard(client, province, role):
    own, other = province["agencies"][1], province["agencies"][0]
    client.force_login(UserFactory(roles=[role], agency=own))
    assert client.get(reverse("dashboards:scorecard"), {"agency": other.code}).status_code == 403
    assert client.get(reverse("dashboards:agency", args=[other.code])).status_code == 404
    assert client.get(reverse("dashboards:agency", args=[own.code])).status_code == 200
    assert client.get(reverse("dashboards:directive", args=[province["directives"][0].slug])).status_code == 403


def test_officer_own_agency_page_counts_equal_python_counts(client, province):
    own = province["agencies"][0]
    client.force_login(UserFactory(roles=[Role.OFFICER], agency=own))
    html = client.get(reverse("dashboards:agency", args=[own.code])).content.decode()
    assert _figure(html, "qua_han") == python_counts(province["today"], agency=own)["qua_han"]


def test_leader_scorecard_can_narrow_to_one_agency(client, province, leader):
    client.force_login(leader)
    html = client.get(reverse("dashboards:scorecard"), {"agency": "huyen-c"}).content.decode()
    assert "/bang-dieu-khien/co-quan/huyen-c/" in html and "/bang-dieu-khien/co-quan/so-b/" not in html
    assert client.get(reverse("dashboards:scorecard"), {"agency": "khong-co"}).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client):
    for name, args in [("province", []), ("scorecard", []), ("indicators", []), ("agency", ["so-a"])]:
        response = client.get(reverse(f"dashboards:{name}", args=args))
        assert response.status_code == 302 and "dang-nhap" in response["Location"]


# --- query counts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args",
    [("province", []), ("scorecard", []), ("agency", ["so-a"]), ("directive", ["kh-mot"]), ("indicators", [])],
)
def test_each_dashboard_runs_the_same_number_of_queries_at_n_and_2n_rows(
    client, leader, name, args, django_assert_num_queries
):
    # given: N rows
    build_province(seed=1, tasks_per_directive=4)
    client.force_login(leader)
    url = reverse(f"dashboards:{name}", args=args)
    client.get(url)  # session, groups and caches warmed the same way for both runs
    cache.clear()
    with CaptureQueriesContext(connection) as at_n:
        client.get(url)
    # when: twice as many rows (new tasks in the same directives, same agencies)
    for assignment in list(Assignment.objects.select_related("task")):
        task = assignment.task
        task.pk, task.ref = None, f"{task.ref}-b{assignment.pk}"
        task.save()
        AssignmentFactory(
            task=task,
            agency=assignment.agency,
            holder=assignment.holder,
            due_on=assignment.due_on,
            lifecycle=assignment.lifecycle,
            completed_on=assignment.completed_on,
            assigned_on=assignment.assigned_on,
        )
    cache.clear()
    # then
    with django_assert_num_queries(len(at_n)):
        response = client.get(url)
    assert response.status_code == 200
    # +2 on 16: the header's unread count and the unanswered directions per agency
    assert len(at_n) <= 18, [q["sql"][:120] for q in at_n.captured_queries]


# --- cache -------------------------------------------------------------------------------


def test_a_cached_dashboard_is_never_stale_after_a_write(client, province, leader):
    # given: the dashboard seen once (now cached)
    client.force_login(leader)
    url = reverse("dashboards:province")
    first = _figure(client.get(url).content.decode(), "trong_han")
    with CaptureQueriesContext(connection) as queries:
        assert _figure(client.get(url).content.decode(), "trong_han") == first
    assert not [q for q in queries.captured_queries if "directives_assignment" in q["sql"]]  # served from the cache
    version = data_version()
    # when: a user saves new work due in a month
    AssignmentFactory(
        agency=province["agencies"][0],
        assigned_on=province["today"],
        due_on=province["today"] + datetime.timedelta(days=30),
        lifecycle=Lifecycle.IN_PROGRESS,
        task__due_on=province["today"] + datetime.timedelta(days=30),
    )
    # then
    assert data_version() > version
    assert _figure(client.get(url).content.decode(), "trong_han") == first + 1


def test_deleting_or_saving_an_indicator_value_bumps_the_data_version(db, office):
    indicator = Indicator.objects.create(
        directive=DirectiveFactory(), code="PCI-1", name="Tiếp cận đất đai", group="PCI"
    )
    before = data_version()
    value = IndicatorValue.objects.create(indicator=indicator, year=2023, value=decimal.Decimal("6.5"), source="VCCI")
    middle = data_version()
    value.delete()
    assert before < middle < data_version()


# --- indicators --------------------------------------------------------------------------


@pytest.fixture
def indicator(db):
    focal = AgencyFactory(code="skhdt", short_name="Sở KH&ĐT")
    return Indicator.objects.create(
        directive=DirectiveFactory(slug="kh-pci"),
        code="PCI-DD",
        name="Tiếp cận đất đai",
        group="PCI",
        focal_agency=focal,
        baseline=decimal.Decimal("6.42"),
        baseline_year=2022,
        target=decimal.Decimal("7.2"),
        target_year=2023,
    )


def test_indicator_board_shows_baseline_target_actual_and_focal_agency(client, leader, indicator):
    IndicatorValue.objects.create(
        indicator=indicator, year=2023, value=decimal.Decimal("7.31"), source="PCI 2023, VCCI"
    )
    client.force_login(leader)
    html = client.get(reverse("dashboards:indicators"), {"group": "PCI"}).content.decode()
    assert "Tiếp cận đất đai" in html and "6,42" in html and "7,2" in html and "7,31" in html
    assert "đạt mục tiêu" in html and "Sở KH&amp;ĐT" in html and "PCI 2023, VCCI" in html
    assert "Nhập giá trị" not in html  # leaders read, office staff enter


def test_office_staff_enter_a_yearly_value_with_its_source(client, office, indicator):
    client.force_login(office)
    url = reverse("dashboards:indicator_value", args=[indicator.pk])
    response = client.post(url, {"year": 2023, "value": "7,31", "source": "Báo cáo PCI 2023 (VCCI)"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, year=2023)
    assert value.value == decimal.Decimal("7.31") and value.entered_by == office
    # a second entry for the year corrects the first, history keeps the old one
    client.post(url, {"year": 2023, "value": "7.35", "source": "VCCI, bản đính chính"})
    value.refresh_from_db()
    assert value.value == decimal.Decimal("7.35") and value.history.count() == 2


def test_bad_indicator_value_gets_a_vietnamese_message_and_keeps_what_was_typed(client, office, indicator):
    client.force_login(office)
    url = reverse("dashboards:indicator_value", args=[indicator.pk])
    html = client.post(url, {"year": 2999, "value": "7.1", "source": "Nguồn đã gõ"}).content.decode()
    assert "Chưa thể có số liệu thực tế của năm 2999" in html
    assert 'value="Nguồn đã gõ"' in html
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.AGENCY_HEAD, Role.LEADER])
def test_only_office_staff_may_enter_indicator_values(client, indicator, role):
    # given: the focal agency's own officer, tampering with the form
    user = UserFactory(roles=[role], agency=indicator.focal_agency)
    client.force_login(user)
    url = reverse("dashboards:indicator_value", args=[indicator.pk])
    # when
    response = client.post(url, {"year": 2023, "value": "9", "source": "x", "indicator": indicator.pk, "entered_by": 1})
    # then
    assert response.status_code == 403
    assert client.get(url).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_indicator_value_service_refuses_non_office_staff(indicator):
    from django.core.exceptions import PermissionDenied

    from dashboards.services import indicator_value_set

    with pytest.raises(PermissionDenied):
        indicator_value_set(
            indicator=indicator, year=2023, value=decimal.Decimal(1), source="x", actor=UserFactory(roles=[Role.LEADER])
        )
    assert not IndicatorValue.objects.exists()


def test_indicator_value_form_needs_csrf(office, indicator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(office)
    response = client.post(
        reverse("dashboards:indicator_value", args=[indicator.pk]), {"year": 2023, "value": "7", "source": "x"}
    )
    assert response.status_code == 403 and not IndicatorValue.objects.exists()


def test_nav_links_to_the_dashboard_for_leaders_only(client, province, leader):
    client.force_login(leader)
    leader_home = client.get(reverse("home"), follow=True)
    assert leader_home.redirect_chain[-1][0] == reverse("dashboards:province")  # leaders land on it
    assert f'href="{reverse("dashboards:province")}"' in leader_home.content.decode()
    client.force_login(UserFactory(roles=[Role.OFFICER], agency=province["agencies"][0]))
    assert reverse("dashboards:province") not in client.get(reverse("home")).content.decode()


def test_chart_coordinates_are_not_written_with_the_vietnamese_decimal_comma(client, province, leader):
    """The page speaks Vietnamese (7,5) but SVG geometry needs a decimal point."""
    client.force_login(leader)
    html = client.get(reverse("dashboards:province")).content.decode()
    svg = html[html.index("<svg viewBox") :]
    assert not re.search(r'(?:x|y|width|height)="\d+,\d', svg)
    assert re.search(r'<rect x="\d+(\.\d+)?" y="\d+(\.\d+)?"', svg)


def test_an_officer_sees_only_the_indicators_and_directive_choices_of_directives_they_work_on(
    client, province, indicator
):
    """Issue 12.8: the agency dashboard's directive picker and the indicators board show an
    officer only what their pages would show them."""
    # given: an officer of Sở B, which works on neither the PCI plan nor (say) "kh-hai"
    agency = next(a for a in province["agencies"] if a.code == "so-b")
    officer = UserFactory(agency=agency, roles=[Role.OFFICER])
    visible = set(Directive.objects.visible_to(officer).values_list("slug", flat=True))
    assert "kh-pci" not in visible
    client.force_login(officer)
    # when: they open their agency's dashboard and the indicators board
    html = client.get(reverse("dashboards:agency", args=[agency.code])).content.decode()
    board = client.get(reverse("dashboards:indicators")).content.decode()
    # then: the picker offers only their directives; the PCI indicator is not shown
    offered = set(re.findall(r'<option value="(kh-[a-z0-9-]+)"', html))
    assert offered == visible
    assert "Tiếp cận đất đai" not in board
    # while a leader sees the indicator
    client.force_login(UserFactory(agency=None, roles=[Role.LEADER]))
    assert "Tiếp cận đất đai" in client.get(reverse("dashboards:indicators")).content.decode()
