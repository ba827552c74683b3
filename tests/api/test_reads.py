"""The API's reads give the portal's own numbers: the dashboards' figures, the exchange
export, agencies and groups as they stood on a day, indicators with their yearly values."""

import datetime

import pytest

from agencies.models import AgencyGroup
from dashboards import selectors as figures
from directives.exchange import export_directives
from directives.models import Directive, Indicator, IndicatorValue, ReportingRule
from tests.factories import AgencyFactory

from .conftest import client_for


@pytest.mark.django_db
def test_province_figures_and_the_scorecard_are_the_dashboards_numbers(world):
    # given
    day = datetime.date(2031, 1, 15)  # after every deadline of the world: all overdue
    scope = figures.Scope(as_of=day)
    expected = figures.province_figures(scope)
    # when
    body = client_for(world.tokens["system_read"]).get("/api/v1/figures/province/", {"as_of": day}).json()
    rows = client_for(world.tokens["leader"]).get("/api/v1/figures/scorecard/", {"as_of": day}).json()
    # then
    assert body["as_of"] == "2031-01-15" and body["now"]["total"] == expected.now.total.count == 4
    assert {c["category"]: c["count"] for c in body["now"]["categories"]} == {
        category.value: figure.count for category, figure in expected.now.categories
    }
    assert len(body["trend"]) == 12 and body["trend"][-1] == body["now"]
    assert [r["code"] for r in body["backlog"]] == [r.code for r in expected.backlog]
    assert {r["code"]: r["overdue"] for r in rows} == {r.code: r.overdue.count for r in figures.scorecard(scope)}


@pytest.mark.django_db
def test_an_officer_sees_the_scorecard_of_their_own_agency_only(world):
    client = client_for(world.tokens["lead"])
    assert [r["code"] for r in client.get("/api/v1/figures/scorecard/").json()] == ["so-a"]
    refused = client.get("/api/v1/figures/scorecard/", {"agency": "so-f"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert client.get("/api/v1/figures/province/").status_code == 403


@pytest.mark.django_db
def test_format_exchange_is_the_export_of_the_exchange_format_for_those_who_see_everything(world):
    staff, officer = client_for(world.tokens["office_staff"]), client_for(world.tokens["lead"])
    body = staff.get("/api/v1/directives/kh-a/", {"format": "exchange"}).json()
    assert body == export_directives(Directive.objects.filter(slug="kh-a"))
    # the exchange names every agency of the directive: not for an officer, who reads the detail
    assert officer.get("/api/v1/directives/kh-a/", {"format": "exchange"}).status_code == 403
    detail = officer.get("/api/v1/directives/kh-a/").json()
    assert [t["id"] for t in detail["tasks"]] == [world.task.pk]


@pytest.mark.django_db
def test_agencies_and_groups_as_of_a_day(world):
    closed = AgencyFactory(code="so-cu", name="Sở Cũ", closed_on=datetime.date(2025, 3, 1), successor=world.lead_agency)
    group = AgencyGroup.objects.create(name="các sở, ban, ngành")
    group.members.add(closed, world.lead_agency)
    client = client_for(world.tokens["lead"])

    def codes(url, day):
        return [row for row in client.get(url, {"as_of": day, "page_size": 100}).json()["results"]]

    before = [a["code"] for a in codes("/api/v1/agencies/", "2025-02-28")]
    after = [a["code"] for a in codes("/api/v1/agencies/", "2025-03-01")]
    assert "so-cu" in before and "so-cu" not in after
    assert codes("/api/v1/groups/", "2025-02-28")[0]["members"] == ["so-a", "so-cu"]
    assert codes("/api/v1/groups/", "2025-03-01")[0]["members"] == ["so-a"]
    one = client.get("/api/v1/agencies/so-cu/").json()
    assert one["successor"] == "so-a" and one["closed_on"] == "2025-03-01" and one["groups"] == ["các sở, ban, ngành"]


@pytest.mark.django_db
def test_indicators_with_their_yearly_values_and_the_calendar(world):
    indicator = Indicator.objects.create(
        directive=world.directive, code="PCI-1", name="Tiếp cận đất đai", group="pci", target=7.2, target_year=2023
    )
    for year, value in ((2022, "6.42"), (2023, "7.05")):
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value, source="Báo cáo PCI")
    ReportingRule.objects.create(directive=world.directive, period="once", due_on=datetime.date(2030, 6, 20))
    client = client_for(world.tokens["lead"])
    row = client.get(f"/api/v1/indicators/{indicator.pk}/").json()
    assert row["target"] == 7.2 and [(v["year"], v["value"]) for v in row["values"]] == [(2022, 6.42), (2023, 7.05)]
    assert client_for(world.tokens["officer_other"]).get(f"/api/v1/indicators/{indicator.pk}/").status_code == 404
    calendar = client.get("/api/v1/calendar/", {"date_from": "2030-06-01", "date_to": "2030-06-30"}).json()
    assert calendar["deadlines"] == [{"day": "2030-06-30", "count": 2}]  # the lead's and the coordinator's
    assert [(d["day"], d["directive"]) for d in calendar["report_days"]] == [("2030-06-20", "kh-a")]
    too_long = client.get("/api/v1/calendar/", {"date_from": "2030-01-01", "date_to": "2031-06-30"})
    assert too_long.status_code == 400 and "date_to" in too_long.json()["fields"]
