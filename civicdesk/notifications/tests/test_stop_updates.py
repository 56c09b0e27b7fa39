"""Every message carries a link that stops updates about that request for that address."""

import re

import pytest
from django.core import mail

from civicdesk.conftest import WEST_POINT, City
from civicdesk.notifications.services import InvalidLink, stop_updates, stop_updates_token
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import add_note, follow_request

pytestmark = pytest.mark.django_db(transaction=True)

STOP_LINK = re.compile(r"/updates/stop/([^\s/]+)/")


def test_a_follower_who_stops_gets_no_more_email_and_the_reporter_still_does(
    city: City, resident: Contact, as_worker: Actor
) -> None:
    submission = Submission(service_code="pothole", channel=Channel.WEB, lat=WEST_POINT[0], lon=WEST_POINT[1],
                            answers={"size": "small"}, contact=resident)
    request = file_request(submission, actor=Actor.resident()).request
    follow_request(request, actor=Actor.resident(), channel=Channel.WEB, email="Luis@Example.org")
    mail.outbox.clear()
    add_note(request, "Crew on the way", actor=as_worker, channel=Channel.OTHER, is_public=True)
    to_luis = next(message for message in mail.outbox if message.to == ["Luis@Example.org"])
    found = STOP_LINK.search(str(to_luis.body))
    assert found, to_luis.body
    token = found.group(1)

    assert stop_updates(token) == request

    assert not request.followers.exists()
    mail.outbox.clear()
    add_note(request, "Crew arrived", actor=as_worker, channel=Channel.OTHER, is_public=True)
    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]


def test_the_reporter_can_stop_too(city: City, resident: Contact, as_worker: Actor) -> None:
    submission = Submission(service_code="pothole", channel=Channel.WEB, lat=WEST_POINT[0], lon=WEST_POINT[1],
                            answers={"size": "small"}, contact=resident)
    request = file_request(submission, actor=Actor.resident()).request

    stop_updates(stop_updates_token(request, "ROSA@example.org"))

    request.reporter.refresh_from_db()
    assert request.reporter.wants_updates is False
    mail.outbox.clear()
    add_note(request, "Crew arrived", actor=as_worker, channel=Channel.OTHER, is_public=True)
    assert mail.outbox == []


def test_an_altered_link_is_refused(city: City) -> None:
    with pytest.raises(InvalidLink, match="not valid"):
        stop_updates("eyJyIjoxLCJlIjoiYUBiLmMifQ:1tX:forged")
