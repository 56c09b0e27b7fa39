"""Staff sign-in rules: the sign-in record, lockouts, and two-factor (TOTP) devices.

Staff sign in with a password, then a 6-digit code from an authenticator app; a member of staff with
no confirmed device enrolls one first (django-otp's TOTP devices). Every step is a SignInAttempt row in
the database, so every web worker sees the same lockouts. After SIGN_IN_MAX_FAILURES failed passwords
or codes for a username within SIGN_IN_FAILURE_WINDOW_MINUTES, that username cannot sign in for
SIGN_IN_LOCKOUT_MINUTES, whether or not such an account exists, so a lockout reveals nothing. A
completed sign-in, or an administrator's unlock, starts the count again.
"""

import ipaddress
import math
import time
from base64 import b32encode
from collections import deque
from datetime import datetime, timedelta
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.models import SignInAttempt, SignInStep, User
from civicdesk.console.permissions import is_staff_member

FAILED_STEPS = (SignInStep.PASSWORD, SignInStep.CODE, SignInStep.ENROLL)
DEVICE_NAME = "Authenticator app"


class SignInRefused(Exception):
    """A sign-in step did not pass; the message says what to do. `locked` when the username is locked out."""

    def __init__(self, message: str, *, locked: bool = False) -> None:
        super().__init__(message)
        self.locked = locked


# --- The sign-in record and lockouts ---------------------------------------------------------------


def client_ip(request: HttpRequest | None) -> str | None:
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(username: str, step: SignInStep, *, request: HttpRequest | None = None, succeeded: bool = False,
           detail: str = "") -> SignInAttempt:
    """Add one line to the sign-in record."""
    return SignInAttempt.objects.create(username=username[:150], step=step, succeeded=succeeded,
                                        ip=client_ip(request), detail=detail[:200])


def record_sign_out(request: HttpRequest, step: SignInStep = SignInStep.SIGN_OUT, detail: str = "") -> None:
    """Record that the signed-in user of `request` is being signed out (call before `logout`)."""
    record(request.user.get_username(), step, request=request, succeeded=True, detail=detail)


def locked_until(username: str, now: datetime | None = None) -> datetime | None:
    """When the lockout of `username` ends, or None when it may sign in."""
    most = settings.SIGN_IN_MAX_FAILURES
    if most <= 0:
        return None
    now = now or timezone.now()
    window = timedelta(minutes=settings.SIGN_IN_FAILURE_WINDOW_MINUTES)
    lockout = timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    # Only failures that could still hold a lockout matter: within one window before a lock still running.
    rows = SignInAttempt.objects.filter(username=username, at__gt=now - window - lockout, at__lte=now)
    cleared = rows.filter(Q(step__in=(SignInStep.CODE, SignInStep.ENROLL), succeeded=True)
                          | Q(step=SignInStep.UNLOCK)).order_by("-at").values_list("at", flat=True).first()
    failures = rows.filter(step__in=FAILED_STEPS, succeeded=False)
    if cleared is not None:
        failures = failures.filter(at__gt=cleared)
    recent: deque[datetime] = deque()
    until: datetime | None = None
    for at in failures.order_by("at", "pk").values_list("at", flat=True):
        if until is not None and at < until:
            continue  # a failure that slipped in while locked does not lengthen the lockout
        recent.append(at)
        while recent[0] <= at - window:
            recent.popleft()
        if len(recent) >= most:
            until, recent = at + lockout, deque()
    return until if until is not None and until > now else None


def locked_message(until: datetime) -> str:
    """The same words for every username, existing or not."""
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many failed sign-in attempts: sign-in for this username is paused. Try again in %(minutes)d minute, "
        "or ask an administrator to unlock it.",
        "Too many failed sign-in attempts: sign-in for this username is paused. Try again in %(minutes)d minutes, "
        "or ask an administrator to unlock it.", minutes,
    ) % {"minutes": minutes}


# --- The two steps -----------------------------------------------------------------------------------


def check_password(request: HttpRequest, username: str, password: str) -> User:
    """The member of staff these credentials belong to, or SignInRefused. Recorded either way.

    The lockout check, the password check and the record happen under a lock on the user's row, so guesses
    sent all at once queue up and each one sees the failures before it.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(username=username).first()
        until = locked_until(username)
        user = None if until is not None else authenticate(request, username=username, password=password)
        accepted = user is not None and is_staff_member(user)
        if until is None:
            record(username, SignInStep.PASSWORD, request=request, succeeded=accepted,
                   detail="" if accepted or user is None else "not a member of staff")
    _refuse_or_fail(request, username, SignInStep.PASSWORD, until, accepted,
                    _("That username and password do not match. Try again."))
    return user  # type: ignore[return-value]


def check_code(request: HttpRequest, user: User, device: TOTPDevice, code: str) -> None:
    """Accept the current code of `device` (each code works once); enrolls the device if it was not yet
    confirmed. Raises SignInRefused otherwise. Recorded either way.

    Under a lock on the device's row: codes sent all at once are checked one after another, each after the
    failures before it were counted, so a burst of guesses cannot get past the lockout.
    """
    step = SignInStep.CODE if device.confirmed else SignInStep.ENROLL
    username = user.get_username()
    with transaction.atomic():
        current = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user).first()
        until = locked_until(username)
        accepted = until is None and current is not None and current.verify_token(code)
        if accepted and current is not None and not current.confirmed:
            current.confirmed = True
            current.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        if until is None:
            record(username, step, request=request, succeeded=accepted)
    _refuse_or_fail(request, username, step, until, accepted,
                    _("That code does not match. Enter the 6-digit code your authenticator app shows now."))
    device.refresh_from_db()


def _refuse_or_fail(request: HttpRequest, username: str, step: SignInStep, locked: datetime | None,
                    accepted: bool, message: str) -> None:
    """After a step: refuse a locked username (recorded), or a failed attempt (locking it if that was one too many)."""
    if locked is not None:
        record(username, SignInStep.LOCKED_OUT, request=request, detail=f"at the {step.label.lower()} step")
        raise SignInRefused(locked_message(locked), locked=True)
    if not accepted:
        until = locked_until(username)
        raise SignInRefused(locked_message(until) if until is not None else message, locked=until is not None)


# --- Devices ---------------------------------------------------------------------------------------------


def is_verified(user: Any) -> bool:
    """Signed in and verified with a two-factor device in this session (OTPMiddleware sets is_verified)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_verified", None)
                and user.is_verified())


def needs_two_factor(user: Any) -> bool:
    """A signed-in member of staff whose session has not been verified with a code yet."""
    return is_staff_member(user) and not is_verified(user)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def enrollment_device(user: User) -> TOTPDevice:
    """The device being enrolled: the same secret on every visit until a code from it is confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def next_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows now, or the next one when this one was already used
    (each code is accepted once; one step ahead is accepted). For tests and the demo, never for sign-in."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    totp.drift += max(0, device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def manual_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an authenticator app."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start:start + 4] for start in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code, labelled for screen readers."""
    label = escape(_("QR code to scan with your authenticator app"))
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff", svgclass="cd-qr")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))


# --- Administrators' actions ----------------------------------------------------------------------------


def unlock(user: User, *, request: HttpRequest) -> None:
    """Let `user` sign in again at once: failed attempts before now no longer count."""
    record(user.get_username(), SignInStep.UNLOCK, request=request, succeeded=True,
           detail=f"by {request.user.get_username()}")


def reset_two_factor(user: User, *, request: HttpRequest) -> int:
    """Remove all of `user`'s two-factor devices: at their next sign-in they enroll a new one. Any session
    verified with a removed device is no longer verified. Returns how many devices were removed."""
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        record(user.get_username(), SignInStep.TWO_FACTOR_RESET, request=request, succeeded=True,
               detail=f"by {request.user.get_username()}")
    return len(devices)
