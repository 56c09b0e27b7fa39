import csv
import io

import pytest

from civicdesk.conftest import City
from civicdesk.opendata.models import ComplaintTypeMapping, ImportedRecord
from civicdesk.opendata.services import ExportOptions, export_csv_lines, import_csv
from civicdesk.opendata.tests.conftest import LEGACY_FILE
from civicdesk.opendata.tests.factories import lines
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ReporterContactFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db
# Columns CivicDesk keeps; the others (Borough, BBL, Landmark, ...) come back empty.
KEPT_COLUMNS = (
    "Unique Key", "Created Date", "Closed Date", "Agency Name", "Descriptor", "Incident Zip", "Incident Address",
    "Status", "Due Date", "Resolution Description", "Resolution Action Updated Date", "Open Data Channel Type",
    "Latitude", "Longitude", "Location",
)
REQUEST_FIELDS = (
    "service", "department", "description", "lat", "lon", "address", "zip_code", "channel", "status", "resolution",
    "resolution_notes", "priority", "requested_at", "updated_at", "expected_at", "closed_at",
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def export_text() -> str:
    return "".join(export_csv_lines(ExportOptions()))


def test_import_then_export_then_import_gives_the_same_rows_back(
    city: City, street_condition: ComplaintTypeMapping
) -> None:
    filed_here = ServiceRequestFactory.create(service=city.pothole, description="Filed at the counter")
    ReporterContactFactory(request=filed_here)
    import_csv(LEGACY_FILE.open(encoding="utf-8", newline=""))
    original = rows(LEGACY_FILE.read_text(encoding="utf-8"))

    first = export_text()
    exported = rows(first)

    assert exported[0]["Unique Key"] == filed_here.public_id  # no open-data key: its tracking number
    assert [{column: row[column] for column in KEPT_COLUMNS} for row in exported[1:]] == [
        {column: row[column] for column in KEPT_COLUMNS} for row in original
    ]
    # Names come from the catalog and agency codes are written in capitals.
    assert [row["Complaint Type"] for row in exported[1:]] == [
        "Pothole", "Missed trash pickup", "Pothole", "Missed trash pickup", "Pothole",
    ]
    assert [row["Agency"] for row in exported[1:]] == ["DPW", "SAN", "DPW", "SAN", "DPW"]

    again = import_csv(lines(first))
    assert (again.imported, again.skipped, again.bad_count) == (0, 6, 0)
    assert ServiceRequest.objects.count() == 6

    # Another instance importing our file gets the same requests (the one filed here is recognised too).
    mirror = import_csv(lines(first), source="mirror")
    assert (mirror.imported, mirror.skipped, mirror.bad_count) == (5, 1, 0)
    for record in ImportedRecord.objects.filter(source="mirror").select_related("request"):
        source_request = ImportedRecord.objects.get(source="nyc-311", unique_key=record.unique_key).request
        for name in REQUEST_FIELDS:
            assert getattr(record.request, name) == getattr(source_request, name), (record.unique_key, name)
        assert set(record.request.districts.all()) == set(source_request.districts.all())

    second = rows(export_text())
    assert second[:6] == exported
    assert second[6:] == exported[1:]
