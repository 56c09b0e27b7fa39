"""Twilio webhooks are signed: every text and call webhook goes through `twilio_signed`, the one check.

Twilio signs the URL it called (with its query string) and the POSTed fields with the account's auth
token. Behind a proxy the Host header is not that URL, so the public base URL comes from settings
(TWILIO_WEBHOOK_BASE_URL, SITE_URL by default). No token configured means every request is refused.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

View = Callable[..., HttpResponse]


def public_url(request: HttpRequest) -> str:
    """The address Twilio called: the configured public base, this request's path and query string."""
    return settings.TWILIO_WEBHOOK_BASE_URL.rstrip("/") + request.get_full_path()


def is_signed_by_twilio(request: HttpRequest) -> bool:
    token = settings.TWILIO_AUTH_TOKEN
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return bool(RequestValidator(token).validate(public_url(request), request.POST, signature))


def twilio_signed(view: View) -> View:
    """Answer only POSTs that carry a valid X-Twilio-Signature; anything else gets 403 and changes nothing."""

    @wraps(view)
    def checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not is_signed_by_twilio(request):
            return HttpResponseForbidden("This address answers only requests signed by Twilio.",
                                         content_type="text/plain")
        return view(request, *args, **kwargs)

    # The signature stands in for a CSRF token: Twilio cannot send one.
    return csrf_exempt(require_POST(checked))
