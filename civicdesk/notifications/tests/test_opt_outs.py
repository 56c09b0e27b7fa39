"""Opt-outs: per request through the stop link (for email and text alike), for every request through the
same page or by texting STOP (Twilio's STOP keyword arrives through `record_sms_stop`), and back with START."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from civicdesk.conftest import City
from civicdesk.notifications.models import OptOut
from civicdesk.notifications.services import record_sms_start, record_sms_stop, stop_updates
from civicdesk.notifications.tests.conftest import report
from civicdesk.notifications.tests.fakes import FakeTwilio
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact
from civicdesk.service_requests.lifecycle import add_note, follow_request, merge_requests

pytestmark = pytest.mark.django_db(transaction=True)

STOP_PATH = re.compile(r"http://[^/\s]+(/updates/stop/[^\s/]+/)")
ROSA = Contact(first_name="Rosa", email="rosa@example.org")


def public_note(request: object, as_worker: Actor, text: str = "Crew on the way") -> None:
    add_note(request, text, actor=as_worker, channel=Channel.STAFF, is_public=True)  # type: ignore[arg-type]


def test_stop_and_start_are_recorded_once_whatever_the_spelling(db: None) -> None:
    first = record_sms_stop("+1 (312) 555-0100")
    again = record_sms_stop("312.555.0100")

    assert first.pk == again.pk and first.address == "+13125550100"
    assert first.source == OptOut.Source.SMS_STOP
    assert record_sms_start("+13125550100") is True
    assert record_sms_start("+13125550100") is False
    assert not OptOut.objects.exists()


def test_a_number_that_texted_stop_gets_no_texts_until_it_texts_start(
    city: City, twilio: FakeTwilio, as_worker: Actor
) -> None:
    request = report(Contact(phone="312-555-0100"), Channel.SMS)
    assert len(twilio.to("+13125550100")) == 1

    record_sms_stop("+13125550100")
    public_note(request, as_worker)
    assert len(twilio.to("+13125550100")) == 1

    record_sms_start("+13125550100")
    public_note(request, as_worker, "Crew arrived")
    [_, text] = twilio.to("+13125550100")
    assert f"request {request.public_id}: Crew arrived Track: {settings.SITE_URL}/track/" in text.body
    assert STOP_PATH.search(text.body)


def test_the_stop_link_in_a_text_stops_that_number_on_that_request(
    city: City, twilio: FakeTwilio, as_worker: Actor
) -> None:
    request = report(Contact(phone="312-555-0100"), Channel.SMS)
    follow_request(request, actor=Actor.resident(), channel=Channel.SMS, phone="(312) 555-0199")
    public_note(request, as_worker)
    [stop_path] = STOP_PATH.findall(twilio.to("+13125550199")[-1].body)

    response = Client().post(stop_path)

    assert response.status_code == 200
    assert not request.followers.exists()
    public_note(request, as_worker, "Crew arrived")
    assert [text.to for text in twilio.messages[-1:]] == ["+13125550100"]


def test_stopping_everything_from_the_link_opts_the_address_out_of_every_request(
    city: City, as_worker: Actor
) -> None:
    first = report(ROSA, Channel.WEB)
    second = report(ROSA, Channel.WEB)
    [stop_path] = STOP_PATH.findall(str(mail.outbox[0].body))
    page = Client().get(stop_path).content.decode()
    assert 'name="everything" value="yes"' in page and "Also stop all messages" in page

    response = Client().post(stop_path, {"everything": "yes"})

    assert 'data-testid="stopped-everything"' in response.content.decode()
    assert OptOut.objects.get().address == "rosa@example.org"
    assert OptOut.objects.get().source == OptOut.Source.LINK
    first.reporter.refresh_from_db()
    assert first.reporter.wants_updates is False
    mail.outbox.clear()
    public_note(second, as_worker)
    assert mail.outbox == []


def test_followers_of_a_merged_duplicate_hear_the_updates_and_can_stop_them(city: City, as_worker: Actor) -> None:
    original = report(ROSA, Channel.WEB)
    duplicate = report(Contact(email="ann@example.org"), Channel.WEB)
    merge_requests(duplicate, original, actor=as_worker, channel=Channel.STAFF)
    # Added on the duplicate after the merge (say, by a call-taker who found the old number).
    follow_request(duplicate, actor=Actor.resident(), channel=Channel.PHONE, email="ben@example.org")
    mail.outbox.clear()

    public_note(original, as_worker)

    assert sorted(message.to[0] for message in mail.outbox) == ["ann@example.org", "ben@example.org",
                                                               "rosa@example.org"]
    to_ben = next(message for message in mail.outbox if message.to == ["ben@example.org"])
    [stop_path] = STOP_PATH.findall(str(to_ben.body))
    stop_updates(stop_path.split("/")[3])
    mail.outbox.clear()
    public_note(original, as_worker, "Crew arrived")
    assert sorted(message.to[0] for message in mail.outbox) == ["ann@example.org", "rosa@example.org"]
