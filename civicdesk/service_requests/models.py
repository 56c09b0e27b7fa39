from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from civicdesk.catalog.choices import Priority
from civicdesk.service_requests.choices import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ActorKind,
    Channel,
    EventKind,
    Resolution,
    Status,
)


class ServiceRequest(models.Model):
    """A resident's service request: one record whatever channel it came through.

    Status fields are changed only by `civicdesk.service_requests.lifecycle`.
    """

    public_id = models.CharField(max_length=16, unique=True, help_text="Tracking number read over the phone.")
    service = models.ForeignKey("catalog.ServiceType", on_delete=models.PROTECT, related_name="requests")
    description = models.TextField(blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    address_point = models.ForeignKey(
        "routing.AddressPoint", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    zip_code = models.CharField(max_length=10, blank=True)
    districts = models.ManyToManyField("routing.District", blank=True, related_name="requests")
    answers = models.JSONField(default=dict, blank=True, help_text="Validated answers to the service's questions.")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    resolution = models.CharField(max_length=32, choices=Resolution.choices, blank=True)
    resolution_notes = models.TextField(blank=True, help_text="Public words on how it was resolved.")
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    department = models.ForeignKey(
        "departments.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    team = models.ForeignKey("departments.Team", on_delete=models.SET_NULL, null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_requests"
    )
    api_client = models.ForeignKey(
        "open311.APIClient", on_delete=models.SET_NULL, null=True, blank=True, related_name="requests",
        help_text="The outside application that filed it, if any.",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates",
        help_text="The request this one was merged into as a duplicate.",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expected_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            # The duplicate query: same service type, still open, inside a lat/lon box, recent enough.
            # requested_at is in the key and id included, so PostgreSQL picks the nearest candidates from the
            # index alone (an index-only scan) and visits only their rows.
            models.Index(
                fields=["service", "lat", "lon", "requested_at"], name="open_request_location",
                condition=models.Q(status__in=OPEN_STATUSES), include=["id"],
            ),
            # The work queues: soonest SLA due first, for the whole city and per department.
            models.Index(
                fields=["expected_at", "id"], name="open_request_due", condition=models.Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["department", "expected_at", "id"], name="open_request_department_due",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            # Open311 pages (newest first, a window of dates, perhaps a box on the map and a status): the map
            # and status columns in the key let PostgreSQL skip non-matching rows inside the index, reading
            # only the page's rows from the table (a page with a box: 4.4 -> 1.5 ms at 1,000,000 requests).
            models.Index(fields=["requested_at", "lat", "lon", "status"], name="request_time_place"),
            models.Index(fields=["updated_at"], name="request_updated_at"),
            models.Index(fields=["status", "requested_at"], name="request_status_requested"),
            models.Index(fields=["department", "status"], name="request_department_status"),
            models.Index(fields=["service", "requested_at", "status", "lat", "lon"], name="request_service_time_place"),
            # A service's open requests, newest first (Open311 service_code + status=open): read in order and
            # stop at the page's end, instead of sorting every open request of the service in the window.
            models.Index(
                fields=["service", "requested_at"], name="open_request_service_time",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            # Closures over a period (supervisor figures, "closed today" queues) without reading every closed row.
            models.Index(
                fields=["closed_at"], name="done_request_closed_at", condition=models.Q(status__in=DONE_STATUSES)
            ),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def open311_status(self) -> str:
        """Open311 knows only open and closed; referred work is not done, so it is open."""
        return "open" if self.is_open else "closed"


class ReporterContact(models.Model):
    """Who filed the request. Kept apart from the request and never shown in public output."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="reporter")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=32, blank=True, db_index=True)
    device_id = models.CharField(max_length=200, blank=True)
    account_id = models.CharField(max_length=200, blank=True)
    wants_updates = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"reporter of {self.request.public_id}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Follower(models.Model):
    """A resident who asked for updates on a request (often someone who reported the same problem)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="followers")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8, default="en")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"follower of {self.request.public_id}"


class Photo(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="photos/%Y/%m/", blank=True)
    url = models.URLField(blank=True, help_text="A photo kept elsewhere (Open311 media_url).")
    is_public = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"photo of {self.request.public_id}"


class AppendOnlyQuerySet(models.QuerySet["RequestEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Request history is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Request history is append-only.")


class RequestEvent(models.Model):
    """One line of a request's history: what happened, who did it, when, and through which channel.

    Rows are only ever added.
    """

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices)
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    actor_name = models.CharField(max_length=200, blank=True, help_text="Integration or system name.")
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)
    is_public = models.BooleanField(default=True, help_text="Shown to residents on the request's timeline.")
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="event_request_at")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Request history is append-only.")
        # A new object always inserts: one carrying an old row's pk must fail, never overwrite that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Request history is append-only.")
