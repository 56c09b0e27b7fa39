"""Staff sign-in under /staff/login/: the password, then a code from an authenticator app (set up on the
first sign-in), lockouts after repeated failures, and sign-out."""

import re
from base64 import b32decode
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.models import SignInAttempt, SignInStep, User
from civicdesk.accounts.tests.two_factor import authenticator, current_code, wrong_code
from civicdesk.console import urls as console_urls
from civicdesk.console.tests.conftest import PASSWORD, signed_in
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db

LOCKED = ("Too many failed sign-in attempts: sign-in for this username is paused. Try again in 15 minutes, "
          "or ask an administrator to unlock it.")
SIGN_IN_STEPS = {"login", "two_factor", "two_factor_enroll", "logout"}


def give_password(client: Client, username: str, password: str = PASSWORD, **extra: str) -> object:
    return client.post(reverse("console:login"), {"username": username, "password": password, **extra})


def records(username: str) -> list[tuple[str, bool]]:
    return list(SignInAttempt.objects.filter(username=username).order_by("at", "pk")
                .values_list("step", "succeeded"))


def error_of(response: object) -> str:
    found = re.search(r'data-testid="sign-in-error">([^<]*)<', response.content.decode())  # type: ignore[attr-defined]
    return found.group(1) if found else ""


# --- Password, then code -------------------------------------------------------------------------------


def test_a_worker_gives_password_then_code_and_lands_on_the_queue_they_asked_for(department_worker: User) -> None:
    device = authenticator(department_worker)
    client = Client()
    asked = client.get(reverse("console:queue"), {"due": "overdue"})
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("console:login") + "?next=")

    after_password = client.post(asked["Location"], {"username": "dave", "password": PASSWORD,
                                                     "next": "/staff/queue/?due=overdue"})

    assert after_password["Location"] == reverse("console:two_factor")
    assert client.get(reverse("console:queue"))["Location"].startswith(reverse("console:login"))  # not in yet
    code_page = client.get(reverse("console:two_factor"))
    assert code_page.status_code == 200 and "Enter your code" in code_page.text
    wrong = client.post(reverse("console:two_factor"), {"code": wrong_code(device)})
    assert wrong.status_code == 400
    assert "That code does not match. Enter the 6-digit code your authenticator app shows now." in wrong.text
    done = client.post(reverse("console:two_factor"), {"code": current_code(device)})
    assert done.status_code == 302 and done["Location"] == "/staff/queue/?due=overdue"
    assert client.get(reverse("console:queue")).status_code == 200
    assert records("dave") == [("password", True), ("code", False), ("code", True)]


def test_a_code_works_only_once(department_worker: User) -> None:
    device = authenticator(department_worker)
    first, second = Client(), Client()
    give_password(first, "dave")
    give_password(second, "dave")
    code = current_code(device)

    assert first.post(reverse("console:two_factor"), {"code": code}).status_code == 302
    replayed = second.post(reverse("console:two_factor"), {"code": code})

    assert replayed.status_code == 400 and "That code does not match" in replayed.text


def test_a_code_that_is_not_six_digits_gets_a_form_error(department_worker: User) -> None:
    authenticator(department_worker)
    client = Client()
    give_password(client, "dave")

    response = client.post(reverse("console:two_factor"), {"code": "12a"})

    assert response.status_code == 400
    assert "Enter the 6 digits your authenticator app shows, like 123456." in response.text
    assert records("dave") == [("password", True)]  # a typo is not a failed attempt


def test_the_code_step_needs_the_password_step_first(department_worker: User) -> None:
    authenticator(department_worker)

    response = Client().get(reverse("console:two_factor"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("console:login")
    assert "Your sign-in was not finished in time. Enter your username and password again." in response.text


def test_the_next_address_must_be_on_this_site(department_worker: User) -> None:
    device = authenticator(department_worker)
    client = Client()
    give_password(client, "dave", next="https://evil.example/steal")

    done = client.post(reverse("console:two_factor"), {"code": current_code(device)})

    assert done["Location"] == reverse("console:queue")


def test_a_wrong_password_says_so_plainly(department_worker: User) -> None:
    response = give_password(Client(), "dave", "wrong")

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert error_of(response) == "That username and password do not match. Try again."
    assert records("dave") == [("password", False)]


def test_a_resident_account_cannot_use_the_staff_sign_in(resident_account: User) -> None:
    resident_account.set_password(PASSWORD)
    resident_account.save()

    response = give_password(Client(), "resident-rosa")

    assert error_of(response) == "That username and password do not match. Try again."


# --- First sign-in: setting up the authenticator --------------------------------------------------------


def test_the_first_sign_in_sets_up_an_authenticator_app(call_taker: User) -> None:
    client = Client()
    give_password(client, call_taker.username, next="/staff/queue/?due=overdue")

    to_setup = client.get(reverse("console:two_factor"))
    assert to_setup["Location"].startswith(reverse("console:two_factor_enroll"))
    page = client.get(to_setup["Location"])
    again = client.get(to_setup["Location"])

    assert page.status_code == 200 and "Set up two-factor sign-in" in page.text
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in page.text
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page.text).group(1)  # type: ignore[union-attr]
    assert len(secret.replace(" ", "")) == 32 and secret in again.text  # the same secret until it is confirmed
    device = TOTPDevice.objects.get(user=call_taker)
    assert not device.confirmed

    bad = client.post(reverse("console:two_factor_enroll"), {"code": "000"})
    assert bad.status_code == 400 and "Enter the 6 digits your authenticator app shows" in bad.text
    wrong = client.post(reverse("console:two_factor_enroll"), {"code": wrong_code(device)})
    assert wrong.status_code == 400 and "That code does not match" in wrong.text
    device.refresh_from_db()
    assert not device.confirmed

    # What the person's app computes from the key they scanned or typed.
    code = f"{totp(b32decode(secret.replace(' ', ''))):06d}"
    done = client.post(reverse("console:two_factor_enroll"), {"code": code})

    assert done.status_code == 302 and done["Location"] == "/staff/queue/?due=overdue"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("console:queue")).status_code == 200
    assert records(call_taker.username) == [("password", True), ("enroll", False), ("enroll", True)]


def test_someone_with_an_authenticator_cannot_set_up_another(department_worker: User) -> None:
    device = authenticator(department_worker)
    client = Client()
    give_password(client, "dave")

    response = client.get(reverse("console:two_factor_enroll"))

    assert response["Location"].startswith(reverse("console:two_factor"))
    assert list(TOTPDevice.objects.filter(user=department_worker)) == [device]


# --- Unverified sessions ---------------------------------------------------------------------------------


def console_addresses(public_id: str) -> list[str]:
    """Every console address except the sign-in steps, with made-up arguments where a pattern has some."""
    addresses = []
    for pattern in console_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in SIGN_IN_STEPS:
            continue
        arguments = {"public_id": public_id, "action": "close"}
        wanted = {name: arguments.get(name, "1") for name in pattern.pattern.regex.groupindex}
        addresses.append(reverse(f"console:{pattern.name}", kwargs=wanted))
    return addresses


def test_a_session_without_the_code_is_sent_to_the_code_step_on_every_console_address(
    department_worker: User, pothole_request: ServiceRequest
) -> None:
    client = Client()
    client.force_login(department_worker)  # signed in, but no code given in this session
    addresses = console_addresses(pothole_request.public_id)
    assert len(addresses) >= 7

    for address in addresses:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith(reverse("console:two_factor") + "?next="), address


def test_a_signed_in_member_of_staff_without_the_code_finishes_with_the_code(department_worker: User) -> None:
    device = authenticator(department_worker)
    client = Client()
    client.force_login(department_worker)
    sent = client.get(reverse("console:queue"))

    done = client.post(sent["Location"], {"code": current_code(device)})

    assert done["Location"] == reverse("console:queue")
    assert client.get(reverse("console:queue")).status_code == 200


def test_the_admin_needs_a_verified_session(administrator: User) -> None:
    User.objects.filter(pk=administrator.pk).update(is_staff=True, is_superuser=True)
    administrator.refresh_from_db()
    unverified = Client()
    unverified.force_login(administrator)

    for client in (Client(), unverified):
        for page in ("/admin/", "/admin/accounts/user/", "/admin/accounts/signinattempt/"):
            response = client.get(page, follow=True)
            assert response.redirect_chain[0][0].startswith("/admin/login/"), page
            assert response.redirect_chain[-1][0].startswith(
                ("/staff/login/?next=", "/staff/login/two-factor-setup/?next=")), page
            assert "site administration" not in response.text.lower()

    assert signed_in(administrator).get("/admin/").status_code == 200


def test_signing_in_from_the_admin_comes_back_to_the_admin(administrator: User) -> None:
    User.objects.filter(pk=administrator.pk).update(is_staff=True, is_superuser=True)
    device = authenticator(administrator)
    client = Client()
    to_sign_in = client.get("/admin/accounts/user/", follow=True).redirect_chain[-1][0]

    assert to_sign_in.startswith("/staff/login/?next=")
    give_password(client, "avery", next=parse_qs(urlsplit(to_sign_in).query)["next"][0])
    done = client.post(reverse("console:two_factor"), {"code": current_code(device)})

    assert done["Location"] == "/admin/accounts/user/"
    assert client.get("/admin/accounts/user/").status_code == 200


def test_a_verified_member_of_staff_without_admin_rights_gets_a_plain_refusal_from_the_admin(
    department_worker: User,
) -> None:
    response = signed_in(department_worker).get("/admin/", follow=True)

    assert response.status_code == 403
    assert "Your account cannot use the administration pages." in response.text


# --- Lockout -----------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_even_for_the_right_password(department_worker: User) -> None:
    authenticator(department_worker)
    client = Client()
    answers = [give_password(client, "dave", "wrong") for _ in range(5)]

    assert [error_of(answer) for answer in answers[:4]] == ["That username and password do not match. Try again."] * 4
    assert error_of(answers[4]) == LOCKED and answers[4].status_code == 429  # type: ignore[attr-defined]
    right = give_password(Client(), "dave")
    assert error_of(right) == LOCKED and right.status_code == 429  # type: ignore[attr-defined]
    assert "staff_sign_in_pending" not in client.session
    assert records("dave") == [("password", False)] * 5 + [("locked_out", False)]


def test_the_lockout_message_does_not_tell_whether_the_username_exists(department_worker: User) -> None:
    for username in ("dave", "nobody-here"):
        for _ in range(5):
            give_password(Client(), username, "wrong")

    for_dave, for_nobody = give_password(Client(), "dave"), give_password(Client(), "nobody-here")

    assert error_of(for_dave) == error_of(for_nobody) == LOCKED
    assert for_dave.status_code == for_nobody.status_code == 429  # type: ignore[attr-defined]


def test_five_wrong_codes_lock_the_username(department_worker: User) -> None:
    device = authenticator(department_worker)
    client = Client()
    give_password(client, "dave")
    answers = [client.post(reverse("console:two_factor"), {"code": wrong_code(device)}) for _ in range(5)]

    assert [answer.status_code for answer in answers] == [400, 400, 400, 400, 429]
    assert error_of(answers[4]) == LOCKED
    assert client.post(reverse("console:two_factor"), {"code": current_code(device)})["Location"] == \
        reverse("console:login")  # the half-finished sign-in was dropped
    assert error_of(give_password(Client(), "dave")) == LOCKED


def test_after_the_lockout_the_right_password_works_again(department_worker: User) -> None:
    authenticator(department_worker)
    for _ in range(5):
        give_password(Client(), "dave", "wrong")
    assert error_of(give_password(Client(), "dave")) == LOCKED

    SignInAttempt.objects.update(at=SignInAttempt.objects.earliest("at").at - timedelta(minutes=16))

    assert give_password(Client(), "dave")["Location"] == reverse("console:two_factor")  # type: ignore[index]


# --- Signing out --------------------------------------------------------------------------------------------


def test_signing_out_ends_the_session_and_is_recorded(department_worker: User) -> None:
    client = signed_in(department_worker)

    response = client.post(reverse("console:logout"))

    assert response["Location"] == reverse("console:login")
    assert client.get(reverse("console:queue")).status_code == 302
    assert records("dave") == [("sign_out", True)]
    assert SignInAttempt.objects.get().get_step_display() == SignInStep.SIGN_OUT.label


def test_a_resident_account_is_refused_with_a_plain_message(resident_account: User) -> None:
    response = signed_in(resident_account).get(reverse("console:queue"))

    assert response.status_code == 403
    assert "This workspace is for city staff only." in response.content.decode()


def test_an_inactive_staff_member_is_refused(department_worker: User) -> None:
    client = signed_in(department_worker)
    User.objects.filter(pk=department_worker.pk).update(is_active=False)

    response = client.get(reverse("console:queue"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("console:login"))
