import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChatStatus(models.TextChoices):
    BOT = "bot", _("With the assistant")
    WAITING = "waiting", _("Waiting for a person")
    WITH_AGENT = "with_agent", _("With a call-taker")
    CLOSED = "closed", _("Closed")


class ChatSession(models.Model):
    """One resident's web chat, from the first message to its close.

    `state` holds the bot's text conversation in progress (its step and what the resident gave);
    `transcript` every line said, kept on the contact record when the chat ends.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False,
                             help_text="The resident's browser names its chat with this; unguessable.")
    status = models.CharField(max_length=16, choices=ChatStatus.choices, default=ChatStatus.BOT, db_index=True)
    language = models.CharField(max_length=8, default="en")
    state = models.JSONField(default=dict, blank=True)
    transcript = models.JSONField(default=list, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="chats")
    contact = models.ForeignKey("contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="chats")
    request = models.ForeignKey("service_requests.ServiceRequest", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="chats")
    started_at = models.DateTimeField(default=timezone.now)
    handed_off_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["handed_off_at", "started_at"]

    def __str__(self) -> str:
        return f"Chat {self.pk} · {self.status}"
