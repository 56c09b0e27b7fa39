"""Resident notifications: which events are worth a message, to whom, and sending them."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import translation

from civicdesk.notifications.models import DeliveryStatus, Medium, Notification, OptOut
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import EventKind, Status
from civicdesk.service_requests.models import RequestEvent

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
    with translation.override(recipient.language):
        context = {
            "request": request,
            "event": event,
            "service_name": request.service.localized_name(recipient.language),
            "city_name": settings.CITY_NAME,
            "track_url": f"{settings.SITE_URL}/track/{request.public_id}/",
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
