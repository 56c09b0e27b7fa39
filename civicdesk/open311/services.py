"""Open311 rules: reading query parameters, searching requests, keys and rate limits, batch intake."""

import json
import math
import re
import time
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ExpressionWrapper, F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from civicdesk.catalog.models import ServiceQuestion
from civicdesk.catalog.services import CatalogNames, catalog_names
from civicdesk.open311.models import APIClient, RequestToken
from civicdesk.routing.geo import bounding_box, validate_point
from civicdesk.routing.models import AddressPoint
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import DONE_STATUSES, OPEN_STATUSES, Channel, EventKind
from civicdesk.service_requests.intake import Contact, EmergencyRefused, Submission, UnknownService, file_request
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
    count = _count_request(f"open311:rate:{who}:{window}")
    if count > limit:
        raise RateLimited(math.ceil((window + 1) * 60 - now))


def _count_request(cache_key: str) -> int:
    """This window's count, this request included."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One round trip (Django's cache.incr takes two: it asks whether the key exists first). MULTI/EXEC, so the
        # count cannot expire between starting it and adding to it; Django's Redis cache stores integers as such.
        key = backend.make_and_validate_key(cache_key)
        redis = backend._cache.get_client(key, write=True)  # type: ignore[attr-defined]  # Django's own client
        _, count = redis.pipeline(transaction=True).set(key, 0, ex=120, nx=True).incr(key).execute()
        return int(count)
    # Counting first: the window's key exists for all but its first request.
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # the window's first request (or the key was evicted)
        if cache.add(cache_key, 1, timeout=120):
            return 1
        return int(cache.incr(cache_key))  # another request started the window meanwhile


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


class RequestRow(NamedTuple):
    """What a request document shows, as plain values (no model objects: a page of 100 costs several
    milliseconds less that way, and the page is the API's busiest answer)."""

    id: int
    public_id: str
    service_id: int
    service_code: str
    service_name: str
    service_name_es: str
    description: str
    lat: float | None
    lon: float | None
    address: str
    zip_code: str
    channel: str
    status: str
    resolution: str
    resolution_notes: str
    parent_public_id: str | None
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None
    agency_name: str | None
    address_point_code: str | None


class _Stored(NamedTuple):
    """The columns read from the requests table (the order of the SELECT)."""

    id: int
    public_id: str
    service_id: int
    description: str
    lat: float | None
    lon: float | None
    address: str
    zip_code: str
    channel: str
    status: str
    resolution: str
    resolution_notes: str
    parent_id: int | None
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None
    department_id: int | None
    address_point_id: int | None


PageRows = QuerySet[ServiceRequest, tuple[Any, ...]]  # the page query: rows of plain values, not models
# The page query's columns and order, set up once; each call filters a copy. Adding the 18 columns and the order
# to a new query for every page took 0.4 of the 1.0 ms spent building it (the same SQL either way).
_PAGE_QUERY: PageRows = ServiceRequest.objects.order_by("-requested_at", "-id").values_list(*_Stored._fields)


def find_requests(params: QueryDict) -> list[RequestRow]:
    """GET requests: the spec's filters and defaults plus the documented extensions, newest first."""
    rows = _PAGE_QUERY.all()
    names = catalog_names()
    ids = comma_list(params, "service_request_id")
    if ids:
        rows = rows.filter(public_id__in=[normalize_public_id(value) for value in ids])
    else:
        rows = _date_window(rows, params)
    codes = set(comma_list(params, "service_code"))
    if codes and not ids:
        if codes - names.codes():  # perhaps a service added in another process since these names were read
            names = catalog_names(fresh=True)
        # The ids, not a join on the code: with them the planner walks the (service, requested_at) index.
        rows = rows.filter(service_id__in=[pk for pk, (code, _, _) in names.services.items() if code in codes])
    statuses = {value.lower() for value in comma_list(params, "status")}
    if statuses and not ids:
        unknown = statuses - {"open", "closed"}
        if unknown:
            raise Open311Error(400, f"status must be open or closed, not {', '.join(sorted(unknown))}.")
        if statuses == {"open"}:
            rows = rows.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            rows = rows.filter(status__in=DONE_STATUSES)
    rows = _extension_filters(rows, params, names)
    page = page_of(params)
    start = (page.number - 1) * page.size
    # The requests table alone: service and department names come from the cached catalog, the few address
    # point codes and parents' ids from two small lookups. Joined in the page query, PostgreSQL spent more
    # time planning the joins (and joined every candidate row before sorting) than finding the page.
    found = [_Stored(*values) for values in _plain_rows(rows[start : start + page.size])]
    if any(row.service_id not in names.services or (row.department_id and row.department_id not in names.departments)
           for row in found):  # added in another process since these names were read
        names = catalog_names(fresh=True)
    point_codes = dict(_by_ids(AddressPoint, "id, address_id", "id", {row.address_point_id for row in found}))
    parent_ids = dict(_by_ids(ServiceRequest, "id, public_id", "id", {row.parent_id for row in found}))
    unknown_service = ("", "", "")
    return [
        RequestRow(
            row.id, row.public_id, row.service_id, *names.services.get(row.service_id, unknown_service),
            row.description, row.lat, row.lon, row.address, row.zip_code, row.channel, row.status, row.resolution,
            row.resolution_notes, parent_ids.get(row.parent_id), row.requested_at, row.updated_at, row.expected_at,
            names.departments.get(row.department_id) if row.department_id else None,
            point_codes.get(row.address_point_id),
        )
        for row in found
    ]


def _plain_rows(rows: PageRows) -> list[tuple[Any, ...]]:
    """A values_list query's rows, date-times read by psycopg's own (compiled) loader on PostgreSQL.

    Django's loader for timestamptz parses in Python: 3.5 of the 5 ms a page of 100 took to read. Both give
    the same aware UTC date-times (Django sets the connection's time zone to UTC). Only plain columns here:
    no JSON or other values that Django would convert.
    """
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. service_code=x where no service has code x
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg import adapters
            from psycopg.pq import Format

            timestamptz = adapters.types["timestamptz"].oid
            cursor.cursor.adapters.register_loader(timestamptz, adapters.get_loader(timestamptz, Format.TEXT))
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if connection.vendor == "sqlite":  # naive UTC date-times there
        return [tuple(_aware(value) for value in row) for row in found]
    return list(found)


def _aware(value: Any) -> Any:
    return value.replace(tzinfo=UTC) if isinstance(value, datetime) and value.tzinfo is None else value


def _by_ids(
    model: type[Any], columns: str, id_column: str, ids: set[int | None] | list[int], tail: str = ""
) -> list[Any]:
    """Rows of `model` whose `id_column` is one of `ids`, as plain tuples. Plain SQL: for a page's hundred ids
    the ORM took ~2 ms to build and send what the database answers in a tenth of that."""
    wanted = [int(pk) for pk in ids if pk is not None]
    if not wanted:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {model._meta.db_table} WHERE {id_column} IN ({', '.join(map(str, wanted))}) {tail}"
        )
        return list(cursor.fetchall())


def public_photo_urls(rows: list[RequestRow], base_url: str) -> dict[int, list[str]]:
    """The public photos' addresses of each of these requests, oldest first, in one query."""
    storage = Photo._meta.get_field("image").storage  # type: ignore[union-attr]
    urls: dict[int, list[str]] = defaultdict(list)
    photos = _by_ids(Photo, "request_id, url, image, is_public", "request_id", [row.id for row in rows],
                     "ORDER BY uploaded_at, id")
    for request_id, url, image, is_public in photos:
        if not is_public:
            continue
        urls[request_id].append(url or f"{base_url}{storage.url(image)}")
    return urls


@dataclass
class Extras:
    """What `extensions=true` adds to each request, read for a whole page at once."""

    answers: dict[int, dict[str, Any]]
    districts: dict[int, list[tuple[str, str, str]]]  # kind, code, name
    notes: dict[int, list[RequestEvent]]
    prompts: dict[int, dict[str, str]]  # service id: question code: prompt


NOTE_KINDS = (EventKind.NOTE, EventKind.STATUS_CHANGED, EventKind.REOPENED)


def extras_for(rows: list[RequestRow]) -> Extras:
    """The answers, districts, public notes and question prompts of these requests: four queries, however many
    rows (the prompts of services turned off since, too)."""
    ids = [row.id for row in rows]
    extras = Extras(answers={}, districts=defaultdict(list), notes=defaultdict(list), prompts=defaultdict(dict))
    questions = ServiceQuestion.objects.filter(service_id__in={row.service_id for row in rows})
    for service_id, code, prompt in questions.values_list("service_id", "code", "prompt"):
        extras.prompts[service_id][code] = prompt
    for request_id, answers in ServiceRequest.objects.filter(id__in=ids).values_list("id", "answers"):
        extras.answers[request_id] = answers or {}
    links = ServiceRequest.districts.through.objects.filter(servicerequest_id__in=ids)
    for request_id, kind, code, name in links.order_by("district__kind", "district__code").values_list(
        "servicerequest_id", "district__kind", "district__code", "district__name"
    ):
        extras.districts[request_id].append((kind, code, name))
    public_notes = RequestEvent.objects.filter(request_id__in=ids, is_public=True, kind__in=NOTE_KINDS).filter(
        ~Q(note="") | Q(kind=EventKind.STATUS_CHANGED)
    )
    for event in public_notes.only("request_id", "kind", "at", "note").order_by("at", "id"):
        extras.notes[event.request_id].append(event)
    return extras


def _date_window(rows: PageRows, params: QueryDict) -> PageRows:
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


def _extension_filters(
    rows: PageRows, params: QueryDict, names: CatalogNames
) -> PageRows:
    after, before = parse_when(params, "updated_after"), parse_when(params, "updated_before")
    if after:
        rows = rows.filter(updated_at__gte=after)
    if before:
        rows = rows.filter(updated_at__lte=before)
    text = param(params, "q")
    if text:
        if len(text) > 200:
            raise Open311Error(400, "q is too long (at most 200 characters).")
        folded = text.casefold()
        named = [pk for pk, (_, name, _) in names.services.items() if folded in name.casefold()]
        rows = rows.filter(Q(description__icontains=text) | Q(address__icontains=text) | Q(service_id__in=named))
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
    actor = api_actor(client_name)
    if media_url:
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


# --- Batch services: a token at once, the request filed by the worker ------------------------------------


def api_actor(client_name: str) -> Actor:
    """Who files or updates through the API, in each request's history: the resident, via the app."""
    return Actor(kind="resident", name=f"via {client_name}")


def filing_problems(error: ValidationError) -> list[str]:
    """A refused submission's problems, one line each, naming the field ("attribute[size]: ...")."""
    return [
        f"{field}: {message}" if field != "__all__" else message
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def queue_request(submission: Submission, client: APIClient) -> str:
    """Queue a checked submission (views check it first) for the worker to file; returns its token.

    One write (the task queue's row), so a batch service takes requests in far faster than filing them
    (geocoding, routing, duplicates, history, department hand-off, notifications) allows.
    """
    from civicdesk.open311.tasks import file_queued_request

    # Uploads are filed at once (views.py): files cannot wait in the queue; the client goes by its id.
    fields = {name: getattr(submission, name) for name in _QUEUED_FIELDS}
    fields["answers"] = dict(fields["answers"])
    fields["media_urls"] = list(fields["media_urls"])
    fields["contact"] = vars(submission.contact).copy()
    # As one JSON text: the task library checks every value of its arguments, recursively, when it writes the row and
    # when it builds the result object, a tenth of a millisecond for a submission's fields against next to none for
    # one string.
    return str(file_queued_request.enqueue(json.dumps(fields, ensure_ascii=False, separators=(",", ":")), client.pk).id)


_QUEUED_FIELDS = [field.name for field in fields(Submission) if field.name not in ("photos", "api_client")]


def file_queued(token: str, fields: dict[str, Any], api_client_id: int) -> RequestToken:
    """The worker's half: file the queued submission through the common intake and record its token."""
    done = RequestToken.objects.filter(token=token).first()
    if done is not None:  # the task ran before (a retried task must not file twice)
        return done
    client = APIClient.objects.filter(pk=api_client_id).first()
    contact = Contact(**fields.pop("contact"))
    submission = Submission(**fields, contact=contact, api_client=client)
    actor = api_actor(client.name) if client else Actor.system("Open311")
    # A RoutingError (no department for the service: the city's set-up) is not caught: the task fails, and the
    # token answers that the city could not file it.
    try:
        with transaction.atomic():
            result = file_request(submission, actor=actor)
            return RequestToken.objects.create(token=token, request=result.request)
    except ValidationError as error:
        problem = "; ".join(filing_problems(error))
    except (UnknownService, EmergencyRefused) as error:
        problem = str(error)
    except IntegrityError:
        return _token_written_meanwhile(token)
    try:
        with transaction.atomic():
            return RequestToken.objects.create(token=token, problem=problem)
    except IntegrityError:
        return _token_written_meanwhile(token)


def _token_written_meanwhile(token: str) -> RequestToken:
    """After an IntegrityError: a concurrent run of the same task wrote the token first, or the error was
    something else, which is raised again."""
    written = RequestToken.objects.filter(token=token).first()
    if written is None:
        raise
    return written


@dataclass(frozen=True)
class TokenState:
    request_id: str | None  # None while the request waits in the queue
    problem: str = ""


def token_state(token: str) -> TokenState | None:
    """What became of a token's request; None for a token this server never gave."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

    from civicdesk.open311.tasks import file_queued_request

    written = _written_state(token)
    if written is not None:
        return written
    try:
        queued = file_queued_request.get_result(token)
    except (TaskResultDoesNotExist, TaskResultMismatch, NotImplementedError, ValueError):
        return None  # NotImplementedError: the backend keeps no results (tests' immediate backend)
    if queued.status == TaskResultStatus.FAILED:
        return TokenState(None, "The request could not be filed because of an error on the city's side.")
    if queued.status == TaskResultStatus.SUCCESSFUL:  # finished since the first look
        return _written_state(token) or TokenState(None)
    return TokenState(None)


def _written_state(token: str) -> TokenState | None:
    """The token's state once the worker has written it (filed, or refused with its problem)."""
    found = RequestToken.objects.select_related("request").filter(token=token).first()
    if found is None:
        return None
    return TokenState(found.request.public_id if found.request else None, found.problem)
