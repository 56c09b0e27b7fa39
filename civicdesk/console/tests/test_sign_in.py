"""Staff sign-in under /staff/login/ (password only for now; TOTP two-factor comes in a later slice)."""

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.console.tests.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db


def test_a_worker_signs_in_and_lands_on_the_queue_they_asked_for(department_worker: User) -> None:
    client = Client()
    asked = client.get(reverse("console:queue"), {"due": "overdue"})
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("console:login") + "?next=")

    response = client.post(asked["Location"], {"username": "dave", "password": PASSWORD,
                                                "next": "/staff/queue/?due=overdue"})

    assert response.status_code == 302 and response["Location"] == "/staff/queue/?due=overdue"


def test_a_wrong_password_says_so_plainly(department_worker: User) -> None:
    response = Client().post(reverse("console:login"), {"username": "dave", "password": "wrong"})

    assert response.status_code == 200
    assert "That username and password do not match. Try again." in response.content.decode()


def test_signing_out_ends_the_session(department_worker: User) -> None:
    client = signed_in(department_worker)

    response = client.post(reverse("console:logout"))

    assert response["Location"] == reverse("console:login")
    assert client.get(reverse("console:queue")).status_code == 302


def test_a_resident_account_is_refused_with_a_plain_message(resident_account: User) -> None:
    response = signed_in(resident_account).get(reverse("console:queue"))

    assert response.status_code == 403
    assert "This workspace is for city staff only." in response.content.decode()


def test_an_inactive_staff_member_is_refused(department_worker: User) -> None:
    client = signed_in(department_worker)
    User.objects.filter(pk=department_worker.pk).update(is_active=False)

    response = client.get(reverse("console:queue"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("console:login"))
