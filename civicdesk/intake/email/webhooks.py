"""Mail received by an email provider (Postmark, Mailgun, SendGrid, ...) and posted to django-anymail's
inbound webhook under /intake/email/anymail/<provider>/inbound/; anymail checks the basic-auth secret
(ANYMAIL["WEBHOOK_SECRET"]) and each provider's own signature before the `inbound` signal fires."""

import logging
from typing import Any

from anymail.signals import AnymailInboundEvent

from civicdesk.intake.email.services import receive_email

log = logging.getLogger(__name__)


def file_inbound_webhook(sender: Any, event: AnymailInboundEvent, esp_name: str, **kwargs: Any) -> None:
    """anymail's inbound signal: the provider's message (already an `email.message.EmailMessage`) filed."""
    receipt = receive_email(event.message)
    log.info("Inbound email from %s via %s: %s", event.message.envelope_sender or "?", esp_name, receipt.outcome)
