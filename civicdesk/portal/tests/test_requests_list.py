"""The public list and map of requests: filters, pages, a capped JSON feed, and never any personal data."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.conftest import EAST_POINT, WEST_POINT, City
from civicdesk.portal import views
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import close_request
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def filed(service_code: str, point: tuple[float, float], contact: Contact, description: str) -> ServiceRequest:
    answers = {"size": "small"} if service_code == "pothole" else {}
    submission = Submission(service_code=service_code, channel=Channel.WEB, description=description, lat=point[0],
                            lon=point[1], answers=answers, contact=contact)
    return file_request(submission, actor=Actor.resident()).request


@pytest.fixture
def three(city: City, resident: Contact, as_worker: Actor) -> dict[str, ServiceRequest]:
    """A west pothole (open), an east pothole (closed) and a west missed pickup (open), from Rosa."""
    west = filed("pothole", WEST_POINT, resident, "Call me at 312 555 0100, Rosa")
    east = filed("pothole", EAST_POINT, resident, "Deep one near my house")
    trash = filed("missed-trash", WEST_POINT, resident, "Bins not emptied")
    close_request(east, resolution="fixed", actor=as_worker, channel=Channel.OTHER)
    return {"west": west, "east": east, "trash": trash}


def ids(page_text: str, requests: dict[str, ServiceRequest]) -> set[str]:
    return {name for name, request in requests.items() if request.public_id in page_text}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"west", "east", "trash"}),
        ({"service": "pothole"}, {"west", "east"}),
        ({"status": "open"}, {"west", "trash"}),
        ({"status": "closed"}, {"east"}),
        ({"status": "new"}, {"west", "trash"}),
        ({"service": "pothole", "status": "open"}, {"west"}),
    ],
)
def test_filters_by_service_and_status(client: Client, three: dict[str, ServiceRequest],
                                       query: dict[str, str], expected: set[str]) -> None:
    page = client.get("/requests/", query)
    assert page.status_code == 200
    assert ids(page.text, three) == expected
    points = client.get("/requests/map.json", query).json()
    assert {point["id"] for point in points["requests"]} == {three[name].public_id for name in expected}


def test_filters_by_area_and_date(client: Client, city: City, three: dict[str, ServiceRequest]) -> None:
    assert ids(client.get("/requests/", {"district": city.east.pk}).text, three) == {"east"}
    assert ids(client.get("/requests/", {"district": city.west.pk}).text, three) == {"west", "trash"}

    old = ServiceRequestFactory.create(service=city.pothole, requested_at=timezone.make_aware(datetime(2024, 3, 5)))
    in_march = client.get("/requests/", {"requested_from": "2024-03-01", "requested_to": "2024-03-31"})
    assert old.public_id in in_march.text and ids(in_march.text, three) == set()
    today = timezone.localdate().isoformat()
    assert ids(client.get("/requests/", {"requested_from": today}).text, three) == {"west", "east", "trash"}
    assert old.public_id not in client.get("/requests/", {"requested_from": today}).text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "sleeping"}, "Select a valid choice. sleeping is not one of the available choices."),
        ({"service": "unicorns"}, "Select a valid choice."),
        ({"district": "999999"}, "Select a valid choice."),
        ({"district": "west"}, "Select a valid choice."),
        ({"requested_from": "last tuesday"}, "Enter a valid date."),
        ({"requested_from": "2024-05-01", "requested_to": "2024-04-01"},
         "The end date must be on or after the start date."),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error(client: Client, three: dict[str, ServiceRequest],
                                                      query: dict[str, str], message: str) -> None:
    page = client.get("/requests/", query)
    assert page.status_code == 400
    assert "Some filters could not be used." in page.text and message in page.text
    feed = client.get("/requests/map.json", query)
    assert feed.status_code == 400
    assert message in str(feed.json()["errors"])


def test_the_list_is_paginated_and_keeps_the_filters(client: Client, city: City) -> None:
    start = timezone.now() - timedelta(days=1)
    for n in range(views.REQUESTS_PER_PAGE + 3):
        ServiceRequestFactory.create(service=city.pothole, requested_at=start + timedelta(minutes=n))
    ServiceRequestFactory.create(service=city.missed_trash)

    first = client.get("/requests/", {"service": "pothole"})
    assert "28 requests" in first.text and "Page 1 of 2" in first.text
    assert "?service=pothole&amp;page=2" in first.text
    second = client.get("/requests/", {"service": "pothole", "page": "2"})
    assert second.text.count('<th scope="row"') == 3
    assert client.get("/requests/", {"page": "abc"}).status_code == 200  # a bad page number shows page 1


def test_the_map_feed_is_capped(client: Client, city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(5):
        ServiceRequestFactory.create(service=city.pothole)
    ServiceRequestFactory.create(service=city.pothole, lat=None, lon=None)
    monkeypatch.setattr(views, "MAP_POINTS_LIMIT", 3)

    feed = client.get("/requests/map.json").json()

    assert (feed["total"], feed["shown"], len(feed["requests"])) == (5, 3, 3)
    assert set(feed["requests"][0]) == {"id", "service", "status", "status_label", "lat", "lon", "requested", "url"}


def test_no_personal_data_in_the_list_or_the_feed(client: Client, three: dict[str, ServiceRequest]) -> None:
    outputs = [client.get("/requests/").text, client.get("/requests/map.json").content.decode(),
               client.get("/requests/areas.json").content.decode()]
    for output in outputs:
        for private in ("rosa@example.org", "555 0100", "5550100", "Rosa", "Resident", "near my house"):
            assert private not in output


def test_the_areas_feed_holds_the_council_district_outlines(client: Client, city: City) -> None:
    areas = client.get("/requests/areas.json").json()
    assert [feature["properties"]["name"] for feature in areas["features"]] == ["West", "East"]
    assert areas["features"][0]["geometry"]["type"] == "Polygon"


def test_status_labels_in_the_list(client: Client, three: dict[str, ServiceRequest]) -> None:
    page = client.get("/requests/", {"status": Status.CLOSED})
    assert "Closed" in page.text and three["east"].public_id in page.text
