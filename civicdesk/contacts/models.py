"""Every contact with the 311 centre, whether or not it produced a request.

In real 311 centres most calls are questions answered on the spot; counting them (and how they ended)
is what lets a city see its true workload. Call-takers record them from the console; the IVR, chat and
other channels record theirs too.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicdesk.service_requests.choices import Channel


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Question answered")
    REQUEST_FILED = "request_filed", _("Request filed")
    FOLLOWER_ADDED = "follower_added", _("Added as follower of an existing request")
    STATUS_GIVEN = "status_given", _("Status of a request given")
    TRANSFERRED = "transferred", _("Transferred to another agency")
    SELF_SERVED = "self_served", _("Self-served")
    ABANDONED = "abandoned", _("Abandoned")
    CALLBACK = "callback", _("Call back requested")


class Contact(models.Model):
    """One contact: who took it, through which channel, how it ended, and what answered it."""

    channel = models.CharField(max_length=16, choices=Channel.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts_taken"
    )
    article = models.ForeignKey(
        "catalog.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts",
        help_text="The knowledge-base answer given, if any.",
    )
    service = models.ForeignKey(
        "catalog.ServiceType", null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    request = models.ForeignKey(
        "service_requests.ServiceRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    summary = models.CharField(max_length=500, blank=True, help_text="What the resident asked, in a few words.")
    language = models.CharField(max_length=8, default="en")
    # Calls to the automated phone line (civicdesk/intake/voice): one row per call, finished by Twilio's callbacks.
    call_sid = models.CharField(max_length=64, blank=True, db_index=True, help_text="Twilio's id of the call.")
    menu_path = models.CharField(max_length=500, blank=True, help_text="The caller's way through the phone menu.")
    wait_seconds = models.PositiveIntegerField(null=True, blank=True, help_text="Time waiting for a call-taker.")
    callback_number = models.CharField(max_length=32, blank=True, help_text="Where the resident asked to be called.")
    transcript = models.JSONField(default=list, blank=True, help_text="A web chat's lines: who said what, when.")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.get_outcome_display()} · {self.started_at:%Y-%m-%d %H:%M}"
