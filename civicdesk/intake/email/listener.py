"""The city's own SMTP listener (aiosmtpd): mail for the 311 addresses is taken and filed, the rest refused.

Each accepted message is handed to `receive_email` in a worker thread (the ORM is synchronous); the
sender hears 250 once it is filed, 451 (try later) when filing failed, so no report is lost silently.
"""

import logging
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from civicdesk.intake.email.services import EmailReceipt, receive_email
from civicdesk.integrations.adapters.email import REPLY_LOCAL_PART, reply_domain
from civicdesk.notifications.reply_addresses import inbound_addresses

log = logging.getLogger(__name__)


def accepts_recipient(address: str) -> bool:
    """A 311 address (or its "+token" form, used on replies), or a department reply address we gave out."""
    local, _at, domain = address.strip().strip("<>").lower().rpartition("@")
    base = local.partition("+")[0]
    if base == REPLY_LOCAL_PART and domain == reply_domain().lower():
        return True
    return f"{base}@{domain}" in inbound_addresses()


def _receive(content: bytes) -> EmailReceipt:
    close_old_connections()  # a long-lived listener thread must not keep a connection the server closed
    try:
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)  # policy.default always builds EmailMessage
        return receive_email(message)
    finally:
        close_old_connections()


class InboundMailHandler:
    """aiosmtpd's handler hooks: RCPT checks the address, DATA files the message."""

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if not accepts_recipient(address):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        try:
            receipt = await sync_to_async(_receive, thread_sensitive=True)(content)
        except Exception:
            log.exception("An email from %s could not be filed", envelope.mail_from)
            return "451 4.3.0 The message could not be filed; please try again later"
        log.info("Email from %s: %s %s", envelope.mail_from, receipt.outcome, receipt.reason)
        return "250 Message accepted"


def mail_listener(host: str | None = None, port: int | None = None, **options: Any) -> Controller:
    """An SMTP listener (not started) on MAIL_LISTENER_HOST:MAIL_LISTENER_PORT unless told otherwise."""
    return Controller(
        InboundMailHandler(), hostname=host or settings.MAIL_LISTENER_HOST,
        port=settings.MAIL_LISTENER_PORT if port is None else port,
        data_size_limit=settings.MAIL_LISTENER_MAX_BYTES, **options,
    )
