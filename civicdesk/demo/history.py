"""Historical service requests with a realistic mix, written in bulk (the demo city, benchmarks).

Everything a row needs (services and their shares, address points and their districts, routing,
due dates, staff) is looked up once and kept in memory, so generating a row makes no query and a
million rows go in at COPY speed. The same seed gives the same requests.
"""

import bisect
import math
import random
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, connections, models
from django.db.models.base import ModelState
from django.utils import timezone
from tqdm import tqdm

from civicdesk.accounts.models import Role, User
from civicdesk.catalog.choices import Datatype, SlaUnit
from civicdesk.catalog.models import ServiceType
from civicdesk.demo.catalog_data import SERVICES
from civicdesk.departments.calendar import BusinessCalendar, expected_completion
from civicdesk.departments.models import Department
from civicdesk.open311.models import APIClient
from civicdesk.routing.geo import parse_polygon, polygon_contains
from civicdesk.routing.models import AddressPoint, District
from civicdesk.routing.services import route_request
from civicdesk.service_requests.bulk import RequestBundle, bulk_insert_requests
from civicdesk.service_requests.choices import ActorKind, Channel, EventKind, Resolution, Status
from civicdesk.service_requests.models import ReporterContact, RequestEvent, ServiceRequest
from civicdesk.service_requests.public_ids import ALPHABET

# NYC's channel mix (311-facts.md): about half by phone, a quarter on the web, the rest by app and text.
CHANNEL_MIX = {Channel.PHONE: 50, Channel.WEB: 25, Channel.MOBILE: 15, Channel.SMS: 4, Channel.EMAIL: 3,
               Channel.API: 2, Channel.OTHER: 1}
OPEN_STATUS_MIX = {Status.NEW: 35, Status.ACKNOWLEDGED: 15, Status.ASSIGNED: 20, Status.IN_PROGRESS: 15,
                   Status.SCHEDULED: 10, Status.REFERRED: 5}
RESOLUTION_MIX = {Resolution.FIXED: 72, Resolution.NO_ACTION_NEEDED: 12, Resolution.DUPLICATE: 7,
                  Resolution.COULD_NOT_LOCATE: 4, Resolution.REFERRED_ELSEWHERE: 3, Resolution.INVALID: 2}
RESOLUTION_NOTES: dict[str, str] = {
    Resolution.FIXED: "The crew did the work.",
    Resolution.NO_ACTION_NEEDED: "Inspected: nothing needed doing.",
    Resolution.DUPLICATE: "Already reported: handled under an earlier request.",
    Resolution.COULD_NOT_LOCATE: "The crew could not find the problem at this location.",
    Resolution.REFERRED_ELSEWHERE: "Passed to the agency responsible.",
    Resolution.INVALID: "This is not something the city handles.",
}
# Hour-of-day weights (city time): most requests in working hours, noise in the evening and at night.
DAY_HOURS = (1, 1, 1, 1, 1, 2, 4, 7, 10, 11, 11, 10, 10, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
NIGHT_HOURS = (9, 7, 5, 3, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 4, 5, 7, 9, 11, 12, 11)
STILL_OPEN_SHARE = 0.04  # requests left open long after their time to close (waiting on parts, referred)
TIME_TO_CLOSE_SPREAD = 0.8  # sigma of the log-normal time to close around each service's median
REPORTER_SHARE = 0.45
JITTER_DEGREES = 0.0001  # about 10 m around the address point
PRELOADED_IDS_LIMIT = 2_000_000  # tracking numbers of existing requests kept in memory (about 150 MB at most)
DEFAULT_SHARE, DEFAULT_DAYS_TO_CLOSE = 0.5, 5.0  # services that are not in the demo catalog
FIRST_NAMES = ("Maria", "James", "Rosa", "Michael", "Aisha", "David", "Guadalupe", "John", "Keisha", "Luis", "Mei",
               "Robert", "Fatima", "Carlos", "Linda", "Tyrone", "Olga", "Juan", "Grace", "Ahmed", "Patricia", "Kevin",
               "Yesenia", "Thomas", "Ana", "Brian", "Tanisha", "Jose", "Karen", "Dmitri")
LAST_NAMES = ("Garcia", "Johnson", "Rodriguez", "Smith", "Nguyen", "Williams", "Hernandez", "Brown", "Kowalski",
              "Jones", "Lopez", "Davis", "Patel", "Martinez", "Kim", "Wilson", "Gonzalez", "Anderson", "Okafor",
              "Thomas", "Perez", "Jackson", "Rivera", "White", "Nowak", "Harris", "Flores", "Clark", "Chen", "Lewis")
MAIL_DOMAINS = ("example.com", "example.org", "example.net")
ID_PAIRS = [first + second for first in ALPHABET for second in ALPHABET]  # two characters per draw
# Answers to text questions by question code; "details" serves any other code.
SAMPLE_TEXT = {
    "apartment": ("1", "2", "3R", "2F", "4B", "Garden unit", "1A", "3"),
    "business_name": ("Lucky's Tap", "El Mariachi Grill", "Golden Wok", "Riverton Fitness", "Corner Market"),
    "park_name": ("Washington Square", "Riverfront Park"),
    "license_plate": ("CV 48213", "BK 2219", "EN 77431", "Temporary tag", "RT 90112"),
    "vehicle": ("Silver Honda Civic", "Black Ford F-150", "White cargo van", "Red Toyota Camry"),
    "pole_number": ("SL-10422", "SL-20871", "SL-31560"),
    "store": ("Jewel-Osco", "Aldi", "Walgreens"),
    "contractor": ("ABC Builders", "Lakeside Construction", "Not posted"),
    "details": ("It has been like this for a week.", "Please come soon, it is getting worse.",
                "Next to the alley entrance.", "Happens every weekend."),
}


class NoDemoCity(Exception):
    """There is nothing to generate requests for: no active service types or no address points."""


@dataclass(frozen=True)
class _Service:
    service: ServiceType
    days_to_close: float
    night: bool
    examples: tuple[str, ...]
    answer_pool: tuple[dict[str, Any], ...]
    datetime_codes: tuple[str, ...]


class _Rows:
    """Unsaved model instances built without Model.__init__.

    Its signals and field descriptors cost about 15 microseconds an instance, a third of a request's
    time at benchmark scale. Every field starts at its default; only bulk_insert_requests sees them.
    """

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.defaults = {field.attname: field.get_default() for field in model._meta.concrete_fields}

    def make(self, **values: Any) -> Any:
        instance = self.model.__new__(self.model)
        fields = instance.__dict__
        fields.update(self.defaults)
        fields.update(values)
        instance._state = ModelState()
        return instance


def generate_history(
    count: int,
    *,
    seed: int = 311,
    open_share: float | None = None,
    days: int = 365,
    batch_size: int = 5000,
    progress: bool = True,
    now: datetime | None = None,
) -> int:
    """Write `count` requests filed over the last `days` days; returns how many were written.

    Services follow their `share` in the demo catalog (others get a small share), channels the NYC mix,
    places the city's address points. Older requests are mostly closed after a time to close drawn for
    their service; `open_share` instead forces that fraction to be open. Raises NoDemoCity when there is
    no catalog or no address point.
    """
    if count < 0 or days < 1 or batch_size < 1:
        raise ValueError("count must be 0 or more, days and batch_size at least 1.")
    if open_share is not None and not 0 <= open_share <= 1:
        raise ValueError("open_share must be between 0 and 1.")
    if count == 0:
        return 0
    generator = _HistoryGenerator(random.Random(seed), now or timezone.now(), days, open_share)
    made = 0
    with _BatchWriter() as writer, tqdm(total=count, unit=" requests", desc="Historical requests",
                                         disable=not progress) as bar:
        while made < count:
            bundles = [generator.bundle() for _ in range(min(batch_size, count - made))]
            generator.check_public_ids(bundles)
            writer.write(bundles)
            made += len(bundles)
            bar.update(len(bundles))
    return writer.written


class _BatchWriter:
    """Writes each batch with bulk_insert_requests (one transaction per batch).

    On PostgreSQL, outside a transaction, a second thread with its own connection writes one batch
    while the next is generated: the database and Python then use a core each. Inside a transaction
    (tests, callers' atomic blocks) another connection could not see uncommitted rows, so it writes inline.
    """

    def __init__(self) -> None:
        threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history") if threaded else None
        self.pending: Future[int] | None = None
        self.written = 0

    def write(self, bundles: list[RequestBundle]) -> None:
        if self.pool is None:
            self.written += bulk_insert_requests(bundles)
            return
        self.wait()
        self.pending = self.pool.submit(bulk_insert_requests, bundles)

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self.written += pending.result()

    def __enter__(self) -> "_BatchWriter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is None:
            return
        try:
            if exc_info[0] is None:
                self.wait()
        finally:
            self.pool.submit(connections.close_all).result()  # run in the writer thread: closes its connection
            self.pool.shutdown()


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, running = float(sum(weights)), 0.0
    cumulative = []
    for weight in weights:
        running += weight / total
        cumulative.append(running)
    cumulative[-1] = 1.0
    return cumulative


class _HistoryGenerator:
    """Makes one request bundle at a time from what it looked up once: no query per request."""

    def __init__(self, rng: random.Random, now: datetime, days: int, open_share: float | None) -> None:
        self.rng, self.now, self.open_share = rng, now, open_share
        self.now_ts = now.timestamp()
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.services = self._load_services()
        self.points = list(AddressPoint.objects.values_list("pk", "lat", "lon", "full_address", "zip_code"))
        if not self.services or not self.points:
            raise NoDemoCity(
                "There is no service catalog or no address point to generate requests for: "
                "run `manage.py setup_demo_city` first (or import a catalog and address points)."
            )
        self.days = self._day_table(days)
        self.month_weights = self._month_weights()
        self.day_hours, self.night_hours = _cumulative(DAY_HOURS), _cumulative(NIGHT_HOURS)
        self.channels, self.channel_weights = list(CHANNEL_MIX), _cumulative(list(CHANNEL_MIX.values()))
        self.open_statuses, self.open_weights = list(OPEN_STATUS_MIX), _cumulative(list(OPEN_STATUS_MIX.values()))
        self.resolutions, self.resolution_weights = list(RESOLUTION_MIX), _cumulative(list(RESOLUTION_MIX.values()))
        self.call_takers = list(User.objects.filter(role=Role.CALL_TAKER, is_active=True))
        self.api_client_id = APIClient.objects.filter(is_active=True).values_list("pk", flat=True).first()
        self.districts = {district.pk: district for district in District.objects.all()}
        self.shapes = [(pk, parse_polygon(district.geometry)[0]) for pk, district in self.districts.items()]
        self.departments = {department.pk: department for department in Department.objects.prefetch_related("staff")}
        self.calendars = {pk: BusinessCalendar.for_department(dept) for pk, dept in self.departments.items()}
        self.point_districts: dict[int, list[int]] = {}
        self.routes: dict[tuple[int, tuple[int, ...]], tuple[Department, int | None, list[User]]] = {}
        self.due_dates: dict[tuple[int, int, date], datetime] = {}
        # Tracking numbers already taken are kept in memory; past a few million rows, checked per batch instead.
        self.check_database_ids = ServiceRequest.objects.count() > PRELOADED_IDS_LIMIT
        self.public_ids: set[str] = (
            set() if self.check_database_ids else set(ServiceRequest.objects.values_list("public_id", flat=True))
        )
        self.opened = self.generated = 0
        self.requests, self.events, self.reporters = _Rows(ServiceRequest), _Rows(RequestEvent), _Rows(ReporterContact)

    # --- what is looked up once ----------------------------------------------------------------------

    def _load_services(self) -> list[tuple[_Service, float, tuple[int, ...]]]:
        profiles = {service.code: service for service in SERVICES}
        loaded = []
        catalog = ServiceType.objects.filter(is_active=True, is_emergency=False).prefetch_related("questions__values")
        for service in catalog.order_by("service_code"):
            profile = profiles.get(service.service_code)
            share = profile.share if profile else DEFAULT_SHARE
            if share <= 0:
                continue
            questions = list(service.questions.all())
            loaded.append((
                _Service(
                    service, profile.days_to_close if profile else DEFAULT_DAYS_TO_CLOSE,
                    profile.night if profile else False, profile.examples if profile else (),
                    tuple(self._answers(questions) for _ in range(16)),
                    tuple(q.code for q in questions if q.datatype == Datatype.DATETIME and q.variable),
                ),
                share, profile.months if profile else (),
            ))
        return loaded

    def _answers(self, questions: list[Any]) -> dict[str, Any]:
        """One plausible set of answers (list picks, small numbers, short text); dates are added per request."""
        rng, answers = self.rng, {}
        for question in questions:
            if not question.variable or (not question.required and rng.random() < 0.4):
                continue
            keys = [value.key for value in question.values.all()]
            if question.datatype == Datatype.SINGLEVALUELIST and keys:
                answers[question.code] = rng.choice(keys)
            elif question.datatype == Datatype.MULTIVALUELIST and keys:
                answers[question.code] = rng.sample(keys, rng.randint(1, min(2, len(keys))))
            elif question.datatype == Datatype.NUMBER:
                answers[question.code] = rng.randint(1, 6)
            elif question.datatype in (Datatype.STRING, Datatype.TEXT):
                answers[question.code] = rng.choice(SAMPLE_TEXT.get(question.code, SAMPLE_TEXT["details"]))
        return answers

    def _day_table(self, days: int) -> list[tuple[date, float, float, int]]:
        """(local date, its midnight as a timestamp, its length in seconds, month) for the last `days` days.

        Today's length stops at now, so no request is filed in the future.
        """
        today = self.now.astimezone(self.zone).date()
        table = []
        for back in range(days):
            day = today - timedelta(days=back)
            midnight = datetime.combine(day, time.min, self.zone).timestamp()
            end = min(datetime.combine(day + timedelta(days=1), time.min, self.zone).timestamp(), self.now_ts - 60)
            table.append((day, midnight, max(end - midnight, 1.0), day.month))
        return table

    def _month_weights(self) -> dict[int, list[float]]:
        """Cumulative service weights per month: seasonal services take their whole year's share in season."""
        weights = {}
        for month in range(1, 13):
            month_shares = [
                share * 12 / len(months) if months and month in months else 0.0 if months else share
                for _, share, months in self.services
            ]
            weights[month] = _cumulative(month_shares) if sum(month_shares) else _cumulative([1.0] * len(month_shares))
        return weights

    def _districts(self, point_index: int) -> list[int]:
        """The districts holding an address point, as districts_at finds them, without a query per point."""
        found = self.point_districts.get(point_index)
        if found is None:
            _, lat, lon, _, _ = self.points[point_index]
            found = self.point_districts[point_index] = [
                pk for pk, shape in self.shapes if polygon_contains(shape, lat, lon)
            ]
        return found

    def _route(self, profile: _Service, district_ids: list[int]) -> tuple[Department, int | None, list[User]]:
        key = (profile.service.pk, tuple(district_ids))
        route = self.routes.get(key)
        if route is None:
            decision = route_request(profile.service, [self.districts[pk] for pk in district_ids])
            department = self.departments[decision.department.pk]
            staff = [user for user in department.staff.all() if user.is_active]
            route = self.routes[key] = (department, decision.team.pk if decision.team else None, staff)
        return route

    def _due(self, service: ServiceType, department: Department, requested_at: datetime, day: date) -> datetime | None:
        """expected_completion's answer, from one calendar per department (it builds one, two queries, per call)."""
        amount, unit = service.sla_amount, service.sla_unit
        if not amount or unit == SlaUnit.CALENDAR_DAYS:
            return expected_completion(requested_at, amount, unit, department)
        calendar = self.calendars[department.pk]
        if unit == SlaUnit.BUSINESS_HOURS:
            return calendar.add_business_hours(requested_at, amount)
        # Business days count from the local day the clock starts, whatever the hour: one answer per day.
        key = (department.pk, amount, day)
        if key not in self.due_dates:
            self.due_dates[key] = calendar.add_business_days(requested_at, amount)
        return self.due_dates[key]

    # --- one request ---------------------------------------------------------------------------------

    def _public_id(self) -> str:
        """A tracking number in new_public_id's form (7KQ4-M29X), from the seeded generator, never repeated."""
        pairs, random_, seen, n = ID_PAIRS, self.rng.random, self.public_ids, len(ID_PAIRS)
        while True:
            public_id = (f"{pairs[int(random_() * n)]}{pairs[int(random_() * n)]}-"
                         f"{pairs[int(random_() * n)]}{pairs[int(random_() * n)]}")
            if public_id not in seen:
                seen.add(public_id)
                return public_id

    def check_public_ids(self, bundles: list[RequestBundle]) -> None:
        """Draw again any tracking number the database holds (when there were too many to keep in memory)."""
        if not self.check_database_ids:
            return
        by_id = {bundle.request.public_id: bundle for bundle in bundles}
        while by_id:
            taken: set[str] = set()
            ids = list(by_id)
            for start in range(0, len(ids), 2000):
                chunk = ids[start:start + 2000]
                taken.update(ServiceRequest.objects.filter(public_id__in=chunk).values_list("public_id", flat=True))
            redrawn = {}
            for public_id in taken:
                bundle = by_id[public_id]
                bundle.request.public_id = self._public_id()
                redrawn[bundle.request.public_id] = bundle
            by_id = redrawn

    def _is_open(self, requested_ts: float, close_seconds: float) -> bool:
        if self.open_share is None:
            return requested_ts + close_seconds > self.now_ts or self.rng.random() < STILL_OPEN_SHARE
        # Exactly round(count * open_share) open requests, spread evenly through the rows.
        self.generated += 1
        is_open = math.floor(self.generated * self.open_share + 0.5) > self.opened
        self.opened += is_open
        return is_open

    def bundle(self) -> RequestBundle:
        rng, random_ = self.rng, self.rng.random
        day, midnight, length, month = self.days[int(random_() * len(self.days))]
        entry = self.services[bisect.bisect(self.month_weights[month], random_())][0]
        service = entry.service
        hours = self.night_hours if entry.night else self.day_hours
        offset = bisect.bisect(hours, random_()) * 3600 + random_() * 3600
        requested_ts = midnight + (offset if offset < length else random_() * length)
        requested_at = datetime.fromtimestamp(requested_ts, UTC)
        channel = self.channels[bisect.bisect(self.channel_weights, random_())]
        point_index = int(random_() * len(self.points))
        point_id, lat, lon, address, zip_code = self.points[point_index]
        district_ids = self._districts(point_index)
        department, team_id, staff = self._route(entry, district_ids)
        close_seconds = rng.lognormvariate(math.log(entry.days_to_close * 86400), TIME_TO_CLOSE_SPREAD)
        is_open = self._is_open(requested_ts, close_seconds)
        answers = entry.answer_pool[int(random_() * len(entry.answer_pool))]
        if entry.datetime_codes:
            noticed = (requested_at - timedelta(hours=1 + random_() * 47)).astimezone(self.zone).replace(microsecond=0)
            answers = {**answers, **{code: noticed.isoformat() for code in entry.datetime_codes}}
        worker = staff[int(random_() * len(staff))] if staff else None
        events = [self._created_event(channel, requested_at)]
        status, resolution, closed_at, updated_at = self._lifecycle(
            events, requested_at, close_seconds if not is_open else None, department, worker
        )
        request = self.requests.make(
            public_id=self._public_id(), service_id=service.pk,
            description=entry.examples[int(random_() * len(entry.examples))] if entry.examples else "",
            lat=round(lat + (random_() - 0.5) * 2 * JITTER_DEGREES, 6),
            lon=round(lon + (random_() - 0.5) * 2 * JITTER_DEGREES, 6),
            address=address, address_point_id=point_id, zip_code=zip_code, answers=answers, channel=channel,
            status=status, resolution=resolution, resolution_notes=RESOLUTION_NOTES[resolution] if resolution else "",
            priority=service.default_priority, department_id=department.pk, team_id=team_id,
            assignee_id=worker.pk if worker and status != Status.NEW else None,
            api_client_id=self.api_client_id if channel == Channel.API else None,
            requested_at=requested_at, updated_at=updated_at, closed_at=closed_at,
            expected_at=self._due(service, department, requested_at, day),
        )
        return RequestBundle(request, events, self._reporter(channel) if random_() < REPORTER_SHARE else None,
                             district_ids)

    def _lifecycle(
        self, events: list[RequestEvent], requested_at: datetime, close_seconds: float | None,
        department: Department, worker: User | None,
    ) -> tuple[str, str, datetime | None, datetime]:
        """Status, resolution, closing and last-update times; appends the status changes to `events`.

        With no `close_seconds` the request is still open, in one of the open statuses.
        """
        random_ = self.rng.random
        if close_seconds is None:
            status = self.open_statuses[bisect.bisect(self.open_weights, random_())]
            if status == Status.NEW:
                return status, "", None, requested_at
            changed = requested_at + (self.now - requested_at) * min(0.5, random_())
            events.append(self._status_event(Status.NEW, status, changed, department, worker))
            return status, "", None, changed
        closed_at = min(requested_at + timedelta(seconds=close_seconds),
                        requested_at + (self.now - requested_at) * 0.95)
        resolution = self.resolutions[bisect.bisect(self.resolution_weights, random_())]
        before = Status.NEW
        if random_() < 0.6:  # most crews mark the work started before closing it
            started = requested_at + (closed_at - requested_at) * 0.4
            events.append(self._status_event(Status.NEW, Status.IN_PROGRESS, started, department, worker))
            before = Status.IN_PROGRESS
        events.append(self._status_event(before, Status.CLOSED, closed_at, department, worker,
                                         note=RESOLUTION_NOTES[resolution]))
        return Status.CLOSED, resolution, closed_at, closed_at

    def _created_event(self, channel: str, at: datetime) -> RequestEvent:
        if channel in (Channel.PHONE, Channel.WALK_IN, Channel.OTHER) and self.call_takers:
            taker = self.call_takers[int(self.rng.random() * len(self.call_takers))]
            actor = {"actor_kind": ActorKind.STAFF, "actor_user_id": taker.pk, "actor_name": taker.username}
        elif channel == Channel.API:
            actor = {"actor_kind": ActorKind.INTEGRATION, "actor_name": "Open311 client"}
        else:
            actor = {"actor_kind": ActorKind.RESIDENT}
        return self.events.make(kind=EventKind.CREATED, at=at, channel=channel, to_status=Status.NEW, **actor)

    def _status_event(
        self, before: str, after: str, at: datetime, department: Department, worker: User | None, note: str = ""
    ) -> RequestEvent:
        if worker is not None:
            actor = {"actor_kind": ActorKind.STAFF, "actor_user_id": worker.pk, "actor_name": worker.username}
        else:
            actor = {"actor_kind": ActorKind.INTEGRATION, "actor_name": f"{department.name} work orders"}
        return self.events.make(kind=EventKind.STATUS_CHANGED, at=at, from_status=before, to_status=after, note=note,
                                **actor)

    def _reporter(self, channel: str) -> ReporterContact:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@{rng.choice(MAIL_DOMAINS)}"
        phone = f"+1 312 555 {rng.randint(0, 9999):04d}"
        by_phone = channel in (Channel.PHONE, Channel.SMS)
        return self.reporters.make(
            first_name=first, last_name=last if channel != Channel.SMS else "",
            email="" if by_phone and rng.random() < 0.6 else email,
            phone=phone if by_phone or rng.random() < 0.3 else "",
            device_id=f"ios-{rng.getrandbits(64):016x}" if channel == Channel.MOBILE else "",
        )
