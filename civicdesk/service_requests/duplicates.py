"""Finding open requests that are probably the same problem as a new one.

Same service type, still open, within the service's radius and time window: of the nearest CANDIDATE_LIMIT,
the ones ranked first by distance and by how alike the descriptions read. The nearest are picked from the
partial index on open requests' (service, lat, lon, requested_at) with a bounding box, so the query stays fast
with a million open requests.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from rapidfuzz import fuzz

from civicdesk.catalog.models import ServiceType
from civicdesk.routing.geo import bounding_box, distance_m
from civicdesk.routing.geocoder import nearest_first
from civicdesk.service_requests.choices import OPEN_STATUSES
from civicdesk.service_requests.models import ServiceRequest

CANDIDATE_LIMIT = 60  # open requests read around a pin, nearest first
# The columns a candidate carries, in the model's own order (Model.from_db expects that order).
DETAIL_FIELDS = tuple(
    field.attname for field in ServiceRequest._meta.concrete_fields
    if field.attname in {"id", "public_id", "service_id", "description", "lat", "lon", "address", "status",
                         "requested_at"}
)
DESCRIPTION, LAT, LON = (DETAIL_FIELDS.index(name) for name in ("description", "lat", "lon"))


@dataclass(frozen=True)
class DuplicateCandidate:
    request: ServiceRequest
    distance_m: float
    similarity: float  # 0..100, how alike the descriptions are
    score: float  # 0..1, higher is more likely the same problem


def find_duplicates(
    service: ServiceType, lat: float, lon: float, description: str = "", *, limit: int = 5,
    radius_m: float | None = None, window_days: int | None = None, now: datetime | None = None,
    exclude_id: int | None = None,
) -> list[DuplicateCandidate]:
    """Open requests of `service` near (lat, lon), most likely duplicates first."""
    radius = radius_m or service.duplicate_radius_m
    since = (now or timezone.now()) - timedelta(days=window_days or service.duplicate_window_days)
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    rows = ServiceRequest.objects.filter(
        service=service, status__in=OPEN_STATUSES, lat__gte=min_lat, lat__lte=max_lat,
        lon__gte=min_lon, lon__lte=max_lon, requested_at__gte=since,
    )
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    # The nearest CANDIDATE_LIMIT, so a crowded corner cannot push the closest report out. They are chosen
    # from the index alone (it holds service, lat, lon, requested_at and id), and only their rows are read;
    # rows come back as plain values and only the few returned become model objects.
    nearest = rows.order_by(nearest_first(lat, lon)).values("id")[:CANDIDATE_LIMIT]
    text = description.lower()
    scored = []
    for values in ServiceRequest.objects.filter(pk__in=nearest).order_by().values_list(*DETAIL_FIELDS):
        distance = distance_m(lat, lon, values[LAT], values[LON])
        if distance > radius:
            continue
        similarity = fuzz.token_set_ratio(text, values[DESCRIPTION].lower()) if text else 0.0
        score = 0.7 * (1 - distance / radius) + 0.3 * (similarity / 100)
        scored.append((-score, distance, similarity, values))
    scored.sort(key=lambda candidate: candidate[:2])
    return [
        DuplicateCandidate(ServiceRequest.from_db(rows.db, DETAIL_FIELDS, values), distance, similarity, -negative)
        for negative, distance, similarity, values in scored[:limit]
    ]
