from django.db import models


class ServiceKind(models.TextChoices):
    """Open311's service "type": how the service answers a new request."""

    REALTIME = "realtime", "Realtime (request id at once)"
    BATCH = "batch", "Batch (token, id later)"
    BLACKBOX = "blackbox", "Blackbox (no status kept)"


class Datatype(models.TextChoices):
    """The Open311 datatypes of a service question (attribute)."""

    STRING = "string", "Short text"
    NUMBER = "number", "Number"
    DATETIME = "datetime", "Date and time"
    TEXT = "text", "Long text"
    SINGLEVALUELIST = "singlevaluelist", "Pick one"
    MULTIVALUELIST = "multivaluelist", "Pick any"


class SlaUnit(models.TextChoices):
    BUSINESS_HOURS = "business_hours", "business hours"
    BUSINESS_DAYS = "business_days", "business days"
    CALENDAR_DAYS = "calendar_days", "calendar days"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"
