"""Sam the supervisor watches the city's figures: the page is accessible, refreshes itself every minute
while the tab is visible (not while it is hidden), and a figure leads to the queue of its requests; then
he asks the routing tester where a pothole on Oak Avenue would go."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import browser_sign_in
from civicdesk.service_requests.choices import Status
from civicdesk.service_requests.tests.factories import ServiceRequestFactory
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIDE = ("hidden => { Object.defineProperty(document, 'hidden', {value: hidden, configurable: true});"
        " document.dispatchEvent(new Event('visibilitychange')); }")


def overdue_pothole(city: City) -> Any:
    now = timezone.now()
    return ServiceRequestFactory.create(service=city.pothole, status=Status.NEW, requested_at=now - timedelta(days=4),
                                        expected_at=now - timedelta(hours=3))


def overdue_figure(page: Any) -> str:
    return str(page.locator("[data-figure=overdue] .console-tile__figure").inner_text())


def test_the_supervisor_watches_the_figures_refresh_and_drills_down(page: Any, supervisor: User, city: City) -> None:
    first = overdue_pothole(city)
    page.clock.install()
    page.goto("/staff/supervisor/")
    browser_sign_in(page, supervisor)
    page.goto("/staff/supervisor/")
    assert overdue_figure(page) == "1"
    assert_accessible(page)

    overdue_pothole(city)
    page.clock.fast_forward(61_000)
    page.wait_for_function("() => document.querySelector('[data-figure=overdue] .console-tile__figure')"
                           ".textContent.trim() === '2'")

    page.evaluate(HIDE, True)  # the tab is hidden: no refresh however long
    overdue_pothole(city)
    page.clock.fast_forward(180_000)
    page.wait_for_timeout(300)
    assert overdue_figure(page) == "2"

    page.evaluate(HIDE, False)  # back: refreshed within the minute
    page.clock.fast_forward(61_000)
    page.wait_for_function("() => document.querySelector('[data-figure=overdue] .console-tile__figure')"
                           ".textContent.trim() === '3'")

    page.locator("[data-figure=overdue]").click()
    page.wait_for_selector("[data-testid=queue-table]")
    assert page.get_by_role("link", name=first.public_id).count() == 1
    assert page.locator("[data-testid=queue-row]").count() == 3

    page.get_by_role("link", name="Routing tester").click()
    page.get_by_label("Service type").select_option(label="Pothole")
    page.get_by_label("Address").fill("455 E Oak Ave")
    page.get_by_role("button", name="Where would it go?").click()
    assert page.get_by_test_id("department").inner_text() == "Public Works"
    assert page.get_by_test_id("team").inner_text() == "East crew"
    assert_accessible(page)
