"""Tracking a request by number, following it, and stopping the updates."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from civicdesk.conftest import WEST_POINT, City
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import add_note, assign_request, close_request
from civicdesk.service_requests.models import Photo, ServiceRequest
from civicdesk.service_requests.services import requests_matching_typed_number
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db

Filer = Callable[..., ServiceRequest]


@pytest.fixture
def filed(city: City, resident: Contact) -> Filer:
    def file(contact: Contact = resident, description: str = "Hole by the school") -> ServiceRequest:
        submission = Submission(service_code="pothole", channel=Channel.WEB, description=description,
                                lat=WEST_POINT[0], lon=WEST_POINT[1], answers={"size": "medium"}, contact=contact)
        return file_request(submission, actor=Actor.resident()).request
    return file


def test_the_track_page_tells_the_public_story_in_plain_words(
    client: Client, filed: Filer, as_worker: Actor, department_worker: object
) -> None:
    request = filed()
    Photo.objects.create(request=request, url="https://photos.example/hole.jpg")
    Photo.objects.create(request=request, url="https://photos.example/private.jpg", is_public=False)
    assign_request(request, assignee=department_worker, actor=as_worker, channel=Channel.OTHER)
    add_note(request, "Crew inspected the hole", actor=as_worker, channel=Channel.OTHER, is_public=True)
    add_note(request, "Ask Dave about the truck", actor=as_worker, channel=Channel.OTHER, is_public=False)

    page = client.get(f"/track/{request.public_id}/")

    assert page.status_code == 200
    text = page.text
    assert "Status: <span data-testid=\"status\">Assigned</span>" in text
    assert "A crew or staff member has been given the work." in text
    assert "Public Works" in text and "Expected by" in text
    assert "Crew inspected the hole" in text and "Update from the city" in text
    assert "Request received" in text
    assert "https://photos.example/hole.jpg" in text and "private.jpg" not in text
    assert f'data-lat="{WEST_POINT[0]:f}"' in text and f'data-lon="{WEST_POINT[1]:f}"' in text
    assert "Follow this request" in text
    for private in ("Ask Dave", "dave", "Dave", "rosa@example.org", "555 0100", "Rosa", "Hole by the school"):
        assert private not in text, private


def test_a_closed_request_shows_its_resolution_and_no_follow_form(client: Client, filed: Filer,
                                                                   as_worker: Actor) -> None:
    request = filed()
    close_request(request, resolution="could_not_locate", actor=as_worker, channel=Channel.OTHER)

    page = client.get(f"/track/{request.public_id}/")

    assert "This request is closed." in page.text
    assert "Staff could not find the problem at the place given." in page.text
    assert "Expected by" not in page.text
    assert 'action="/track/' not in page.text


@pytest.mark.parametrize("typed", ["{n}", "{lower}", "{compact}", " {spaced} ", "{lower_compact}"])
def test_the_lookup_accepts_the_number_however_it_is_typed(client: Client, city: City, typed: str) -> None:
    request = ServiceRequestFactory.create(public_id="7KQ4-M29X", service=city.pothole)
    n = request.public_id
    typed = typed.format(n=n, lower=n.lower(), compact=n.replace("-", ""), spaced=n.replace("-", " "),
                         lower_compact=n.lower().replace("-", ""))
    assert client.get("/track/", {"number": typed})["Location"] == "/track/7KQ4-M29X/"


def test_look_alike_characters_find_the_request(client: Client, city: City) -> None:
    ServiceRequestFactory.create(public_id="DJ74-MV9X", service=city.pothole)

    assert [r.public_id for r in requests_matching_typed_number("0I74-MU9X")] == ["DJ74-MV9X"]
    assert client.get("/track/", {"number": "o174 mu9x"})["Location"] == "/track/DJ74-MV9X/"
    assert client.get("/track/0I74-MU9X/")["Location"] == "/track/DJ74-MV9X/"


def test_several_look_alike_matches_let_the_resident_choose(client: Client, city: City) -> None:
    ServiceRequestFactory.create(public_id="D234-5678", service=city.pothole)
    ServiceRequestFactory.create(public_id="Q234-5678", service=city.pothole)

    page = client.get("/track/", {"number": "0234-5678"})

    assert page.status_code == 200
    assert "Did you mean one of these?" in page.text
    assert 'href="/track/D234-5678/"' in page.text and 'href="/track/Q234-5678/"' in page.text


def test_an_unknown_number_says_so(client: Client, city: City) -> None:
    for url in ("/track/?number=zzzz-zzzz", "/track/ZZZZ-ZZZZ/", "/track/nonsense/"):
        page = client.get(url)
        assert page.status_code == 404, url
        assert "We found no request with tracking number" in page.text
    assert "ZZZZ-ZZZZ. Check the number" in client.get("/track/zzzzzzzz/").text


def test_following_by_email_adds_a_follower_who_hears_about_the_next_change(
    client: Client, filed: Filer, as_worker: Actor, django_capture_on_commit_callbacks: Any
) -> None:
    request = filed()

    page = client.post(f"/track/{request.public_id}/follow/", {"email": "luis@example.org"})

    assert page.status_code == 200
    assert f"You now follow request {request.public_id}" in page.text
    follower = request.followers.get()
    assert (follower.email, follower.channel) == ("luis@example.org", Channel.WEB)
    assert request.events.filter(kind=EventKind.FOLLOWED).count() == 1
    assert client.post(f"/track/{request.public_id}/follow/", {"email": "LUIS@example.org"}).status_code == 200
    assert request.followers.count() == 1  # following twice is still one follower

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        add_note(request, "Crew on the way", actor=as_worker, channel=Channel.OTHER, is_public=True)
    assert sorted(message.to[0] for message in mail.outbox) == ["luis@example.org", "rosa@example.org"]


def test_following_needs_a_good_address_and_an_open_request(client: Client, filed: Filer, as_worker: Actor) -> None:
    request = filed()
    bad = client.post(f"/track/{request.public_id}/follow/", {"email": "luis at home"})
    assert bad.status_code == 400
    assert "Enter an email address like name@example.org." in bad.text
    assert 'value="luis at home"' in bad.text

    close_request(request, resolution="fixed", actor=as_worker, channel=Channel.OTHER)
    closed = client.post(f"/track/{request.public_id}/follow/", {"email": "luis@example.org"})
    assert closed.status_code == 400
    assert not request.followers.exists()

    unknown = client.post("/track/ZZZZ-ZZZZ/follow/", {"email": "luis@example.org"})
    assert unknown.status_code == 404


def test_a_signed_in_resident_follows_with_one_click(client: Client, filed: Filer) -> None:
    from civicdesk.accounts.models import User
    from civicdesk.accounts.residents import RESIDENT_ROLE

    request = filed()
    client.force_login(User.objects.create(username="resident-x", email="ann@example.org", role=RESIDENT_ROLE))

    assert "Updates will go to ann@example.org." in client.get(f"/track/{request.public_id}/").text
    client.post(f"/track/{request.public_id}/follow/", {"email": "someone-else@example.org"})

    assert list(request.followers.values_list("email", flat=True)) == ["ann@example.org"]


def test_the_stop_link_asks_then_stops(client: Client, filed: Filer) -> None:
    from civicdesk.notifications.services import stop_updates_token

    request = filed()
    client.post(f"/track/{request.public_id}/follow/", {"email": "luis@example.org"})
    url = f"/updates/stop/{stop_updates_token(request, 'luis@example.org')}/"

    assert f"Stop getting emails about request {request.public_id}?" in client.get(url).text
    assert request.followers.count() == 1
    done = client.post(url)
    assert "Updates stopped" in done.text
    assert not request.followers.exists()

    forged = client.get("/updates/stop/abc:def/")
    assert forged.status_code == 400
    assert "This link is not valid" in forged.text
