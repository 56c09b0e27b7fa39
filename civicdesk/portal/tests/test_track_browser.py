"""After filing, in real Chromium: track by number, follow, answer the survey, sign in by email link."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache

from civicdesk.conftest import EAST_POINT, WEST_POINT, City
from civicdesk.notifications.models import Survey
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind, Status
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import add_note, close_request
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def filed(contact: Contact, point: tuple[float, float] = WEST_POINT) -> ServiceRequest:
    submission = Submission(service_code="pothole", channel=Channel.WEB, description="Hole by the school",
                            lat=point[0], lon=point[1], answers={"size": "medium"}, contact=contact)
    return file_request(submission, actor=Actor.resident()).request


def link_in_last_email(pattern: str) -> str:
    found = re.search(pattern, str(mail.outbox[-1].body))
    assert found, mail.outbox[-1].body
    return found.group(1)


def test_track_a_request_by_number_from_the_lookup_form(page: Any, city: City, resident: Contact,
                                                        as_worker: Actor) -> None:
    request = filed(resident)
    add_note(request, "Crew inspected the hole", actor=as_worker, channel=Channel.OTHER, is_public=True)

    page.goto("/track/")
    assert_accessible(page)
    page.get_by_label("Tracking number").fill(request.public_id.lower().replace("-", " "))
    page.get_by_role("button", name="Track").click()

    page.wait_for_url(f"**/track/{request.public_id}/")
    assert page.locator("h1").inner_text() == f"Request {request.public_id}"
    assert page.get_by_test_id("status").inner_text() == "New"
    assert "Crew inspected the hole" in page.get_by_test_id("timeline").inner_text()
    page.wait_for_selector(".leaflet-interactive")  # the map drew the request's point
    assert_accessible(page)


def test_follow_from_the_track_page_then_stop(page: Any, city: City, resident: Contact) -> None:
    request = filed(resident)

    page.goto(f"/track/{request.public_id}/")
    page.get_by_role("button", name="Follow this request").click()
    # Waited for: read at once, the text could still be the track page's while the answer loads.
    page.locator("main").get_by_text("Enter your email address to get updates.").wait_for()
    assert_accessible(page)
    page.get_by_label("Your email address").fill("luis@example.org")
    page.get_by_role("button", name="Follow this request").click()

    page.get_by_role("heading", name=f"You now follow request {request.public_id}").wait_for()
    assert_accessible(page)
    assert list(request.followers.values_list("email", flat=True)) == ["luis@example.org"]

    from civicdesk.notifications.services import stop_updates_token

    page.goto(f"/updates/stop/{stop_updates_token(request, 'luis@example.org')}/")
    assert_accessible(page)
    page.get_by_role("button", name="Stop updates").click()
    page.get_by_role("heading", name="Updates stopped").wait_for()  # the page after the click
    assert not request.followers.exists()


def test_survey_not_fixed_reopens_the_request(page: Any, city: City, resident: Contact, as_worker: Actor) -> None:
    request = filed(resident)
    close_request(request, resolution="fixed", actor=as_worker, channel=Channel.OTHER, notes="Filled")
    link = link_in_last_email(r"http://\S+(/survey/\S+/)")
    assert link == f"/survey/{Survey.objects.get().token}/"

    page.goto(link)
    assert_accessible(page)
    page.locator("label[for=id_was_fixed_1]").click()  # USWDS styles the label; the input is hidden
    page.locator("label", has_text=re.compile(r"^2$")).click()
    page.get_by_label("Anything else you want us to know?").fill("The hole came back after the rain")
    page.get_by_role("button", name="Send my answers").click()

    assert f"request {request.public_id} was reopened" in page.locator("main").inner_text()
    assert_accessible(page)
    request.refresh_from_db()
    assert request.status == Status.ACKNOWLEDGED
    survey = Survey.objects.get()
    assert (survey.was_fixed, survey.satisfaction, survey.comment) == (False, 2, "The hole came back after the rain")
    history = list(request.events.exclude(kind=EventKind.NOTIFICATION_SENT).order_by("at", "id"))
    assert [event.kind for event in history[-2:]] == [EventKind.SURVEY_ANSWERED, EventKind.REOPENED]
    assert history[-1].note == "The hole came back after the rain"

    page.goto(link)
    assert "This survey was already answered. Thank you." in page.locator("main").inner_text()


def test_email_link_sign_in_shows_my_requests(page: Any, city: City, resident: Contact) -> None:
    mine = filed(resident)
    theirs = filed(Contact(email="bob@example.org"), EAST_POINT)
    mail.outbox.clear()

    page.goto("/account/sign-in/")
    assert_accessible(page)
    page.get_by_label("Email address").fill("rosa@example.org")
    page.get_by_role("button", name="Email me a sign-in link").click()
    page.get_by_role("heading", name="Check your email").wait_for()  # the page after the click
    assert_accessible(page)

    link = link_in_last_email(r"http://\S+(/account/sign-in/\S+/)")
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").last.click()

    page.wait_for_url("**/account/requests/")
    reported = page.get_by_test_id("reported").inner_text()
    assert mine.public_id in reported and theirs.public_id not in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(link)
    assert "This sign-in link was already used. Ask for a new one." in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_public_list_and_map(page: Any, city: City, resident: Contact, as_worker: Actor) -> None:
    open_one = filed(resident)
    closed_one = close_request(filed(resident, EAST_POINT), resolution="fixed", actor=as_worker,
                               channel=Channel.OTHER)

    page.goto("/requests/")
    page.wait_for_function("document.querySelector('[data-requests-map]').dataset.shown === '2'")
    assert page.locator(".leaflet-interactive").count() >= 2
    assert_accessible(page)
    page.get_by_label("Status").select_option("open")
    page.get_by_role("button", name="Show requests").click()
    page.wait_for_url("**/requests/?*status=open*")  # waits for the new page's load, not just its address
    table = page.get_by_test_id("request-table").inner_text()
    assert open_one.public_id in table and closed_one.public_id not in table
    page.wait_for_function("document.querySelector('[data-requests-map]').dataset.shown === '1'")
    assert "rosa@example.org" not in page.content()
