import csv
import io
import tracemalloc
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicdesk.conftest import City
from civicdesk.opendata.layout import COLUMNS_2024, LAYOUT_2024, LEGACY_COLUMNS
from civicdesk.opendata.services import (
    BadExportOption,
    ExportOptions,
    export_csv_lines,
    export_rows,
    parse_export_options,
)
from civicdesk.service_requests.bulk import RequestBundle, bulk_insert_requests
from civicdesk.service_requests.choices import Channel, Resolution, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.public_ids import new_public_id
from civicdesk.service_requests.tests.factories import ReporterContactFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db
CITY_TIME = ZoneInfo(settings.TIME_ZONE)


def exported(options: ExportOptions | None = None) -> list[dict[str, str]]:
    text = "".join(export_csv_lines(options or ExportOptions()))
    return list(csv.DictReader(io.StringIO(text, newline="")))


def filled(row: dict[str, str]) -> dict[str, str]:
    return {column: value for column, value in row.items() if value}


def closed_pothole(city: City, **overrides: object) -> ServiceRequest:
    values: dict[str, object] = dict(
        public_id="7KQ4-M29X", service=city.pothole, department=city.public_works, description="Deep pothole",
        lat=41.85, lon=-87.675, address="120 N Main St", zip_code="60601", channel=Channel.WEB, status=Status.CLOSED,
        resolution=Resolution.FIXED, resolution_notes="Filled with asphalt.",
        requested_at=datetime(2024, 3, 1, 9, 5, tzinfo=CITY_TIME),
        updated_at=datetime(2024, 3, 4, 16, 0, tzinfo=CITY_TIME),
        expected_at=datetime(2024, 3, 6, 17, 0, tzinfo=CITY_TIME),
        closed_at=datetime(2024, 3, 4, 15, 45, tzinfo=CITY_TIME),
    )
    values.update(overrides)
    return ServiceRequestFactory.create(**values)


def test_a_request_is_written_in_the_legacy_layout(city: City) -> None:
    closed_pothole(city)

    text = "".join(export_csv_lines(ExportOptions()))
    rows = exported()

    assert text.splitlines()[0] == ",".join(LEGACY_COLUMNS)
    assert [filled(row) for row in rows] == [{
        "Unique Key": "7KQ4-M29X",
        "Created Date": "03/01/2024 09:05:00 AM",
        "Closed Date": "03/04/2024 03:45:00 PM",
        "Agency": "DPW",
        "Agency Name": "Public Works",
        "Complaint Type": "Pothole",
        "Descriptor": "Deep pothole",
        "Incident Zip": "60601",
        "Incident Address": "120 N Main St",
        "Status": "Closed",
        "Due Date": "03/06/2024 05:00:00 PM",
        "Resolution Description": "Filled with asphalt.",
        "Resolution Action Updated Date": "03/04/2024 04:00:00 PM",
        "Open Data Channel Type": "ONLINE",
        "Latitude": "41.85",
        "Longitude": "-87.675",
        "Location": "(41.85, -87.675)",
    }]


def test_the_2024_layout_renames_columns_and_gives_the_council_district(city: City) -> None:
    request = closed_pothole(city)
    request.districts.set([city.west, city.sanitation_zone])

    rows = exported(ExportOptions(layout=LAYOUT_2024))

    assert list(rows[0]) == list(COLUMNS_2024)
    assert rows[0]["Problem (formerly Complaint Type)"] == "Pothole"
    assert rows[0]["Problem Detail (formerly Descriptor)"] == "Deep pothole"
    assert rows[0]["Council District"] == "1"  # the West council district, not the sanitation zone
    assert (rows[0]["Additional Details"], rows[0]["Police Precinct"]) == ("", "")


def test_open_requests_have_no_closing_columns_and_codes_speak_for_missing_notes(city: City) -> None:
    closed_pothole(city, public_id="AAAA-2222", resolution=Resolution.DUPLICATE, resolution_notes="")
    closed_pothole(city, public_id="BBBB-3333", status=Status.SCHEDULED, resolution="", resolution_notes="",
                   closed_at=None, lat=None, lon=None, channel=Channel.SMS, department=None)

    duplicate, scheduled = exported()

    assert duplicate["Resolution Description"] == "Duplicate of another request"
    assert (scheduled["Status"], scheduled["Closed Date"], scheduled["Resolution Description"]) == ("Assigned", "", "")
    assert (scheduled["Latitude"], scheduled["Longitude"], scheduled["Location"]) == ("", "", "")
    assert (scheduled["Open Data Channel Type"], scheduled["Agency"], scheduled["Agency Name"]) == ("MOBILE", "", "")


def test_since_counts_days_in_the_city_time_zone_and_status_filters(city: City) -> None:
    closed_pothole(city, public_id="LATE-JAN1", requested_at=datetime(2024, 1, 31, 23, 30, tzinfo=CITY_TIME))
    closed_pothole(city, public_id="EARL-FEB1", requested_at=datetime(2024, 2, 1, 0, 30, tzinfo=CITY_TIME))
    closed_pothole(city, public_id="OPEN-FEB2", requested_at=datetime(2024, 2, 2, 9, 0, tzinfo=CITY_TIME),
                   status=Status.NEW, closed_at=None, resolution="")

    def keys(**options: str) -> list[str]:
        return [row["Unique Key"] for row in exported(parse_export_options(**options))]

    assert keys() == ["LATE-JAN1", "EARL-FEB1", "OPEN-FEB2"]
    assert keys(since="2024-02-01") == ["EARL-FEB1", "OPEN-FEB2"]
    assert keys(status="open") == ["OPEN-FEB2"]
    assert keys(status="closed", since="2024-02-01") == ["EARL-FEB1"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "yesterday"}, "'yesterday' is not a date: write it as YYYY-MM-DD"),
        ({"since": "2024-02-30"}, "'2024-02-30' is not a date"),
        ({"status": "maybe"}, "Unknown status 'maybe': use open or closed."),
        ({"layout": "1999"}, "Unknown layout '1999': use legacy or 2024."),
    ],
)
def test_export_options_are_checked(options: dict[str, str], message: str) -> None:
    with pytest.raises(BadExportOption, match=message):
        parse_export_options(**options)


def test_reporter_contact_details_are_never_exported(city: City) -> None:
    request = closed_pothole(city)
    ReporterContactFactory(request=request, first_name="Rosa", last_name="Resident", email="rosa@example.org",
                           phone="+13125550100", device_id="device-42", account_id="acct-42")

    with CaptureQueriesContext(connection) as queries:
        text = "".join(export_csv_lines(ExportOptions()))
        text += "".join(export_csv_lines(ExportOptions(layout=LAYOUT_2024)))

    for secret in ("Rosa", "Resident", "rosa@example.org", "3125550100", "device-42", "acct-42"):
        assert secret not in text
    assert "7KQ4-M29X" in text
    assert not [query for query in queries.captured_queries if "reportercontact" in query["sql"].lower()]


def test_rows_are_read_lazily_in_one_streamed_query(city: City) -> None:
    for number in range(5):
        closed_pothole(city, public_id=f"LAZY-{number}")

    with CaptureQueriesContext(connection) as queries:
        rows = export_rows(ExportOptions(), chunk_size=2)
        assert len(queries) == 0  # nothing runs until the first row is asked for
        assert next(rows) == list(LEGACY_COLUMNS)
        assert len(queries) == 0
        assert next(rows)[0] == "LAZY-0"
        assert len(queries) == 1
        assert [row[0] for row in rows] == ["LAZY-1", "LAZY-2", "LAZY-3", "LAZY-4"]
    assert len(queries) == 1


def test_export_memory_stays_flat_however_many_requests(city: City) -> None:
    def add_requests(count: int) -> None:
        now = timezone.now()
        bulk_insert_requests([
            RequestBundle(ServiceRequest(
                public_id=new_public_id(), service=city.pothole, department=city.public_works, channel=Channel.PHONE,
                description=f"Pothole number {n} " + "x" * 200, lat=41.85, lon=-87.675, address="120 N Main St",
                requested_at=now, updated_at=now,
            )) for n in range(count)
        ])

    def peak_bytes() -> tuple[int, int]:
        tracemalloc.start()
        try:
            written = sum(len(line) for line in export_csv_lines(ExportOptions(), chunk_size=100))
            return tracemalloc.get_traced_memory()[1], written
        finally:
            tracemalloc.stop()

    add_requests(500)
    small_peak, small_size = peak_bytes()
    add_requests(4500)
    large_peak, large_size = peak_bytes()

    assert large_size > 9 * small_size
    # Ten times the rows, about the same memory: rows are written as they are read, never gathered.
    assert large_peak < 2 * small_peak
    assert large_peak < large_size / 3
