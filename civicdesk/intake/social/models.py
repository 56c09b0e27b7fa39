from django.conf import settings
from django.db import models
from django.utils import timezone


class Platform(models.TextChoices):
    X = "x", "X (Twitter)"


class PostKind(models.TextChoices):
    MENTION = "mention", "Mention"
    DIRECT_MESSAGE = "dm", "Direct message"


class SocialPost(models.Model):
    """One mention or direct message read from a platform, kept so a replayed one is never filed twice.

    The author's handle is the reporter's contact: staff see it, Open311 and public pages never do.
    """

    platform = models.CharField(max_length=16, choices=Platform.choices, default=Platform.X)
    external_id = models.CharField(max_length=64, help_text="The post's (or message event's) id on the platform.")
    author_id = models.CharField(max_length=64, blank=True)
    author_handle = models.CharField(max_length=100, blank=True)
    text = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=PostKind.choices)
    received_at = models.DateTimeField(default=timezone.now)
    request = models.ForeignKey(
        "service_requests.ServiceRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="social_posts"
    )
    problem = models.CharField(max_length=300, blank=True, help_text="Why it was not filed, when it was not.")
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_external_id = models.CharField(max_length=64, blank=True)
    reply_text = models.TextField(blank=True)
    # The answer being sent, or sent without X saying whether it took it: nothing else is sent to X until staff
    # check X and say whether it is there.
    unconfirmed_reply_text = models.TextField(blank=True)
    unconfirmed_reply_at = models.DateTimeField(null=True, blank=True,
                                                help_text="When the answer was claimed and sent.")
    unconfirmed_problem = models.CharField(
        max_length=300, blank=True,
        help_text="What X answered instead of confirming it; empty while the answer is still on its way to X.",
    )
    unconfirmed_reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who sent the answer.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "external_id"], name="social_post_once")]
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.get_kind_display().lower()} {self.external_id}"

    @property
    def answer_on_its_way(self) -> bool:
        """An answer is being sent to X right now: nobody can yet say whether it is there (for templates)."""
        from civicdesk.intake.social.services import answer_on_its_way

        return answer_on_its_way(self)


class SocialFeed(models.Model):
    """Where the last poll of one feed (mentions, direct messages) stopped, and when the platform lets us try again.

    The cursor moves only after every post of a poll is stored, so a failed poll loses nothing: the next
    one reads the same posts again and the unique external id keeps them from being filed twice.
    """

    name = models.CharField(max_length=32, unique=True)
    cursor = models.CharField(max_length=64, blank=True, help_text="Newest post id read (mentions) or time (messages).")
    resume_at = models.DateTimeField(null=True, blank=True, help_text="Rate limited: no poll before this time.")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name
