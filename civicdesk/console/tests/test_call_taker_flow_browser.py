"""Carla takes calls in real Chromium, signing in with two factors and working from the keyboard: she looks
Rosa up by phone, answers her question from the knowledge base, files her pothole and reads back the tracking
number; then Marco calls about the same pothole and is added as a follower instead of filing it twice."""

from typing import Any

import pytest

from civicdesk.accounts.models import User
from civicdesk.catalog.tests.factories import small_knowledge_base
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import browser_sign_in
from civicdesk.contacts.models import Contact
from civicdesk.service_requests.models import Follower, ServiceRequest
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_call_taker_looks_up_answers_files_and_adds_a_follower(
    page: Any, city: City, call_taker: User, pothole_request: ServiceRequest,
) -> None:
    small_knowledge_base(city.pothole, city.missed_trash)
    page.goto("/staff/calls/")
    browser_sign_in(page, call_taker)
    page.wait_for_selector("h1:has-text('Call-taker console')")
    assert_accessible(page)

    # Rosa calls: look her up by the number on the screen, typed her way.
    page.keyboard.press("Alt+KeyL")
    assert page.evaluate("document.activeElement.id") == "caller-lookup"
    page.keyboard.type("(312) 555-0100")
    page.keyboard.press("Enter")
    reported = page.get_by_test_id("caller-reported")
    assert pothole_request.public_id in reported.inner_text()
    assert "New" in reported.inner_text()

    # She asks about getting rid of an old couch: "/" jumps to the knowledge base.
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "kb-search"
    page.keyboard.type("old couch")
    page.keyboard.press("Enter")
    article = page.get_by_test_id("kb-article").first
    assert "Sofas and chairs" in article.inner_text()
    article.get_by_role("button", name="Answered with this article").click()
    assert "Question answered with “Bulk trash pickup: what we take and when”" in (
        page.get_by_test_id("call-result").inner_text())
    assert page.evaluate("document.activeElement.id") == "call-result"

    # And there is a new pothole on Oak: Alt+R picks the service, its questions appear inline.
    page.keyboard.press("Alt+KeyR")
    page.get_by_label("Service", exact=True).select_option("pothole")
    page.locator("#call-questions").get_by_text("Large", exact=True).click()
    address = page.get_by_label("Address")
    address.press_sequentially("455 E O", delay=30)
    page.wait_for_function("document.querySelectorAll('#call-address-suggestions option').length > 0")
    address.fill("455 E Oak Ave")
    assert page.locator("#call-address-id").input_value() == "A2"
    page.get_by_label("Describe the problem").fill("Deep hole at the bus stop")
    assert page.get_by_label("Caller's phone").input_value() == "+13125550100"  # known from the look-up
    assert_accessible(page)
    page.keyboard.press("Alt+KeyS")

    page.wait_for_selector("[data-testid=tracking-number]")
    filed = ServiceRequest.objects.exclude(pk=pothole_request.pk).get()
    assert page.get_by_test_id("tracking-number").inner_text() == filed.public_id
    read_back = page.get_by_test_id("read-back").inner_text()
    assert all(char in read_back for char in filed.public_id.replace("-", ""))
    assert filed.address_point is not None
    assert (filed.channel, filed.address_point.address_id, filed.answers["size"]) == ("phone", "A2", "large")
    assert_accessible(page)

    # Next call: Marco, about the pothole by the school that Rosa already reported.
    page.get_by_role("button", name="New call").click()
    page.get_by_label("Service", exact=True).select_option("pothole")
    page.locator("#call-questions").get_by_text("Medium", exact=True).click()
    page.get_by_label("Address").fill("120 N Main St")
    page.get_by_label("Describe the problem").fill("Pothole by the school")
    page.get_by_label("Caller's first name").fill("Marco")
    page.get_by_label("Caller's email").fill("marco@example.org")
    page.get_by_role("button", name="File request").click()

    duplicates = page.get_by_test_id("duplicates")
    assert pothole_request.public_id in duplicates.inner_text()
    assert_accessible(page)
    duplicates.get_by_role("button", name="Add caller as follower instead").click()

    assert page.get_by_test_id("tracking-number").inner_text() == pothole_request.public_id
    assert "Added as follower" in page.get_by_test_id("call-result").inner_text()
    assert list(Follower.objects.values_list("request", "email")) == [(pothole_request.pk, "marco@example.org")]
    assert ServiceRequest.objects.count() == 2
    assert list(Contact.objects.order_by("pk").values_list("outcome", "taken_by")) == [
        ("answered", call_taker.pk), ("request_filed", call_taker.pk), ("follower_added", call_taker.pk)]
