"""Email through a real SMTP listener on this machine: Ines writes to 311@riverton.example with smtplib,
the listener (aiosmtpd, in this process) files it, the acknowledgement carries a reply address, and her
answer to it threads into the request. A department's reply threads too; machines and strangers do not."""

import smtplib
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from civicdesk.accounts.models import Role
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.intake.email.listener import mail_listener
from civicdesk.intake.tests.email_samples import CITY_ADDRESS, FIXTURES, INES, fixture_email, resident_email
from civicdesk.integrations import services as integration_services
from civicdesk.integrations.models import Delivery
from civicdesk.integrations.tests.factories import IntegrationFactory
from civicdesk.service_requests.choices import ActorKind, Channel, EventKind, Status
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db(transaction=True)
DEPARTMENT_REPLY = FIXTURES.parent.parent.parent / "integrations" / "adapters" / "fixtures" / "department_reply.eml"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def listener(settings: Any) -> Iterator[Controller]:
    settings.INBOUND_EMAIL_ADDRESSES = [CITY_ADDRESS]
    controller = mail_listener("127.0.0.1", free_port())
    controller.start()
    yield controller
    controller.stop()


def send(listener: Controller, message: EmailMessage, *, to: str | None = None) -> None:
    with smtplib.SMTP(listener.hostname, listener.port, timeout=10) as smtp:
        smtp.send_message(message, to_addrs=[to or str(message["To"])])


def test_an_email_round_trip_files_routes_acknowledges_and_threads_the_reply(city: City, listener: Controller) -> None:
    send(listener, resident_email("Missed trash pickup at 120 N Main St",
                                  "The truck skipped our block this morning. Photo attached.", photos=1))

    request = ServiceRequest.objects.get()
    assert (request.service, request.department, request.channel) == (city.missed_trash, city.sanitation, "email")
    assert request.address == "120 N Main St"
    assert request.photos.count() == 1
    [acknowledgement] = [sent for sent in mail.outbox if sent.to == [INES]]
    assert request.public_id in acknowledgement.body
    [reply_address] = acknowledgement.reply_to
    assert reply_address.startswith("311+") and reply_address.endswith("@riverton.example")

    send(listener, resident_email(f"Re: {acknowledgement.subject}",
                                  "Thank you! It is the grey bin by the alley.\n\n> We received your request",
                                  to=reply_address))

    assert ServiceRequest.objects.count() == 1
    note = request.events.get(kind=EventKind.NOTE)
    assert note.note == f"Email reply from {INES}: Thank you! It is the grey bin by the alley."
    assert (note.actor_kind, note.channel, note.is_public) == (ActorKind.RESIDENT, Channel.EMAIL, False)
    request.refresh_from_db()
    assert request.status == Status.NEW


def test_an_email_naming_no_service_lands_in_the_triage_queue(city: City, listener: Controller) -> None:
    send(listener, resident_email("Question", "Is the recycling centre open on holidays?"))

    request = ServiceRequest.objects.get()
    assert request.department == city.triage
    assert request.channel == Channel.EMAIL


def test_mail_for_another_address_is_refused_with_550(city: City, listener: Controller) -> None:
    with smtplib.SMTP(listener.hostname, listener.port, timeout=10) as smtp:
        smtp.ehlo()
        smtp.mail(INES)
        code, answer = smtp.rcpt("mayor@riverton.example")
        assert code == 550
        assert smtp.rcpt(CITY_ADDRESS)[0] == 250
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(listener, resident_email("Hello", "Pothole"), to="someone@elsewhere.example")
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("fixture", ["out_of_office.eml", "bounce.eml"])
def test_auto_replies_and_bounces_are_taken_but_not_filed(city: City, listener: Controller, fixture: str) -> None:
    send(listener, fixture_email(fixture), to=CITY_ADDRESS)  # 250: refusing a bounce only makes another bounce

    assert not ServiceRequest.objects.exists()


def test_a_department_reply_threads_into_the_history(city: City, listener: Controller) -> None:
    IntegrationFactory.create(name="Sanitation inbox", department=city.sanitation, adapter="email",
                              settings={"to": "dispatch@sanitation.riverton.example"})
    send(listener, resident_email("Missed trash pickup", "Skipped again at 455 E Oak Ave."))
    request = ServiceRequest.objects.get()
    delivery = Delivery.objects.get(request=request)
    integration_services.send_delivery(delivery.pk)
    [sent] = [message for message in mail.outbox if message.to == ["dispatch@sanitation.riverton.example"]]
    [address] = sent.reply_to
    local, _at, _domain = address.partition("@")
    delivery_id, _dash, signature = local.partition("+")[2].partition("-")
    reply = DEPARTMENT_REPLY.read_text().format(
        delivery_id=delivery_id, signature=signature, public_id=request.public_id,
        message_id=sent.extra_headers["Message-ID"])

    with smtplib.SMTP(listener.hostname, listener.port, timeout=10) as smtp:
        smtp.sendmail("dispatch@animals.riverton.example", [address], reply.encode())

    assert ServiceRequest.objects.count() == 1
    note = request.events.get(kind=EventKind.NOTE)
    assert note.actor_kind == ActorKind.INTEGRATION
    assert note.note.startswith("Reply from dispatch@animals.riverton.example: We have an officer in the area")


def test_an_emailed_request_shows_in_the_staff_queue_and_open311_with_its_channel(
    city: City, listener: Controller, client: Any
) -> None:
    send(listener, resident_email("Question", "Who cuts the grass on the median of our street?"))
    request = ServiceRequest.objects.get()
    triage_desk = StaffFactory.create(username="tess", first_name="Tess", role=Role.DEPARTMENT_STAFF)
    triage_desk.departments.add(city.triage)

    tess = signed_in(triage_desk)
    assert request.public_id in tess.get("/staff/queue/?channel=email").content.decode()
    assert request.public_id not in tess.get("/staff/queue/?channel=sms").content.decode()
    page = tess.get(f"/staff/requests/{request.public_id}/").content.decode()
    assert "Email" in page

    documents = client.get("/open311/v2/requests.json?extensions=true").json()
    document = next(row for row in documents if row["service_request_id"] == request.public_id)
    assert document["extended_attributes"]["channel"] == "email"
    assert document["service_code"] == "general-inquiry"


def test_a_message_over_the_size_limit_is_refused_with_552(city: City, settings: Any) -> None:
    settings.MAIL_LISTENER_MAX_BYTES = 20_000
    small = mail_listener("127.0.0.1", free_port())
    small.start()
    try:
        # The listener announces SIZE, so smtplib declares the size and MAIL FROM is already refused.
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            send(small, resident_email("Missed trash pickup", "x" * 30_000))
        assert refused.value.smtp_code == 552
    finally:
        small.stop()
    assert not ServiceRequest.objects.exists()
