"""The browser fixtures themselves: Chromium reaches the live server, and axe-core reports real findings."""

from typing import Any

import pytest

from civicdesk.testing.browser import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chromium_loads_a_page_from_the_live_server(page: Any) -> None:
    page.goto("/track/")
    assert page.locator("h1").first.inner_text().strip() != ""


def test_axe_reports_a_missing_form_label(page: Any) -> None:
    page.goto("/track/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(v["id"] == "label" for v in run_axe(page).violations)
