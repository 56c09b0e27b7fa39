from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from civicdesk.catalog.choices import Datatype
from civicdesk.catalog.tests.factories import ServiceQuestionFactory, ServiceTypeFactory
from civicdesk.conftest import EAST_POINT, City
from civicdesk.open311.models import APIClient
from civicdesk.open311.tests.driver import Answer, Open311, pothole_report
from civicdesk.open311.tests.factories import tiny_png
from civicdesk.service_requests.choices import Channel, EventKind, Status
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_a_report_is_filed_and_answered_with_its_id(api: Open311, city: City, georeporter: APIClient, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(account_id="gr-42"))

    assert answer.status == 200  # clients treat any other success code as failure
    [filed] = answer.data
    assert list(filed) == ["service_request_id", "service_notice", "account_id"]
    request = ServiceRequest.objects.get()
    assert filed["service_request_id"] == request.public_id
    assert filed["service_notice"].startswith("Expected by ")
    assert filed["account_id"] == "gr-42"
    assert request.channel == Channel.API
    assert request.api_client == georeporter
    assert request.status == Status.NEW
    assert request.department == city.public_works
    assert request.answers == {"size": "large"}
    assert request.description == "Deep pothole by the bus stop"
    assert (request.lat, request.lon) == (41.85, -87.675)
    assert request.address == "120 N Main St"
    assert request.events.get(kind=EventKind.CREATED).channel == Channel.API


def test_post_answer_json_is_an_array_with_null_account(api: Open311, city: City) -> None:
    answer = api.post("requests", "json", pothole_report())

    assert isinstance(answer.data, list) and len(answer.data) == 1
    assert isinstance(answer.data[0]["service_request_id"], str)
    assert answer.data[0]["account_id"] is None


def test_post_answer_xml_is_service_requests_of_request(api: Open311, city: City) -> None:
    root = api.post("requests", "xml", pothole_report()).root

    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert [child.tag for child in request] == ["service_request_id", "service_notice", "account_id"]
    assert request.findtext("service_request_id") == ServiceRequest.objects.get().public_id


def test_located_by_address_string(api: Open311, city: City, fmt: str) -> None:
    api.file(fmt, pothole_report(lat=None, long=None, address_string="120 N Main St"))

    request = ServiceRequest.objects.get()
    assert (request.lat, request.lon, request.zip_code) == (41.85, -87.675, "60601")


def test_located_by_address_id(api: Open311, city: City, fmt: str) -> None:
    api.file(fmt, pothole_report(lat=None, long=None, address_id="A2"))

    request = ServiceRequest.objects.get()
    assert (request.lat, request.lon) == EAST_POINT
    assert request.address_point is not None and request.address_point.address_id == "A2"
    assert request.team == city.east_crew


def test_unknown_address_id_is_400(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(lat=None, long=None, address_id="Z9"))

    assert answer.error(400) == "address_id: There is no address with id 'Z9'."
    assert not ServiceRequest.objects.exists()


def test_a_location_is_required(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(lat=None, long=None))

    assert "location" in answer.error(400)


def test_multi_value_attribute_with_brackets(api: Open311, city: City, fmt: str) -> None:
    report = [*pothole_report().items(), ("attribute[lanes][]", "left"), ("attribute[lanes][]", "bike")]

    api.file(fmt, report)

    assert ServiceRequest.objects.get().answers == {"size": "large", "lanes": ["left", "bike"]}


def test_fixmystreet_sends_plain_attribute_even_for_lists(api: Open311, city: City, fmt: str) -> None:
    report = [*pothole_report().items(), ("attribute[lanes]", "left"), ("attribute[lanes]", "right")]

    api.file(fmt, report)

    assert ServiceRequest.objects.get().answers["lanes"] == ["left", "right"]


def test_one_plain_value_for_a_list_question(api: Open311, city: City) -> None:
    api.file("json", pothole_report(**{"attribute[lanes]": "bike"}))

    assert ServiceRequest.objects.get().answers["lanes"] == ["bike"]


def test_number_and_datetime_attributes_are_cleaned(api: Open311, city: City) -> None:
    api.file("json", pothole_report(**{"attribute[depth]": "4", "attribute[first_seen]": "2026-11-20 14:05:00-06:00"}))

    answers = ServiceRequest.objects.get().answers
    assert answers["depth"] == 4
    assert answers["first_seen"] == "2026-11-20T14:05:00-06:00"


def test_empty_fields_mean_absent(api: Open311, city: City, fmt: str) -> None:
    report = pothole_report(
        email="", phone="", first_name="", address_string="", address_id="", media_url="", jurisdiction_id="",
        **{"attribute[lanes][]": "", "attribute[depth]": ""},
    )

    api.file(fmt, report)

    request = ServiceRequest.objects.get()
    assert request.answers == {"size": "large"}
    assert not request.photos.exists()
    assert not hasattr(request, "reporter")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"service_code": ""}, "service_code is required."),
        ({"lat": "95"}, "lat: Latitude must be between -90 and 90."),
        ({"lat": "north"}, "lat: Latitude and longitude must be numbers."),
        ({"lat": "40.0", "long": "-80.0"}, "lat: That location is outside City of Riverton."),
        ({"attribute[size]": "huge"}, "attribute[size]: 'huge' is not a choice for 'How big is it?'."),
        ({"attribute[size]": None}, "attribute[size]: Please answer: How big is it?"),
        ({"attribute[lanes][]": "sidewalk"}, "attribute[lanes]: 'sidewalk' is not a choice for 'Which lanes?'."),
        ({"attribute[depth]": "deep"}, "attribute[depth]: 'Depth in inches' must be a number."),
        ({"attribute[colour]": "red"}, "attribute[colour]: 'Pothole' has no question 'colour'."),
        ({"email": "rosa-at-example"}, "email: 'rosa-at-example' is not an email address."),
        ({"phone": "12"}, "phone: '12' is not a phone number."),
        ({"media_url": "not a url"}, "media_url: 'not a url' is not a web address."),
        ({"description": "x" * 4001}, "description: The description is too long (at most 4000 characters)."),
    ],
)
def test_bad_input_is_400_and_files_nothing(
    api: Open311, city: City, fmt: str, fields: dict[str, str | None], message: str
) -> None:
    answer = api.post("requests", fmt, pothole_report(**fields))

    assert answer.error(400) == message
    assert not ServiceRequest.objects.exists()


def test_several_problems_are_all_reported(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(**{"attribute[size]": "huge", "email": "nope"}))

    assert answer.status == 400
    assert sorted(description.split(":")[0] for _, description in answer.errors()) == ["attribute[size]", "email"]


def test_unknown_service_is_404(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(service_code="unicorns"))

    assert answer.error(404) == "There is no service with code 'unicorns'."


def test_an_emergency_service_answers_call_911(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, {"service_code": "gas-leak", "lat": "41.85", "long": "-87.675"})

    assert answer.error(400) == "This sounds like an emergency. Hang up or close this page and call 911 now."
    assert not ServiceRequest.objects.exists()


def test_emergency_words_in_any_service_answer_call_911(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(description="There is a downed power line in the hole"))

    assert answer.error(400) == "This sounds like an emergency. Hang up or close this page and call 911 now."
    assert not ServiceRequest.objects.exists()


def test_jurisdiction_id_present_and_empty_is_accepted(api: Open311, city: City, fmt: str) -> None:
    api.file(fmt, pothole_report(jurisdiction_id=""))
    api.file(fmt, pothole_report(jurisdiction_id="riverton.example"))

    assert ServiceRequest.objects.count() == 2


def test_another_jurisdiction_is_refused(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("requests", fmt, pothole_report(jurisdiction_id="springfield.example"))

    assert answer.error(404) == "This server serves jurisdiction_id 'riverton.example' only."
    assert not ServiceRequest.objects.exists()


def test_another_jurisdiction_in_the_query_string_is_refused(api: Open311, city: City) -> None:
    answer = api.post("requests", "json", pothole_report(), query_params={"jurisdiction_id": "springfield"})

    assert answer.error(404) == "This server serves jurisdiction_id 'riverton.example' only."
    assert not ServiceRequest.objects.exists()


def test_georeporter_uploads_the_photo_as_media(api: Open311, city: City, fmt: str, media_root: Path) -> None:
    photo = SimpleUploadedFile("pothole.png", tiny_png(), content_type="image/png")

    public_id = api.file(fmt, pothole_report(), files={"media": photo})

    [saved] = ServiceRequest.objects.get(public_id=public_id).photos.all()
    assert saved.image.name.endswith(".png")
    assert Path(saved.image.path).read_bytes() == tiny_png()
    media_url = api.get(f"requests/{public_id}", fmt).data[0]["media_url"]
    assert media_url == f"http://testserver/media/{saved.image.name}"


def test_fixmystreet_uploads_photo1_and_photo2(api: Open311, city: City, media_root: Path) -> None:
    files = {
        "photo1": SimpleUploadedFile("one.png", tiny_png(), content_type="image/png"),
        "photo2": SimpleUploadedFile("two.png", tiny_png(), content_type="image/png"),
    }

    public_id = api.file("xml", pothole_report(), files=files)

    assert ServiceRequest.objects.get(public_id=public_id).photos.count() == 2


def test_a_file_that_is_not_a_photo_is_refused(api: Open311, city: City, fmt: str, media_root: Path) -> None:
    script = SimpleUploadedFile("pothole.png", b"#!/bin/sh\nrm -rf /\n", content_type="image/png")

    answer = api.post("requests", fmt, pothole_report(), files={"media": script})

    assert answer.error(400) == "media: pothole.png is not a photo (JPEG, PNG, GIF or WebP)."
    assert not ServiceRequest.objects.exists()


def test_other_file_fields_are_ignored(api: Open311, city: City, media_root: Path) -> None:
    attachment = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")

    public_id = api.file("json", pothole_report(), files={"attachment": attachment})

    assert not ServiceRequest.objects.get(public_id=public_id).photos.exists()


def test_media_url_may_repeat(api: Open311, city: City, fmt: str) -> None:
    report = [*pothole_report().items(), ("media_url", "https://img.example/1.jpg"),
              ("media_url", "https://img.example/2.jpg")]

    public_id = api.file(fmt, report)

    urls = list(ServiceRequest.objects.get(public_id=public_id).photos.values_list("url", flat=True))
    assert urls == ["https://img.example/1.jpg", "https://img.example/2.jpg"]
    assert api.get(f"requests/{public_id}", fmt).data[0]["media_url"] == "https://img.example/1.jpg"


def test_at_most_five_photos(api: Open311, city: City) -> None:
    report = [*pothole_report().items(), *(("media_url", f"https://img.example/{n}.jpg") for n in range(6))]

    answer = api.post("requests", "json", report)

    assert answer.error(400) == "media: At most 5 photos per request."


def test_batch_service_answers_a_token(api: Open311, city: City, fmt: str) -> None:
    ServiceTypeFactory.create(service_code="tree-trim", kind="batch", location_required=False)

    answer = api.post("requests", fmt, {"service_code": "tree-trim", "description": "Branches over the sidewalk"})

    assert answer.status == 200
    [filed] = answer.data
    assert list(filed) == ["token", "service_notice", "account_id"]
    assert filed["token"]
    assert ServiceRequest.objects.get().service.service_code == "tree-trim"


def test_service_without_location_needs_none(api: Open311, fmt: str) -> None:
    service = ServiceTypeFactory.create(service_code="noise", location_required=False)
    ServiceQuestionFactory.create(service=service, code="when", datatype=Datatype.STRING)

    api.file(fmt, {"service_code": "noise", "attribute[when]": "nights"})

    assert ServiceRequest.objects.get().answers == {"when": "nights"}


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_only_get_and_post(api: Open311, city: City, fmt: str, method: str) -> None:
    response = getattr(api.client, method)(Open311.path("requests", fmt), "service_code=pothole")

    assert Answer(response, fmt).error(405) == "Use GET or POST here."
    assert response["Allow"] == "GET, POST, HEAD"
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("field", ["description", "first_name", "attribute[size]", "attribute[\x00]", "media_url"])
def test_a_nul_character_is_400_not_a_crash(api: Open311, city: City, fmt: str, field: str) -> None:
    answer = api.post("requests", fmt, pothole_report(**{field: "large\x00"}))

    assert answer.error(400) == "The request holds a NUL character (0x00); remove it and try again."
    assert not ServiceRequest.objects.exists()


def test_a_callback_does_not_wrap_a_post_answer(api: Open311, city: City) -> None:
    answer = api.post("requests", "json", pothole_report(), query_params={"callback": "show"})

    assert answer.data[0]["service_request_id"] == ServiceRequest.objects.get().public_id


def test_the_service_notice_gives_the_due_date_in_city_time(
    api: Open311, city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    evening = datetime(2026, 11, 20, 21, 30, tzinfo=ZoneInfo("America/Chicago"))  # already the 21st in UTC
    monkeypatch.setattr("django.utils.timezone.now", lambda: evening.astimezone(UTC))

    answer = api.post("requests", "json", {"service_code": "missed-trash", "address_id": "A2"})

    expected = timezone.localtime(ServiceRequest.objects.get().expected_at)
    assert expected.date() == date(2026, 11, 22)  # two calendar days
    assert answer.data[0]["service_notice"] == "Expected by November 22, 2026."
