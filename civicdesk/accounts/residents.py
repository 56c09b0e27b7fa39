"""Resident accounts: sign in with a one-time link sent by email, no password.

A link carries the email address and the account's last sign-in time, signed and dated. It works for
SIGN_IN_LINK_MINUTES and only once: signing in changes the last sign-in time, so the link (and any
other link sent before) no longer matches. Residents are users with the resident role and no staff
rights; which requests they see is decided by their email address.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicdesk.accounts.models import Role, User

RESIDENT_ROLE = Role.RESIDENT
SIGN_IN_LINK_MINUTES = 30
_SALT = "civicdesk.accounts.resident-sign-in"

# Sending limits, so the form cannot be used to flood someone's inbox: (sends, window in seconds).
SENDS_PER_EMAIL = (3, 15 * 60)
SENDS_PER_ADDRESS = (10, 60 * 60)


class SignInRefused(Exception):
    """The link cannot be sent or used; the message says why and what to do."""


class TooManyLinks(SignInRefused):
    """Too many links were asked for the same email address or from the same network address."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def is_resident(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") == RESIDENT_ROLE


def resident_by_email(email: str) -> User | None:
    return User.objects.filter(role=RESIDENT_ROLE, email=normalize_email(email)).first()


def _username(email: str) -> str:
    # Never the address itself, so a resident can never take a staff member's username.
    return "resident-" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _marker(user: User | None) -> str:
    return user.last_login.isoformat() if user is not None and user.last_login else ""


def make_sign_in_token(email: str) -> str:
    email = normalize_email(email)
    return signing.dumps({"e": email, "m": _marker(resident_by_email(email))}, salt=_SALT, compress=True)


def _count_send(key: str, limit: tuple[int, int]) -> bool:
    """Count one send under `key`; False when the limit for its window is already reached."""
    most, seconds = limit
    cache.add(key, 0, seconds)
    try:
        sent = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, seconds)
        sent = 1
    return sent <= most


def send_sign_in_link(email: str, *, client_address: str) -> None:
    """Email a one-time sign-in link (in the active language), unless this address or network asked too often."""
    email = normalize_email(email)
    digest = hashlib.sha256(email.encode()).hexdigest()
    if not (_count_send(f"sign-in:email:{digest}", SENDS_PER_EMAIL)
            and _count_send(f"sign-in:address:{client_address}", SENDS_PER_ADDRESS)):
        raise TooManyLinks(_("Too many sign-in links were asked for. Wait 15 minutes and try again."))
    link = settings.SITE_URL.rstrip("/") + reverse("portal:sign_in_link", args=[make_sign_in_token(email)])
    context = {"link": link, "minutes": SIGN_IN_LINK_MINUTES, "city_name": settings.CITY_NAME}
    subject = render_to_string("accounts/sign_in_email_subject.txt", context).strip()
    body = render_to_string("accounts/sign_in_email_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def check_sign_in_token(token: str) -> str:
    """The email address of a link that can still be used (without using it up), or SignInRefused."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=SIGN_IN_LINK_MINUTES * 60)
    except signing.SignatureExpired:
        raise SignInRefused(
            _("This sign-in link has expired: links work for %(minutes)d minutes. Ask for a new one.")
            % {"minutes": SIGN_IN_LINK_MINUTES}
        ) from None
    except signing.BadSignature:
        raise SignInRefused(_("This sign-in link is not valid. Check that you copied the whole link.")) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), str):
        raise SignInRefused(_("This sign-in link is not valid. Check that you copied the whole link."))
    if payload.get("m") != _marker(resident_by_email(payload["e"])):
        raise SignInRefused(_("This sign-in link was already used. Ask for a new one."))
    return payload["e"]


def use_sign_in_token(token: str) -> User:
    """Use up the link: the resident's account (made on first sign-in), with the sign-in time moved on."""
    email = check_sign_in_token(token)
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(role=RESIDENT_ROLE, email=email).first()
            if user is None:
                user = User(username=_username(email), email=email, role=RESIDENT_ROLE, is_staff=False)
                user.set_unusable_password()
            else:
                check_sign_in_token(token)  # again under the lock: two clicks at once must not both sign in
            user.last_login = timezone.now()
            user.save()
    except IntegrityError:  # the same first link used twice at once: the other click made the account
        raise SignInRefused(_("This sign-in link was already used. Ask for a new one.")) from None
    return user
