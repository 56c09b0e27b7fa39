"""The one interface every department delivery method implements, and what it may raise."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import requests
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

if TYPE_CHECKING:
    from civicdesk.integrations.models import Delivery, Integration

HTTP_TIMEOUT_SECONDS = 10.0
# Answers that mean "try again later"; every other 4xx means the department will never take it as sent.
RETRYABLE_STATUS_CODES = frozenset({408, 409, 425, 429})


class DeliveryError(Exception):
    """Sending failed. Transient failures are retried with backoff; permanent ones stop and alert staff."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


@dataclass(frozen=True)
class DeliveryResult:
    external_id: str = ""  # the department system's id for the request, when it gives one


class Adapter:
    """A way of handing requests to a department system (and, for some, of asking it for updates)."""

    name: ClassVar[str]
    can_poll: ClassVar[bool] = False

    @classmethod
    def validate_settings(cls, settings: dict[str, Any]) -> dict[str, Any]:
        """Return the settings cleaned, or raise ValidationError({"settings": ...}) naming what is wrong."""
        return dict(settings)

    def deliver(self, delivery: "Delivery") -> DeliveryResult:
        raise NotImplementedError

    def poll(self, integration: "Integration", deliveries: Sequence["Delivery"]) -> list[dict[str, Any]]:
        """Updates for these delivered requests, in the inbound payload format (with an event_id each)."""
        raise NotImplementedError(f"The {self.name} adapter cannot poll for updates.")


def require_url(settings: dict[str, Any], key: str) -> str:
    value = settings.get(key)
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError({"settings": f"'{key}' must be an http(s) address, not {value!r}."}) from None
    return str(value)


def post(url: str, **kwargs: Any) -> requests.Response:
    """POST and classify the failure: no answer or a 5xx/429 is transient, any other 4xx is permanent."""
    return _checked(lambda: requests.post(url, timeout=HTTP_TIMEOUT_SECONDS, **kwargs), url)


def get(url: str, **kwargs: Any) -> requests.Response:
    return _checked(lambda: requests.get(url, timeout=HTTP_TIMEOUT_SECONDS, **kwargs), url)


def _checked(call: Any, url: str) -> requests.Response:
    try:
        response: requests.Response = call()
    except requests.RequestException as error:
        raise DeliveryError(f"No answer from {url}: {error.__class__.__name__}: {error}") from error
    if response.status_code >= 500 or response.status_code in RETRYABLE_STATUS_CODES:
        raise DeliveryError(f"{url} answered {response.status_code}: {response.text[:300]}")
    if response.status_code >= 400:
        raise DeliveryError(f"{url} refused it with {response.status_code}: {response.text[:300]}", permanent=True)
    return response
