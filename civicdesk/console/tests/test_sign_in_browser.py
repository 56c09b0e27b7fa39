"""Carla, a call-taker, signs in for the first time: she sets up her authenticator app from the page, works,
signs out, and the next time gives her password and the code her app shows."""

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.models import SignInAttempt, User
from civicdesk.accounts.tests.two_factor import current_code
from civicdesk.console.tests.conftest import PASSWORD
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_call_taker_sets_up_two_factor_then_signs_in_with_a_code(page: Any, call_taker: User) -> None:
    page.goto("/staff/queue/")
    page.get_by_label("Username").fill("carla")
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_test_id("sign-in-error").inner_text() == "That username and password do not match. Try again."
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    page.get_by_role("img", name="QR code to scan with your authenticator app").wait_for()  # the page after the click
    assert_accessible(page)
    secret = page.get_by_test_id("secret").inner_text().replace(" ", "")
    page.get_by_label("6-digit code").fill("12345")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert "Enter the 6 digits" in page.get_by_test_id("code-error").inner_text()
    assert_accessible(page)
    page.get_by_label("6-digit code").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    page.wait_for_url("**/staff/queue/")
    page.get_by_role("button", name="Sign out (carla)").click()
    page.get_by_test_id("message").wait_for()
    assert page.get_by_test_id("message").inner_text() == "You are signed out."

    page.get_by_label("Username").fill("carla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    assert_accessible(page)
    page.get_by_label("6-digit code").fill(current_code(TOTPDevice.objects.get(user=call_taker)))
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/staff/queue/")

    assert list(SignInAttempt.objects.order_by("at", "pk").values_list("step", "succeeded")) == [
        ("password", False), ("password", True), ("enroll", True), ("sign_out", True),
        ("password", True), ("code", True),
    ]
