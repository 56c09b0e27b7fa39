"""Emails read and filed without the listener: what becomes a routed request, what goes to triage,
what is threaded, and what machines send that is never filed."""

from typing import Any

import pytest
from django.core import mail

from civicdesk.catalog.models import ServiceType
from civicdesk.conftest import City
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.intake.email.parse import parse_email
from civicdesk.intake.email.services import EmailOutcome, receive_email
from civicdesk.intake.tests.email_samples import INES, fixture_email, reparsed, resident_email
from civicdesk.notifications.reply_addresses import notification_reply_address, replied_message_key
from civicdesk.service_requests.choices import ActorKind, Channel, EventKind, Status
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_an_email_naming_a_service_and_a_known_address_is_routed(city: City) -> None:
    receipt = receive_email(reparsed(resident_email(
        "Missed trash pickup",
        "Our trash was not picked up this week at 120 N Main St, please come back.\n\n-- \nInes")))

    assert receipt.outcome == EmailOutcome.FILED
    request = ServiceRequest.objects.get()
    assert receipt.request == request
    assert request.service == city.missed_trash
    assert request.department == city.sanitation
    assert request.channel == Channel.EMAIL
    assert request.address == "120 N Main St"
    assert request.status == Status.NEW
    assert request.reporter.email == INES
    assert (request.reporter.first_name, request.reporter.last_name) == ("Ines", "Navarro")
    assert request.description.endswith("please come back.")  # the signature is cut
    assert Contact.objects.get().outcome == Outcome.REQUEST_FILED


def test_an_email_naming_no_service_goes_to_the_triage_desk(city: City) -> None:
    receipt = receive_email(reparsed(resident_email(
        "A question", "Who do I ask about the empty lot next to my house? It has been years.")))

    assert receipt.outcome == EmailOutcome.TRIAGE
    request = ServiceRequest.objects.get()
    assert request.service.service_code == "general-inquiry"
    assert request.service.default_department == city.triage
    assert request.department == city.triage
    assert request.channel == Channel.EMAIL
    assert request.address == ""
    assert "empty lot" in request.description


def test_the_triage_service_of_the_catalog_is_used_when_it_exists(city: City, settings: object) -> None:
    ServiceType.objects.create(service_code="general-inquiry", name="Ask 311", group="Other",
                               default_department=city.triage, location_required=False)

    receive_email(reparsed(resident_email("Hello", "Can someone call me back about my water bill?")))

    assert ServiceRequest.objects.get().service.name == "Ask 311"
    assert ServiceType.objects.filter(service_code="general-inquiry").count() == 1


def test_a_service_whose_required_answers_an_email_lacks_goes_to_triage_with_its_place(city: City) -> None:
    receipt = receive_email(reparsed(resident_email("Pothole", "Huge pothole in front of 455 E Oak Ave.")))

    assert receipt.outcome == EmailOutcome.TRIAGE  # the pothole's size is a required answer
    request = ServiceRequest.objects.get()
    assert request.department == city.triage
    assert request.address == "455 E Oak Ave"
    assert request.lat is not None


def test_an_address_the_geocoder_is_not_sure_of_is_not_routed(city: City) -> None:
    receipt = receive_email(reparsed(resident_email("Missed trash pickup", "Not picked up at 999 Nowhere Blvd.")))

    assert receipt.outcome == EmailOutcome.TRIAGE
    assert ServiceRequest.objects.get().address == ""


def test_attached_photos_are_cleaned_and_other_attachments_dropped(city: City) -> None:
    receive_email(reparsed(resident_email("Missed trash pickup", "Bins still full at 120 N Main St.",
                                          photos=2, pdf=True)))

    request = ServiceRequest.objects.get()
    photos = list(request.photos.all())
    assert len(photos) == 2
    for photo in photos:
        assert not photo.image.name.endswith("IMG_000.jpg")
        with photo.image.open("rb") as stored:
            assert b"PhoneMaker" not in stored.read()  # the EXIF block did not survive


def test_an_emergency_is_not_filed_and_the_sender_is_told_to_call_911(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        receipt = receive_email(reparsed(resident_email("Help", "I smell gas in the street at 120 N Main St")))

    assert receipt.outcome == EmailOutcome.REFUSED
    assert not ServiceRequest.objects.exists()
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome) == (Channel.EMAIL, Outcome.ANSWERED)
    assert contact.summary.endswith("(call-911 reply sent)")
    [reply] = mail.outbox
    assert reply.to == [INES]
    # Nothing of the resident's email is quoted, and it says it is automatic (RFC 3834): no reply loops.
    assert reply.subject == "Call 911 for emergencies"
    assert reply.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "If this is an emergency, call 911 now." in reply.body


def test_a_spanish_emergency_email_is_answered_in_spanish(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        receive_email(reparsed(resident_email("Ayuda", "Huele a gas en la calle, hay una fuga de gas")))

    [reply] = mail.outbox
    assert reply.subject == "Llame al 911 en caso de emergencia"
    assert "Si es una emergencia, llame al 911 ahora." in reply.body


def test_one_call_911_reply_a_day_per_address(city: City, django_capture_on_commit_callbacks: Any) -> None:
    """A forged sender or a responder that answers every email cannot make the city write again and again."""
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            receive_email(reparsed(resident_email("Re: Help", "I smell gas in the street")))

    assert len(mail.outbox) == 1
    summaries = [contact.summary for contact in Contact.objects.order_by("pk")]
    assert [summary.rsplit("(", 1)[1] for summary in summaries] == [
        "call-911 reply sent)", "call-911 reply already sent to this address today)",
        "call-911 reply already sent to this address today)"]


def test_an_emergency_email_from_a_mailing_list_is_not_answered(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    message = resident_email("Gas smell on Oak St", "Neighbors say they smell gas")
    message["List-Id"] = "Oak Street neighbors <oak.lists.example.org>"
    with django_capture_on_commit_callbacks(execute=True):
        receipt = receive_email(reparsed(message))

    assert (receipt.outcome, receipt.reason) == (EmailOutcome.AUTOMATIC, "List-Id header")
    assert mail.outbox == []


def test_an_emergency_reply_the_mail_server_refuses_is_noted_for_staff(
    city: City, settings: Any, caplog: pytest.LogCaptureFixture, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "civicdesk.intake.tests.test_email_reading.RefusingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        receive_email(reparsed(resident_email("Help", "I smell gas in the street")))

    assert f"The call-911 reply to {INES} was not sent" in caplog.text
    assert "(call-911 reply NOT sent: The mail server refused the address: 550 No such mailbox)" in (
        Contact.objects.get().summary)


class RefusingBackend:
    """A mail server that refuses every recipient."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"rosa@example.org": (550, b"No such mailbox")})


@pytest.mark.parametrize(("fixture", "reason"), [
    ("out_of_office.eml", "Auto-Submitted: auto-replied"),
    ("vacation_precedence.eml", "X-Autorespond header"),
    ("bounce.eml", "Auto-Submitted: auto-replied"),
])
def test_auto_replies_and_bounces_are_not_filed(city: City, fixture: str, reason: str) -> None:
    receipt = receive_email(fixture_email(fixture))

    assert receipt.outcome == EmailOutcome.AUTOMATIC
    assert receipt.reason == reason
    assert not ServiceRequest.objects.exists()


def test_a_bounce_is_recognised_by_its_report_type_and_sender_alone() -> None:
    bounce = fixture_email("bounce.eml")
    del bounce["Auto-Submitted"]
    assert parse_email(bounce).machine_reason == "Delivery report (delivery-status)"
    plain = reparsed(resident_email("Undelivered Mail", "Your message could not be delivered.",
                                    sender="Mail Delivery System <MAILER-DAEMON@mx.example.net>"))
    assert parse_email(plain).machine_reason == "Sent by MAILER-DAEMON@mx.example.net"


def test_a_person_writing_is_not_a_machine() -> None:
    message = reparsed(resident_email("Re: your request", "Thanks!\n\nOn Mon, Nov 23, 2026 311 wrote:\n> Hello"))
    message["Auto-Submitted"] = "no"
    inbound = parse_email(message)
    assert inbound.machine_reason == ""
    assert inbound.text == "Thanks!"


def test_a_resident_reply_to_a_notification_is_an_internal_note(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the acknowledgement leaves once the request commits
        receive_email(reparsed(resident_email("Missed trash pickup", "Bins still full at 120 N Main St.")))
    request = ServiceRequest.objects.get()
    [acknowledgement] = [sent for sent in mail.outbox if sent.to == [INES]]
    [reply_address] = acknowledgement.reply_to

    receipt = receive_email(reparsed(resident_email(
        f"Re: {acknowledgement.subject}", "They came this morning but left the blue bin.\n\n"
        "On Mon, Nov 23, 2026 at 9:14 AM 311@riverton.example wrote:\n> We received your request",
        to=reply_address)))

    assert receipt.outcome == EmailOutcome.RESIDENT_REPLY
    assert ServiceRequest.objects.count() == 1
    note = request.events.get(kind=EventKind.NOTE)
    assert note.note == f"Email reply from {INES}: They came this morning but left the blue bin."
    assert (note.actor_kind, note.actor_name, note.channel, note.is_public) == (
        ActorKind.RESIDENT, "Ines Navarro", Channel.EMAIL, False)
    request.refresh_from_db()
    assert request.status == Status.NEW


def test_an_out_of_office_answer_to_a_notification_is_not_threaded(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        receive_email(reparsed(resident_email("Missed trash pickup", "Bins still full at 120 N Main St.")))
    [reply_address] = next(sent for sent in mail.outbox if sent.to == [INES]).reply_to
    out_of_office = fixture_email("out_of_office.eml")
    out_of_office.replace_header("To", reply_address)

    assert receive_email(out_of_office).outcome == EmailOutcome.AUTOMATIC
    assert not ServiceRequest.objects.get().events.filter(kind=EventKind.NOTE).exists()


def test_a_forged_reply_token_files_a_new_request_instead(city: City) -> None:
    genuine = notification_reply_address("<176391271012.3342.9181726354417263544@riverton.example>")
    forged = genuine[:-len("@riverton.example") - 1] + ("0" if genuine[-len("@riverton.example") - 1] != "0" else "1")
    forged += "@riverton.example"

    assert replied_message_key([genuine]) == "176391271012.3342.9181726354417263544"
    assert replied_message_key([forged]) is None
    assert replied_message_key([genuine.upper()]) == "176391271012.3342.9181726354417263544"
