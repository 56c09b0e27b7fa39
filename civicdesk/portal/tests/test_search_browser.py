"""The front door in real Chromium: answers appear while the resident types, an emergency says "call 911"
at once, and every search and help page passes axe-core."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from civicdesk.catalog.tests.factories import small_knowledge_base
from civicdesk.conftest import City
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_shows_a_knowledge_base_answer_live_and_it_opens(page: Any, city: City) -> None:
    small_knowledge_base(city.pothole, city.missed_trash)
    page.goto("/")
    assert_accessible(page)

    page.get_by_label("What do you need help with?").press_sequentially("bulk tra", delay=30)

    answer = page.locator("#help-results").get_by_role("link", name="Bulk trash pickup: what we take and when")
    expect(answer).to_be_visible()
    expect(page.locator("#help-status")).to_have_text(re.compile(r"^\d+ answers? found\.$"))
    assert page.url.endswith("/") and "q=" not in page.url  # no page load: the answers came live
    assert_accessible(page)
    answer.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bulk trash pickup: what we take and when")
    expect(page.get_by_role("heading", name="What we take", exact=True)).to_be_visible()
    assert page.url.endswith("/help/bulk-trash-pickup/")
    assert_accessible(page)


def test_an_emergency_says_call_911_live_and_the_help_pages_are_accessible(page: Any, city: City) -> None:
    small_knowledge_base(city.pothole, city.missed_trash)
    page.goto("/")
    page.get_by_label("What do you need help with?").press_sequentially("I smell gas", delay=30)
    alert = page.locator("#help-results").get_by_role("alert")
    expect(alert).to_contain_text("Call 911")
    expect(page.locator("#help-results a[href*='/report/']")).to_have_count(0)
    assert_accessible(page)

    for url in ("/search/?q=pothole", "/search/?q=gas", "/help/", "/help/?q=recycling", "/help/no-such-page/"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
