"""Guesses sent all at once: each is checked after the failures before it were counted, so a burst of
guesses stops at the lockout like guesses sent one by one."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from civicdesk.accounts.models import Role, SignInAttempt, SignInStep, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.accounts.tests.two_factor import authenticator, current_code, wrong_code
from civicdesk.console.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
BURST = 12


@pytest.fixture
def vic() -> User:
    user: User = StaffFactory.create(username="vic", role=Role.CALL_TAKER)
    return user


def all_at_once(post: Callable[[int], int]) -> list[int]:
    """Run post(0) .. post(BURST - 1) in threads released together; their status codes, in order."""
    start, codes = threading.Barrier(BURST), [0] * BURST

    def one(number: int) -> None:
        try:
            start.wait()
            codes[number] = post(number)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(number,)) for number in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def failures(step: SignInStep) -> int:
    return SignInAttempt.objects.filter(username="vic", step=step, succeeded=False).count()


def test_a_burst_of_codes_stops_at_the_lockout(vic: User) -> None:
    device = authenticator(vic)
    client = Client()
    assert client.post("/staff/login/", {"username": "vic", "password": PASSWORD}).status_code == 302
    session = client.cookies["sessionid"].value
    bad = wrong_code(device)

    def guess(number: int) -> int:
        guesser = Client()
        guesser.cookies["sessionid"] = session
        return guesser.post("/staff/login/code/", {"code": bad}).status_code

    codes = all_at_once(guess)

    assert failures(SignInStep.CODE) == 5  # SIGN_IN_MAX_FAILURES, however many arrived together
    assert SignInAttempt.objects.filter(username="vic", step=SignInStep.LOCKED_OUT).count() == BURST - 5
    assert codes.count(429) >= BURST - 5
    # The right code now gets nowhere: the lockout ended this sign-in, and the username stays paused.
    client.post("/staff/login/code/", {"code": current_code(device)})
    assert not SignInAttempt.objects.filter(username="vic", step=SignInStep.CODE, succeeded=True).exists()
    assert client.get("/staff/queue/").status_code == 302
    assert client.post("/staff/login/", {"username": "vic", "password": PASSWORD}).status_code == 429


def test_a_burst_of_passwords_stops_at_the_lockout(vic: User) -> None:
    def guess(number: int) -> int:
        return Client().post("/staff/login/", {"username": "vic", "password": f"guess {number}"}).status_code

    codes = all_at_once(guess)

    assert failures(SignInStep.PASSWORD) == 5
    assert SignInAttempt.objects.filter(username="vic", step=SignInStep.LOCKED_OUT).count() == BURST - 5
    assert codes.count(429) >= BURST - 5
