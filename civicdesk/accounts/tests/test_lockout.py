"""Lockouts from the sign-in record: N failures for a username within the window lock it for a while;
a finished sign-in or an administrator's unlock starts the count again."""

from datetime import datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from civicdesk.accounts.models import SignInAttempt, SignInStep
from civicdesk.accounts.services import locked_until

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def failed(username: str, minutes_ago: float, step: SignInStep = SignInStep.PASSWORD) -> datetime:
    at = NOW - timedelta(minutes=minutes_ago)
    SignInAttempt.objects.create(username=username, step=step, succeeded=False, at=at)
    return at


def test_five_failures_within_fifteen_minutes_lock_for_fifteen_minutes_from_the_fifth() -> None:
    for minutes_ago in (14, 10, 6, 3):
        failed("dave", minutes_ago)
    assert locked_until("dave", NOW) is None
    fifth = failed("dave", 1, SignInStep.CODE)

    assert locked_until("dave", NOW) == fifth + timedelta(minutes=15)
    assert locked_until("dave", fifth + timedelta(minutes=14, seconds=59)) is not None
    assert locked_until("dave", fifth + timedelta(minutes=15, seconds=1)) is None


def test_failures_spread_wider_than_the_window_do_not_lock() -> None:
    for minutes_ago in (29, 25, 16, 12, 8, 4):
        failed("dave", minutes_ago)

    assert locked_until("dave", NOW) is None


def test_usernames_are_counted_apart_and_unknown_usernames_lock_too() -> None:
    for minutes_ago in range(5):
        failed("nobody-here", minutes_ago)
    failed("dave", 1)

    assert locked_until("nobody-here", NOW) is not None
    assert locked_until("dave", NOW) is None


@pytest.mark.parametrize("clearing", [
    {"step": SignInStep.CODE, "succeeded": True},
    {"step": SignInStep.ENROLL, "succeeded": True},
    {"step": SignInStep.UNLOCK, "succeeded": True},
])
def test_a_finished_sign_in_or_an_unlock_starts_the_count_again(clearing: dict[str, object]) -> None:
    for minutes_ago in (9, 8, 7, 6, 5):
        failed("dave", minutes_ago)
    SignInAttempt.objects.create(username="dave", at=NOW - timedelta(minutes=4), **clearing)  # type: ignore[misc]

    assert locked_until("dave", NOW) is None
    for later in (3, 2, 1, 0.5):
        failed("dave", later)
    assert locked_until("dave", NOW) is None


def test_a_right_password_alone_does_not_start_the_count_again() -> None:
    for minutes_ago in (9, 8, 7, 6):
        failed("dave", minutes_ago, SignInStep.CODE)
    SignInAttempt.objects.create(username="dave", step=SignInStep.PASSWORD, succeeded=True,
                                 at=NOW - timedelta(minutes=5))
    failed("dave", 4, SignInStep.CODE)

    assert locked_until("dave", NOW) is not None


@override_settings(SIGN_IN_MAX_FAILURES=3, SIGN_IN_FAILURE_WINDOW_MINUTES=60, SIGN_IN_LOCKOUT_MINUTES=5)
def test_the_limits_come_from_the_settings() -> None:
    for minutes_ago in (50, 30):
        failed("dave", minutes_ago)
    third = failed("dave", 2)

    assert locked_until("dave", NOW) == third + timedelta(minutes=5)
    assert locked_until("dave", third + timedelta(minutes=6)) is None
