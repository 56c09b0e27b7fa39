"""Status words of deliveries to department systems, with their labels, in one place."""

from django.db import models


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    FAILED = "failed", "Failed, will retry"
    SENT = "sent", "Sent"
    # Given up after the retry limit, or refused for good by the department: staff were alerted.
    DEAD = "dead", "Not delivered"


class DeliveryReason(models.TextChoices):
    ROUTED = "routed", "New request"
    TRANSFERRED = "transferred", "Transferred"
    RESENT = "resent", "Re-sent by staff"
