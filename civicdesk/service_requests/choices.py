"""Every status word of a service request, with its label, in one place."""

from django.db import models


class Status(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    SCHEDULED = "scheduled", "Scheduled"
    # Passed to another agency or a capital program: the city has not done the work.
    REFERRED = "referred", "Referred"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (
    Status.NEW, Status.ACKNOWLEDGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.SCHEDULED, Status.REFERRED,
)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)


class Resolution(models.TextChoices):
    FIXED = "fixed", "Fixed"
    NO_ACTION_NEEDED = "no_action_needed", "No action needed"
    DUPLICATE = "duplicate", "Duplicate of another request"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"
    COULD_NOT_LOCATE = "could_not_locate", "Could not locate"
    INVALID = "invalid", "Invalid request"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    WEB = "web", "Web"
    MOBILE = "mobile", "Mobile app"
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    CHAT = "chat", "Web chat"
    SOCIAL = "social", "Social media"
    IVR = "ivr", "Automated phone line"
    API = "api", "Open311 API"
    WALK_IN = "walk_in", "Walk-in"
    OTHER = "other", "Other"


class ActorKind(models.TextChoices):
    STAFF = "staff", "Staff"
    RESIDENT = "resident", "Resident"
    SYSTEM = "system", "System"
    INTEGRATION = "integration", "Integration"


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    ROUTED = "routed", "Routed"
    ASSIGNED = "assigned", "Assigned"
    STATUS_CHANGED = "status_changed", "Status changed"
    REOPENED = "reopened", "Reopened"
    NOTE = "note", "Note"
    MERGED = "merged", "Merged"
    FOLLOWED = "followed", "Follower added"
    NOTIFICATION_SENT = "notification_sent", "Notification sent"
    SURVEY_ANSWERED = "survey_answered", "Survey answered"
    IMPORTED = "imported", "Imported"
