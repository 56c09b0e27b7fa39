"""Two-factor helpers for tests: a confirmed authenticator device, the code it shows now, a verified client."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts.middleware import LAST_ACTIVITY, SIGNED_IN_AT
from civicdesk.accounts.models import User
from civicdesk.accounts.services import next_code


def authenticator(user: User) -> TOTPDevice:
    """The user's confirmed authenticator device, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now (the next one when this one was already used)."""
    device.refresh_from_db()
    return next_code(device)


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


def verified_client(user: User, client: Client | None = None) -> Client:
    """`client` (a new one by default) signed in as `user` and verified with their authenticator, as after
    the whole staff sign-in."""
    client = client or Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session[SIGNED_IN_AT] = session[LAST_ACTIVITY] = time.time()
    session.save()
    return client
