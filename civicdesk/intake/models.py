from django.db import models
from django.utils import timezone


class SmsConversation(models.Model):
    """A resident's text conversation in progress, one per phone number, kept until it ends or times out.

    `data` holds what the resident has given so far (service, address, answers, photo) and what was
    offered to them (numbered choices), so each reply is read against the question it answers.
    """

    phone = models.CharField(max_length=32, unique=True, help_text="The resident's number as Twilio sends it (E.164).")
    language = models.CharField(max_length=8, default="en")
    step = models.CharField(max_length=32)
    data = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "text conversation"

    def __str__(self) -> str:
        return f"{self.phone} · {self.step}"
