"""`manage.py two_factor_code <username>` prints a demo login's current code, on a development machine only."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.tests.factories import StaffFactory


def two_factor_code(username: str) -> str:
    out = StringIO()
    call_command("two_factor_code", username, stdout=out)
    return out.getvalue().strip()


@override_settings(DEBUG=True)
def test_the_printed_code_signs_a_demo_login_in(demo_city: str) -> None:
    code = two_factor_code("streets")

    browser = Client()
    browser.post("/staff/login/", {"username": "streets", "password": "riverton-streets"})
    answer = browser.post("/staff/login/code/", {"code": code})

    assert len(code) == 6 and code.isdigit()
    assert answer["Location"] == "/staff/queue/"
    assert two_factor_code("streets") != code  # used codes are not offered again


@override_settings(DEBUG=False)
def test_it_refuses_without_debug(demo_city: str) -> None:
    with pytest.raises(CommandError, match="only works with DEBUG on"):
        two_factor_code("admin")


@override_settings(DEBUG=True)
def test_it_refuses_anyone_but_the_demo_logins(demo_city: str) -> None:
    real = StaffFactory.create(username="real-person")
    TOTPDevice.objects.create(user=real, name="Phone", confirmed=True)

    with pytest.raises(CommandError, match="'real-person' is not a demo login"):
        two_factor_code("real-person")
