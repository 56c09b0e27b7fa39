"""Accessible to everyone: axe-core finds no serious or critical problem on any public page of the portal.

One walk over the demo city visits every public page a resident can reach (the report flow step by step, as
a resident clicks through it) and collects every problem, so one run lists them all. A page that is not built
yet is a failure, not a skip.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from civicdesk.demo.services import build_demo_city
from civicdesk.notifications.models import Survey
from civicdesk.routing.models import AddressPoint
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import close_request
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.testing.browser import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Walk:
    """Visits pages, runs axe on each, and writes down every problem instead of stopping at the first."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        self.checked: list[str] = []

    def url(self, name: str, *args: str) -> str | None:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            self.problems.append(f"{name}: the page is not built yet (no URL named {name!r})")
            return None

    def check(self, title: str) -> None:
        """Run axe on the page as it stands."""
        report = run_axe(self.page)
        self.checked.append(f"{title} ({self.page.url})")
        if report.blocking:
            self.problems.append(f"{title} at {report.url}:\n{report.summary()}")

    def visit(self, title: str, path: str | None) -> bool:
        if path is None:
            return False
        try:
            response = self.page.goto(path)
            if response is None or response.status >= 400:
                self.problems.append(f"{title}: GET {path} answered {response.status if response else 'nothing'}")
                return False
            self.check(title)
            return True
        except Exception as error:
            self.problems.append(f"{title}: {path}: {error}")
            return False

    def step(self, title: str, action: Callable[[], object]) -> bool:
        """Do what a resident does to reach the next page, then check that page."""
        try:
            with self.page.expect_navigation():
                action()
            self.page.wait_for_load_state()
            self.check(title)
            return True
        except Exception as error:
            self.problems.append(f"{title}: could not get there from {self.page.url}: {error}")
            return False


def demo_requests() -> tuple[ServiceRequest, str]:
    """An open pothole (so the report flow offers it as 'already reported nearby') and a closed one with a survey."""
    home = AddressPoint.objects.order_by("address_id").first()
    assert home is not None, "the demo city has no addresses"
    rosa = Contact(first_name="Rosa", last_name="Resident", email="rosa@example.org")

    def pothole(description: str) -> ServiceRequest:
        submission = Submission(service_code="pothole", channel=Channel.WEB, description=description, lat=home.lat,
                                lon=home.lon, address=home.full_address, answers={"size": "medium"}, contact=rosa)
        return file_request(submission, actor=Actor.resident()).request

    open_request = pothole("Deep hole in the right lane by the school")
    fixed = pothole("Hole by the bus stop")
    close_request(fixed, resolution="fixed", actor=Actor.system(), channel=Channel.OTHER, notes="Patched")
    survey = Survey.objects.filter(request=fixed).first()
    assert survey is not None, "closing a request with an email did not create a survey"
    return open_request, survey.token


def test_every_public_page_has_no_serious_accessibility_problem(page: Any) -> None:
    build_demo_city()
    open_request, survey_token = demo_requests()
    address = AddressPoint.objects.order_by("address_id").values_list("full_address", flat=True).first()
    walk = Walk(page)

    walk.visit("Home", walk.url("portal:home"))
    search = walk.url("portal:search")
    walk.visit("Search results", f"{search}?q=trash" if search else None)
    help_index = walk.url("portal:help_index")
    if walk.visit("Help index", help_index):
        articles = page.locator(f"main a[href^='{help_index}']:not([href='{help_index}'])")
        walk.step("Help article", lambda: articles.first.click())
    if walk.visit("Report: choose a service", walk.url("portal:report")):
        (walk.step("Report: location", lambda: page.get_by_role("link", name="Pothole", exact=True).click())
         and walk.step("Report: details", lambda: (page.get_by_label("Address", exact=True).fill(str(address)),
                                                  page.get_by_role("button", name="Continue").click()))
         and walk.step("Report: already reported nearby?", lambda: (
             page.get_by_text("Like a car tire", exact=True).click(),
             page.get_by_label("Describe the problem").fill("A deep hole in the right lane"),
             page.get_by_text("Stay anonymous (you will not get updates)", exact=True).click(),
             page.get_by_role("button", name="Continue").click()))
         and walk.step("Report: review", lambda: page.get_by_role("link", name="None of these").click())
         and walk.step("Report: done", lambda: page.get_by_role("button", name="Send report").click()))
    walk.visit("Track: look up", walk.url("portal:track_lookup"))
    walk.visit("Track: a request", walk.url("portal:track", open_request.public_id))
    walk.visit("Requests list and map", walk.url("portal:request_list"))
    walk.visit("Sign in", walk.url("portal:sign_in"))
    walk.visit("Survey", walk.url("portal:survey", survey_token))
    walk.visit("Offline", walk.url("portal:offline"))

    print("\naxe-core checked:\n  " + "\n  ".join(walk.checked))
    assert not walk.problems, f"{len(walk.problems)} accessibility problem(s):\n\n" + "\n\n".join(walk.problems)
