"""Rosa reports a problem on the web, step by step, with JavaScript off (plain form posts)."""

from typing import Any

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from pytest_django import DjangoCaptureOnCommitCallbacks

from civicdesk.conftest import EAST_POINT, OUTSIDE_POINT, WEST_POINT, City
from civicdesk.portal.report.draft import SESSION_KEY
from civicdesk.routing.tests.factories import AddressPointFactory
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.models import Follower, Photo, ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory
from civicdesk.service_requests.tests.photo_files import GPS_IFD, exif_of, jpeg_with_gps, png_bytes, upload

pytestmark = pytest.mark.django_db

ANSWERS = {"q_size": "large", "q_lanes": ["left", "bike"], "q_depth": "4", "q_first_seen": "2026-01-05T08:30"}
CONTACT = {"first_name": "Rosa", "last_name": "Resident", "email": "rosa@example.org", "phone": "+1 312 555 0100"}


def located(client: Client, address: str = "120 N Main St", **start: str) -> None:
    client.get("/report/", {"service": "pothole", **start})
    response = client.post("/report/location/", {"address": address})
    assert response.status_code == 302 and response["Location"] == "/report/details/"


def described(client: Client, **extra: Any) -> Any:
    return client.post("/report/details/", {**ANSWERS, "description": "Deep hole by the school", **CONTACT, **extra})


def draft(client: Client) -> dict[str, Any]:
    return dict(client.session[SESSION_KEY])


def test_the_start_page_lists_services_by_group_and_marks_emergencies(client: Client, city: City) -> None:
    page = client.get("/report/")
    assert page.status_code == 200
    assert page.text.index("Emergencies") < page.text.index("Gas leak") < page.text.index("Sanitation")
    assert 'href="/report/?service=missed-trash"' in page.text
    assert "emergency: call 911" in page.text
    assert 'href="/report/?service=pothole&amp;app=1"' in client.get("/report/", {"app": "1"}).text


def test_an_emergency_service_shows_call_911_and_never_a_form(client: Client, city: City) -> None:
    page = client.get("/report/", {"service": "gas-leak"})
    assert page.status_code == 200
    assert "Call 911 now" in page.text and 'href="tel:911"' in page.text
    assert "<form" not in page.text.split('id="main-content"')[1] and "data-offline-draft" not in page.text
    assert SESSION_KEY not in client.session
    assert client.post("/report/", {"service": "gas-leak"}).text.count("Call 911") >= 2


def test_an_unknown_service_is_a_clear_error(client: Client, city: City) -> None:
    page = client.get("/report/", {"service": "flying-saucer"})
    assert page.status_code == 404
    assert "We do not have a service called “flying-saucer”" in page.text
    assert client.post("/report/", {"service": "flying-saucer"}).status_code == 400
    nothing_chosen = client.post("/report/", {})
    assert nothing_chosen.status_code == 200 and "Choose the kind of problem" in nothing_chosen.text


def test_steps_cannot_be_skipped(client: Client, city: City) -> None:
    assert client.get("/report/details/")["Location"] == "/report/"
    client.get("/report/", {"service": "pothole"})
    assert client.get("/report/details/")["Location"] == "/report/location/"
    assert client.get("/report/review/")["Location"] == "/report/location/"
    located(client)
    assert client.get("/report/review/")["Location"] == "/report/details/"


def test_a_typed_address_is_found_by_the_local_geocoder(client: Client, city: City) -> None:
    located(client, "120 north main street")
    place = draft(client)["place"]
    assert place == {"lat": WEST_POINT[0], "lon": WEST_POINT[1], "address": "120 N Main St", "address_id": "A1"}


def test_an_address_not_in_the_city_list_is_an_inline_error_and_the_text_is_kept(client: Client, city: City) -> None:
    client.get("/report/", {"service": "pothole"})
    page = client.post("/report/location/", {"address": "999 Nowhere Blvd"})
    assert page.status_code == 200
    assert "We could not find “999 Nowhere Blvd” in City of Riverton" in page.text
    assert 'id="address-error"' in page.text and 'aria-invalid="true"' in page.text
    assert 'value="999 Nowhere Blvd"' in page.text
    assert draft(client)["place"] is None
    assert "Enter the address" in client.post("/report/location/", {"address": " "}).text


def test_an_ambiguous_address_offers_a_choice_list(client: Client, city: City) -> None:
    AddressPointFactory.create(address_id="A3", house_number="300", street="N MAIN ST", full_address="300 N Main St",
                               normalized="300 N MAIN ST", lat=41.86, lon=-87.676)
    client.get("/report/", {"service": "pothole"})
    page = client.post("/report/location/", {"address": "N Main St"})
    assert page.status_code == 200
    assert "More than one address could match" in page.text
    assert 'value="A1"' in page.text and 'value="A3"' in page.text

    chosen = client.post("/report/location/", {"address": "N Main St", "address_id": "A3"})
    assert chosen["Location"] == "/report/details/"
    assert draft(client)["place"]["address"] == "300 N Main St"
    assert client.post("/report/location/", {"address_id": "no-such-id"}).status_code == 400


def test_a_pin_on_the_map_takes_the_nearest_address_as_its_label(client: Client, city: City) -> None:
    client.get("/report/", {"service": "pothole"})
    pinned = client.post("/report/location/", {"lat": "41.85001", "lon": "-87.67501", "address": ""})
    assert pinned["Location"] == "/report/details/"
    assert draft(client)["place"] == {"lat": 41.85001, "lon": -87.67501, "address": "120 N Main St", "address_id": ""}


def test_a_place_outside_the_city_is_refused(client: Client, city: City) -> None:
    client.get("/report/", {"service": "pothole"})
    page = client.post("/report/location/", {"lat": str(OUTSIDE_POINT[0]), "lon": str(OUTSIDE_POINT[1])})
    assert page.status_code == 200
    assert "That place is outside City of Riverton" in page.text
    assert draft(client)["place"] is None


def test_a_malformed_position_is_a_bad_request(client: Client, city: City) -> None:
    client.get("/report/", {"service": "pothole"})
    page = client.post("/report/location/", {"lat": "north", "lon": "-87.6"})
    assert page.status_code == 400
    assert "We could not read that position" in page.text


def test_the_questions_are_real_form_fields_in_their_order(client: Client, city: City) -> None:
    located(client)
    page = client.get("/report/details/").text
    assert page.index("How big is it?") < page.index("Which lanes?") < page.index("Depth in inches")
    assert 'type="radio" name="q_size"' in page and 'type="checkbox" name="q_lanes"' in page
    assert 'type="datetime-local"' in page and 'inputmode="decimal"' in page
    assert 'enctype="multipart/form-data"' in page and 'data-resize-max="1600"' in page


def test_wrong_answers_get_inline_errors_and_everything_typed_is_kept(client: Client, city: City) -> None:
    located(client)
    page = client.post("/report/details/", {
        "q_lanes": ["right"], "q_depth": "very deep", "description": "Deep hole by the school", **CONTACT,
    })
    assert page.status_code == 200
    assert 'id="q_size-error"' in page.text and "Please answer: How big is it?" in page.text
    assert 'id="q_depth-error"' in page.text and "must be a number" in page.text
    assert 'value="very deep"' in page.text and 'value="right" checked' in page.text
    assert "Deep hole by the school" in page.text and 'value="rosa@example.org"' in page.text
    # Coming back to the step later still shows what was typed.
    again = client.get("/report/details/").text
    assert 'value="very deep"' in again and "Deep hole by the school" in again
    assert client.get("/report/nearby/")["Location"] == "/report/details/"


def test_contact_or_anonymous_is_required_and_checked(client: Client, city: City) -> None:
    located(client)
    nothing = client.post("/report/details/", {**ANSWERS})
    assert "Give an email address or a phone number for updates, or choose to stay anonymous" in nothing.text
    bad = client.post("/report/details/", {**ANSWERS, "email": "rosa@", "phone": "12"})
    assert "Enter an email address like name@example.com" in bad.text
    assert "at least 7 digits" in bad.text
    anonymous = client.post("/report/details/", {**ANSWERS, "anonymous": "on"})
    assert anonymous.status_code == 302


def test_words_that_mean_emergency_show_call_911(client: Client, city: City) -> None:
    located(client)
    page = described(client, description="I smell gas near the hole")
    assert page.status_code == 200 and "Call 911 now" in page.text
    assert ServiceRequest.objects.count() == 0


def test_a_photo_loses_its_gps_as_soon_as_it_is_uploaded(client: Client, city: City) -> None:
    located(client)
    original = jpeg_with_gps()
    assert GPS_IFD in exif_of(original)
    response = described(client, photos=upload(original, "IMG_0001.jpg"))
    assert response.status_code == 302
    pending = draft(client)["photos"]
    assert len(pending) == 1 and pending[0]["name"] == "IMG_0001.jpg"
    with default_storage.open(pending[0]["path"]) as stored:
        assert exif_of(stored.read()) == {}


def test_a_file_that_is_not_a_photo_is_refused_and_the_rest_is_kept(client: Client, city: City) -> None:
    located(client)
    page = described(client, photos=upload(b"%PDF-1.4 my lease", "lease.pdf", "application/pdf"))
    assert page.status_code == 200
    assert 'id="photos-error"' in page.text and "lease.pdf is not a photo we can take" in page.text
    assert "Deep hole by the school" in page.text and 'value="large" checked' in page.text
    assert draft(client)["photos"] == []


@override_settings(PHOTO_MAX_BYTES=50_000)
def test_a_photo_over_the_size_limit_is_refused(client: Client, city: City) -> None:
    located(client)
    page = described(client, photos=upload(b"\xff\xd8\xff" + b"0" * 60_000, "huge.jpg"))
    assert page.status_code == 200
    assert "huge.jpg is too large: each photo can be at most 0.0 MB" in page.text


@override_settings(PHOTO_MAX_COUNT=1)
def test_photos_beyond_the_limit_are_refused(client: Client, city: City) -> None:
    located(client)
    page = described(client, photos=[upload(jpeg_with_gps(), "a.jpg"), upload(png_bytes(), "b.png", "image/png")])
    assert "You can add at most 1 photo." in page.text
    assert len(draft(client)["photos"]) == 1


def test_photos_uploaded_with_a_mistake_elsewhere_are_kept_and_can_be_removed(client: Client, city: City) -> None:
    located(client)
    page = described(client, q_size="", photos=[upload(jpeg_with_gps(), "a.jpg"), upload(png_bytes(), "b.png")])
    assert page.status_code == 200 and "Please answer: How big is it?" in page.text
    assert "Remove a.jpg" in page.text and "Remove b.png" in page.text
    photo_ids = [photo["id"] for photo in draft(client)["photos"]]
    removed = described(client, remove_photo=[photo_ids[1]])
    assert removed.status_code == 200  # stays to show what is left
    assert [photo["name"] for photo in draft(client)["photos"]] == ["a.jpg"]
    assert described(client).status_code == 302


def test_filing_records_everything_and_emails_the_tracking_number(
    client: Client, city: City, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    located(client)
    assert described(client, photos=upload(jpeg_with_gps(), "IMG_0001.jpg"))["Location"] == "/report/nearby/"
    assert client.get("/report/nearby/")["Location"] == "/report/review/"
    review = client.get("/report/review/")
    assert "Large" in review.text and "Left, Bike" in review.text and "IMG_0001.jpg" in review.text
    token = draft(client)["token"]
    pending_path = draft(client)["photos"][0]["path"]

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/report/review/", {"token": token})

    filed = ServiceRequest.objects.get()
    assert sent["Location"] == f"/report/done/{filed.public_id}/"
    assert filed.channel == Channel.WEB and filed.language == "en"
    assert (filed.lat, filed.lon, filed.address) == (WEST_POINT[0], WEST_POINT[1], "120 N Main St")
    assert filed.answers == {"size": "large", "lanes": ["left", "bike"], "depth": 4,
                             "first_seen": "2026-01-05T08:30:00-06:00"}
    assert filed.description == "Deep hole by the school"
    assert filed.reporter.email == "rosa@example.org"
    photo = Photo.objects.get(request=filed)
    with photo.image.open("rb") as stored:
        assert exif_of(stored.read()) == {}
    assert not default_storage.exists(pending_path)
    assert SESSION_KEY not in client.session
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@example.org"]
    assert filed.public_id in mail.outbox[0].subject

    done = client.get(sent["Location"])
    assert f'data-tracking-number>{filed.public_id}<' in done.text
    assert "We also emailed it to rosa@example.org" in done.text
    assert f'href="/track/{filed.public_id}/"' in done.text


def test_a_double_submit_files_only_once(client: Client, city: City) -> None:
    located(client)
    described(client)
    token = draft(client)["token"]
    first = client.post("/report/review/", {"token": token})
    second = client.post("/report/review/", {"token": token})
    assert ServiceRequest.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_a_stale_review_page_is_refused(client: Client, city: City) -> None:
    located(client)
    described(client)
    page = client.post("/report/review/", {"token": "not-this-draft"})
    assert page.status_code == 400 and "This page was out of date" in page.text
    assert ServiceRequest.objects.count() == 0


def test_the_installable_app_files_as_mobile_in_the_residents_language(client: Client, city: City) -> None:
    client.get("/report/", {"service": "pothole", "app": "1"}, HTTP_ACCEPT_LANGUAGE="es")
    client.post("/report/location/", {"address": "120 N Main St", "app": "1"}, HTTP_ACCEPT_LANGUAGE="es")
    spanish = client.get("/report/details/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Bache" in spanish.text
    described(client, anonymous="on", HTTP_ACCEPT_LANGUAGE="es")
    client.post("/report/review/", {"token": draft(client)["token"], "app": "1"}, HTTP_ACCEPT_LANGUAGE="es")
    filed = ServiceRequest.objects.get()
    assert filed.channel == Channel.MOBILE and filed.language == "es"
    assert not hasattr(filed, "reporter") or filed.reporter is None


def test_an_open_request_nearby_can_be_followed_instead(client: Client, city: City) -> None:
    existing = ServiceRequestFactory.create(service=city.pothole, lat=WEST_POINT[0] + 0.0005, lon=WEST_POINT[1],
                                            description="Big pothole in the left lane " * 10, status=Status.ASSIGNED,
                                            address="130 N Main St")
    ServiceRequestFactory.create(service=city.pothole, lat=EAST_POINT[0], lon=EAST_POINT[1])  # too far
    ServiceRequestFactory.create(service=city.missed_trash, lat=WEST_POINT[0], lon=WEST_POINT[1])  # other type
    located(client)
    described(client, anonymous="on")
    page = client.get("/report/nearby/")
    assert page.status_code == 200
    assert existing.public_id in page.text and "Assigned" in page.text and "56 m away" in page.text
    assert "Big pothole in the left lane" in page.text and "…" in page.text
    assert page.text.count("Follow this instead") == 1

    no_contact = client.post("/report/nearby/", {"public_id": existing.public_id})
    assert "To follow a request, give an email address or a phone number" in no_contact.text
    assert client.post("/report/nearby/", {"public_id": "ZZZZ-ZZZZ", "email": "a@b.org"}).status_code == 400

    followed = client.post("/report/nearby/", {"public_id": existing.public_id, "email": "rosa@example.org"})
    assert followed["Location"] == f"/report/following/{existing.public_id}/"
    follower = Follower.objects.get(request=existing)
    assert (follower.email, follower.channel) == ("rosa@example.org", Channel.WEB)
    assert ServiceRequest.objects.count() == 3  # nothing new filed
    confirmation = client.get(followed["Location"])
    assert f"data-tracking-number>{existing.public_id}<" in confirmation.text


def test_csrf_is_enforced(city: City) -> None:
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/report/", {"service": "pothole"}).status_code == 403


def test_address_autocomplete_and_reverse_lookup(client: Client, city: City) -> None:
    found = client.get("/report/addresses/", {"q": "455 e oak"}).json()
    assert found["results"] == [{"address_id": "A2", "address": "455 E Oak Ave", "lat": EAST_POINT[0],
                                 "lon": EAST_POINT[1]}]
    assert client.get("/report/addresses/", {"q": "45"}).json() == {"results": []}
    near = client.get("/report/address-at/", {"lat": str(EAST_POINT[0]), "lon": str(EAST_POINT[1] + 0.0003)}).json()
    assert near == {"address": "455 E Oak Ave", "address_id": "A2", "inside_city": True}
    outside = client.get("/report/address-at/", {"lat": str(OUTSIDE_POINT[0]), "lon": str(OUTSIDE_POINT[1])}).json()
    assert outside["inside_city"] is False
    assert client.get("/report/address-at/", {"lat": "x", "lon": "1"}).status_code == 400
