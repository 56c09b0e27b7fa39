"""Resident sign-in by email link, sign-out, and "my requests". Thin: the rules are in residents.py."""

from django import forms
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from civicdesk.accounts import residents
from civicdesk.notifications.wording import status_in_plain_words
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import requests_of_resident


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254,
                             error_messages={"required": _("Enter your email address."),
                                             "invalid": _("Enter an email address like name@example.org.")})


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "portal/account_sign_in.html", {"form": form}, status=400 if form.errors else 200)
    try:
        residents.send_sign_in_link(form.cleaned_data["email"], client_address=request.META.get("REMOTE_ADDR", ""))
    except residents.TooManyLinks as refusal:
        return render(request, "portal/account_sign_in.html", {"form": form, "error": str(refusal)}, status=429)
    return render(request, "portal/account_sign_in_sent.html", {"email": form.cleaned_data["email"]})


def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners open links too); POST uses the link up and signs in."""
    try:
        if request.method == "POST":
            user = residents.use_sign_in_token(token)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("portal:my_requests")
        email = residents.check_sign_in_token(token)
    except residents.SignInRefused as refusal:
        return render(request, "portal/account_link_problem.html", {"error": str(refusal)}, status=400)
    return render(request, "portal/account_sign_in_confirm.html", {"email": email})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return render(request, "portal/account_signed_out.html")


def my_requests(request: HttpRequest) -> HttpResponse:
    if not residents.is_resident(request.user):
        return redirect("portal:sign_in")
    reported, followed = requests_of_resident(request.user.email)  # type: ignore[union-attr]
    language = get_language() or "en"

    def rows(requests: list[ServiceRequest]) -> list[tuple[ServiceRequest, str, str]]:
        return [(row, row.service.localized_name(language), status_in_plain_words(row.status)) for row in requests]

    return render(request, "portal/account_requests.html", {
        "email": request.user.email, "reported": rows(reported), "followed": rows(followed),  # type: ignore[union-attr]
    })
