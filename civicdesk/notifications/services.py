"""Resident notifications: which events are worth a message, to whom and by which medium, composing
them from the editable templates, delivering them (with retries), opt-outs, the feedback survey sent
after closure, and the "stop updates" link in every message."""

import logging
import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from civicdesk.notifications.choices import DeliveryStatus, Medium, MessageKind
from civicdesk.notifications.default_templates import DEFAULT_TEMPLATES
from civicdesk.notifications.models import (
    MessageTemplate,
    Notification,
    NotifiedStatus,
    OptOut,
    Survey,
    normalize_address,
)
from civicdesk.notifications.transports import DeliveryError, OutgoingMessage, transport_for
from civicdesk.notifications.wording import fill, resolution_in_plain_words, status_in_plain_words
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import DONE_STATUSES, Channel, EventKind, Resolution, Status
from civicdesk.service_requests.models import Follower, ReporterContact, RequestEvent, ServiceRequest

log = logging.getLogger(__name__)

# Status changes a resident hears about until an administrator says otherwise (NotifiedStatus rows).
DEFAULT_NOTIFY_STATUSES = frozenset({Status.ACKNOWLEDGED, Status.SCHEDULED, Status.REFERRED, Status.RESOLVED})
# A message claimed but never finished (the worker died mid-send) is picked up again after this.
STALE_AFTER = timedelta(minutes=10)
RETRY_BASE = timedelta(minutes=1)


@dataclass(frozen=True)
class Recipient:
    address: str  # as the resident typed it (emails) or E.164 (phones)
    medium: str
    language: str

    @property
    def key(self) -> str:
        return normalize_address(self.address)


def queue_notifications_for_event(event_id: int) -> None:
    """Hand the event to the background worker (called after the transaction commits)."""
    from civicdesk.notifications.tasks import send_event_notifications

    send_event_notifications.enqueue(event_id)


# --- Which events, and who hears about them -------------------------------------------------------


def status_is_notified(status: str) -> bool:
    """Whether a change to `status` is notify-worthy: the city's choice in the admin, else the default."""
    choice = NotifiedStatus.objects.filter(status=status).values_list("notify", flat=True).first()
    return status in DEFAULT_NOTIFY_STATUSES if choice is None else choice


def message_kind_for(event: RequestEvent) -> str | None:
    """The kind of message an event sends residents, or None for internal bookkeeping."""
    if event.kind == EventKind.CREATED:
        return MessageKind.RECEIVED
    if event.kind == EventKind.REOPENED:
        return MessageKind.REOPENED
    if event.kind == EventKind.NOTE:
        return MessageKind.UPDATE if event.is_public else None
    if event.kind == EventKind.STATUS_CHANGED:
        if event.to_status == Status.CLOSED:
            return MessageKind.CLOSED
        return MessageKind.STATUS if status_is_notified(event.to_status) else None
    return None


def contact_point(email: str, phone: str, channel: str, language: str) -> Recipient | None:
    """Where a resident hears back: by text if they texted us or gave only a phone number, else by email."""
    texts = bool(phone) and transport_for(Medium.SMS).is_configured()
    if texts and (channel == Channel.SMS or not email):
        return Recipient(normalize_address(phone), Medium.SMS, language)
    if email:
        return Recipient(email, Medium.EMAIL, language)
    return None


def opted_out(keys: list[str]) -> set[str]:
    """Which of these normalized addresses asked for no messages at all."""
    # Older rows may keep the case the resident typed: compare without it.
    return set(OptOut.objects.annotate(key=Lower("address")).filter(key__in=keys).values_list("key", flat=True))


def recipients_for(request: ServiceRequest, *, followers: bool = True) -> list[Recipient]:
    """The reporter (if they want updates) and the followers of the request and of its duplicates."""
    found: dict[str, Recipient] = {}
    reporter = ReporterContact.objects.filter(request=request).first()
    if reporter is not None and reporter.wants_updates:
        point = contact_point(reporter.email, reporter.phone, request.channel, request.language)
        if point is not None:
            found[point.key] = point
    if followers:
        for follower in Follower.objects.filter(Q(request=request) | Q(request__parent=request)):
            point = contact_point(follower.email, follower.phone, follower.channel, follower.language)
            if point is not None:
                found.setdefault(point.key, point)
    blocked = opted_out(list(found))
    return [recipient for key, recipient in found.items() if key not in blocked]


# --- Composing ----------------------------------------------------------------------------------------


def template_words(kind: str, medium: str, language: str) -> tuple[str, str]:
    """The (subject, body) template: the city's edited one, else the built-in default; English if need be."""
    languages = [language, settings.LANGUAGE_CODE]
    rows = {row.language: row for row in MessageTemplate.objects.filter(kind=kind, medium=medium,
                                                                        language__in=languages)}
    for candidate in languages:
        if candidate in rows:
            return rows[candidate].subject, rows[candidate].body
        if (kind, medium, candidate) in DEFAULT_TEMPLATES:
            return DEFAULT_TEMPLATES[kind, medium, candidate]
    return DEFAULT_TEMPLATES[kind, medium, "en"]


def placeholder_values(event: RequestEvent, recipient: Recipient, survey: Survey | None) -> dict[str, str]:
    """What each placeholder becomes for this event and recipient, in the recipient's language."""
    request = event.request
    status = event.to_status or request.status
    resolution = event.data.get("resolution", "") if event.kind == EventKind.STATUS_CHANGED else ""
    note = event.note if event.is_public and event.note != request.resolution_notes else ""
    with translation.override(recipient.language):
        return {
            "request_number": request.public_id,
            "service": request.service.localized_name(recipient.language),
            "status": str(Status(status).label),
            "status_words": status_in_plain_words(status),
            "resolution": str(Resolution(resolution).label) if resolution in Resolution.values else "",
            "resolution_words": resolution_in_plain_words(resolution),
            "resolution_notes": request.resolution_notes if resolution else "",
            "note": note,
            "address": request.address,
            "expected_by": formats.date_format(timezone.localtime(request.expected_at), "DATETIME_FORMAT")
            if request.expected_at else "",
            "track_url": site_url("portal:track", request.public_id),
            "survey_url": site_url("portal:survey", survey.token) if survey else "",
            "stop_url": site_url("portal:stop_updates", stop_updates_token(request, recipient.address)),
            "city": settings.CITY_NAME,
        }


def compose(kind: str, recipient: Recipient, values: dict[str, str]) -> tuple[str, str]:
    subject, body = template_words(kind, recipient.medium, recipient.language)
    return fill(subject, values), fill(body, values)


def site_url(name: str, *args: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


# --- Sending and retrying -----------------------------------------------------------------------------


def send_event_notifications(event_id: int) -> int:
    """Tell the reporter (and, except for the first acknowledgement, the followers) about one event.

    Returns how many messages went out. Safe to run twice: each address gets each event once.
    """
    event = RequestEvent.objects.select_related("request__service").get(pk=event_id)
    kind = message_kind_for(event)
    if kind is None:
        return 0
    recipients = recipients_for(event.request, followers=kind != MessageKind.RECEIVED)
    return sum(notify(event, kind, recipient) for recipient in recipients)


def notify(event: RequestEvent, kind: str, recipient: Recipient, survey: Survey | None = None) -> int:
    """Compose, record and deliver one message; 1 if it went out now, 0 if it failed or was already done."""
    done = Notification.objects.filter(event=event, kind=kind, medium=recipient.medium, recipient=recipient.address)
    if done.exists():
        return 0
    if kind == MessageKind.CLOSED:
        survey = survey_for(event, recipient)
    subject, body = compose(kind, recipient, placeholder_values(event, recipient, survey))
    try:
        with transaction.atomic():
            # The row is the claim: a second worker on the same event stops at the unique constraint.
            notification = Notification.objects.create(
                request=event.request, event=event, kind=kind, medium=recipient.medium, recipient=recipient.address,
                language=recipient.language, subject=subject, body=body, status=DeliveryStatus.PENDING,
                next_attempt_at=timezone.now() + STALE_AFTER,
            )
    except IntegrityError:
        return 0
    return int(deliver(notification))


def deliver(notification: Notification, now: datetime | None = None) -> bool:
    """One delivery attempt; the outcome (and any error) is stored on the row for staff to see."""
    now = now or timezone.now()
    notification.attempts += 1
    notification.last_attempt_at = now
    try:
        external_id = transport_for(notification.medium).send(
            OutgoingMessage(notification.recipient, notification.subject, notification.body)
        )
    except DeliveryError as failure:
        _record_failure(notification, failure, now)
        return False
    with transaction.atomic():
        notification.status, notification.error, notification.external_id = DeliveryStatus.SENT, "", external_id
        notification.sent_at, notification.next_attempt_at = now, None
        notification.save()
        from civicdesk.service_requests.lifecycle import record_event

        record_event(
            notification.request, EventKind.NOTIFICATION_SENT, Actor.system("Notifications"), notification.medium,
            is_public=False, note=notification.subject or notification.get_kind_display(),
            data={"medium": notification.medium, "event": notification.event_id, "kind": notification.kind},
        )
    return True


def _record_failure(notification: Notification, failure: DeliveryError, now: datetime) -> None:
    gives_up = failure.permanent or notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
    log.warning("%s to %s for %s failed (attempt %s%s): %s", notification.medium, notification.recipient,
                notification.request_id, notification.attempts, ", giving up" if gives_up else "", failure)
    if failure.unsubscribed:
        opt_out(notification.recipient, source=OptOut.Source.PROVIDER)
    notification.status, notification.error = DeliveryStatus.FAILED, str(failure)
    notification.next_attempt_at = None if gives_up else now + retry_delay(notification.attempts)
    notification.save()


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff (1, 4, 16, 64 minutes ...) with a tenth of jitter so retries do not bunch up."""
    delay = RETRY_BASE * 4 ** (attempts - 1)
    return delay * (1 + random.uniform(0, 0.1))


def notifications_due(now: datetime | None = None) -> list[int]:
    """Failed messages whose retry time came, and claims a dead worker left behind."""
    return list(Notification.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED], next_attempt_at__lte=now or timezone.now(),
    ).order_by("next_attempt_at").values_list("pk", flat=True))


def resend_notification(notification_id: int, now: datetime | None = None) -> bool:
    """Try a due message again, unless another worker already did or its address opted out since."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(
            pk=notification_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED], next_attempt_at__lte=now,
        ).first()
        if notification is None:
            return False
        if opted_out([normalize_address(notification.recipient)]):
            notification.status, notification.next_attempt_at = DeliveryStatus.SKIPPED, None
            notification.error = "The resident opted out before this retry."
            notification.save(update_fields=["status", "next_attempt_at", "error"])
            return False
        notification.next_attempt_at = now + STALE_AFTER  # ours now: a second sweep leaves it alone
        notification.save(update_fields=["next_attempt_at"])
    return deliver(notification, now)


# --- Opt-outs -----------------------------------------------------------------------------------------


def opt_out(address: str, *, source: str) -> OptOut:
    """No more messages of any kind to this address or number."""
    found, _created = OptOut.objects.get_or_create(address=normalize_address(address), defaults={"source": source})
    return found


def record_sms_stop(phone: str) -> OptOut:
    """The resident texted STOP (or UNSUBSCRIBE, ...): no more texts to this number, on any request."""
    return opt_out(phone, source=OptOut.Source.SMS_STOP)


def record_sms_start(phone: str) -> bool:
    """The resident texted START: texts may go to this number again. True if an opt-out was lifted."""
    deleted, _detail = OptOut.objects.filter(address=normalize_address(phone)).delete()
    return deleted > 0


# --- Feedback survey -----------------------------------------------------------------------------


class SurveyNotFound(Exception):
    """No survey has that link: mistyped, cut short, or never sent."""


class SurveyAlreadyAnswered(Exception):
    """Each survey link answers once."""


@dataclass(frozen=True)
class SurveyResult:
    survey: Survey
    reopened: bool


def asks_for_feedback(event: RequestEvent) -> bool:
    """A closure asks "was it fixed?", except a duplicate: its story goes on in the other request."""
    return (
        event.kind == EventKind.STATUS_CHANGED and event.to_status == Status.CLOSED
        and event.data.get("resolution") != Resolution.DUPLICATE
    )


def survey_for(event: RequestEvent, recipient: Recipient) -> Survey | None:
    """The recipient's survey about this closure (the same one when a message is retried), or None."""
    if not asks_for_feedback(event):
        return None
    survey, _created = Survey.objects.get_or_create(
        event=event, recipient=recipient.address,
        defaults={"request": event.request, "medium": recipient.medium, "language": recipient.language,
                  "token": secrets.token_urlsafe(32)},
    )
    return survey


def send_due_surveys(now: datetime | None = None) -> int:
    """Ask again, SURVEY_DELAY_DAYS after a closure, everyone whose survey is unanswered.

    Skipped: requests reopened since, residents who stopped updates or opted out, closures older than
    SURVEY_WINDOW_DAYS past the delay (so a scheduler that was off does not send months-old surveys).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SURVEY_DELAY_DAYS)
    reopened_since = RequestEvent.objects.filter(request=OuterRef("request"), kind=EventKind.REOPENED,
                                                 at__gt=OuterRef("event__at"))
    asked = Notification.objects.filter(event=OuterRef("event"), kind=MessageKind.SURVEY,
                                        recipient=OuterRef("recipient"))
    due = (Survey.objects.filter(answered_at__isnull=True, event__at__lte=cutoff,
                                 event__at__gt=cutoff - timedelta(days=settings.SURVEY_WINDOW_DAYS))
           .exclude(Exists(reopened_since)).exclude(Exists(asked))
           .select_related("event__request__service").order_by("event__at"))
    sent = 0
    for survey in due:
        still_listening = {recipient.key for recipient in recipients_for(survey.request)}
        if normalize_address(survey.recipient) not in still_listening:
            continue
        recipient = Recipient(survey.recipient, survey.medium, survey.language)
        sent += notify(survey.event, MessageKind.SURVEY, recipient, survey=survey)
    return sent


def survey_by_token(token: str) -> Survey:
    survey = Survey.objects.select_related("request__service").filter(token=token).first()
    if survey is None:
        raise SurveyNotFound(_("This survey link is not valid. Check that you copied the whole link."))
    return survey


def answer_survey(token: str, *, was_fixed: bool, satisfaction: int | None, comment: str = "") -> SurveyResult:
    """Store a resident's answers and record them in the request's history.

    "Not fixed" reopens a closed request for staff review, with the resident's comment as the reason.
    """
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise ValueError(_("Satisfaction is a number from 1 to 5."))
    from civicdesk.service_requests.lifecycle import IllegalTransition, record_event, reopen_request

    comment = comment.strip()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(pk=survey_by_token(token).pk).get()
        if survey.is_answered:
            raise SurveyAlreadyAnswered(_("This survey was already answered. Thank you."))
        survey.answered_at = timezone.now()
        survey.was_fixed, survey.satisfaction, survey.comment = was_fixed, satisfaction, comment
        survey.save(update_fields=["answered_at", "was_fixed", "satisfaction", "comment"])
        resident = Actor.resident()
        record_event(survey.request, EventKind.SURVEY_ANSWERED, resident, Channel.WEB, note=comment, is_public=False,
                     data={"survey": survey.pk, "was_fixed": was_fixed, "satisfaction": satisfaction})
        reopened = not was_fixed and survey.request.status in DONE_STATUSES
        if reopened:
            with translation.override(settings.LANGUAGE_CODE):
                reason = comment or _("The resident says the problem is not fixed.")
            try:
                reopen_request(survey.request, actor=resident, channel=Channel.WEB, reason=reason)
            except IllegalTransition:  # someone reopened it a moment ago: staff still see this answer
                reopened = False
    return SurveyResult(survey, reopened)


# --- "Stop updates" link ---------------------------------------------------------------------------

_STOP_SALT = "civicdesk.notifications.stop-updates"


class InvalidLink(Exception):
    """A signed link that was altered or cut short."""


def stop_updates_token(request: ServiceRequest, address: str) -> str:
    return signing.dumps({"r": request.pk, "a": normalize_address(address)}, salt=_STOP_SALT, compress=True)


def request_of_stop_token(token: str) -> tuple[ServiceRequest, str]:
    """The request and the email address or phone number a "stop updates" link is for."""
    try:
        payload = signing.loads(token, salt=_STOP_SALT)
        request = ServiceRequest.objects.select_related("service").get(pk=payload["r"])
        address = str(payload.get("a") or payload["e"])  # links sent before phones had "e" for the email
    except (signing.BadSignature, KeyError, TypeError, AttributeError, ServiceRequest.DoesNotExist):
        raise InvalidLink(_("This link is not valid. Check that you copied the whole link.")) from None
    return request, address


def stop_updates(token: str, *, everything: bool = False) -> ServiceRequest:
    """The address stops following the request (and its duplicates); a reporter with it gets no more updates.

    With `everything`, the address also opts out of all messages about any request.
    """
    request, address = request_of_stop_token(token)
    key = normalize_address(address)
    with transaction.atomic():
        for follower in Follower.objects.filter(Q(request=request) | Q(request__parent=request)):
            if key in (normalize_address(follower.email), normalize_address(follower.phone)):
                follower.delete()
        for reporter in ReporterContact.objects.filter(request=request):
            if key in (normalize_address(reporter.email), normalize_address(reporter.phone)):
                reporter.wants_updates = False
                reporter.save(update_fields=["wants_updates"])
        if everything:
            opt_out(address, source=OptOut.Source.LINK)
    return request
