"""Open311 rules: reading query parameters, searching requests, keys and rate limits."""

import math
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import ExpressionWrapper, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from civicdesk.catalog.models import ServiceType
from civicdesk.open311.models import APIClient
from civicdesk.routing.geo import bounding_box, validate_point
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import DONE_STATUSES, OPEN_STATUSES, Channel, EventKind
from civicdesk.service_requests.lifecycle import add_note, reopen_request
from civicdesk.service_requests.models import Photo, RequestEvent, ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id

MAX_WINDOW = timedelta(days=90)
MAX_PAGE_SIZE = 1000
MAX_PAGE = 10**9
MAX_RADIUS_M = 50_000
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


class Open311Error(Exception):
    """An error answered as the spec shows it: HTTP status, and a description written for people."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def param(params: QueryDict, name: str) -> str:
    """A parameter's value; empty parameters mean absent."""
    return (params.get(name) or "").strip()


def comma_list(params: QueryDict, name: str) -> list[str]:
    return [item.strip() for value in params.getlist(name) for item in value.split(",") if item.strip()]


def parse_when(params: QueryDict, name: str) -> datetime | None:
    """Date-times in: 'Z', offsets, fractional seconds, a space instead of 'T', or a bare date."""
    raw = param(params, name)
    if not raw:
        return None
    text = raw.replace(" ", "T", 1) if len(raw) > 10 and raw[10] == " " else raw
    text = text.replace("Z", "+00:00").replace("z", "+00:00")
    # A "+" left unencoded in a query string arrives as a space: "…T10:00:00 01:00" means "+01:00".
    text = re.sub(r"(?<=\d) (?=\d\d:?\d\d$)", "+", text)
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            moment = datetime(day.year, day.month, day.day) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, f"{name} must be a date and time in W3C format, for example 2026-01-01T00:00:00Z.")
    moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    # Far-off years mean "ever"; clamping keeps window arithmetic from overflowing, and UTC keeps offsets that
    # Python accepts but PostgreSQL refuses (beyond ±15:59) out of the query.
    if moment.year < EARLIEST.year:
        return EARLIEST
    if moment.year >= LATEST.year:
        return LATEST
    return moment.astimezone(UTC)


def authenticate(params: QueryDict, authorization: str, *, required: bool) -> APIClient | None:
    """The API client named by api_key (body or query) or an 'Authorization: Bearer' header."""
    key = param(params, "api_key")
    if not key and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    if not key:
        if required:
            raise Open311Error(403, "An api_key is required to do this. Ask the city for one.")
        return None
    client = APIClient.for_key(key)
    if client is None:
        raise Open311Error(403, "That api_key is not valid or has been turned off.")
    return client


def check_jurisdiction(params: QueryDict) -> None:
    """jurisdiction_id may be absent or empty; any other value (query or body) must be ours."""
    given = {value.strip() for value in params.getlist("jurisdiction_id")} - {""}
    if given - {settings.OPEN311_JURISDICTION_ID}:
        raise Open311Error(404, f"This server serves jurisdiction_id '{settings.OPEN311_JURISDICTION_ID}' only.")


def check_rate_limit(client: APIClient | None, address: str) -> None:
    """A fixed one-minute window per API key, or per address for anonymous callers; 429 past it."""
    limit = client.requests_per_minute if client else settings.OPEN311_ANONYMOUS_PER_MINUTE
    who = f"key:{client.pk}" if client else f"ip:{address}"
    now = time.time()
    window = int(now // 60)
    cache_key = f"open311:rate:{who}:{window}"
    cache.add(cache_key, 0, timeout=120)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=120)
        count = 1
    if count > limit:
        raise RateLimited(math.ceil((window + 1) * 60 - now))


class RateLimited(Open311Error):
    def __init__(self, retry_after: int) -> None:
        super().__init__(429, f"Too many requests: at most a set number per minute. Try again in {retry_after} s.")
        self.retry_after = max(1, retry_after)


@dataclass(frozen=True)
class Page:
    number: int
    size: int


def page_of(params: QueryDict) -> Page:
    """1-based pages (0 is read as 1); up to 1,000 requests a page, the spec's own maximum."""
    number = _whole(params, "page", 1)
    size = _whole(params, "page_size", MAX_PAGE_SIZE)
    if size < 1:
        raise Open311Error(400, "page_size must be at least 1.")
    # Pages past the data are empty; the cap keeps the row offset inside what databases can count.
    return Page(min(max(1, number), MAX_PAGE), min(size, MAX_PAGE_SIZE))


def _whole(params: QueryDict, name: str, default: int) -> int:
    raw = param(params, name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise Open311Error(400, f"{name} must be a whole number.") from None


# What a request document reads: the joined rows' other columns (descriptions, keywords, ...) stay behind,
# and the department, address point and parent come as single annotated values, not as model objects.
REQUEST_DOCUMENT_FIELDS = (
    "public_id", "service", "description", "lat", "lon", "address", "zip_code", "answers", "channel", "status",
    "resolution", "resolution_notes", "parent", "requested_at", "updated_at", "expected_at",
    "service__service_code", "service__name", "service__name_es",
)


def find_requests(params: QueryDict) -> list[ServiceRequest]:
    """GET requests: the spec's filters and defaults plus the documented extensions.

    Each row carries `agency_name`, `address_point_code` and `parent_public_id` (None when there is none).
    """
    rows: QuerySet[ServiceRequest] = (
        ServiceRequest.objects.select_related("service")
        .only(*REQUEST_DOCUMENT_FIELDS)
        .annotate(
            agency_name=F("department__name"), address_point_code=F("address_point__address_id"),
            parent_public_id=F("parent__public_id"),
        )
    )
    ids = comma_list(params, "service_request_id")
    if ids:
        rows = rows.filter(public_id__in=[normalize_public_id(value) for value in ids])
    else:
        rows = _date_window(rows, params)
    codes = comma_list(params, "service_code")
    if codes and not ids:
        # The ids, not a join on the code: with them the planner walks the (service, requested_at) index.
        service_ids = list(ServiceType.objects.filter(service_code__in=codes).values_list("id", flat=True))
        rows = rows.filter(service_id__in=service_ids)
    statuses = {value.lower() for value in comma_list(params, "status")}
    if statuses and not ids:
        unknown = statuses - {"open", "closed"}
        if unknown:
            raise Open311Error(400, f"status must be open or closed, not {', '.join(sorted(unknown))}.")
        if statuses == {"open"}:
            rows = rows.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            rows = rows.filter(status__in=DONE_STATUSES)
    rows = _extension_filters(rows, params)
    page = page_of(params)
    start = (page.number - 1) * page.size
    return list(rows.order_by("-requested_at", "-id")[start : start + page.size])


def public_photo_urls(rows: list[ServiceRequest], base_url: str) -> dict[int, list[str]]:
    """The public photos' addresses of each of these requests, oldest first, in one query."""
    storage = Photo._meta.get_field("image").storage  # type: ignore[union-attr]
    urls: dict[int, list[str]] = defaultdict(list)
    photos = (
        Photo.objects.filter(request_id__in=[row.pk for row in rows], is_public=True)
        .order_by("uploaded_at", "id")
        .values_list("request_id", "url", "image")
    )
    for request_id, url, image in photos:
        urls[request_id].append(url or f"{base_url}{storage.url(image)}")
    return urls


def _date_window(rows: QuerySet[ServiceRequest], params: QueryDict) -> QuerySet[ServiceRequest]:
    start, end = window(parse_when(params, "start_date"), parse_when(params, "end_date"))
    return rows.filter(requested_at__gte=start, requested_at__lte=end)


def window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The spec's date window: the last 90 days by default, never longer than 90 days."""
    if start and end and end < start:
        raise Open311Error(400, "end_date is before start_date.")
    # Windows longer than 90 days are capped, not refused: that is what clients expect.
    if start is None and end is None:
        end = timezone.now()
        start = end - MAX_WINDOW
    elif start is None:
        assert end is not None
        start = end - MAX_WINDOW
    elif end is None or end - start > MAX_WINDOW:
        end = start + MAX_WINDOW
    return start, end


def _extension_filters(rows: QuerySet[ServiceRequest], params: QueryDict) -> QuerySet[ServiceRequest]:
    after, before = parse_when(params, "updated_after"), parse_when(params, "updated_before")
    if after:
        rows = rows.filter(updated_at__gte=after)
    if before:
        rows = rows.filter(updated_at__lte=before)
    text = param(params, "q")
    if text:
        if len(text) > 200:
            raise Open311Error(400, "q is too long (at most 200 characters).")
        rows = rows.filter(
            Q(description__icontains=text) | Q(address__icontains=text) | Q(service__name__icontains=text)
        )
    box = param(params, "bbox")
    if box:
        rows = rows.filter(**_bbox_filter(box))
    if param(params, "lat") or param(params, "long"):
        lat, lon, radius = _circle(params)
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
        # The box uses the location index; the flat-earth distance (exact enough under 50 km) trims its corners.
        meters_per_degree = 111_195.0
        dy = (F("lat") - lat) * meters_per_degree
        dx = (F("lon") - lon) * (meters_per_degree * math.cos(math.radians(lat)))
        rows = (
            rows.filter(lat__range=(min_lat, max_lat), lon__range=(min_lon, max_lon))
            .alias(distance_squared=ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField()))
            .filter(distance_squared__lte=radius * radius)
        )
    return rows


def _bbox_filter(box: str) -> dict[str, Any]:
    try:
        west, south, east, north = (float(value) for value in box.split(","))
        validate_point(south, west)
        validate_point(north, east)
    except ValueError:
        raise Open311Error(
            400, "bbox must be four numbers: west,south,east,north (longitudes and latitudes)."
        ) from None
    if south > north or west > east:
        raise Open311Error(400, "bbox must be west,south,east,north with west ≤ east and south ≤ north.")
    return {"lat__range": (south, north), "lon__range": (west, east)}


def _circle(params: QueryDict) -> tuple[float, float, float]:
    try:
        lat, lon = validate_point(param(params, "lat"), param(params, "long"))
    except ValueError as error:
        raise Open311Error(400, f"{error} Give both lat and long.") from None
    raw = param(params, "radius") or "500"
    try:
        radius = float(raw)
    except ValueError:
        raise Open311Error(400, "radius must be a number of meters.") from None
    if not 0 < radius <= MAX_RADIUS_M or not math.isfinite(radius):
        raise Open311Error(400, f"radius must be between 0 and {MAX_RADIUS_M} meters.")
    return lat, lon, radius


UPDATE_KINDS = (EventKind.STATUS_CHANGED, EventKind.REOPENED, EventKind.NOTE)


def find_updates(start: datetime | None, end: datetime | None, page: Page) -> list[RequestEvent]:
    """Public status changes and notes in the window, oldest first (FixMyStreet's update feed)."""
    start, end = window(start, end)
    # A note carries the status the request had when it was written, not the status it has now.
    earlier_status = (
        RequestEvent.objects.filter(request=OuterRef("request"))
        .filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), id__lt=OuterRef("id")))
        .exclude(to_status="")
        .order_by("-at", "-id")
        .values("to_status")[:1]
    )
    events = RequestEvent.objects.filter(is_public=True, kind__in=UPDATE_KINDS, at__gte=start, at__lte=end)
    events = events.annotate(status_before=Subquery(earlier_status))
    first = (page.number - 1) * page.size
    return list(events.select_related("request").order_by("at", "id")[first : first + page.size])


def add_client_update(
    target: ServiceRequest, *, client_name: str, status: str, description: str, media_url: str
) -> RequestEvent:
    """A resident's update sent by an outside app: a public note, or a reopen when they say it is not fixed."""
    if status not in ("", "open", "closed"):
        raise ValueError("status must be open or closed.")
    if not description:
        raise ValueError("description is required: say what changed.")
    if len(description) > 4000:
        raise ValueError("description is too long (at most 4000 characters).")
    actor = Actor(kind="resident", name=f"via {client_name}")
    if media_url:
        from django.core.exceptions import ValidationError
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise ValueError("media_url is not a web address.") from None
        Photo.objects.create(request=target, url=media_url)
    if status == "open" and not target.is_open:
        reopen_request(target, actor=actor, channel=Channel.API, reason=description)
        return target.events.filter(kind=EventKind.REOPENED).latest("at", "id")
    # "closed" from a resident is a claim that it is fixed; staff confirm before closing.
    note = f"Reported fixed: {description}" if status == "closed" and target.is_open else description
    return add_note(target, note, actor=actor, channel=Channel.API, is_public=True)
