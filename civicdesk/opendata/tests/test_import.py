from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import IntegrityError

from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.conftest import City
from civicdesk.opendata.layout import LAYOUT_2024, LEGACY
from civicdesk.opendata.models import ComplaintTypeMapping, ImportedRecord
from civicdesk.opendata.services import BadHeader, BadRow, ImportReport, import_csv
from civicdesk.opendata.tests.conftest import FILE_2024, LEGACY_FILE
from civicdesk.opendata.tests.factories import ComplaintTypeMappingFactory, lines, open_data_csv, open_data_row
from civicdesk.service_requests.choices import ActorKind, Channel, EventKind, Resolution, Status
from civicdesk.service_requests.models import RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db
CITY_TIME = ZoneInfo(settings.TIME_ZONE)


def import_file(path: object, **options: object) -> ImportReport:
    with open(str(path), encoding="utf-8", newline="") as file:
        return import_csv(file, **options)  # type: ignore[arg-type]


def imported(unique_key: str, source: str = "nyc-311") -> ServiceRequest:
    return ImportedRecord.objects.select_related("request").get(source=source, unique_key=unique_key).request


def test_the_legacy_41_column_file_is_imported(city: City, street_condition: ComplaintTypeMapping) -> None:
    report = import_file(LEGACY_FILE)

    assert (report.layout, report.imported, report.skipped, report.bad_count) == (LEGACY, 5, 0, 0)
    pothole = imported("59893426")
    assert pothole.service == city.pothole
    assert pothole.department == city.public_works
    assert pothole.status == Status.CLOSED
    assert pothole.resolution == Resolution.FIXED
    assert pothole.resolution_notes == (
        "The Department of Transportation inspected the condition and repaired the pothole."
    )
    assert pothole.requested_at == datetime(2024, 1, 3, 8, 15, tzinfo=CITY_TIME)
    assert pothole.closed_at == datetime(2024, 1, 5, 14, 30, tzinfo=CITY_TIME)
    assert pothole.expected_at == datetime(2024, 1, 8, 17, 0, tzinfo=CITY_TIME)
    assert pothole.updated_at == datetime(2024, 1, 5, 14, 30, tzinfo=CITY_TIME)
    assert (pothole.channel, pothole.description) == (Channel.PHONE, "Pothole - Highway")
    assert (pothole.address, pothole.zip_code, pothole.lat, pothole.lon) == ("120 N MAIN ST", "60601", 41.85, -87.675)
    assert set(pothole.districts.values_list("name", flat=True)) == {"West", "Zone A"}
    assert pothole.priority == city.pothole.default_priority

    trash = imported("59893427")
    assert (trash.service, trash.department, trash.status) == (city.missed_trash, city.sanitation, Status.NEW)
    assert (trash.channel, trash.lat, trash.lon, trash.closed_at) == (Channel.WEB, None, None, None)
    assert (trash.resolution, trash.resolution_notes) == ("", "")
    assert trash.description == 'Trash, bins left "full" on the curb'
    assert trash.districts.count() == 0

    cave_in = imported("59893428")  # "Street Condition" through the mapping, agency "dpw" in lower case
    assert (cave_in.service, cave_in.department, cave_in.status) == (city.pothole, city.public_works,
                                                                     Status.ACKNOWLEDGED)
    assert cave_in.channel == Channel.MOBILE
    assert set(cave_in.districts.values_list("name", flat=True)) == {"East", "Zone A"}

    recycling = imported("59893429")  # matched by service code
    assert (recycling.service, recycling.status) == (city.missed_trash, Status.CLOSED)
    assert recycling.resolution == Resolution.NO_ACTION_NEEDED

    deep_hole = imported("59893430")  # "POTHOLE": names compare ignoring case
    assert (deep_hole.service, deep_hole.status, deep_hole.channel) == (city.pothole, Status.IN_PROGRESS,
                                                                        Channel.OTHER)
    assert deep_hole.description == "Deep hole by the bus stop,\nright lane"


def test_the_2024_44_column_file_is_imported(city: City, street_condition: ComplaintTypeMapping) -> None:
    report = import_file(FILE_2024)

    assert (report.layout, report.imported, report.bad_count) == (LAYOUT_2024, 3, 0)
    started = imported("63102245")
    assert started.service == city.pothole  # "Problem (formerly Complaint Type)" = Street Condition
    assert started.description == "Pothole\nNear the school crossing"  # Problem Detail, then Additional Details
    assert (started.status, started.channel) == (Status.IN_PROGRESS, Channel.OTHER)  # Started, UNKNOWN
    assigned = imported("63102246")
    assert (assigned.service, assigned.status, assigned.channel) == (city.missed_trash, Status.ASSIGNED,
                                                                     Channel.MOBILE)
    duplicate = imported("63102247")
    assert (duplicate.status, duplicate.resolution, duplicate.channel) == (Status.CLOSED, Resolution.DUPLICATE,
                                                                           Channel.WEB)


def test_each_request_gets_an_imported_event_naming_its_unique_key(city: City) -> None:
    import_csv(lines(open_data_csv([open_data_row({"Unique Key": "123", "Status": "Closed",
                                                   "Closed Date": "05/07/2024 10:00:00 AM"})])), source="nyc-2024")

    request = imported("123", source="nyc-2024")
    event = RequestEvent.objects.get(request=request)
    assert (event.kind, event.actor_kind, event.actor_name) == (EventKind.IMPORTED, ActorKind.INTEGRATION,
                                                                "NYC open data import")
    assert event.data == {"source": "nyc-2024", "unique_key": "123"}
    assert (event.channel, event.to_status, event.is_public) == (Channel.PHONE, Status.CLOSED, False)
    assert request.public_id and request.public_id != "123"


def test_importing_the_same_file_again_skips_every_row(city: City, street_condition: ComplaintTypeMapping) -> None:
    import_file(LEGACY_FILE)
    again = import_file(LEGACY_FILE)

    assert (again.imported, again.skipped, again.bad_count) == (0, 5, 0)
    assert ServiceRequest.objects.count() == 5
    assert RequestEvent.objects.count() == 5
    # Another source may hold the same keys: they are different rows.
    assert import_file(LEGACY_FILE, source="mirror").imported == 5


def test_a_key_repeated_in_the_file_is_imported_once(city: City) -> None:
    rows = [open_data_row({"Unique Key": "7"}), open_data_row({"Unique Key": "7"}), open_data_row(),
            open_data_row({"Unique Key": "7"})]

    report = import_csv(lines(open_data_csv(rows)), batch_size=2)

    assert (report.imported, report.skipped) == (2, 2)
    assert ImportedRecord.objects.filter(unique_key="7").count() == 1


def test_rows_are_written_in_batches_each_in_its_own_transaction(city: City) -> None:
    rows = [open_data_row({"Unique Key": str(key)}) for key in range(1, 6)]
    progress: list[int] = []
    real_bulk_create = ImportedRecord.objects.bulk_create

    def first_batch_only(objects: object, *args: object, **kwargs: object) -> object:
        if progress:
            raise IntegrityError("disk trouble")
        return real_bulk_create(objects, *args, **kwargs)  # type: ignore[arg-type]

    with mock.patch.object(ImportedRecord.objects, "bulk_create", side_effect=first_batch_only):
        with pytest.raises(IntegrityError):
            import_csv(lines(open_data_csv(rows)), batch_size=2,
                       on_batch=lambda report: progress.append(report.imported))

    # The first batch stands; the second left no request and no event behind.
    assert progress == [2]
    assert sorted(ImportedRecord.objects.values_list("unique_key", flat=True)) == ["1", "2"]
    assert ServiceRequest.objects.count() == 2
    assert RequestEvent.objects.count() == 2


def test_bad_rows_are_reported_by_line_and_skipped_while_good_rows_import(city: City) -> None:
    text = open_data_csv([
        open_data_row({"Unique Key": "good-1"}),                                              # line 2
        open_data_row({"Complaint Type": "Unicorn Sighting"}),                                # line 3
        open_data_row({"Agency": "NYPD"}),                                                    # line 4
        open_data_row({"Created Date": "2024-05-06 09:30"}),                                  # line 5
        open_data_row({"Status": "Closed", "Closed Date": "05/01/2024 09:30:00 AM"}),         # line 6
        open_data_row({"Latitude": "95", "Longitude": "-87.675"}),                            # line 7
        ["1", "05/06/2024 09:30:00 AM", "", "DPW"],                                           # line 8
        open_data_row({"Unique Key": "good-2", "Descriptor": "Two\nlines"}),                  # lines 9-10
        open_data_row({"Status": "Draft"}),                                                   # line 11
        open_data_row({"Unique Key": ""}),                                                    # line 12
        open_data_row({"Status": "Closed"}),                                                  # line 13
        open_data_row({"Latitude": "41.85", "Longitude": ""}),                                # line 14
        open_data_row({"Open Data Channel Type": "FAX"}),                                     # line 15
        open_data_row({"Due Date": "tomorrow"}),                                              # line 16
        open_data_row({"Unique Key": "good-3", "Latitude": "", "Longitude": ""}),             # line 17
    ])

    report = import_csv(lines(text))

    assert (report.imported, report.skipped, report.bad_count) == (3, 0, 12)
    assert report.bad_rows == [
        BadRow(3, "Complaint Type 'Unicorn Sighting' matches no service type (by name or code) and has no "
                  "complaint type mapping."),
        BadRow(4, "Agency 'NYPD' matches no department code."),
        BadRow(5, "Created Date '2024-05-06 09:30' is not a date like 01/31/2024 02:15:00 PM."),
        BadRow(6, "Closed Date 05/01/2024 09:30:00 AM is before Created Date 05/06/2024 09:30:00 AM."),
        BadRow(7, "Latitude must be between -90 and 90. (Latitude '95', Longitude '-87.675')"),
        BadRow(8, "The row has 4 columns; the header has 41."),
        BadRow(11, "Status 'Draft' is not one of Open, Pending, Assigned, In Progress, Started, Closed, Unspecified."),
        BadRow(12, "Unique Key is empty."),
        BadRow(13, "Status is Closed but Closed Date is empty."),
        BadRow(14, "Latitude and Longitude must both be given or both be empty."),
        BadRow(15, "Open Data Channel Type 'FAX' is not one of PHONE, ONLINE, MOBILE, OTHER, UNKNOWN."),
        BadRow(16, "Due Date 'tomorrow' is not a date like 01/31/2024 02:15:00 PM."),
    ]
    assert sorted(ImportedRecord.objects.values_list("unique_key", flat=True)) == ["good-1", "good-2", "good-3"]
    assert ServiceRequest.objects.count() == 3
    assert RequestEvent.objects.count() == 3


def test_a_line_that_is_not_csv_is_a_bad_row(city: City) -> None:
    text = open_data_csv([open_data_row({"Unique Key": "1"})]) + '2,"ab"c",x\r\n' + open_data_csv(
        [open_data_row({"Unique Key": "3"})]).split("\r\n", 1)[1]

    report = import_csv(lines(text))

    assert report.imported == 2
    assert [bad.line for bad in report.bad_rows] == [3]
    assert report.bad_rows[0].reason == "The line is not valid CSV: ',' expected after '\"'."


def test_messages_name_the_2024_column(city: City) -> None:
    text = open_data_csv([open_data_row({"Complaint Type": ""})], layout=LAYOUT_2024)
    assert import_csv(lines(text)).bad_rows == [BadRow(2, "Problem (formerly Complaint Type) is empty.")]


def test_a_name_shared_by_two_services_needs_a_mapping(city: City) -> None:
    ServiceTypeFactory(service_code="light-out", name="Street light out")
    lamp = ServiceTypeFactory(service_code="lamp-out", name="Street Light Out")
    text = open_data_csv([open_data_row({"Complaint Type": "Street Light Out"})])

    refused = import_csv(lines(text))
    assert refused.bad_rows == [BadRow(2, "Complaint Type 'Street Light Out' matches several service types; "
                                          "add a complaint type mapping.")]

    ComplaintTypeMappingFactory(complaint_type="street light out", service=lamp)
    assert import_csv(lines(text)).imported == 1
    assert ServiceRequest.objects.get().service == lamp


def test_a_blank_agency_goes_to_the_service_default_department(city: City) -> None:
    import_csv(lines(open_data_csv([open_data_row({"Agency": "", "Complaint Type": "Missed trash pickup"})])))
    assert ServiceRequest.objects.get().department == city.sanitation


@pytest.mark.parametrize(
    ("description", "resolution"),
    [
        ("The Police Department responded and upon arrival those responsible for the condition were gone.",
         Resolution.COULD_NOT_LOCATE),
        ("The Department of Transportation referred this complaint to the Department of Parks.",
         Resolution.REFERRED_ELSEWHERE),
        ("The Police Department reviewed your complaint and determined that police action was not necessary.",
         Resolution.NO_ACTION_NEEDED),
        ("", Resolution.FIXED),
    ],
)
def test_the_resolution_follows_the_resolution_description(city: City, description: str, resolution: str) -> None:
    row = open_data_row({"Status": "Closed", "Closed Date": "05/07/2024 10:00:00 AM",
                         "Resolution Description": description})
    import_csv(lines(open_data_csv([row])))
    request = ServiceRequest.objects.get()
    assert (request.resolution, request.resolution_notes) == (resolution, description)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("", "The file is empty"),
        ("Unique Key,Created Date,Status", "3 columns; missing 'Closed Date'"),
        (open_data_csv([]).replace("Complaint Type", "Complaint Typ").strip(),
         "missing 'Complaint Type'; unexpected 'Complaint Typ'"),
        (open_data_csv([]).strip() + ",Extra", "42 columns; unexpected 'Extra'"),
        (open_data_csv([]).replace("Agency Name", "Agency").strip(), "missing 'Agency Name'; repeated 'Agency'"),
    ],
)
def test_an_unknown_header_is_refused_and_nothing_is_written(city: City, header: str, message: str) -> None:
    text = header + "\r\n" + open_data_csv([open_data_row()]).split("\r\n", 1)[1]

    with pytest.raises(BadHeader, match="Nothing was imported|file is empty") as refused:
        import_csv(lines(text if header else ""))

    assert message in str(refused.value)
    assert ServiceRequest.objects.count() == 0
    assert ImportedRecord.objects.count() == 0


def test_a_header_in_another_order_is_read_by_name(city: City) -> None:
    text = open_data_csv([open_data_row({"Unique Key": "9", "Incident Zip": "60601"})])
    header, row = (list(csv_line.split(",")) for csv_line in text.strip().split("\r\n"))
    text = ",".join(reversed(header)) + "\r\n" + ",".join(reversed(row)) + "\r\n"

    assert import_csv(lines(text)).imported == 1
    assert imported("9").zip_code == "60601"
