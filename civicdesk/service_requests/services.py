"""Reading service requests for residents and staff (writes go through intake and lifecycle)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from civicdesk.service_requests.choices import DONE_STATUSES, OPEN_STATUSES
from civicdesk.service_requests.models import Photo, RequestEvent, ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id


def request_by_public_id(public_id: str) -> ServiceRequest | None:
    return (
        ServiceRequest.objects.select_related("service", "department")
        .filter(public_id=normalize_public_id(public_id))
        .first()
    )


def public_timeline(service_request: ServiceRequest) -> list[RequestEvent]:
    """The events a resident may see: no internal notes, no staff names, no contact details."""
    return list(
        service_request.events.filter(is_public=True)
        .exclude(kind__in=["notification_sent", "followed", "routed", "assigned"])
        .order_by("at", "id")
    )


# Characters a resident may type for a look-alike in the tracking-number alphabet (which has no 0/O/1/I/L/U).
LOOK_ALIKES: dict[str, str] = {"0": "DQ", "O": "DQ", "1": "J7T", "I": "J7T", "L": "J7T", "U": "V"}
MAX_LOOK_ALIKE_GUESSES = 81


def requests_matching_typed_number(typed: str) -> list[ServiceRequest]:
    """The requests a typed tracking number may mean: the exact number, else its look-alike readings.

    "7KQ4-M29X" typed as "7kq4 m29x" is exact; "D0G4-..." has a 0, which no number holds, so the
    numbers with D or Q there are tried. More than one match means the resident must choose.
    """
    number = normalize_public_id(typed)
    exact = request_by_public_id(number)
    if exact is not None:
        return [exact]
    if len(number) != 9 or not set(number).intersection(LOOK_ALIKES):
        return []
    guesses = [""]
    for char in number:
        guesses = [guess + option for guess in guesses for option in LOOK_ALIKES.get(char, char)]
        if len(guesses) > MAX_LOOK_ALIKE_GUESSES:
            return []
    return list(
        ServiceRequest.objects.select_related("service", "department").filter(public_id__in=guesses)
        .order_by("public_id")
    )


def public_photos(service_request: ServiceRequest) -> list[Photo]:
    return list(service_request.photos.filter(is_public=True))


@dataclass(frozen=True)
class PublicRequestFilter:
    """What a resident can filter the public list and map by; every field empty means everything."""

    service_code: str = ""
    status: str = ""  # "open", "closed" (resolved or closed) or one status word
    district_id: int | None = None
    requested_from: date | None = None
    requested_to: date | None = None


def public_requests(filters: PublicRequestFilter) -> QuerySet[ServiceRequest]:
    """Requests for the public list and map, newest first. Callers show only public fields."""
    rows = ServiceRequest.objects.select_related("service")
    if filters.service_code:
        rows = rows.filter(service__service_code=filters.service_code)
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif filters.status == "closed":
        rows = rows.filter(status__in=DONE_STATUSES)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.district_id is not None:
        rows = rows.filter(districts__id=filters.district_id)
    if filters.requested_from is not None:
        rows = rows.filter(requested_at__date__gte=filters.requested_from)
    if filters.requested_to is not None:
        rows = rows.filter(requested_at__date__lte=filters.requested_to)
    return rows.order_by("-requested_at", "-id")


def requests_of_resident(email: str) -> tuple[list[ServiceRequest], list[ServiceRequest]]:
    """The requests a resident reported (by contact email) and the ones they follow, newest first."""
    if not email.strip():
        return [], []
    reported = list(
        ServiceRequest.objects.select_related("service").filter(reporter__email__iexact=email)
        .order_by("-requested_at")
    )
    followed = list(
        ServiceRequest.objects.select_related("service").filter(followers__email__iexact=email)
        .exclude(pk__in=[row.pk for row in reported]).distinct().order_by("-requested_at")
    )
    return reported, followed
