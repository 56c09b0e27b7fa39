"""Export of service requests in the NYC open data "311 Service Requests" layout.

Rows are read in chunks with only the columns the file needs and written as they come, so memory
stays flat however many requests there are. Reporter contact details are never read.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from civicdesk.opendata.layout import CHANNEL_TO_OPEN_DATA, LAYOUTS, LEGACY, RENAMED, STATUS_TO_OPEN_DATA, format_date
from civicdesk.routing.models import District
from civicdesk.service_requests.choices import DONE_STATUSES, OPEN_STATUSES, Resolution
from civicdesk.service_requests.models import ServiceRequest

EXPORT_CHUNK_SIZE = 2000
COUNCIL_DISTRICT_KIND = "council-district"


class BadExportOption(ValueError):
    """An export filter (date, status, layout) a person typed is not one we understand."""


@dataclass(frozen=True)
class ExportOptions:
    """Which requests an export holds and in which header layout."""

    layout: str = LEGACY
    since: date | None = None
    status: str = ""  # "", "open" or "closed"


def parse_export_options(*, layout: str = "", since: str = "", status: str = "") -> ExportOptions:
    """Export options from text a person typed (command line or query string); BadExportOption says what is wrong."""
    layout = layout.strip().lower() or LEGACY
    if layout not in LAYOUTS:
        raise BadExportOption(f"Unknown layout '{layout}': use {' or '.join(LAYOUTS)}.")
    status = status.strip().lower()
    if status not in ("", "open", "closed"):
        raise BadExportOption(f"Unknown status '{status}': use open or closed.")
    since_date = None
    if since.strip():
        try:
            since_date = date.fromisoformat(since.strip())
        except ValueError:
            raise BadExportOption(f"'{since}' is not a date: write it as YYYY-MM-DD, e.g. 2024-01-31.") from None
    return ExportOptions(layout, since_date, status)


def requests_for_export(options: ExportOptions) -> QuerySet[ServiceRequest]:
    """The requests an export holds, oldest first (by id), filtered by `options`."""
    queryset = ServiceRequest.objects.order_by("pk")
    if options.since is not None:
        start = datetime.combine(options.since, time.min, tzinfo=timezone.get_default_timezone())
        queryset = queryset.filter(requested_at__gte=start)
    if options.status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif options.status == "closed":
        queryset = queryset.filter(status__in=DONE_STATUSES)
    return queryset


# Only these columns are read: reporter contact details never leave the database.
_EXPORT_FIELDS = (
    "public_id", "requested_at", "closed_at", "department__code", "department__name", "service__name",
    "description", "zip_code", "address", "status", "expected_at", "resolution", "resolution_notes", "updated_at",
    "channel", "lat", "lon", "open_data_record__unique_key",
)


def export_rows(options: ExportOptions, *, chunk_size: int = EXPORT_CHUNK_SIZE) -> Iterator[list[str]]:
    """The header, then one row per request, read from the database `chunk_size` requests at a time."""
    columns = LAYOUTS[options.layout]
    yield list(columns)
    queryset = requests_for_export(options)
    fields = list(_EXPORT_FIELDS)
    if "Council District" in columns:
        council = District.objects.filter(requests=OuterRef("pk"), kind=COUNCIL_DISTRICT_KIND).order_by("code")
        queryset = queryset.annotate(council_district=Subquery(council.values("code")[:1]))
        fields.append("council_district")
    for values in queryset.values(*fields).iterator(chunk_size=chunk_size):
        cells = _export_cells(values)
        yield [cells.get(RENAMED.get(column, column), "") for column in columns]


def _export_cells(values: dict[str, Any]) -> dict[str, str]:
    """One request's cells by legacy column name; columns we do not keep stay empty."""
    lat, lon = values["lat"], values["lon"]
    has_point = lat is not None and lon is not None
    notes = values["resolution_notes"] or (Resolution(values["resolution"]).label if values["resolution"] else "")
    return {
        "Unique Key": values["open_data_record__unique_key"] or values["public_id"],
        "Created Date": format_date(values["requested_at"]),
        "Closed Date": format_date(values["closed_at"]),
        "Agency": (values["department__code"] or "").upper(),
        "Agency Name": values["department__name"] or "",
        "Complaint Type": values["service__name"],
        "Descriptor": values["description"],
        "Incident Zip": values["zip_code"],
        "Incident Address": values["address"],
        "Status": STATUS_TO_OPEN_DATA[values["status"]],
        "Due Date": format_date(values["expected_at"]),
        "Resolution Description": notes if values["status"] in DONE_STATUSES else "",
        "Resolution Action Updated Date": format_date(values["updated_at"]),
        "Council District": values.get("council_district") or "",
        "Open Data Channel Type": CHANNEL_TO_OPEN_DATA.get(values["channel"], "UNKNOWN"),
        "Latitude": repr(lat) if has_point else "",
        "Longitude": repr(lon) if has_point else "",
        "Location": f"({lat!r}, {lon!r})" if has_point else "",
    }


class _Echo:
    """A file that hands back what is written, so csv.writer can format one row at a time."""

    def write(self, text: str) -> str:
        return text


def export_csv_lines(options: ExportOptions, *, chunk_size: int = EXPORT_CHUNK_SIZE) -> Iterator[str]:
    """The export as CSV text, one line per request, produced lazily (for files and HTTP streaming)."""
    writer = csv.writer(_Echo())
    for row in export_rows(options, chunk_size=chunk_size):
        yield writer.writerow(row)
