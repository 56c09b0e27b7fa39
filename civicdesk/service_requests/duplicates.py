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
    # Nearest first, so a crowded corner cannot push the closest report past the candidate limit.
    rows = (
        rows.only("id", "public_id", "service_id", "description", "lat", "lon", "address", "status", "requested_at")
        .order_by(nearest_first(lat, lon))[:CANDIDATE_LIMIT]
    )
    found = []
    for row in rows:
        assert row.lat is not None and row.lon is not None
        distance = distance_m(lat, lon, row.lat, row.lon)
        if distance > radius:
            continue
        similarity = fuzz.token_set_ratio(description.lower(), row.description.lower()) if description else 0.0
        score = 0.7 * (1 - distance / radius) + 0.3 * (similarity / 100)
        found.append(DuplicateCandidate(row, distance, similarity, score))
    found.sort(key=lambda candidate: (-candidate.score, candidate.distance_m))
    return found[:limit]
