from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Medium(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class DeliveryStatus(models.TextChoices):
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class Notification(models.Model):
    """One message to one resident about one event of a request."""

    request = models.ForeignKey("service_requests.ServiceRequest", on_delete=models.CASCADE,
                                related_name="notifications")
    event = models.ForeignKey("service_requests.RequestEvent", on_delete=models.CASCADE, related_name="+")
    medium = models.CharField(max_length=8, choices=Medium.choices)
    recipient = models.CharField(max_length=254, help_text="Email address or phone number (staff only).")
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A retried task never sends the same message twice.
            models.UniqueConstraint(fields=["event", "medium", "recipient"], name="one_notification_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.medium} for {self.request_id}: {self.status}"


class OptOut(models.Model):
    """A resident who asked never to get messages at this address or number (e.g. SMS STOP)."""

    address = models.CharField(max_length=254, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.address


class Survey(models.Model):
    """The feedback survey sent with a closure message: one per closure and recipient, answered once."""

    request = models.ForeignKey("service_requests.ServiceRequest", on_delete=models.CASCADE, related_name="surveys")
    event = models.ForeignKey("service_requests.RequestEvent", on_delete=models.CASCADE, related_name="+",
                              help_text="The closure this survey asks about.")
    recipient = models.EmailField(help_text="Who was asked (staff only).")
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
