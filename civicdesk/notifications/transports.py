"""How a message leaves CivicDesk: one small class per medium behind one method, `send`.

Each transport turns its provider's failures into a DeliveryError that says whether trying again
could help (a server that is down) or not (an address that does not exist). Only this module
imports a vendor SDK.
"""

import smtplib
from dataclasses import dataclass, field
from email.utils import make_msgid
from typing import Any, ClassVar

import requests
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from civicdesk.notifications.choices import Medium
from civicdesk.notifications.reply_addresses import notification_reply_address

TWILIO_PUBLIC_API = "https://api.twilio.com"
# Twilio's error for a number that texted STOP: sending again is refused until it texts START.
TWILIO_UNSUBSCRIBED = 21610


class DeliveryError(Exception):
    """The provider did not take the message. `permanent` failures are not retried."""

    def __init__(self, message: str, *, permanent: bool = False, unsubscribed: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent or unsubscribed
        self.unsubscribed = unsubscribed


@dataclass(frozen=True)
class OutgoingMessage:
    to: str
    subject: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)  # extra email headers (text messages have none)


class Transport:
    medium: ClassVar[str]

    def is_configured(self) -> bool:
        return True

    def send(self, message: OutgoingMessage) -> str:
        """Hand the message to the provider and return the provider's id for it, or raise DeliveryError."""
        raise NotImplementedError


class Email(Transport):
    """Django's email backend: SMTP in production (or any backend EMAIL_BACKEND names, e.g. django-anymail's)."""

    medium = Medium.EMAIL
    timeout_seconds = 30.0  # a mail server that hangs must not hold the worker (Django's default waits forever)

    def send(self, message: OutgoingMessage) -> str:
        message_id = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or None)
        connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT or self.timeout_seconds)
        # The Reply-To carries a signed token, so a resident's answer threads into the request's history.
        email = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to],
                             headers={**message.headers, "Message-ID": message_id}, connection=connection,
                             reply_to=[notification_reply_address(message_id)])
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as refused:
            answers = "; ".join(f"{code} {reason.decode(errors='replace')}"
                                for code, reason in refused.recipients.values())
            raise DeliveryError(f"The mail server refused the address: {answers}", permanent=True) from None
        except smtplib.SMTPResponseException as failure:
            # 5xx answers are final (bad mailbox, message rejected); 4xx ask us to try later.
            detail = failure.smtp_error.decode(errors="replace") if isinstance(failure.smtp_error, bytes) else ""
            raise DeliveryError(f"SMTP {failure.smtp_code}: {detail}", permanent=failure.smtp_code >= 500) from None
        except (smtplib.SMTPException, OSError) as failure:
            raise DeliveryError(f"Mail server unreachable: {failure}") from None
        return message_id


class _TwilioApiClient(TwilioHttpClient):
    """Twilio's own HTTP client, pointed at TWILIO_API_BASE (a local fake in tests) instead of Twilio."""

    def __init__(self, api_base: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.api_base = api_base.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if url.startswith(TWILIO_PUBLIC_API):
            url = self.api_base + url[len(TWILIO_PUBLIC_API):]
        return super().request(method, url, *args, **kwargs)


class TwilioSms(Transport):
    """Text messages through Twilio's Messages API."""

    medium = Medium.SMS
    timeout_seconds = 10.0

    def is_configured(self) -> bool:
        return bool(settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN and settings.TWILIO_FROM_NUMBER)

    def send(self, message: OutgoingMessage) -> str:
        client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN,
                        http_client=_TwilioApiClient(settings.TWILIO_API_BASE, self.timeout_seconds))
        try:
            sent = client.messages.create(to=message.to, from_=settings.TWILIO_FROM_NUMBER, body=message.body)
        except TwilioRestException as failure:
            text = f"Twilio {failure.status}" + (f" error {failure.code}" if failure.code else "") + f": {failure.msg}"
            raise DeliveryError(
                text, unsubscribed=failure.code == TWILIO_UNSUBSCRIBED,
                # 4xx means this message will never go (bad number, bad account) except "too many requests".
                permanent=400 <= failure.status < 500 and failure.status != 429,
            ) from None
        except (TwilioException, requests.RequestException) as failure:
            raise DeliveryError(f"Twilio unreachable: {failure}") from None
        return str(sent.sid)


TRANSPORTS: dict[str, type[Transport]] = {transport.medium: transport for transport in (Email, TwilioSms)}


def transport_for(medium: str) -> Transport:
    return TRANSPORTS[medium]()
