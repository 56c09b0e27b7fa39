import pytest
from django.test import Client

from civicdesk.conftest import City
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import add_note, close_request

pytestmark = pytest.mark.django_db


def filed(city: City, resident: Contact) -> str:
    submission = Submission(
        service_code="pothole",
        channel=Channel.WEB,
        description="Hole by the school",
        lat=41.85,
        lon=-87.675,
        answers={"size": "medium"},
        contact=resident,
    )
    return file_request(submission, actor=Actor.resident()).request.public_id


def test_home_lists_the_catalog(client: Client, city: City) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Pothole" in page.text and "Missed trash pickup" in page.text


def test_home_in_spanish_uses_spanish_names(client: Client, city: City) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Bache" in page.text


def test_tracking_page_shows_the_public_story_and_no_contact(
    client: Client, city: City, resident: Contact, as_worker: Actor
) -> None:
    public_id = filed(city, resident)
    from civicdesk.service_requests.models import ServiceRequest

    request = ServiceRequest.objects.get(public_id=public_id)
    add_note(request, "Crew inspected the hole", actor=as_worker, channel=Channel.OTHER, is_public=True)
    add_note(request, "Needs asphalt truck, ask Bob", actor=as_worker, channel=Channel.OTHER, is_public=False)
    close_request(request, resolution="fixed", actor=as_worker, channel=Channel.OTHER, notes="Filled with asphalt")

    page = client.get(f"/track/{public_id.lower().replace('-', '')}/")
    assert page.status_code == 200
    assert public_id in page.text
    assert "Crew inspected the hole" in page.text and "Filled with asphalt" in page.text
    assert "Needs asphalt truck" not in page.text
    for private in ("rosa@example.org", "555 0100", "Resident", "dave"):
        assert private not in page.text


def test_tracking_lookup_redirects_and_unknown_numbers_say_so(client: Client, city: City, resident: Contact) -> None:
    public_id = filed(city, resident)
    assert client.get("/track/", {"number": public_id})["Location"] == f"/track/{public_id}/"
    missing = client.get("/track/ZZZZ-ZZZZ/")
    assert missing.status_code == 404
    assert "We found no request with tracking number ZZZZ-ZZZZ" in missing.text


def test_health(client: Client, db: None) -> None:
    assert client.get("/health/").json() == {"status": "ok"}
