"""The Django admin site, open only to staff signed in through the staff sign-in with a verified code.

The admin's own sign-in form is not used: its login page sends people to the staff sign-in (password,
then the two-factor code, with the lockout), which brings them back to the admin page they asked for.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.admin import OTPAdminSite

from civicdesk.accounts import services


class StaffAdminSite(OTPAdminSite):
    """OTPAdminSite: `has_permission` also needs `request.user.is_verified()`."""

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        asked = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(asked, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            asked = ""
        asked = asked or reverse("admin:index", current_app=self.name)
        user = request.user
        if services.is_verified(user):
            if self.has_permission(request):
                return redirect(asked)
            # Signed in and verified, but not allowed here: sending them to sign in again would loop.
            return render(request, "console/denied.html",
                          {"message": _("Your account cannot use the administration pages.")}, status=403)
        step = "console:two_factor" if services.needs_two_factor(user) else "console:login"
        return redirect(f"{reverse(step)}?{urlencode({REDIRECT_FIELD_NAME: asked})}")

    def logout(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated:
            services.record_sign_out(request)
        return super().logout(request, extra_context)
