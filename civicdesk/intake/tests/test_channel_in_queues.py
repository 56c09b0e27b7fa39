"""A request texted in is the same record as any other: in the staff queue and in Open311, channel sms."""

import pytest
from django.test import Client

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.intake.tests.conftest import Twilio
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Submission, file_request
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def _texted_report(twilio: Twilio) -> ServiceRequest:
    for text in ("pothole on my street", "1", "455 E Oak Ave", "YES", "2", "SKIP"):
        twilio.text(text)
    return ServiceRequest.objects.get()


def test_a_texted_request_is_in_the_staff_queue_with_its_channel(
    city: City, twilio: Twilio, department_worker: User
) -> None:
    filed = _texted_report(twilio)
    from_the_web = file_request(Submission(service_code="pothole", channel=Channel.WEB, address_id="A1",
                                           answers={"size": "small"}), actor=Actor.resident()).request
    dave = signed_in(department_worker)
    queue = dave.get("/staff/queue/?channel=sms")
    assert queue.status_code == 200
    assert filed.public_id in queue.content.decode()
    assert from_the_web.public_id not in queue.content.decode()
    page = dave.get(f"/staff/requests/{filed.public_id}/")
    assert "Text message" in page.content.decode()
    assert filed.team == city.east_crew  # routed like any other channel's request


def test_open311_shows_the_channel_of_a_texted_request(city: City, twilio: Twilio, client: Client) -> None:
    filed = _texted_report(twilio)
    documents = client.get("/open311/v2/requests.json?extensions=true").json()
    document = next(row for row in documents if row["service_request_id"] == filed.public_id)
    assert document["extended_attributes"]["channel"] == "sms"
    assert document["service_code"] == "pothole"


def test_a_request_filed_in_web_chat_is_the_same_record_in_the_queue_and_open311(
    city: City, department_worker: User, client: Client
) -> None:
    from civicdesk.intake.chat.services import resident_says, start_chat

    chat = start_chat("en")
    for text in ("pothole on my street", "1", "455 E Oak Ave", "YES", "2"):
        resident_says(chat, text)
    filed = ServiceRequest.objects.get()
    assert filed.channel == Channel.CHAT
    queue = signed_in(department_worker).get("/staff/queue/?channel=chat").content.decode()
    assert filed.public_id in queue
    documents = client.get("/open311/v2/requests.json?extensions=true").json()
    document = next(row for row in documents if row["service_request_id"] == filed.public_id)
    assert (document["extended_attributes"]["channel"], document["service_code"]) == ("chat", "pothole")
