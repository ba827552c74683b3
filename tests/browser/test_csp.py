"""In headless Chromium, the main pages of each role load under the strict
Content-Security-Policy with no violation: nothing inline is refused (issue 12.4)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from directives.models import Indicator, ReportingRule
from tests.factories import AgencyFactory, AssignmentFactory, DirectiveFactory, TaskFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def portal(db):
    agency = AgencyFactory(code="so-khdt", name="Sở Kế hoạch và Đầu tư", short_name="Sở KH&ĐT")
    directive = DirectiveFactory(slug="kh-46", number="46/KH-UBND", title="Kế hoạch thực hiện Nghị quyết 11/NQ-CP")
    ReportingRule.objects.create(directive=directive, period="quarterly", day=10, month_of_quarter=3)
    task = TaskFactory(directive=directive, ref="II.4.a", due_on=datetime.date(2026, 12, 31), due_text="")
    assignment = AssignmentFactory(task=task, agency=agency)
    indicator = Indicator.objects.create(directive=directive, code="PCI-1", name="Tiếp cận đất đai", group="PCI")
    UserFactory(username="canbo.khdt", agency=agency, roles=[Role.OFFICER])
    UserFactory(username="chuyenvien", agency=None, roles=[Role.OFFICE_STAFF])
    UserFactory(username="lanhdao", agency=None, roles=[Role.LEADER])
    UserFactory(username="quantri", agency=None, roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    return {"agency": agency, "directive": directive, "task": task, "assignment": assignment, "indicator": indicator}


def _pages(portal):
    d, t, a = portal["directive"], portal["task"], portal["assignment"]
    return {
        "canbo.khdt": [
            reverse("home"),
            a.get_absolute_url(),
            reverse("directives:task_detail", args=[t.pk]),
            d.get_absolute_url(),
            reverse("directives:assignment_list"),
            reverse("reports:submission_list"),
            reverse("reports:submission_edit", args=[d.slug, "2026-Q4"]),
            reverse("dashboards:agency", args=[portal["agency"].code]),
            reverse("notifications:preferences"),
        ],
        "chuyenvien": [
            reverse("home"),
            reverse("directives:directive_list"),
            reverse("directives:task_list"),
            reverse("directives:directive_edit", args=[d.slug]),
            reverse("directives:task_edit", args=[t.pk]),
            reverse("directives:import"),
            reverse("importer:upload"),
            reverse("agencies:list"),
            reverse("agencies:detail", args=[portal["agency"].code]),
            reverse("reports:compiled_list"),
            reverse("dashboards:indicator_value", args=[portal["indicator"].pk]),
        ],
        "lanhdao": [
            reverse("dashboards:province"),
            reverse("dashboards:scorecard"),
            reverse("dashboards:directive", args=[d.slug]),
            reverse("dashboards:indicators"),
        ],
        "quantri": [reverse("admin:index"), reverse("admin:directives_task_changelist")],
    }


HEADER_DISPLAY = (
    "(() => { const h = document.querySelector('.site-header'); return h && getComputedStyle(h).display })()"
)


def _visit(page, url, problems):
    response = page.goto(url, wait_until="load")
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"], url
    problems.extend(f"{url}: {v}" for v in page.evaluate("window.__cspViolations"))
    # the portal's pages are laid out by static/css/portal.css (allowed as 'self'), not unstyled
    if "/quan-tri/" not in url:
        assert page.evaluate(HEADER_DISPLAY) == "flex", url


def test_main_pages_log_no_csp_violation(page, live_server, browser_login, portal):
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(LISTEN)
    problems = []
    _visit(page, f"{live_server.url}{reverse('accounts:login')}", problems)
    for username, urls in _pages(portal).items():
        page.context.clear_cookies()
        browser_login(username)
        for url in urls:
            _visit(page, f"{live_server.url}{url}", problems)
    assert problems == [] and console == []

    # and the listener would have seen one: an inline style attribute is refused
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__cspViolations.length") >= 1
    assert any("Content Security Policy" in text for text in console)
