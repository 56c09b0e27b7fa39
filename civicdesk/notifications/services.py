"""Resident notifications: which events are worth a message, to whom, and sending them;
the feedback survey sent after closure; and the "stop updates" link in every message."""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civicdesk.notifications.models import DeliveryStatus, Medium, Notification, OptOut, Survey
from civicdesk.notifications.wording import resolution_in_plain_words
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import DONE_STATUSES, Channel, EventKind, Resolution, Status
from civicdesk.service_requests.models import Follower, ReporterContact, RequestEvent, ServiceRequest

log = logging.getLogger(__name__)

# Status changes a resident hears about; the others are internal bookkeeping.
NOTIFY_STATUSES = frozenset({Status.ACKNOWLEDGED, Status.SCHEDULED, Status.REFERRED, Status.RESOLVED, Status.CLOSED})


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def queue_notifications_for_event(event_id: int) -> None:
    """Hand the event to the background worker (called after the transaction commits)."""
    from civicdesk.notifications.tasks import send_event_notifications

    send_event_notifications.enqueue(event_id)


def is_notify_worthy(event: RequestEvent) -> bool:
    if event.kind in (EventKind.CREATED, EventKind.REOPENED):
        return True
    if event.kind == EventKind.STATUS_CHANGED:
        return event.to_status in NOTIFY_STATUSES
    return event.kind == EventKind.NOTE and event.is_public


def recipients_for(event: RequestEvent) -> list[Recipient]:
    request = event.request
    found: dict[str, Recipient] = {}
    reporter = getattr(request, "reporter", None)
    if reporter is not None and reporter.email and reporter.wants_updates:
        found[reporter.email.lower()] = Recipient(reporter.email, request.language)
    if event.kind != EventKind.CREATED:
        for follower in request.followers.exclude(email=""):
            found.setdefault(follower.email.lower(), Recipient(follower.email, follower.language))
    # Opt-outs are kept as the resident typed them: compare without case.
    opted_out = set(
        OptOut.objects.annotate(key=Lower("address")).filter(key__in=list(found)).values_list("key", flat=True)
    )
    return [recipient for key, recipient in found.items() if key not in opted_out]


def send_event_notifications(event_id: int) -> int:
    event = RequestEvent.objects.select_related("request__service").get(pk=event_id)
    if not is_notify_worthy(event):
        return 0
    sent = 0
    for recipient in recipients_for(event):
        if Notification.objects.filter(event=event, medium=Medium.EMAIL, recipient=recipient.email).exists():
            continue
        sent += _send_email(event, recipient)
    return sent


def _send_email(event: RequestEvent, recipient: Recipient) -> int:
    request = event.request
    survey = survey_for(event, recipient)
    with translation.override(recipient.language):
        context = {
            "request": request,
            "event": event,
            "service_name": request.service.localized_name(recipient.language),
            "city_name": settings.CITY_NAME,
            "track_url": _site_url("portal:track", request.public_id),
            "resolution_words": resolution_in_plain_words(event.data.get("resolution", "")),
            "survey_url": _site_url("portal:survey", survey.token) if survey else "",
            "stop_url": _site_url("portal:stop_updates", stop_updates_token(request, recipient.email)),
        }
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        body = render_to_string("notifications/email_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        status, error = DeliveryStatus.SENT, ""
    except Exception as failure:  # any transport error is recorded on the row and shown to staff
        log.warning("Email for %s failed: %s", request.public_id, failure)
        status, error = DeliveryStatus.FAILED, str(failure)
    try:
        with transaction.atomic():
            Notification.objects.create(
                request=request,
                event=event,
                medium=Medium.EMAIL,
                recipient=recipient.email,
                subject=subject,
                body=body,
                status=status,
                error=error,
            )
            if status == DeliveryStatus.SENT:
                from civicdesk.service_requests.lifecycle import record_event

                record_event(
                    request,
                    EventKind.NOTIFICATION_SENT,
                    Actor.system("Notifications"),
                    "email",
                    is_public=False,
                    note=subject,
                    data={"medium": "email", "event": event.pk},
                )
    except IntegrityError:
        return 0
    return 1 if status == DeliveryStatus.SENT else 0


def _site_url(name: str, *args: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


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
        event=event, recipient=recipient.email,
        defaults={"request": event.request, "language": recipient.language, "token": secrets.token_urlsafe(32)},
    )
    return survey


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


def stop_updates_token(request: ServiceRequest, email: str) -> str:
    return signing.dumps({"r": request.pk, "e": email.lower()}, salt=_STOP_SALT, compress=True)


def request_of_stop_token(token: str) -> tuple[ServiceRequest, str]:
    """The request and the email address a "stop updates" link is for."""
    try:
        payload = signing.loads(token, salt=_STOP_SALT)
        request = ServiceRequest.objects.select_related("service").get(pk=payload["r"])
    except (signing.BadSignature, KeyError, TypeError, ServiceRequest.DoesNotExist):
        raise InvalidLink(_("This link is not valid. Check that you copied the whole link.")) from None
    return request, str(payload["e"])


def stop_updates(token: str) -> ServiceRequest:
    """The address stops following the request; a reporter with that address gets no more updates."""
    request, email = request_of_stop_token(token)
    with transaction.atomic():
        Follower.objects.filter(request=request, email__iexact=email).delete()
        ReporterContact.objects.filter(request=request, email__iexact=email).update(wants_updates=False)
    return request
