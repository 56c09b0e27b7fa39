"""Every status word of a service request, with its label, in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SCHEDULED = "scheduled", _("Scheduled")
    # Passed to another agency or a capital program: the city has not done the work.
    REFERRED = "referred", _("Referred")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    Status.NEW, Status.ACKNOWLEDGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.SCHEDULED, Status.REFERRED,
)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)


class Resolution(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    NO_ACTION_NEEDED = "no_action_needed", _("No action needed")
    DUPLICATE = "duplicate", _("Duplicate of another request")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
    COULD_NOT_LOCATE = "could_not_locate", _("Could not locate")
    INVALID = "invalid", _("Invalid request")


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
    # Back-office work in the staff workspace: claims, notes, transfers, closures.
    STAFF = "staff", "Staff workspace"
    # A department's own work-order system reporting back (status, notes, closure).
    INTEGRATION = "integration", "Department system"
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
    PHOTO_ADDED = "photo_added", "Photo added"
    MERGED = "merged", "Merged"
    FOLLOWED = "followed", "Follower added"
    NOTIFICATION_SENT = "notification_sent", "Notification sent"
    SURVEY_ANSWERED = "survey_answered", "Survey answered"
    IMPORTED = "imported", "Imported"
