"""The words of resident notifications, with their labels, in one place."""

from django.db import models


class Medium(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    # Not sent on purpose: the resident opted out before a retry came round.
    SKIPPED = "skipped", "Skipped"


class MessageKind(models.TextChoices):
    """What a message is about; each kind has its own editable template per medium and language."""

    RECEIVED = "received", "Request received"
    STATUS = "status", "Status changed"
    UPDATE = "update", "Public update"
    CLOSED = "closed", "Request closed"
    REOPENED = "reopened", "Request reopened"
    SURVEY = "survey", "Feedback survey"
