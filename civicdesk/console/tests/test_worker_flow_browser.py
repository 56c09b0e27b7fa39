"""Dave, a Public Works worker, signs in, finds the pothole in his queue, claims it, notes and closes it."""

from typing import Any

import pytest
from playwright.sync_api import expect

from civicdesk.accounts.models import User
from civicdesk.console.tests.conftest import browser_sign_in
from civicdesk.service_requests.choices import EventKind, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_department_worker_claims_notes_and_closes_a_request(
    page: Any, department_worker: User, pothole_request: ServiceRequest
) -> None:
    page.goto("/staff/queue/")
    browser_sign_in(page, department_worker)

    page.wait_for_selector("[data-testid=queue-table]")
    assert page.locator("[data-testid=queue-count]").inner_text() == "1 open request"
    assert_accessible(page)
    page.get_by_role("link", name=pothole_request.public_id).click()

    page.locator("form[data-action=claim]").get_by_role("button", name="Take this request").click()
    assert page.get_by_test_id("message").inner_text() == "Done: Claim."
    assert page.get_by_test_id("assignee").inner_text() == "Dave Staff"

    note = page.locator("form[data-action=internal_note]")
    note.get_by_label("Note").fill("Cold patch for now, hot mix next week")
    note.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("history")).to_contain_text("Cold patch for now")  # retries: the old page has one too

    close = page.locator("form[data-action=close]")
    close.get_by_label("Resolution").select_option("fixed")
    close.get_by_label("What was done").fill("Filled with cold patch")
    close.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("status")).to_have_text("Closed · Fixed")
    assert_accessible(page)

    pothole_request.refresh_from_db()
    assert (pothole_request.status, pothole_request.assignee) == (Status.CLOSED, department_worker)
    assert list(pothole_request.events.filter(actor_user=department_worker).values_list("kind", flat=True)) == [
        EventKind.ASSIGNED, EventKind.NOTE, EventKind.STATUS_CHANGED,
    ]
