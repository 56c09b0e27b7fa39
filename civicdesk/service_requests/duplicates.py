"""Finding open requests that are probably the same problem as a new one.

Same service type, still open, within the service's radius and time window: of the nearest CANDIDATE_LIMIT,
the ones ranked first by distance and by how alike the descriptions read. The nearest are picked from the
partial index on open requests' (service, lat, lon, requested_at) with a bounding box, so the query stays fast
with a million open requests.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS as DATABASE
from django.db import connection
from django.utils import timezone
from rapidfuzz import fuzz

from civicdesk.catalog.models import ServiceType
from civicdesk.routing.geo import bounding_box, distance_m
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
_COLUMNS = {field.name: field.column for field in ServiceRequest._meta.concrete_fields}


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
    text = description.lower()
    scored = []
    for values in _nearest_open(service.pk, lat, lon, radius, since, exclude_id):
        distance = distance_m(lat, lon, values[LAT], values[LON])
        if distance > radius:
            continue
        similarity = fuzz.token_set_ratio(text, values[DESCRIPTION].lower()) if text else 0.0
        score = 0.7 * (1 - distance / radius) + 0.3 * (similarity / 100)
        scored.append((-score, distance, similarity, values))
    scored.sort(key=lambda candidate: candidate[:2])
    return [
        DuplicateCandidate(_request(values), distance, similarity, -negative)
        for negative, distance, similarity, values in scored[:limit]
    ]


_FIELDS = [field for field in ServiceRequest._meta.concrete_fields if field.attname in DETAIL_FIELDS]

# The nearest CANDIDATE_LIMIT open requests of a service in a box around the pin (so a crowded corner cannot
# push the closest report out), picked from the partial index alone; then only their rows are read. Plain SQL:
# composing it through the ORM took longer than the database takes to answer it, and it runs on every report.
_NEAREST_OPEN_SQL = (
    "SELECT {columns} FROM {table} WHERE {id} IN (SELECT {id} FROM {table} WHERE {service} = %s"
    " AND {status} IN ({statuses}) AND {lat} >= %s AND {lat} <= %s AND {lon} >= %s AND {lon} <= %s"
    " AND {requested_at} >= %s AND {id} <> %s"
    " ORDER BY ({lat} - %s) * ({lat} - %s) + ({lon} - %s) * ({lon} - %s) * %s LIMIT %s)"
)


def _nearest_open(
    service_id: int, lat: float, lon: float, radius: float, since: datetime, exclude_id: int | None
) -> list[tuple[Any, ...]]:
    """The DETAIL_FIELDS of the nearest open requests of the service, as the database returns them."""
    quote = connection.ops.quote_name
    sql = _NEAREST_OPEN_SQL.format(
        table=quote(ServiceRequest._meta.db_table), statuses=", ".join(["%s"] * len(OPEN_STATUSES)),
        columns=", ".join(quote(field.column) for field in _FIELDS),
        **{name: quote(_COLUMNS[name]) for name in ("id", "service", "status", "lat", "lon", "requested_at")},
    )
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    lon_scale = math.cos(math.radians(lat)) ** 2  # flat-earth distance, for ordering only (as nearest_first)
    with connection.cursor() as cursor:
        cursor.execute(sql, [
            service_id, *OPEN_STATUSES, min_lat, max_lat, min_lon, max_lon,
            connection.ops.adapt_datetimefield_value(since), exclude_id or 0, lat, lat, lon, lon, lon_scale,
            CANDIDATE_LIMIT,
        ])
        return list(cursor.fetchall())


def _request(values: tuple[Any, ...]) -> ServiceRequest:
    """A ServiceRequest from one row of _nearest_open, with the database's own conversions (SQLite's dates)."""
    converted = []
    for field, value in zip(_FIELDS, values, strict=True):
        column = field.get_col(ServiceRequest._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)  # type: ignore[attr-defined]
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return ServiceRequest.from_db(DATABASE, DETAIL_FIELDS, converted)
