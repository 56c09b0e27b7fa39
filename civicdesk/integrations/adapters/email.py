"""Email to the department's inbox, with a reply address that threads the department's answer back.

The reply address carries a token naming the delivery (`<local>+<delivery id>-<hmac>@<domain>`); the
inbound mail listener (issue 7) hands each received message to `department_reply`.
"""

import email.utils
import re
from dataclasses import dataclass
from email.message import EmailMessage as ParsedMessage
from smtplib import SMTPException
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils.crypto import constant_time_compare, salted_hmac

from civicdesk.integrations.adapters.base import Adapter, DeliveryError, DeliveryResult
from civicdesk.integrations.models import Delivery
from civicdesk.integrations.payload import request_document

REPLY_LOCAL_PART = "department-reply"
_TOKEN = re.compile(rf"{REPLY_LOCAL_PART}\+(\d+)-([0-9a-f]{{20}})@", re.IGNORECASE)
# Where a quoted earlier message starts in a reply: "On <date>, <someone> wrote:" or an Outlook header.
_QUOTE_START = re.compile(r"^(On .+ wrote:|-----Original Message-----|From: .+)$", re.MULTILINE)


class UnknownReply(Exception):
    """The message is not a reply to a delivery we sent (no valid token in its addresses)."""


@dataclass(frozen=True)
class DepartmentReply:
    delivery: Delivery
    text: str
    sender: str


def reply_domain() -> str:
    return str(getattr(django_settings, "INTEGRATION_REPLY_DOMAIN", "")
               or django_settings.DEFAULT_FROM_EMAIL.rpartition("@")[2])


def reply_address(delivery: Delivery) -> str:
    signature = salted_hmac("integrations.reply", str(delivery.pk)).hexdigest()[:20]
    return f"{REPLY_LOCAL_PART}+{delivery.pk}-{signature}@{reply_domain()}"


class EmailAdapter(Adapter):
    """settings: {"to": "inbox@dept.example"}; without it the department's own email address is used."""

    name = "email"

    @classmethod
    def validate_settings(cls, settings: dict[str, Any]) -> dict[str, Any]:
        to = str(settings.get("to", ""))
        if to:
            try:
                validate_email(to)
            except ValidationError:
                raise ValidationError({"settings": f"'to' must be an email address, not {to!r}."}) from None
        return {"to": to}

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        request = delivery.request
        to = delivery.integration.settings.get("to") or delivery.integration.department.email
        if not to:
            raise DeliveryError(f"{delivery.integration.department} has no email address to send to.", permanent=True)
        message_id = email.utils.make_msgid(domain=reply_domain())
        message = EmailMessage(
            subject=f"[{request.public_id}] {request.service.name}: {request.address or 'no address'}",
            body=render_to_string("integrations/department_email.txt", {"document": request_document(delivery)}),
            from_email=django_settings.DEFAULT_FROM_EMAIL, to=[to], reply_to=[reply_address(delivery)],
            headers={"Message-ID": message_id, "Idempotency-Key": delivery.idempotency_key},
        )
        try:
            message.send()
        except (SMTPException, OSError) as error:
            raise DeliveryError(f"The mail server did not take the message: {error}") from error
        return DeliveryResult(external_id=message_id)


def department_reply(message: ParsedMessage) -> DepartmentReply:
    """Find which delivery a received email answers, and its new text (without the quoted original)."""
    addresses = " ".join(str(message.get_all(name, [])) for name in ("To", "Cc", "Delivered-To", "X-Original-To"))
    for pk, signature in _TOKEN.findall(addresses):
        expected = salted_hmac("integrations.reply", pk).hexdigest()[:20]
        delivery = Delivery.objects.select_related("request", "integration").filter(pk=int(pk)).first()
        if delivery is not None and constant_time_compare(expected, signature.lower()):
            return DepartmentReply(delivery, _new_text(message), email.utils.parseaddr(str(message["From"]))[1])
    raise UnknownReply("The message is not addressed to a department reply address we gave out.")


def _new_text(message: ParsedMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    quote = _QUOTE_START.search(text)
    text = text[: quote.start()] if quote else text
    return "\n".join(line for line in text.splitlines() if not line.startswith(">")).strip()
