"""Staff sessions end after STAFF_IDLE_TIMEOUT_MINUTES without a request, and STAFF_SESSION_MAX_HOURS after
sign-in whatever happens. Residents' sessions are left alone."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, SESSION_KEY, logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext

from civicdesk.accounts import services
from civicdesk.accounts.models import Role, SignInStep

SIGNED_IN_AT = "staff_signed_in_at"
LAST_ACTIVITY = "staff_last_activity"
ACTIVITY_RESOLUTION = 60  # seconds: the last activity is saved at most once a minute, not on every request


def start_staff_session(request: HttpRequest) -> None:
    """Call right after a member of staff signs in: both clocks start now."""
    request.session[SIGNED_IN_AT] = request.session[LAST_ACTIVITY] = time.time()


def staff_session_ended(session: SessionBase, *, active: bool = True) -> tuple[str, str] | None:
    """Why a staff session is over (for the record, and for the person), or None. `active`: the person did
    something now (a page, a chat message), which restarts the idle clock."""
    now = time.time()
    signed_in_at = session.setdefault(SIGNED_IN_AT, now)
    last_activity = session.get(LAST_ACTIVITY, now)
    idle_minutes = settings.STAFF_IDLE_TIMEOUT_MINUTES
    if idle_minutes > 0 and now - last_activity > idle_minutes * 60:
        return f"idle for more than {idle_minutes} min", ngettext(
            "You were signed out after %(minutes)d minute without activity. Sign in again.",
            "You were signed out after %(minutes)d minutes without activity. Sign in again.",
            idle_minutes) % {"minutes": idle_minutes}
    max_hours = settings.STAFF_SESSION_MAX_HOURS
    if max_hours > 0 and now - signed_in_at > max_hours * 3600:
        return f"signed in for more than {max_hours} h", ngettext(
            "You were signed out: a staff session lasts at most %(hours)d hour. Sign in again.",
            "You were signed out: a staff session lasts at most %(hours)d hours. Sign in again.",
            max_hours) % {"hours": max_hours}
    if active and (LAST_ACTIVITY not in session or now - last_activity >= ACTIVITY_RESOLUTION):
        session[LAST_ACTIVITY] = now
    return None


class StaffSessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session and request.user.is_authenticated \
                and getattr(request.user, "role", Role.RESIDENT) != Role.RESIDENT:
            ended = staff_session_ended(request.session)
            if ended is not None:
                return self._sign_out(request, *ended)
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, detail: str, why: str) -> HttpResponse:
        services.record_sign_out(request, SignInStep.TIMED_OUT, detail=detail)
        asked = request.get_full_path() if request.method == "GET" else ""
        logout(request)
        messages.info(request, why)
        sign_in = reverse("console:login")
        return redirect(f"{sign_in}?{urlencode({REDIRECT_FIELD_NAME: asked})}" if asked else sign_in)

