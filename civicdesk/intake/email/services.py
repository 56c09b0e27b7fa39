"""One received email, whichever way it came (the SMTP listener or a provider's inbound webhook).

`receive_email` decides what it is, in this order: a department's reply to a delivery email
(threaded by integrations), an auto-reply or a bounce (logged, never filed: answering it could loop),
a resident's reply to a notification (an internal note on that request), or a new report. A new
report is routed like any other channel's when its words name a service and its text holds an address
the city's geocoder is sure of; otherwise it goes to the 311 desk's triage queue as a general inquiry.
A filed request's acknowledgement leaves through notifications once it commits; an email describing an
emergency is answered "call 911" by the worker (`send_emergency_reply`).
"""

import hashlib
import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from civicdesk.catalog.knowledge import search_help
from civicdesk.catalog.models import ServiceType
from civicdesk.contacts.models import Contact as ContactRecord
from civicdesk.contacts.models import Outcome
from civicdesk.contacts.services import record_contact
from civicdesk.intake.email.parse import InboundEmail, parse_email
from civicdesk.intake.services import guess_language, triage_service
from civicdesk.integrations.adapters.email import UnknownReply
from civicdesk.integrations.inbound import InboundError, thread_email_reply
from civicdesk.notifications.choices import Medium
from civicdesk.notifications.models import Notification
from civicdesk.notifications.reply_addresses import replied_message_key
from civicdesk.notifications.transports import DeliveryError, OutgoingMessage, transport_for
from civicdesk.routing.geocoder import SURE_MATCH_SCORE, search_addresses
from civicdesk.routing.models import AddressPoint
from civicdesk.service_requests import lifecycle
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import (
    MAX_DESCRIPTION,
    MAX_PHOTOS,
    Contact,
    EmergencyRefused,
    IntakeResult,
    Submission,
    file_request,
)
from civicdesk.service_requests.models import RequestEvent, ServiceRequest
from civicdesk.service_requests.photos import PhotoRejected, clean_photo

log = logging.getLogger(__name__)

EMERGENCY_REPLY_QUEUED = "call-911 reply queued"
EMERGENCY_REPLY_INTERVAL = 24 * 3600  # seconds: one call-911 reply per address in this time
MAX_PHRASES = 12  # the subject and the first sentences of the body are searched for a service
# A house number and up to five words after it: "120 N Main St", "455 East Oak Avenue".
_ADDRESS_CANDIDATE = re.compile(r"\b\d{1,6}[A-Za-z]?(?:[ \t]+[\w.'#-]+){1,5}")




class EmailOutcome(models.TextChoices):
    """What became of one received email."""

    DEPARTMENT_REPLY = "department_reply", "Threaded as a department's reply"
    RESIDENT_REPLY = "resident_reply", "Threaded as the resident's reply"
    AUTOMATIC = "automatic", "Auto-reply or bounce: not filed"
    FILED = "filed", "Filed and routed"
    TRIAGE = "triage", "Filed for triage"
    REFUSED = "refused", "Not filed"


@dataclass(frozen=True)
class EmailReceipt:
    outcome: EmailOutcome
    request: ServiceRequest | None = None
    reason: str = ""


def receive_email(message: EmailMessage) -> EmailReceipt:
    """Thread, ignore or file one received email (parsed with `email.policy.default`)."""
    try:
        event = thread_email_reply(message)
        return EmailReceipt(EmailOutcome.DEPARTMENT_REPLY, event.request)
    except UnknownReply:
        pass
    except InboundError as error:
        log.info("A department reply was not threaded: %s", error.message)
        return EmailReceipt(EmailOutcome.REFUSED, reason=error.message)
    inbound = parse_email(message)
    if inbound.is_automatic:
        # Checked before residents' replies: an out-of-office answer to a notification carries its token.
        log.info("Email from %s not filed: %s", inbound.sender or "(no sender)", inbound.machine_reason)
        return EmailReceipt(EmailOutcome.AUTOMATIC, reason=inbound.machine_reason)
    replied = _notification_replied(inbound)
    if replied is not None:
        return _thread_resident_reply(replied, inbound)
    return file_email(inbound)


def _notification_replied(inbound: InboundEmail) -> Notification | None:
    key = replied_message_key(inbound.recipients)
    if key is None:
        return None
    return (Notification.objects.select_related("request").filter(external_id__startswith=f"<{key}@")
            .order_by("-created_at").first())


def _thread_resident_reply(notification: Notification, inbound: InboundEmail) -> EmailReceipt:
    """The resident's answer as an internal note for staff; it reopens or changes nothing by itself."""
    text = inbound.text or inbound.subject
    if not text:
        return EmailReceipt(EmailOutcome.REFUSED, notification.request, "The reply has no text of its own.")
    event: RequestEvent = lifecycle.add_note(
        notification.request, f"Email reply from {inbound.sender}: {text}"[:MAX_DESCRIPTION],
        actor=Actor.resident(inbound.sender_name or inbound.sender), channel=Channel.EMAIL, is_public=False,
    )
    return EmailReceipt(EmailOutcome.RESIDENT_REPLY, event.request)


def file_email(inbound: InboundEmail) -> EmailReceipt:
    """File a request from a resident's email: routed when it names a service and a sure address, else triage."""
    words = "\n".join(filter(None, [inbound.subject, inbound.text]))
    language = guess_language(words)
    service = service_named(inbound, language)
    point = address_named(words)
    submission = Submission(
        service_code="", channel=Channel.EMAIL, description=words[:MAX_DESCRIPTION], language=language,
        address_id=point.address_id if point else "", contact=_contact(inbound), photos=photos_from(inbound),
    )
    try:
        if service is not None and (point is not None or not service.location_required):
            try:
                submission.service_code = service.service_code
                return _filed(file_request(submission, actor=Actor.resident(inbound.sender_name)), EmailOutcome.FILED)
            except ValidationError as error:
                # Required answers an email cannot give: the triage desk asks, nothing is lost.
                log.info("Email from %s filed for triage instead of %s: %s", inbound.sender,
                         service.service_code, error.messages)
        submission.service_code = triage_service().service_code
        return _filed(file_request(submission, actor=Actor.resident(inbound.sender_name)), EmailOutcome.TRIAGE)
    except EmergencyRefused as refusal:
        # Email is read too late for an emergency: the sender is told at once to call 911 (by the worker, once
        # this is recorded), and the contact is recorded so staff can follow it up.
        log.warning("Email from %s describes an emergency; not filed.", inbound.sender)
        contact = record_contact(channel=Channel.EMAIL, outcome=Outcome.ANSWERED, language=language,
                                 summary=f"Emergency by email from {inbound.sender}: {inbound.subject}"[:440]
                                 + f" ({EMERGENCY_REPLY_QUEUED})")
        if inbound.sender:
            from civicdesk.intake.tasks import reply_to_emergency_email

            sender, contact_id = inbound.sender, contact.pk
            transaction.on_commit(lambda: reply_to_emergency_email.enqueue(sender, language, contact_id))
        return EmailReceipt(EmailOutcome.REFUSED, reason=str(refusal))
    except ValidationError as error:
        log.warning("Email from %s not filed: %s", inbound.sender, error.messages)
        return EmailReceipt(EmailOutcome.REFUSED, reason="; ".join(error.messages))


def send_emergency_reply(address: str, language: str, contact_id: int) -> bool:
    """Tell a resident whose email describes an emergency to call 911 now, and say on the contact record
    whether it went. At most one such reply per address a day, marked as automatic and quoting nothing of the
    email (RFC 3834): a forged sender or an auto-responder cannot make the city send mail in a loop."""
    if not cache.add(f"intake:emergency-reply:{hashlib.sha1(address.lower().encode()).hexdigest()}", 1,
                     timeout=EMERGENCY_REPLY_INTERVAL):
        _note_emergency_reply(contact_id, "call-911 reply already sent to this address today")
        return False
    with translation.override(language):
        subject = _("Call 911 for emergencies")
        body = _(
            "We received your email. Email to %(city)s 311 is not watched around the clock, so we cannot act on "
            "an emergency sent this way.\n\nIf this is an emergency, call 911 now.\n\nFor anything else, call 311 "
            "or report it at %(site)s."
        ) % {"city": settings.CITY_NAME, "site": settings.SITE_URL}
    try:
        transport_for(Medium.EMAIL).send(OutgoingMessage(address, subject, body, {"Auto-Submitted": "auto-replied"}))
    except DeliveryError as failure:
        log.warning("The call-911 reply to %s was not sent: %s", address, failure)
        _note_emergency_reply(contact_id, f"call-911 reply NOT sent: {failure}")
        return False
    _note_emergency_reply(contact_id, "call-911 reply sent")
    return True


def _note_emergency_reply(contact_id: int, outcome: str) -> None:
    contact = ContactRecord.objects.filter(pk=contact_id).first()
    if contact is not None:
        contact.summary = contact.summary.replace(EMERGENCY_REPLY_QUEUED, outcome)[:500]
        contact.save(update_fields=["summary"])


def _filed(result: IntakeResult, outcome: EmailOutcome) -> EmailReceipt:
    request = result.request
    record_contact(channel=Channel.EMAIL, outcome=Outcome.REQUEST_FILED, request=request, service=request.service,
                   language=request.language, summary=f"Email: {request.description[:200]}")
    return EmailReceipt(outcome, request)


def service_named(inbound: InboundEmail, language: str) -> ServiceType | None:
    """The service the subject (or else the first sentences of the body) names, searched like every channel."""
    phrases = [inbound.subject, *re.split(r"(?<=[.!?])\s+|\n+", inbound.text)][:MAX_PHRASES]
    for phrase in filter(str.strip, phrases):
        results = search_help(phrase, language, kinds=("service",))
        if results.services:
            return ServiceType.objects.filter(service_code=results.services[0].key, is_active=True).first()
    return None


def address_named(text: str) -> AddressPoint | None:
    """The address in `text` the geocoder is sure of (a house number and street), or None."""
    for candidate in _ADDRESS_CANDIDATE.findall(text):
        words = candidate.split()
        # The longest run of words from the house number that still matches: "120 N Main St please".
        for end in range(len(words), 1, -1):
            matches = search_addresses(" ".join(words[:end]), limit=1)
            if matches and matches[0].score >= SURE_MATCH_SCORE:
                return matches[0].point
    return None


def photos_from(inbound: InboundEmail) -> list[UploadedFile]:
    """The attached pictures, cleaned like every upload; anything else (or a broken image) is left out."""
    photos: list[UploadedFile] = []
    for attachment in inbound.attachments:
        if not attachment.content_type.startswith("image/") or len(photos) >= MAX_PHOTOS:
            continue
        try:
            photos.append(clean_photo(SimpleUploadedFile(attachment.filename, attachment.content,
                                                         attachment.content_type)))
        except PhotoRejected as problem:
            log.info("Attachment %s from %s not kept: %s", attachment.filename, inbound.sender, problem)
    return photos


def _contact(inbound: InboundEmail) -> Contact:
    first, _space, last = inbound.sender_name.partition(" ")
    return Contact(first_name=first, last_name=last, email=inbound.sender)
