"""Finding open requests that are probably the same problem as a new one.

Same service type, still open, within the service's radius and time window; ranked by distance
and by how alike the descriptions read. The query uses the partial index on open requests'
(service, lat, lon) with a bounding box, so it stays fast with a million open requests.
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

CANDIDATE_LIMIT = 200
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
    # Nearest first, so a crowded corner cannot push the closest report past the candidate limit. Rows are
    # read as plain values and scored; only the few returned become model objects (building one costs more
    # than scoring it).
    text = description.lower()
    scored = []
    for values in rows.order_by(nearest_first(lat, lon)).values_list(*DETAIL_FIELDS)[:CANDIDATE_LIMIT]:
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
