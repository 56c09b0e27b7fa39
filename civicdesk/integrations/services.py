"""Handing requests to department systems: the transactional outbox, sending with retries, re-sending.

`queue_deliveries` writes one Delivery per department system in the caller's transaction (the one that
routes or transfers the request) and queues the sending once it commits. `send_delivery` claims a
delivery for a short lease, calls its adapter and records the outcome: sent, failed (retried with
exponential backoff and jitter) or dead (given up; staff are alerted on the request's history).
"""

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from civicdesk.accounts.models import Role
from civicdesk.console.permissions import department_ids, is_staff_member
from civicdesk.integrations.adapters import DeliveryError, adapter_named
from civicdesk.integrations.choices import DeliveryReason, DeliveryState
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.service_requests import lifecycle
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.models import ServiceRequest

log = logging.getLogger(__name__)

# The channel of history events written by department systems (and by their delivery alerts).
INTEGRATION_CHANNEL = Channel.INTEGRATION
MAX_ATTEMPTS = 8
FIRST_RETRY_DELAY = timedelta(seconds=30)
LONGEST_RETRY_DELAY = timedelta(hours=6)
# How long a worker may take to send one delivery before another worker may take it over.
LEASE = timedelta(minutes=5)
SWEEP_BATCH = 200


class ResendRefused(Exception):
    """The delivery cannot be sent again (its system is turned off, or the request left that department)."""


def integrations_for(request: ServiceRequest) -> list[Integration]:
    """The enabled department systems that take this request: its department's, for its service or all."""
    if request.department_id is None:
        return []
    return list(
        Integration.objects.filter(department_id=request.department_id, enabled=True)
        .filter(Q(service_types__isnull=True) | Q(service_types=request.service_id))
        .distinct().order_by("pk")
    )


def queue_deliveries(request: ServiceRequest, *, reason: str = DeliveryReason.ROUTED) -> list[Delivery]:
    """Write the outbox rows for the request's department systems, in the caller's transaction.

    Call it inside the transaction that routes or transfers the request: a rollback then leaves no
    delivery behind. Sending is queued only once that transaction commits. A department with no
    integration gets nothing queued: its staff work the request in the console.
    """
    if reason == DeliveryReason.TRANSFERRED:
        _cancel_unsent(request)
    deliveries = [Delivery.objects.create(request=request, integration=integration, reason=reason)
                  for integration in integrations_for(request)]
    if not deliveries:
        log.info("No department system is connected for %s (%s): nothing to deliver.", request.public_id,
                 request.department_id)
    for delivery in deliveries:
        transaction.on_commit(partial(enqueue_delivery, delivery.pk))
    return deliveries


def _cancel_unsent(request: ServiceRequest) -> None:
    """Deliveries to the old department that have not gone yet must not go after a transfer."""
    (Delivery.objects.filter(request=request, state__in=[DeliveryState.PENDING, DeliveryState.FAILED])
     .exclude(integration__department=request.department)
     .update(state=DeliveryState.DEAD, claimed_until=None,
             last_error="Not sent: the request was transferred to another department first."))


def enqueue_delivery(delivery_id: int, run_after: datetime | None = None) -> None:
    """Hand one delivery to the background worker (later ones wait for `run_after` where the backend can)."""
    from civicdesk.integrations.tasks import deliver_to_department

    task = deliver_to_department
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic sweep (send_due_deliveries) sends it when it is due
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


def backoff_delay(attempt: int, rand: Callable[[], float] = random.random) -> timedelta:
    """Exponential backoff with jitter: about 30 s, 1 min, 2 min, ... up to 6 h, each between half and all of it.

    The jitter spreads the retries of many requests that failed together (a department outage).
    """
    ceiling = min(LONGEST_RETRY_DELAY, FIRST_RETRY_DELAY * (2 ** max(attempt - 1, 0)))
    return ceiling * (0.5 + rand() / 2)


def send_delivery(
    delivery_id: int, *, now: datetime | None = None, rand: Callable[[], float] = random.random
) -> Delivery | None:
    """Send one delivery if it is due and no live worker holds it. Returns it, or None when skipped."""
    now = now or timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery_id, state__in=[DeliveryState.PENDING, DeliveryState.FAILED],
                                next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + LEASE, last_attempt_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None  # already sent or dead, not due yet, or another worker is sending it now
    delivery = Delivery.objects.select_related(
        "integration__department", "request__service", "request__department"
    ).get(pk=delivery_id)
    try:
        result = adapter_named(delivery.integration.adapter).deliver(delivery)
    except DeliveryError as error:
        return _failed(delivery, error, now, rand)
    except Exception as error:  # an adapter bug: recorded and retried like an outage, never left silent
        log.exception("Delivery %s to %s crashed", delivery.pk, delivery.integration)
        return _failed(delivery, DeliveryError(f"Unexpected error: {error!r}"), now, rand)
    delivery.state, delivery.sent_at, delivery.claimed_until = DeliveryState.SENT, timezone.now(), None
    delivery.external_id, delivery.last_error = result.external_id or delivery.external_id, ""
    delivery.save(update_fields=["state", "sent_at", "claimed_until", "external_id", "last_error"])
    log.info("Delivered %s to %s (external id %r)", delivery.request.public_id, delivery.integration,
             delivery.external_id)
    return delivery


def _failed(delivery: Delivery, error: DeliveryError, now: datetime, rand: Callable[[], float]) -> Delivery:
    delivery.last_error, delivery.claimed_until = error.message[:2000], None
    gives_up = error.permanent or delivery.attempts >= MAX_ATTEMPTS
    if gives_up:
        delivery.state = DeliveryState.DEAD
    else:
        delivery.state = DeliveryState.FAILED
        delivery.next_attempt_at = now + backoff_delay(delivery.attempts, rand)
    delivery.save(update_fields=["state", "last_error", "claimed_until", "next_attempt_at"])
    if gives_up:
        _alert_staff(delivery)
    else:
        log.warning("Delivery %s of %s to %s failed (attempt %s), retrying at %s: %s", delivery.pk,
                    delivery.request.public_id, delivery.integration, delivery.attempts,
                    delivery.next_attempt_at.isoformat(), delivery.last_error)
        enqueue_delivery(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery


def _alert_staff(delivery: Delivery) -> None:
    """A dead delivery: logged as an error and written on the request's history for its department."""
    log.error("Delivery %s of %s to %s is dead after %s attempt(s): %s", delivery.pk, delivery.request.public_id,
              delivery.integration, delivery.attempts, delivery.last_error)
    lifecycle.add_note(
        delivery.request,
        f"Could not hand this request to {delivery.integration.name} after {delivery.attempts} attempt(s): "
        f"{delivery.last_error} Staff must pass it on by hand or re-send it from this page.",
        actor=Actor.system("Department delivery"), channel=INTEGRATION_CHANNEL, is_public=False,
    )


def send_due_deliveries(now: datetime | None = None, rand: Callable[[], float] = random.random) -> int:
    """Send every delivery that is due, including ones whose worker died (lease run out). Returns how many went.

    Run on a schedule: it is how retries happen where the task backend cannot defer, and how a delivery
    whose worker was killed mid-send gets sent after all.
    """
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(state__in=[DeliveryState.PENDING, DeliveryState.FAILED], next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    sent = 0
    for pk in due:
        delivery = send_delivery(pk, now=now, rand=rand)
        sent += delivery is not None and delivery.state == DeliveryState.SENT
    return sent


def can_resend(user: Any, request: ServiceRequest) -> bool:
    """Department staff of the request's department, supervisors and administrators may re-send."""
    if not is_staff_member(user):
        return False
    if user.role in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        return True
    return user.role == Role.DEPARTMENT_STAFF and request.department_id in department_ids(user)


def resend_delivery(delivery: Delivery, *, actor: Actor) -> Delivery:
    """Send again: a failed or dead delivery keeps its idempotency key (the department may have it already);
    one that was sent goes again as a new delivery with a new key, because staff ask for a second copy."""
    integration = delivery.integration
    if not integration.enabled:
        raise ResendRefused(f"{integration.name} is turned off: turn it on before re-sending.")
    if integration.department_id != delivery.request.department_id:
        raise ResendRefused(f"The request is no longer with {integration.department}.")
    with transaction.atomic():
        if delivery.state == DeliveryState.SENT:
            delivery = Delivery.objects.create(request=delivery.request, integration=integration,
                                               reason=DeliveryReason.RESENT)
        else:
            Delivery.objects.filter(pk=delivery.pk).update(
                state=DeliveryState.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_until=None)
            delivery.refresh_from_db()
        lifecycle.add_note(delivery.request, f"Re-sent to {integration.name}.", actor=actor, channel=Channel.STAFF,
                           is_public=False)
        transaction.on_commit(partial(enqueue_delivery, delivery.pk))
    return delivery


@dataclass
class DeliverySummary:
    """Where the request stands with its department's systems: sent only when every one of them has it."""

    state: str  # "none", "pending", "sent" or "dead"
    current: list[Delivery] = field(default_factory=list)
    earlier: list[Delivery] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[Delivery, bool]]:
        """Every delivery, the current ones first, each with whether it is current."""
        return [(delivery, True) for delivery in self.current] + [(delivery, False) for delivery in self.earlier]

    @property
    def sent_count(self) -> int:
        return sum(delivery.state == DeliveryState.SENT for delivery in self.current)


def delivery_summary(request: ServiceRequest) -> DeliverySummary:
    """The latest delivery to each of the current department's systems, and the older ones for the record."""
    rows = list(request.deliveries.select_related("integration").order_by("-created_at", "-pk"))
    current: dict[int, Delivery] = {}
    earlier: list[Delivery] = []
    for delivery in rows:
        if delivery.integration.department_id == request.department_id and delivery.integration_id not in current:
            current[delivery.integration_id] = delivery
        else:
            earlier.append(delivery)
    latest = list(current.values())
    if not latest:
        state = "none"
    elif any(delivery.state == DeliveryState.DEAD for delivery in latest):
        state = "dead"
    elif all(delivery.state == DeliveryState.SENT for delivery in latest):
        state = "sent"
    else:
        state = "pending"
    return DeliverySummary(state, latest, earlier)
