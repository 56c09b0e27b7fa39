"""Import of the NYC open data "311 Service Requests" CSV.

The file is read row by row; each whole row is checked before it joins a batch, and each batch
(requests, their `imported` history events and the key mapping) is written in one transaction
through `bulk_insert_requests`. A row is written completely or not at all.
"""

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from shapely.prepared import PreparedGeometry

from civicdesk.catalog.models import ServiceType
from civicdesk.departments.models import Department
from civicdesk.opendata.layout import (
    CHANNEL_FROM_OPEN_DATA,
    DATE_EXAMPLE,
    LAYOUT_2024,
    LAYOUTS,
    LEGACY,
    RENAMED,
    STATUS_FROM_OPEN_DATA,
    parse_date,
    resolution_from_description,
)
from civicdesk.opendata.models import SOURCE_LENGTH, UNIQUE_KEY_LENGTH, ComplaintTypeMapping, ImportedRecord
from civicdesk.routing.geo import parse_polygon, polygon_contains, validate_point
from civicdesk.routing.models import District
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.bulk import RequestBundle, bulk_insert_requests
from civicdesk.service_requests.choices import EventKind, Status
from civicdesk.service_requests.models import RequestEvent, ServiceRequest
from civicdesk.service_requests.public_ids import new_public_id

DEFAULT_SOURCE = "nyc-311"
DEFAULT_BATCH_SIZE = 5000
IMPORT_ACTOR = Actor.integration("NYC open data import")
KEPT_BAD_ROWS = 1000  # the report counts every bad row but lists only the first ones
_LOOKUP_SLICE = 900  # keys per IN (...) query, well under SQLite's variable limit


class BadHeader(Exception):
    """The file's first line is not a header this importer knows: nothing is imported."""


class _BadRow(Exception):
    """One row cannot be imported; the message says why."""


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass
class ImportReport:
    """What an import did: rows written, rows skipped as already imported, rows refused and why."""

    layout: str
    imported: int = 0
    skipped: int = 0
    bad_count: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)

    def refuse(self, line: int, reason: str) -> None:
        self.bad_count += 1
        if len(self.bad_rows) < KEPT_BAD_ROWS:
            self.bad_rows.append(BadRow(line, reason))


@dataclass
class _ParsedRow:
    unique_key: str
    request: ServiceRequest
    district_ids: list[int]


@dataclass
class _Header:
    layout: str
    positions: dict[str, int]  # legacy column name -> position in the file
    names: dict[str, str]  # legacy column name -> the file's own name, for messages

    def __len__(self) -> int:
        return len(self.positions)


def import_csv(
    lines: Iterable[str], *, source: str = DEFAULT_SOURCE, batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Import an open-data CSV given as text lines (a file opened with newline="").

    Raises BadHeader, with nothing written, when the header is not one of the two known layouts.
    Bad rows are refused with their line number; rows whose Unique Key this source already
    imported are skipped. Each batch commits on its own, calling `on_batch` after it.
    """
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    if not 0 < len(source) <= SOURCE_LENGTH:
        raise ValueError(f"The source name must be 1 to {SOURCE_LENGTH} characters.")
    rows = _numbered_rows(lines)
    first = next(rows, (1, []))[1]
    header = read_header(first if isinstance(first, list) else None)
    resolver = _Resolver.load()
    report = ImportReport(layout=header.layout)
    batch: list[_ParsedRow] = []
    for line, values in rows:
        if isinstance(values, _BadRow):
            report.refuse(line, str(values))
            continue
        try:
            batch.append(_parse_row(values, header, resolver))
        except _BadRow as refusal:
            report.refuse(line, str(refusal))
        if len(batch) >= batch_size:
            _write_batch(batch, source, report)
            batch = []
            if on_batch:
                on_batch(report)
    if batch:
        _write_batch(batch, source, report)
    if on_batch:
        on_batch(report)
    return report


def read_header(values: Sequence[str] | None) -> _Header:
    """Recognise the legacy or 2024 header (any column order); raise BadHeader saying what differs."""
    if not values:
        raise BadHeader("The file is empty or its first line is not CSV: it must be the 311 Service Requests header.")
    found = [value.strip().lstrip("\ufeff") for value in values]
    for layout, columns in LAYOUTS.items():
        if sorted(found) == sorted(columns):
            positions = {RENAMED.get(name, name): index for index, name in enumerate(found)}
            return _Header(layout, positions, {RENAMED.get(name, name): name for name in found})
    closest = LAYOUTS[LAYOUT_2024] if any(name in RENAMED for name in found) else LAYOUTS[LEGACY]
    missing = [name for name in closest if name not in found]
    unexpected = [name for name in found if name not in closest]
    repeated = sorted({name for name in found if found.count(name) > 1})
    problems = [
        f"{label} {', '.join(repr(name) for name in names)}"
        for label, names in (("missing", missing), ("unexpected", unexpected), ("repeated", repeated)) if names
    ]
    raise BadHeader(
        f"The header is not the NYC 311 Service Requests layout ({len(found)} columns; {'; '.join(problems)}). "
        "Expected the legacy 41-column or the 2024 44-column header. Nothing was imported."
    )


def _numbered_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str] | _BadRow]]:
    """Each non-blank row with the file line it starts on (quoted fields may span lines).

    A line the csv module cannot read comes as a _BadRow, so the rows after it still import.
    """
    reader = csv.reader(lines, strict=True)  # a stray quote is a bad row, not a silently shifted one
    previous = 0
    while True:
        try:
            values: list[str] | _BadRow = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            values = _BadRow(f"The line is not valid CSV: {error}.")
        line, previous = previous + 1, reader.line_num
        if values:
            yield line, values


@dataclass
class _Resolver:
    """Finds the service type, department and districts of a row, from tables read once per import."""

    services: dict[str, ServiceType | None]  # lower-case word -> service; None when a name is ambiguous
    departments: dict[str, Department]
    districts: list[tuple[int, tuple[float, float, float, float], PreparedGeometry]]

    @classmethod
    def load(cls) -> "_Resolver":
        services: dict[str, ServiceType | None] = {}
        catalog = list(ServiceType.objects.select_related("default_department"))
        for service in catalog:
            key = service.name.strip().lower()
            services[key] = None if key in services else service
        services.update({service.service_code.lower(): service for service in catalog})
        by_pk = {service.pk: service for service in catalog}
        for mapping in ComplaintTypeMapping.objects.all():
            services[mapping.complaint_type.strip().lower()] = by_pk[mapping.service_id]
        departments = {department.code.lower(): department for department in Department.objects.all()}
        districts = []
        for district in District.objects.all():
            box = (district.min_lat, district.max_lat, district.min_lon, district.max_lon)
            districts.append((district.pk, box, parse_polygon(district.geometry)[0]))
        return cls(services, departments, districts)

    def service(self, complaint_type: str, column: str) -> ServiceType:
        if not complaint_type:
            raise _BadRow(f"{column} is empty.")
        key = complaint_type.lower()
        if key not in self.services:
            raise _BadRow(
                f"{column} '{complaint_type}' matches no service type (by name or code) and has no complaint type "
                "mapping."
            )
        service = self.services[key]
        if service is None:
            raise _BadRow(f"{column} '{complaint_type}' matches several service types; add a complaint type mapping.")
        return service

    def department(self, agency: str, service: ServiceType) -> Department | None:
        if not agency:
            return service.default_department
        try:
            return self.departments[agency.lower()]
        except KeyError:
            raise _BadRow(f"Agency '{agency}' matches no department code.") from None

    def district_ids(self, lat: float, lon: float) -> list[int]:
        return [
            pk for pk, (min_lat, max_lat, min_lon, max_lon), shape in self.districts
            if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon and polygon_contains(shape, lat, lon)
        ]


@dataclass
class _Cells:
    """One row's cells, read by legacy column name."""

    values: list[str]
    header: _Header

    def __getitem__(self, column: str) -> str:
        return self.values[self.header.positions[column]].strip()

    def date(self, column: str) -> datetime | None:
        text = self[column]
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise _BadRow(f"{column} '{text}' is not a date like {DATE_EXAMPLE}.") from None


def _parse_row(values: list[str], header: _Header, resolver: _Resolver) -> _ParsedRow:
    """Check a whole row and build its unsaved request; raise _BadRow naming the first problem."""
    if len(values) != len(header):
        raise _BadRow(f"The row has {len(values)} columns; the header has {len(header)}.")
    cells = _Cells(values, header)
    unique_key = cells["Unique Key"]
    if not unique_key:
        raise _BadRow("Unique Key is empty.")
    if len(unique_key) > UNIQUE_KEY_LENGTH:
        raise _BadRow(f"Unique Key '{unique_key[:20]}…' is longer than {UNIQUE_KEY_LENGTH} characters.")
    created = cells.date("Created Date")
    if created is None:
        raise _BadRow("Created Date is empty.")
    due, updated = cells.date("Due Date"), cells.date("Resolution Action Updated Date")
    status = _status(cells["Status"])
    closed_at, resolution, notes = _closing(cells, status, created)
    service = resolver.service(cells["Complaint Type"], header.names["Complaint Type"])
    department = resolver.department(cells["Agency"], service)
    channel = _channel(cells["Open Data Channel Type"])
    lat, lon = _point(cells["Latitude"], cells["Longitude"])
    address, zip_code = cells["Incident Address"], cells["Incident Zip"]
    if len(address) > 300:
        raise _BadRow("Incident Address is longer than 300 characters.")
    if len(zip_code) > 10:
        raise _BadRow(f"Incident Zip '{zip_code}' is longer than 10 characters.")
    details = [cells["Descriptor"], cells["Additional Details"] if "Additional Details" in header.positions else ""]
    request = ServiceRequest(
        service=service, department=department, description="\n".join(text for text in details if text),
        lat=lat, lon=lon, address=address, zip_code=zip_code, channel=channel, status=status,
        resolution=resolution, resolution_notes=notes, priority=service.default_priority, requested_at=created,
        updated_at=max(moment for moment in (created, closed_at, updated) if moment is not None),
        expected_at=due, closed_at=closed_at,
    )
    districts = resolver.district_ids(lat, lon) if lat is not None and lon is not None else []
    return _ParsedRow(unique_key, request, districts)


def _closing(cells: _Cells, status: str, created: datetime) -> tuple[datetime | None, str, str]:
    """(closed_at, resolution, resolution notes) of a closed row; nothing for an open one."""
    closed = cells.date("Closed Date")  # checked on every row: a broken date is a broken row
    if status != Status.CLOSED:
        return None, "", ""
    column = "Closed Date" if closed else "Resolution Action Updated Date"
    closed_at = closed or cells.date(column)
    if closed_at is None:
        raise _BadRow("Status is Closed but Closed Date is empty.")
    if closed_at < created:
        raise _BadRow(f"{column} {cells[column]} is before Created Date {cells['Created Date']}.")
    notes = cells["Resolution Description"]
    return closed_at, resolution_from_description(notes), notes


def _status(text: str) -> str:
    try:
        return STATUS_FROM_OPEN_DATA[text.lower()]
    except KeyError:
        known = "Open, Pending, Assigned, In Progress, Started, Closed, Unspecified"
        raise _BadRow(f"Status '{text}' is not one of {known}.") from None


def _channel(text: str) -> str:
    try:
        return CHANNEL_FROM_OPEN_DATA[text.lower()]
    except KeyError:
        raise _BadRow(f"Open Data Channel Type '{text}' is not one of PHONE, ONLINE, MOBILE, OTHER, UNKNOWN.") from None


def _point(lat: str, lon: str) -> tuple[float | None, float | None]:
    if not lat and not lon:
        return None, None  # real data lacks coordinates on about one row in twelve
    if not (lat and lon):
        raise _BadRow("Latitude and Longitude must both be given or both be empty.")
    try:
        return validate_point(lat, lon)
    except ValueError as error:
        raise _BadRow(f"{error} (Latitude '{lat}', Longitude '{lon}')") from None


def _write_batch(rows: list[_ParsedRow], source: str, report: ImportReport) -> None:
    """Write the rows not imported before, with their events and key mapping, in one transaction."""
    keys = [row.unique_key for row in rows]
    done = _existing(ImportedRecord.objects.filter(source=source), "unique_key", keys)
    # A request exported from here carries its tracking number as Unique Key: it is already here.
    done |= _existing(ServiceRequest.objects.all(), "public_id", keys)
    fresh: dict[str, _ParsedRow] = {}
    for row in rows:
        if row.unique_key in done or row.unique_key in fresh:
            report.skipped += 1
        else:
            fresh[row.unique_key] = row
    if not fresh:
        return
    _draw_public_ids([row.request for row in fresh.values()])
    now = timezone.now()
    bundles = [
        RequestBundle(row.request, [_imported_event(row, source, now)], None, row.district_ids)
        for row in fresh.values()
    ]
    with transaction.atomic():
        bulk_insert_requests(bundles)
        ImportedRecord.objects.bulk_create(
            ImportedRecord(source=source, unique_key=row.unique_key, request_id=row.request.pk, imported_at=now)
            for row in fresh.values()
        )
    report.imported += len(bundles)


def _imported_event(row: _ParsedRow, source: str, now: datetime) -> RequestEvent:
    return RequestEvent(
        kind=EventKind.IMPORTED, at=now, actor_kind=IMPORT_ACTOR.kind, actor_name=IMPORT_ACTOR.name,
        channel=row.request.channel, to_status=row.request.status, is_public=False,
        data={"source": source, "unique_key": row.unique_key},
    )


def _existing(queryset: QuerySet, column: str, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), _LOOKUP_SLICE):
        chunk = values[start:start + _LOOKUP_SLICE]
        found.update(queryset.filter(**{f"{column}__in": chunk}).values_list(column, flat=True))
    return found


def _draw_public_ids(requests: list[ServiceRequest]) -> None:
    """Give each request a tracking number no other request has.

    With millions of requests a random draw does collide now and then; a collision would fail the batch.
    """
    accepted: set[str] = set()
    pending = requests
    while pending:
        for request in pending:
            request.public_id = new_public_id()
        taken = _existing(ServiceRequest.objects.all(), "public_id", [request.public_id for request in pending])
        retry = []
        for request in pending:
            if request.public_id in taken or request.public_id in accepted:
                retry.append(request)
            else:
                accepted.add(request.public_id)
        pending = retry
