import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from civicdesk.notifications.choices import DeliveryStatus, Medium, MessageKind
from civicdesk.service_requests.choices import Status

__all__ = ["DeliveryStatus", "Medium", "MessageKind"]  # re-exported: callers import them with the models


def normalize_address(address: str) -> str:
    """One spelling per email address or phone number, so opt-outs and duplicates compare equal.

    Emails compare without case; phone numbers become E.164 (+ and digits), a bare ten-digit number
    being North American (+1) like the city's own.
    """
    address = address.strip()
    if not address or "@" in address:
        return address.lower()
    digits = re.sub(r"\D", "", address)
    if not address.startswith("+") and len(digits) == 10:
        digits = "1" + digits
    return "+" + digits if digits else ""


def medium_of(address: str) -> str:
    return Medium.EMAIL if "@" in address else Medium.SMS


class Notification(models.Model):
    """One message to one resident about one event of a request, and how its delivery went."""

    request = models.ForeignKey("service_requests.ServiceRequest", on_delete=models.CASCADE,
                                related_name="notifications")
    event = models.ForeignKey("service_requests.RequestEvent", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    medium = models.CharField(max_length=8, choices=Medium.choices)
    recipient = models.CharField(max_length=254, help_text="Email address or phone number (staff only).")
    language = models.CharField(max_length=8, default="en")
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices)
    error = models.TextField(blank=True, help_text="The last delivery error, as the provider said it.")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the retry sweep tries again; empty once sent or given up."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True,
                                   help_text="The provider's id (email Message-ID, Twilio SID).")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Each event reaches each address at most once per kind, however often a task is retried.
            models.UniqueConstraint(fields=["event", "kind", "medium", "recipient"], name="one_notification_per_event")
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="notification_retry_due",
                         condition=models.Q(next_attempt_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.medium} for {self.request_id}: {self.status}"

    @property
    def gave_up(self) -> bool:
        return self.status == DeliveryStatus.FAILED and self.next_attempt_at is None


class OptOut(models.Model):
    """An address or number that gets no messages at all (the resident asked, or texted STOP)."""

    class Source(models.TextChoices):
        SMS_STOP = "sms_stop", "Texted STOP"
        LINK = "link", "Stop link in a message"
        PROVIDER = "provider", "The provider reported the number unsubscribed"
        STAFF = "staff", "Entered by staff"

    address = models.CharField(max_length=254, unique=True, help_text="Email address, or phone number in E.164.")
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.STAFF)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "opt-out"

    def __str__(self) -> str:
        return self.address

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.address = normalize_address(self.address)
        super().save(*args, **kwargs)


class Survey(models.Model):
    """The feedback survey sent with a closure message: one per closure and recipient, answered once."""

    request = models.ForeignKey("service_requests.ServiceRequest", on_delete=models.CASCADE, related_name="surveys")
    event = models.ForeignKey("service_requests.RequestEvent", on_delete=models.CASCADE, related_name="+",
                              help_text="The closure this survey asks about.")
    recipient = models.CharField(max_length=254, help_text="Who was asked: email address or phone (staff only).")
    medium = models.CharField(max_length=8, choices=Medium.choices, default=Medium.EMAIL)
    language = models.CharField(max_length=8, default="en")
    token = models.CharField(max_length=64, unique=True, help_text="The unguessable part of the survey link.")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    was_fixed = models.BooleanField(null=True)
    satisfaction = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (very unhappy) to 5.",
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="one_survey_per_closure_and_recipient")
        ]

    def __str__(self) -> str:
        return f"survey for {self.request_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class MessageTemplate(models.Model):
    """The words of one kind of message, for one medium and language, editable by administrators.

    Placeholders in braces, like {request_number}, are filled in when the message is sent; a line whose
    placeholders are all empty (say "Location: {address}" without an address) is left out.
    """

    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    medium = models.CharField(max_length=8, choices=Medium.choices)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(max_length=300, blank=True, help_text="Email only; text messages have none.")
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "medium", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "medium", "language"], name="one_template_per_kind_medium_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_medium_display()} · {self.language}"

    def clean(self) -> None:
        from civicdesk.notifications.wording import placeholder_problems

        errors: dict[str, list[str]] = {}
        for field in ("subject", "body"):
            problems = placeholder_problems(getattr(self, field))
            if problems:
                errors[field] = problems
        if self.medium == Medium.SMS and self.subject.strip():
            errors.setdefault("subject", []).append("Text messages have no subject: leave it empty.")
        if self.medium == Medium.EMAIL and not self.subject.strip():
            errors.setdefault("subject", []).append("An email needs a subject.")
        if errors:
            raise ValidationError(errors)


class NotifiedStatus(models.Model):
    """Whether residents hear about a request reaching this status (closure is always told)."""

    status = models.CharField(max_length=16, choices=Status.choices, unique=True)
    notify = models.BooleanField(default=True, help_text="Send the \"status changed\" message for this status.")

    class Meta:
        ordering = ["id"]
        verbose_name = "notify-worthy status"
        verbose_name_plural = "notify-worthy statuses"

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {'notify' if self.notify else 'quiet'}"


class OverdueAlert(models.Model):
    """A request that passed its due date while open, told to supervisors once per due date."""

    request = models.ForeignKey("service_requests.ServiceRequest", on_delete=models.CASCADE,
                                related_name="overdue_alerts")
    due_at = models.DateTimeField(help_text="The due date it missed.")
    created_at = models.DateTimeField(default=timezone.now)
    notified = models.TextField(blank=True, help_text="Supervisors emailed, one address per line.")
    error = models.TextField(blank=True, help_text="Why the email to supervisors failed, if it did.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["request", "due_at"], name="one_overdue_alert_per_due_date")]

    def __str__(self) -> str:
        return f"{self.request_id} overdue since {self.due_at:%Y-%m-%d %H:%M}"
