import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as timezone_offset
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.conftest import City
from civicdesk.open311.tests.driver import REQUEST_KEYS, Answer, Open311
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.lifecycle import acknowledge_request, add_note, close_request, merge_requests
from civicdesk.service_requests.models import Photo, ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[56]:00$")  # Riverton keeps Chicago time
CHICAGO = ZoneInfo("America/Chicago")
EAST_OF_UTC = timezone_offset(timedelta(hours=2))
STAFF = Actor.system("Test")


@dataclass
class Board:
    """What the city has on file: a pothole (2 days old), a closed trash report (10 days), an old one (100 days)."""

    now: datetime
    hole: ServiceRequest
    trash: ServiceRequest
    old: ServiceRequest

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)


@pytest.fixture
def board(city: City) -> Board:
    now = timezone.now()
    hole = ServiceRequestFactory.create(
        service=city.pothole, description="Deep pothole by the bus stop", lat=41.85, lon=-87.675,
        address="120 N Main St", zip_code="60601", requested_at=now - timedelta(days=2),
        updated_at=now - timedelta(days=1), expected_at=now + timedelta(days=1),
    )
    trash = ServiceRequestFactory.create(
        service=city.missed_trash, description="Bins not collected on Oak Ave", lat=41.85, lon=-87.625,
        address="455 E Oak Ave", status=Status.CLOSED, resolution="fixed", resolution_notes="Picked up today.",
        requested_at=now - timedelta(days=10), updated_at=now - timedelta(days=5),
    )
    old = ServiceRequestFactory.create(
        service=city.pothole, description="Old crack", requested_at=now - timedelta(days=100),
        updated_at=now - timedelta(days=100),
    )
    return Board(now, hole, trash, old)


def ids(answer: Answer) -> set[str]:
    assert answer.status == 200, answer.text
    return {request["service_request_id"] for request in answer.data}


def w3c(moment: datetime, style: str) -> str:
    """A date-time as different clients write them."""
    local = moment.astimezone(CHICAGO)
    return {
        "Z": moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "offset": local.isoformat(timespec="seconds"),
        "fraction": moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "space": local.isoformat(sep=" ", timespec="seconds"),  # chicagorequests
        "compact offset": local.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "date": local.strftime("%Y-%m-%d"),
        # A hand-built URL with "+" not encoded: the server receives a space.
        "unencoded plus": moment.astimezone(EAST_OF_UTC).isoformat(timespec="seconds").replace("+", " "),
    }[style]


def test_every_request_has_the_17_keys_in_both_formats(api: Open311, board: Board, fmt: str) -> None:
    answer = api.get("requests", fmt)

    assert ids(answer) == {board.hole.public_id, board.trash.public_id}
    for request in answer.data:
        assert set(request) == REQUEST_KEYS
    hole = next(r for r in answer.data if r["service_request_id"] == board.hole.public_id)
    assert hole["status"] == "open"
    assert hole["service_name"] == "Pothole"
    assert hole["service_code"] == "pothole"
    assert hole["description"] == "Deep pothole by the bus stop"
    assert hole["agency_responsible"] == "Public Works"
    assert hole["address"] == "120 N Main St"
    assert hole["zipcode"] == "60601"
    assert float(hole["lat"]) == 41.85 and float(hole["long"]) == -87.675
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C.match(hole[key]), hole[key]
    assert datetime.fromisoformat(hole["requested_datetime"]) == board.hole.requested_at.replace(microsecond=0)
    trash = next(r for r in answer.data if r["service_request_id"] == board.trash.public_id)
    assert trash["status"] == "closed"
    assert trash["status_notes"] == "Picked up today."


def test_empty_fields_are_null_not_empty_strings(api: Open311, city: City) -> None:
    bare = ServiceRequestFactory.create(
        service=city.missed_trash, description="", lat=None, lon=None, department=None, expected_at=None
    )

    [request] = api.get("requests", "json").data

    assert request["service_request_id"] == bare.public_id
    empty = {key for key, value in request.items() if value is None}
    assert empty == {
        "status_notes", "description", "agency_responsible", "service_notice", "expected_datetime", "address",
        "address_id", "zipcode", "lat", "long", "media_url",
    }
    assert "" not in request.values()


def test_xml_requests_carry_all_17_elements_even_when_empty(api: Open311, city: City) -> None:
    ServiceRequestFactory.create(service=city.missed_trash, description="", lat=None, lon=None, department=None)

    root = api.get("requests", "xml").root

    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert {child.tag for child in request} == REQUEST_KEYS
    assert request.find("lat") is not None and request.findtext("lat") == ""


def test_json_types_ids_as_strings_and_numbers_as_numbers(api: Open311, board: Board) -> None:
    for request in api.get("requests", "json").data:
        assert isinstance(request["service_request_id"], str)
        assert isinstance(request["lat"], float) and isinstance(request["long"], float)


def test_default_is_the_last_90_days(api: Open311, board: Board, fmt: str) -> None:
    assert board.old.public_id not in ids(api.get("requests", fmt))


def test_a_query_matching_nothing_is_an_empty_list(api: Open311, board: Board, fmt: str) -> None:
    answer = api.get("requests", fmt, {"service_code": "no-such-service"})

    assert answer.status == 200
    assert answer.data == []
    if fmt == "xml":
        assert answer.root.tag == "service_requests" and len(answer.root) == 0


def test_service_request_id_takes_a_comma_list_and_overrides_the_rest(api: Open311, board: Board, fmt: str) -> None:
    typed = f"{board.hole.public_id.lower()}, {board.old.public_id.replace('-', '')}"

    answer = api.get("requests", fmt, {"service_request_id": typed, "status": "closed", "service_code": "x"})

    assert ids(answer) == {board.hole.public_id, board.old.public_id}  # the old one too: ids ignore the window


def test_unknown_service_request_ids_match_nothing(api: Open311, board: Board, fmt: str) -> None:
    assert ids(api.get("requests", fmt, {"service_request_id": "ZZZZ-ZZZZ"})) == set()


@pytest.mark.parametrize(
    ("codes", "expected"),
    [("pothole", {"hole"}), ("missed-trash", {"trash"}), ("pothole,missed-trash", {"hole", "trash"}),
     (" pothole , missed-trash ,", {"hole", "trash"})],
)
def test_service_code_takes_a_comma_list(api: Open311, board: Board, fmt: str, codes: str, expected: set[str]) -> None:
    wanted = {getattr(board, name).public_id for name in expected}

    assert ids(api.get("requests", fmt, {"service_code": codes})) == wanted


@pytest.mark.parametrize(
    ("status", "expected"),
    [("open", {"hole"}), ("closed", {"trash"}), ("open,closed", {"hole", "trash"}), ("OPEN", {"hole"}),
     (["open", "closed"], {"hole", "trash"})],
)
def test_status_filter(api: Open311, board: Board, fmt: str, status: Any, expected: set[str]) -> None:
    wanted = {getattr(board, name).public_id for name in expected}

    assert ids(api.get("requests", fmt, {"status": status})) == wanted


def test_resolved_is_closed_and_referred_is_open(api: Open311, city: City) -> None:
    resolved = ServiceRequestFactory.create(service=city.pothole, status=Status.RESOLVED)
    referred = ServiceRequestFactory.create(service=city.pothole, status=Status.REFERRED)

    assert ids(api.get("requests", "json", {"status": "closed"})) == {resolved.public_id}
    assert ids(api.get("requests", "json", {"status": "open"})) == {referred.public_id}


def test_unknown_status_is_400(api: Open311, board: Board, fmt: str) -> None:
    assert api.get("requests", fmt, {"status": "open,fixed"}).error(400) == "status must be open or closed, not fixed."


def test_empty_parameters_mean_absent(api: Open311, board: Board, fmt: str) -> None:
    empty = {name: "" for name in (
        "service_request_id", "service_code", "status", "start_date", "end_date", "page", "page_size",
        "updated_after", "updated_before", "q", "bbox", "lat", "long", "radius", "extensions", "jurisdiction_id",
        "api_key",
    )}

    assert ids(api.get("requests", fmt, empty)) == {board.hole.public_id, board.trash.public_id}


@pytest.mark.parametrize(
    "style", ["Z", "offset", "fraction", "space", "compact offset", "date", "unencoded plus"]
)
def test_start_date_in_the_ways_clients_write_it(api: Open311, board: Board, fmt: str, style: str) -> None:
    answer = api.get("requests", fmt, {"start_date": w3c(board.ago(3), style)})

    assert ids(answer) == {board.hole.public_id}


def test_end_date_alone_means_the_90_days_before_it(api: Open311, board: Board, fmt: str) -> None:
    answer = api.get("requests", fmt, {"end_date": w3c(board.ago(5), "Z")})

    assert ids(answer) == {board.trash.public_id}


def test_a_window_between_two_dates(api: Open311, board: Board, fmt: str) -> None:
    recent = {"start_date": w3c(board.ago(12), "offset"), "end_date": w3c(board.ago(9), "Z")}
    long_ago = {"start_date": w3c(board.ago(101), "Z"), "end_date": w3c(board.ago(99), "space")}

    assert ids(api.get("requests", fmt, recent)) == {board.trash.public_id}
    assert ids(api.get("requests", fmt, long_ago)) == {board.old.public_id}


def test_a_window_longer_than_90_days_is_capped_not_refused(api: Open311, board: Board, fmt: str) -> None:
    answer = api.get("requests", fmt, {"start_date": w3c(board.ago(101), "Z"), "end_date": w3c(board.now, "Z")})

    assert ids(answer) == {board.old.public_id}  # the 90 days from the start: up to 11 days ago


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01T00:00:00Z", "2026-01-01T25:00:00Z", "01/02/2026"])
@pytest.mark.parametrize("name", ["start_date", "end_date", "updated_after", "updated_before"])
def test_bad_dates_are_400(api: Open311, board: Board, fmt: str, name: str, bad: str) -> None:
    message = api.get("requests", fmt, {name: bad}).error(400)

    assert message == f"{name} must be a date and time in W3C format, for example 2026-01-01T00:00:00Z."


def test_end_before_start_is_400(api: Open311, board: Board, fmt: str) -> None:
    answer = api.get("requests", fmt, {"start_date": w3c(board.ago(1), "Z"), "end_date": w3c(board.ago(2), "Z")})

    assert answer.error(400) == "end_date is before start_date."


def test_updated_after_and_before(api: Open311, board: Board, fmt: str) -> None:
    assert ids(api.get("requests", fmt, {"updated_after": w3c(board.ago(3), "Z")})) == {board.hole.public_id}
    assert ids(api.get("requests", fmt, {"updated_before": w3c(board.ago(3), "Z")})) == {board.trash.public_id}
    between = {"updated_after": w3c(board.ago(6), "Z"), "updated_before": w3c(board.ago(2), "offset")}
    assert ids(api.get("requests", fmt, between)) == {board.trash.public_id}


@pytest.fixture
def five(city: City) -> list[str]:
    """Five potholes, newest first."""
    now = timezone.now()
    made = [ServiceRequestFactory.create(service=city.pothole, requested_at=now - timedelta(hours=n)) for n in range(5)]
    return [request.public_id for request in made]


@pytest.mark.parametrize(
    ("page", "expected"), [("1", slice(0, 2)), ("2", slice(2, 4)), ("3", slice(4, 5)), ("4", slice(0, 0)),
                           ("0", slice(0, 2)), ("", slice(0, 2))],
)
def test_pages_are_newest_first(api: Open311, five: list[str], fmt: str, page: str, expected: slice) -> None:
    answer = api.get("requests", fmt, {"page_size": "2", "page": page})

    assert [request["service_request_id"] for request in answer.data] == five[expected]


@pytest.mark.parametrize("page", ["1000000000", "99999999999999999999999"])
def test_a_page_far_past_the_data_is_empty(api: Open311, five: list[str], fmt: str, page: str) -> None:
    answer = api.get("requests", fmt, {"page": page, "page_size": "1000"})

    assert answer.status == 200
    assert answer.data == []


def test_a_page_size_above_1000_is_capped(api: Open311, five: list[str], fmt: str) -> None:
    assert len(api.get("requests", fmt, {"page_size": "5000"}).data) == 5


@pytest.mark.parametrize(
    ("params", "message"),
    [({"page_size": "0"}, "page_size must be at least 1."), ({"page_size": "-3"}, "page_size must be at least 1."),
     ({"page_size": "ten"}, "page_size must be a whole number."), ({"page": "2.5"}, "page must be a whole number.")],
)
def test_bad_paging_is_400(api: Open311, five: list[str], fmt: str, params: dict[str, str], message: str) -> None:
    assert api.get("requests", fmt, params).error(400) == message


def test_at_most_1000_requests_by_default(api: Open311, city: City) -> None:
    now = timezone.now()
    ServiceRequest.objects.bulk_create(
        ServiceRequestFactory.build(service=city.pothole, department=None, requested_at=now - timedelta(seconds=n))
        for n in range(1001)
    )

    assert len(api.get("requests", "json").data) == 1000


def test_requests_near_a_point(api: Open311, board: Board, fmt: str) -> None:
    near = {"lat": "41.8505", "long": "-87.675", "radius": "100"}

    assert ids(api.get("requests", fmt, near)) == {board.hole.public_id}
    assert ids(api.get("requests", fmt, {**near, "radius": "20"})) == set()
    assert ids(api.get("requests", fmt, {"lat": "41.85", "long": "-87.65", "radius": "5000"})) == {
        board.hole.public_id, board.trash.public_id,
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [({"lat": "41.85"}, "Latitude and longitude must be numbers. Give both lat and long."),
     ({"lat": "95", "long": "-87.6"}, "Latitude must be between -90 and 90. Give both lat and long."),
     ({"lat": "41.85", "long": "-87.6", "radius": "far"}, "radius must be a number of meters."),
     ({"lat": "41.85", "long": "-87.6", "radius": "0"}, "radius must be between 0 and 50000 meters."),
     ({"lat": "41.85", "long": "-87.6", "radius": "-10"}, "radius must be between 0 and 50000 meters."),
     ({"lat": "41.85", "long": "-87.6", "radius": "60000"}, "radius must be between 0 and 50000 meters."),
     ({"lat": "41.85", "long": "-87.6", "radius": "nan"}, "radius must be between 0 and 50000 meters.")],
)
def test_bad_location_filter_is_400(
    api: Open311, board: Board, fmt: str, params: dict[str, str], message: str
) -> None:
    assert api.get("requests", fmt, params).error(400) == message


def test_requests_in_a_bounding_box(api: Open311, board: Board, fmt: str) -> None:
    assert ids(api.get("requests", fmt, {"bbox": "-87.70,41.80,-87.65,41.90"})) == {board.hole.public_id}
    assert ids(api.get("requests", fmt, {"bbox": "-87.65,41.80,-87.60,41.90"})) == {board.trash.public_id}


@pytest.mark.parametrize(
    ("bbox", "message"),
    [("-87.7,41.8,-87.6", "bbox must be four numbers: west,south,east,north (longitudes and latitudes)."),
     ("w,s,e,n", "bbox must be four numbers: west,south,east,north (longitudes and latitudes)."),
     ("-87.7,41.8,-87.6,95", "bbox must be four numbers: west,south,east,north (longitudes and latitudes)."),
     ("-87.6,41.8,-87.7,41.9", "bbox must be west,south,east,north with west ≤ east and south ≤ north."),
     ("-87.7,41.9,-87.6,41.8", "bbox must be west,south,east,north with west ≤ east and south ≤ north.")],
)
def test_bad_bbox_is_400(api: Open311, board: Board, fmt: str, bbox: str, message: str) -> None:
    assert api.get("requests", fmt, {"bbox": bbox}).error(400) == message


@pytest.mark.parametrize(
    ("q", "expected"),
    [("bus stop", {"hole"}), ("OAK AVE", {"trash"}), ("main st", {"hole"}), ("trash", {"trash"}),
     ("pothole", {"hole"}), ("nothing like this", set())],
)
def test_text_search(api: Open311, board: Board, fmt: str, q: str, expected: set[str]) -> None:
    assert ids(api.get("requests", fmt, {"q": q})) == {getattr(board, name).public_id for name in expected}


def test_text_search_is_bounded(api: Open311, board: Board, fmt: str) -> None:
    assert api.get("requests", fmt, {"q": "x" * 201}).error(400) == "q is too long (at most 200 characters)."


def test_filters_combine(api: Open311, board: Board, fmt: str) -> None:
    params = {"service_code": "pothole,missed-trash", "status": "closed", "q": "bins", "bbox": "-87.7,41.8,-87.6,41.9"}

    assert ids(api.get("requests", fmt, params)) == {board.trash.public_id}


def test_one_request_by_id(api: Open311, board: Board, fmt: str) -> None:
    answer = api.get(f"requests/{board.hole.public_id}", fmt)

    assert answer.status == 200
    [request] = answer.data  # a list of one, as the spec shows
    assert set(request) == REQUEST_KEYS
    assert request["service_request_id"] == board.hole.public_id
    if fmt == "xml":
        assert answer.root.tag == "service_requests" and [child.tag for child in answer.root] == ["request"]


def test_one_request_by_id_as_people_type_it(api: Open311, board: Board, fmt: str) -> None:
    typed = board.old.public_id.replace("-", "").lower()  # and older than 90 days

    assert ids(api.get(f"requests/{typed}", fmt)) == {board.old.public_id}


def test_unknown_request_is_404(api: Open311, board: Board, fmt: str) -> None:
    assert api.get("requests/ZZZZ-ZZZZ", fmt).error(404) == "There is no service request 'ZZZZ-ZZZZ'."


def test_one_request_is_read_only(api: Open311, board: Board, fmt: str) -> None:
    answer = api.post(f"requests/{board.hole.public_id}", fmt, {"status": "closed"})

    assert answer.error(405) == "Use GET here."
    assert answer.response["Allow"] == "GET, HEAD"


def test_head_answers_as_get_without_the_body(client: Client, board: Board, fmt: str) -> None:
    response = client.head(f"/open311/v2/requests/{board.hole.public_id}.{fmt}")

    assert (response.status_code, response.content) == (200, b"")
    assert response["Content-Type"].startswith("application/json" if fmt == "json" else "text/xml")


def test_request_names_in_spanish(api: Open311, board: Board, fmt: str) -> None:
    answer = api.get(f"requests/{board.hole.public_id}", fmt, HTTP_ACCEPT_LANGUAGE="es")

    assert answer.data[0]["service_name"] == "Bache"


def test_text_that_xml_cannot_hold_still_gives_well_formed_xml(api: Open311, city: City, fmt: str) -> None:
    request = ServiceRequestFactory.create(
        service=city.pothole, description="Hole <big> & deep\x0bnext to the \"school\"\x1f"
    )

    answer = api.get(f"requests/{request.public_id}", fmt)

    description = answer.data[0]["description"]
    assert description.startswith('Hole <big> & deep') and 'next to the "school"' in description


@pytest.fixture
def worked(api: Open311, city: City) -> ServiceRequest:
    """A report filed through the API with a photo, acknowledged, with a public and an internal note."""
    public_id = api.file("json", {
        "service_code": "pothole", "lat": "41.85", "long": "-87.675", "attribute[size]": "large",
        "attribute[lanes][]": ["left", "bike"], "media_url": "https://img.example/hole.jpg",
    })
    request = ServiceRequest.objects.get(public_id=public_id)
    acknowledge_request(request, actor=STAFF, channel=Channel.PHONE, note="Crew will look this week.")
    add_note(request, "Cones placed around it.", actor=STAFF, channel=Channel.PHONE, is_public=True)
    add_note(request, "Caller sounded upset, phone back.", actor=STAFF, channel=Channel.PHONE, is_public=False)
    Photo.objects.create(request=request, url="https://img.example/private.jpg", is_public=False)
    return request


def test_extensions_add_channel_status_photos_district_attributes_and_notes(
    api: Open311, worked: ServiceRequest, fmt: str
) -> None:
    [request] = api.get(f"requests/{worked.public_id}", fmt, {"extensions": "true"}).data

    assert set(request) == REQUEST_KEYS | {"extended_attributes", "attributes", "notes"}
    extended = request["extended_attributes"]
    assert extended["channel"] == "api"
    assert extended["detailed_status"] == "acknowledged"
    assert extended["resolution"] is None
    assert extended["parent_service_request_id"] is None
    assert extended["photos"] == ["https://img.example/hole.jpg"]
    assert extended["district"] == "West"
    assert {district["name"] for district in extended["districts"]} == {"West", "Zone A"}
    assert [(a["code"], a["name"], a["label"], a["value"]) for a in request["attributes"]] == [
        ("size", "size", "How big is it?", "large"), ("lanes", "lanes", "Which lanes?", "left, bike"),
    ]
    notes = [(note["type"], note["description"]) for note in request["notes"]]
    assert notes == [("status", "Crew will look this week."), ("comment", "Cones placed around it.")]
    assert all(W3C.match(note["datetime"]) for note in request["notes"])
    assert "phone back" not in api.get(f"requests/{worked.public_id}", fmt, {"extensions": "true"}).text
    assert "private.jpg" not in api.get("requests", fmt, {"extensions": "true"}).text


def test_extensions_json_booleans(api: Open311, worked: ServiceRequest) -> None:
    [request] = api.get("requests", "json", {"extensions": "TRUE"}).data

    assert request["extended_attributes"]["duplicate"] is False


def test_extensions_xml_element_names(api: Open311, worked: ServiceRequest) -> None:
    root = api.get("requests", "xml", {"extensions": "true"}).root

    request = root.find("request")
    assert request is not None
    assert request.findtext("extended_attributes/duplicate") == "false"
    assert [photo.text for photo in request.iterfind("extended_attributes/photos/photo")] == [
        "https://img.example/hole.jpg"
    ]
    assert [a.findtext("code") for a in request.iterfind("attributes/attribute")] == ["size", "lanes"]
    assert len(request.findall("notes/note")) == 2


def test_without_extensions_only_the_spec_keys(api: Open311, worked: ServiceRequest, fmt: str) -> None:
    for value in ("", "false", "no"):
        [request] = api.get("requests", fmt, {"extensions": value}).data
        assert set(request) == REQUEST_KEYS


def test_extensions_show_a_duplicate_and_its_parent(api: Open311, board: Board, fmt: str) -> None:
    twin = ServiceRequestFactory.create(service=board.hole.service, requested_at=board.ago(1))
    merge_requests(twin, into=board.hole, actor=STAFF, channel=Channel.PHONE)

    [request] = api.get(f"requests/{twin.public_id}", fmt, {"extensions": "true"}).data

    assert request["status"] == "closed"
    extended = request["extended_attributes"]
    assert extended["detailed_status"] == "closed"
    assert extended["resolution"] == "duplicate"
    assert str(extended["duplicate"]).lower() == "true"
    assert extended["parent_service_request_id"] == board.hole.public_id


def test_closing_shows_in_status_and_status_notes(api: Open311, worked: ServiceRequest, fmt: str) -> None:
    close_request(worked, resolution="fixed", actor=STAFF, channel=Channel.PHONE, notes="Filled with asphalt.")

    [request] = api.get(f"requests/{worked.public_id}", fmt, {"extensions": "true"}).data

    assert request["status"] == "closed"
    assert request["status_notes"] == "Filled with asphalt."
    assert request["extended_attributes"]["resolution"] == "fixed"
    assert request["notes"][-1] == {
        "datetime": request["updated_datetime"], "description": "Filled with asphalt.", "type": "status",
    }


@pytest.mark.parametrize(
    ("name", "params"),
    [("requests", {"q": "bus\x00"}), ("requests", {"service_code": "pothole\x00"}),
     ("requests", {"service_request_id": "AB\x00"}), ("requests/AB\x00CD", {}), ("services/pot\x00hole", {}),
     ("tokens/to\x00ken", {})],
)
def test_a_nul_character_is_400_not_a_crash(
    api: Open311, board: Board, fmt: str, name: str, params: dict[str, str]
) -> None:
    answer = api.get(name, fmt, params)

    assert answer.error(400) == "The request holds a NUL character (0x00); remove it and try again."


def test_jsonp_callback_on_requests(api: Open311, board: Board) -> None:
    answer = api.get(f"requests/{board.hole.public_id}", "json", {"callback": "app.show_1"})

    assert answer.response["Content-Type"] == "application/javascript; charset=utf-8"
    assert answer.text.startswith("/**/app.show_1([{") and board.hole.public_id in answer.text
