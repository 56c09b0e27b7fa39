"""Staff sign-in in two steps: the password, then a code from an authenticator app (enrolled on first use).

Thin: the rules (lockouts, the sign-in record, devices) are in `civicdesk/accounts/services.py`. After the
right password nobody is signed in yet: the session only remembers, for a few minutes, who is waiting for
the code step. Signing in happens when the code is accepted, so a password alone opens nothing.
"""

import time
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts import services
from civicdesk.accounts.forms import CodeForm, PasswordForm
from civicdesk.accounts.middleware import start_staff_session
from civicdesk.accounts.models import User
from civicdesk.console.permissions import is_staff_member

PENDING = "staff_sign_in_pending"  # session: who gave the right password, and where they were going
PENDING_MINUTES = 10


@dataclass(frozen=True)
class Pending:
    user: User
    next_url: str
    backend: str | None = None  # None: already signed in (a session from before two-factor), only the code is missing


def _next_url(request: HttpRequest, asked: str | None) -> str:
    if asked and url_has_allowed_host_and_scheme(asked, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return asked
    return reverse("console:queue")


def _pending(request: HttpRequest) -> Pending | None:
    """Who is between the password and the code step, if anyone."""
    data: Any = request.session.get(PENDING)
    if isinstance(data, dict) and time.time() - float(data.get("since", 0)) < PENDING_MINUTES * 60:
        user = User.objects.filter(pk=int(data.get("user") or 0)).first()
        if user is not None and is_staff_member(user):
            return Pending(user, _next_url(request, data.get("next")), str(data.get("backend")))
    if services.needs_two_factor(request.user):
        return Pending(request.user, _next_url(request, request.GET.get(REDIRECT_FIELD_NAME)))  # type: ignore[arg-type]
    return None


def _sign_in_again(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING, None)
    messages.error(request, _("Your sign-in was not finished in time. Enter your username and password again."))
    return redirect("console:login")


def _render_sign_in(request: HttpRequest, form: PasswordForm, next_url: str, *, error: str = "",
                    status: int = 200) -> HttpResponse:
    return render(request, "console/login.html", {"form": form, "next": next_url, "error": error}, status=status)


def _finish(request: HttpRequest, pending: Pending, device: TOTPDevice) -> HttpResponse:
    request.session.pop(PENDING, None)
    if pending.backend is None:
        request.session.cycle_key()
    else:
        login(request, pending.user, backend=pending.backend)
    otp_login(request, device)
    start_staff_session(request)
    return redirect(pending.next_url)


def sign_in(request: HttpRequest) -> HttpResponse:
    """Step one: username and password."""
    next_url = _next_url(request, request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME))
    if request.method != "POST":
        if services.is_verified(request.user) and is_staff_member(request.user):
            return redirect(next_url)
        return _render_sign_in(request, PasswordForm(), next_url)
    form = PasswordForm(request.POST)
    if not form.is_valid():
        return _render_sign_in(request, form, next_url, status=400)
    try:
        user = services.check_password(request, form.cleaned_data["username"], form.cleaned_data["password"])
    except services.SignInRefused as refusal:
        return _render_sign_in(request, form, next_url, error=str(refusal), status=429 if refusal.locked else 200)
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "backend": getattr(user, "backend", None), "since": time.time(),
                                "next": next_url}  # `authenticate` noted which backend accepted the password
    return redirect("console:two_factor")


def two_factor(request: HttpRequest) -> HttpResponse:
    """Step two: the code from the authenticator app (or, with no device yet, the enrollment page)."""
    pending = _pending(request)
    if pending is None:
        return _sign_in_again(request)
    device = services.confirmed_device(pending.user)
    if device is None:
        return redirect(f"{reverse('console:two_factor_enroll')}?{request.GET.urlencode()}")
    return _code_step(request, pending, device, "console/two_factor_code.html", {})


def enroll(request: HttpRequest) -> HttpResponse:
    """First sign-in (or after an administrator's reset): add the account to an authenticator app."""
    pending = _pending(request)
    if pending is None:
        return _sign_in_again(request)
    if services.confirmed_device(pending.user) is not None:
        return redirect(f"{reverse('console:two_factor')}?{request.GET.urlencode()}")
    device = services.enrollment_device(pending.user)
    return _code_step(request, pending, device, "console/two_factor_enroll.html", {
        "qr_code": services.qr_code_svg(device), "secret": services.manual_secret(device),
    })


def _code_step(request: HttpRequest, pending: Pending, device: TOTPDevice, template: str,
               context: dict[str, Any]) -> HttpResponse:
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.check_code(request, pending.user, device, form.cleaned_data["code"])
            except services.SignInRefused as refusal:
                if refusal.locked:
                    request.session.pop(PENDING, None)
                    return _render_sign_in(request, PasswordForm(), pending.next_url, error=str(refusal), status=429)
                form.add_error("code", str(refusal))
            else:
                return _finish(request, pending, device)
        status = 400
    return render(request, template, {**context, "form": form, "staff_member": pending.user,
                                      "query": request.GET.urlencode()}, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.record_sign_out(request)
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("console:login")
