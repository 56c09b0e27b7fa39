"""Staff sessions end after 30 idle minutes and 12 hours after sign-in; residents' sessions do not, and residents
never meet the staff two-factor step."""

import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.middleware import LAST_ACTIVITY, SIGNED_IN_AT
from civicdesk.accounts.models import Role, SignInAttempt, SignInStep, User
from civicdesk.accounts.residents import make_sign_in_token
from civicdesk.accounts.tests.two_factor import verified_client

pytestmark = pytest.mark.django_db


def age(client: Client, **seconds_ago: float) -> None:
    session = client.session
    for key, ago in seconds_ago.items():
        session[{"last_activity": LAST_ACTIVITY, "signed_in": SIGNED_IN_AT}[key]] = time.time() - ago
    session.save()


def test_a_worker_idle_for_more_than_thirty_minutes_is_signed_out(department_worker: User) -> None:
    client = verified_client(department_worker)
    age(client, last_activity=31 * 60)

    response = client.get(reverse("console:queue"), {"due": "overdue"})

    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=%2Fstaff%2Fqueue%2F%3Fdue%3Doverdue"
    page = client.get(response["Location"])
    assert "You were signed out after 30 minutes without activity. Sign in again." in page.text
    assert client.get(reverse("console:queue"))["Location"].startswith(reverse("console:login"))
    timed_out = SignInAttempt.objects.get()
    assert (timed_out.username, timed_out.step, timed_out.detail) == (
        "dave", SignInStep.TIMED_OUT, "idle for more than 30 min")


def test_activity_keeps_the_session_alive(department_worker: User) -> None:
    client = verified_client(department_worker)
    age(client, last_activity=29 * 60)

    assert client.get(reverse("console:queue")).status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY] < 5  # the idle clock starts again
    assert not SignInAttempt.objects.exists()


def test_a_session_ends_twelve_hours_after_sign_in_even_when_busy(department_worker: User) -> None:
    client = verified_client(department_worker)
    age(client, signed_in=12 * 3600 + 60, last_activity=10)

    response = client.get(reverse("console:queue"), follow=True)

    assert "You were signed out: a staff session lasts at most 12 hours. Sign in again." in response.text
    assert SignInAttempt.objects.get().detail == "signed in for more than 12 h"


@override_settings(STAFF_IDLE_TIMEOUT_MINUTES=5)
def test_the_idle_timeout_comes_from_the_settings(department_worker: User) -> None:
    client = verified_client(department_worker)
    age(client, last_activity=6 * 60)

    assert client.get(reverse("console:queue"))["Location"].startswith(reverse("console:login"))


def test_the_admin_times_out_too(department_worker: User) -> None:
    User.objects.filter(pk=department_worker.pk).update(is_staff=True, is_superuser=True)
    client = verified_client(department_worker)
    age(client, last_activity=31 * 60)

    response = client.get("/admin/")

    assert response["Location"] == "/staff/login/?next=%2Fadmin%2F"


def test_a_resident_session_is_not_timed_out(db: None) -> None:
    rosa = User.objects.create(username="resident-rosa", email="rosa@example.org", role=Role.RESIDENT)
    client = Client()
    client.force_login(rosa)
    age(client, last_activity=3 * 24 * 3600, signed_in=3 * 24 * 3600)

    assert client.get("/account/requests/").status_code == 200
    assert not SignInAttempt.objects.exists()


def test_residents_sign_in_by_email_link_with_no_code(db: None) -> None:
    client = Client()

    signed_in = client.post(f"/account/sign-in/{make_sign_in_token('rosa@example.org')}/")

    assert signed_in["Location"] == "/account/requests/"
    assert client.get("/account/requests/").status_code == 200
    assert not TOTPDevice.objects.exists() and not SignInAttempt.objects.exists()
