import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from civicdesk.integrations.choices import DeliveryReason, DeliveryState
from civicdesk.service_requests.choices import Status


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class Integration(models.Model):
    """A department's work-order system and how CivicDesk talks to it: which adapter, with which settings.

    Which adapter a department uses is data, not code. A department with no enabled integration is
    handled in the staff workspace only.
    """

    name = models.CharField(max_length=200, help_text="The department system's name, shown in the history.")
    slug = models.SlugField(max_length=64, unique=True, help_text="Part of the inbound address /integrations/<slug>/.")
    department = models.ForeignKey("departments.Department", on_delete=models.CASCADE, related_name="integrations")
    service_types = models.ManyToManyField(
        "catalog.ServiceType", blank=True, related_name="integrations",
        help_text="Only requests of these services; none chosen means every request of the department.",
    )
    adapter = models.CharField(max_length=32, help_text="How requests are sent: webhook, open311 or email.")
    enabled = models.BooleanField(default=True)
    settings = models.JSONField(default=dict, blank=True, help_text="The adapter's settings (URL, address, ...).")
    secret = models.CharField(
        max_length=128, default=new_secret,
        help_text="Shared with the department: signs what we send and what it sends back (HMAC-SHA256).",
    )
    status_mapping = models.JSONField(
        default=dict, blank=True,
        help_text='The department\'s status words mapped to ours, e.g. {"COMPLETE": "closed"}.',
    )
    poll_for_updates = models.BooleanField(
        default=False, help_text="Ask the department's system for status changes on a schedule (it cannot push)."
    )
    last_polled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["department__name", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from civicdesk.integrations.adapters import adapter_named

        errors: dict[str, str] = {}
        try:
            adapter = adapter_named(self.adapter)
            self.settings = adapter.validate_settings(self.settings or {})
            if self.poll_for_updates and not adapter.can_poll:
                errors["poll_for_updates"] = f"The {self.adapter} adapter cannot poll for updates."
        except KeyError as unknown:
            errors["adapter"] = str(unknown.args[0])
        except ValidationError as wrong:
            errors["settings"] = " ".join(wrong.messages)
        if not isinstance(self.status_mapping, dict):
            errors["status_mapping"] = "The mapping must be a JSON object."
        else:
            wrong_words = sorted(str(ours) for ours in self.status_mapping.values() if ours not in Status.values)
            if wrong_words:
                errors["status_mapping"] = (f"Not CivicDesk statuses: {', '.join(wrong_words)}. "
                                            f"Use: {', '.join(Status.values)}.")
        if errors:
            raise ValidationError(errors)


class Delivery(models.Model):
    """One request to hand to one department system: the transactional outbox row.

    Written in the same transaction as the routing, so a request is never routed without it (or sent
    without being routed). The worker claims it for a short lease; a worker that dies lets the lease
    run out and another worker sends it again with the same idempotency key, which the department
    uses to ignore the repeat.
    """

    request = models.ForeignKey("service_requests.ServiceRequest", on_delete=models.CASCADE,
                                related_name="deliveries")
    integration = models.ForeignKey(Integration, on_delete=models.PROTECT, related_name="deliveries")
    idempotency_key = models.CharField(max_length=64, unique=True, default=new_idempotency_key)
    reason = models.CharField(max_length=16, choices=DeliveryReason.choices, default=DeliveryReason.ROUTED)
    state = models.CharField(max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True, help_text="A worker is sending it until then.")
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    external_id = models.CharField(max_length=200, blank=True, help_text="The department system's id for it.")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["integration", "external_id"], name="delivery_external_id"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} to {self.integration_id}: {self.state}"


class InboundUpdate(models.Model):
    """One update a department system sent (or we polled), kept so a replay changes nothing twice."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="inbound_updates")
    event_id = models.CharField(max_length=200)
    request = models.ForeignKey("service_requests.ServiceRequest", on_delete=models.CASCADE,
                                related_name="inbound_updates")
    received_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField(default=dict)
    outcome = models.JSONField(default=dict, blank=True, help_text="What the update changed.")

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["integration", "event_id"], name="one_inbound_update_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.integration_id} {self.event_id}"
