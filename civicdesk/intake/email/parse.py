"""A received email, read once: who wrote it, about what, its own words (quotes and signature cut),
its attachments, and whether a machine sent it (an auto-reply or a bounce) rather than a resident."""

import email.utils
import re
from dataclasses import dataclass, field
from email.message import EmailMessage

# Where an earlier message starts in a reply: "On <date>, <someone> wrote:", Outlook's header block, a
# forwarded message, or Spanish mail clients' "El <fecha>, <alguien> escribió:".
_QUOTE_START = re.compile(
    r"^(On .+ wrote:|El .+ escribi[oó]:|-{2,} ?(Original Message|Forwarded message|Mensaje original) ?-{2,}"
    r"|_{10,}|From: .+|De: .+)\s*$",
    re.MULTILINE | re.IGNORECASE,
)
# The conventional signature separator ("-- "), and what phones add on their own.
_SIGNATURE_START = re.compile(r"^(-- ?|Sent from my .+|Enviado desde mi .+|Get Outlook for .+)$",
                              re.MULTILINE | re.IGNORECASE)
_MACHINE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@", re.IGNORECASE)
_AUTOMATIC_PRECEDENCE = frozenset({"bulk", "auto_reply", "junk"})


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class InboundEmail:
    """What CivicDesk reads from one received email."""

    sender: str  # the address, lower case
    sender_name: str  # the display name from From, possibly ""
    subject: str
    text: str  # the sender's own words: quoted earlier messages and the signature removed
    recipients: tuple[str, ...]  # To, Cc, Delivered-To and X-Original-To addresses
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    machine_reason: str = ""  # why it is an auto-reply or a bounce ("" when a person wrote it)

    @property
    def is_automatic(self) -> bool:
        return bool(self.machine_reason)


def parse_email(message: EmailMessage) -> InboundEmail:
    """Read a message parsed with `email.policy.default` (an EmailMessage)."""
    sender_name, sender = email.utils.parseaddr(str(message.get("From", "")))
    recipients = tuple(
        address.lower() for _name, address in email.utils.getaddresses(
            [str(value) for header in ("To", "Cc", "Delivered-To", "X-Original-To")
             for value in message.get_all(header, [])]
        ) if address
    )
    return InboundEmail(
        sender=sender.lower(), sender_name=sender_name.strip(),
        subject=" ".join(str(message.get("Subject", "")).split()),
        text=own_words(body_text(message)), recipients=recipients, attachments=tuple(_attachments(message)),
        machine_reason=machine_reason(message, sender),
    )


def machine_reason(message: EmailMessage, sender: str) -> str:
    """Why the message was sent by a machine (RFC 3834 auto-replies, RFC 3464 bounces), or ""."""
    auto_submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for header in ("X-Autoreply", "X-Autorespond"):
        if header in message:
            return f"{header} header"
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in _AUTOMATIC_PRECEDENCE:
        return f"Precedence: {precedence}"
    if "List-Id" in message:  # a mailing list's copy: answering it would write to the whole list
        return "List-Id header"
    if message.get_content_type() == "multipart/report":
        return f"Delivery report ({message.get_param('report-type', '')})"
    if _MACHINE_SENDERS.match(sender) or not sender:
        return f"Sent by {sender or 'an empty return address'}"
    return ""


def body_text(message: EmailMessage) -> str:
    """The plain text of the message, or its HTML with the tags dropped when it has no plain text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None or not isinstance(part, EmailMessage):
        return ""
    try:
        content = str(part.get_content())
    except LookupError:  # a charset Python does not know: read it as Latin-1 rather than lose the report
        payload = part.get_payload(decode=True)
        content = payload.decode("latin-1") if isinstance(payload, bytes) else ""
    if part.get_content_subtype() == "html":
        content = re.sub(r"(?is)<(script|style).*?</\1>", " ", content)
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
        content = re.sub(r"<[^>]+>", " ", content)
    return content.replace("\r\n", "\n")


def own_words(text: str) -> str:
    """The text without the quoted earlier message (and "> " lines) nor the signature."""
    quote = _QUOTE_START.search(text)
    text = text[: quote.start()] if quote else text
    signature = _SIGNATURE_START.search(text)
    text = text[: signature.start()] if signature else text
    lines = [line.rstrip() for line in text.splitlines() if not line.lstrip().startswith(">")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _attachments(message: EmailMessage) -> list[Attachment]:
    """Every file in the message, inline pictures included (phones put photos inside multipart/related)."""
    found = []
    for part in message.walk():
        if part.is_multipart() or not isinstance(part, EmailMessage):
            continue
        if part.get_content_maintype() in ("text", "message") and not part.get_filename():
            continue  # the body and its alternatives, or a delivery report
        content = part.get_payload(decode=True)
        if isinstance(content, bytes):
            found.append(Attachment(part.get_filename() or "attachment", part.get_content_type(), content))
    return found
