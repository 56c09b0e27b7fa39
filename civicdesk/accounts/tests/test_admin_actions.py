"""Avery, an administrator, unlocks Dave's sign-in and resets his two-factor from the user list; the sign-in
record is in the admin, read-only."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.models import Role, SignInAttempt, SignInStep, User
from civicdesk.accounts.services import locked_until
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.accounts.tests.two_factor import authenticator, current_code, verified_client

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def avery(db: None) -> User:
    return StaffFactory.create(username="avery", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


def run_action(client: Client, action: str, *users: User) -> str:
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": action, "_selected_action": [user.pk for user in users]}, follow=True)
    assert response.status_code == 200
    return response.text


def test_an_administrator_unlocks_a_locked_out_worker(avery: User, department_worker: User) -> None:
    for _ in range(5):
        Client().post(reverse("console:login"), {"username": "dave", "password": "wrong"})
    assert locked_until("dave") is not None

    page = run_action(verified_client(avery), "unlock_sign_in", department_worker)

    assert "Sign-in unlocked for 1 user(s)" in page
    assert locked_until("dave") is None
    unlock = SignInAttempt.objects.get(step=SignInStep.UNLOCK)
    assert (unlock.username, unlock.detail, unlock.succeeded) == ("dave", "by avery", True)
    answer = Client().post(reverse("console:login"), {"username": "dave", "password": PASSWORD})
    assert answer["Location"] == reverse("console:two_factor")


def test_an_administrator_resets_two_factor_and_the_worker_sets_it_up_again(
    avery: User, department_worker: User
) -> None:
    old_device = authenticator(department_worker)
    dave = verified_client(department_worker)
    assert dave.get(reverse("console:queue")).status_code == 200

    page = run_action(verified_client(avery), "reset_two_factor", department_worker)

    assert "Two-factor reset for 1 user(s) (1 device(s) removed)" in page
    assert not TOTPDevice.objects.filter(user=department_worker).exists()
    assert SignInAttempt.objects.filter(step=SignInStep.TWO_FACTOR_RESET, username="dave", detail="by avery").exists()
    # His open session was verified with the removed device: it needs the (new) second factor again.
    sent = dave.get(reverse("console:queue"), follow=True)
    assert sent.redirect_chain[-1][0].startswith(reverse("console:two_factor_enroll"))
    assert "Set up two-factor sign-in" in sent.text
    new_device = TOTPDevice.objects.get(user=department_worker)
    assert new_device.key != old_device.key and not new_device.confirmed
    assert dave.post(reverse("console:two_factor_enroll"), {"code": current_code(new_device)}).status_code == 302
    assert dave.get(reverse("console:queue")).status_code == 200


def test_the_user_list_shows_who_has_two_factor(avery: User, department_worker: User, call_taker: User) -> None:
    authenticator(department_worker)

    page = verified_client(avery).get(reverse("admin:accounts_user_changelist"))

    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in page.text.split('<tr')[1:]}
    assert 'alt="True"' in rows["dave"].split("field-two_factor")[1][:120]
    assert 'alt="False"' in rows["carla"].split("field-two_factor")[1][:120]


def test_the_sign_in_record_is_read_only(avery: User) -> None:
    attempt = SignInAttempt.objects.create(username="dave", step=SignInStep.PASSWORD, ip="10.0.0.7")
    admin = verified_client(avery)

    listing = admin.get(reverse("admin:accounts_signinattempt_changelist"), {"q": "10.0.0.7"})

    assert listing.status_code == 200 and "10.0.0.7" in listing.text
    assert admin.get(reverse("admin:accounts_signinattempt_add")).status_code == 403
    assert admin.post(reverse("admin:accounts_signinattempt_change", args=[attempt.pk]),
                      {"username": "someone-else"}).status_code == 403
    assert admin.post(reverse("admin:accounts_signinattempt_delete", args=[attempt.pk]),
                      {"post": "yes"}).status_code == 403
    attempt.refresh_from_db()
    assert attempt.username == "dave"


def test_a_supervisor_without_user_rights_cannot_run_the_actions(department_worker: User) -> None:
    supervisor = StaffFactory.create(username="sam", role=Role.SUPERVISOR, is_staff=True)
    authenticator(department_worker)

    response = verified_client(supervisor).post(reverse("admin:accounts_user_changelist"), {
        "action": "reset_two_factor", "_selected_action": [department_worker.pk]})

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=department_worker).exists()
