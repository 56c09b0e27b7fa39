"""The whole loop back to residents over real SMTP and HTTP: Rosa (email, English) reports a pothole,
Luis (texts, Spanish) follows it, Ana (texts, Spanish) reported the same hole and her report is merged.
Each hears about every step; closure brings the survey link, and two days later the survey itself;
Luis texts STOP and hears nothing more; "not fixed" reopens the request and everyone left is told."""

import re
from datetime import timedelta

import pytest

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.notifications.choices import DeliveryStatus, MessageKind
from civicdesk.notifications.models import Notification, Survey
from civicdesk.notifications.services import answer_survey, record_sms_stop
from civicdesk.notifications.tasks import send_due_surveys
from civicdesk.notifications.tests.conftest import CITY_NUMBER, TWILIO_SID, report
from civicdesk.notifications.tests.fakes import FakeTwilio, SmtpSink
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.intake import Contact
from civicdesk.service_requests.lifecycle import (
    acknowledge_request,
    add_note,
    assign_request,
    close_request,
    merge_requests,
    schedule_request,
)

pytestmark = pytest.mark.django_db(transaction=True)  # messages leave after commit

ROSA, LUIS, ANA = "rosa@example.org", "+13125550101", "+13125550102"
SURVEY_LINK = re.compile(r"/survey/([A-Za-z0-9_-]{40,})/")


def test_every_step_reaches_each_resident_in_their_language_and_medium(
    city: City, as_worker: Actor, department_worker: User, mail_server: SmtpSink, twilio: FakeTwilio
) -> None:
    request = report(Contact(first_name="Rosa", email=ROSA), Channel.WEB)
    [received] = mail_server.to(ROSA)
    assert received["Subject"] == f"We received your request {request.public_id}"
    assert "Service: Pothole" in mail_server.text(received)

    report(Contact(phone="(312) 555-0101"), Channel.SMS, language="es", follow=request.public_id)
    duplicate = report(Contact(phone="312-555-0102"), Channel.SMS, language="es")
    [ana_received] = twilio.to(ANA)
    assert ana_received.body.startswith(f"City of Riverton 311: recibimos su solicitud {duplicate.public_id}")
    assert (ana_received.account_sid, ana_received.from_) == (TWILIO_SID, CITY_NUMBER)
    assert ana_received.authorization.startswith("Basic ")
    assert twilio.to(LUIS) == []  # following is not news

    merge_requests(duplicate, request, actor=as_worker, channel=Channel.STAFF)
    [_, ana_merged] = twilio.to(ANA)
    assert f"su solicitud {duplicate.public_id} está cerrada" in ana_merged.body
    assert "Alguien ya había reportado este problema" in ana_merged.body
    assert "/survey/" not in ana_merged.body  # a duplicate asks no survey

    acknowledge_request(request, actor=as_worker, channel=Channel.STAFF)
    assign_request(request, assignee=department_worker, actor=as_worker, channel=Channel.STAFF)  # bookkeeping
    schedule_request(request, on=(request.requested_at + timedelta(days=3)).date(), actor=as_worker,
                     channel=Channel.STAFF)
    add_note(request, "The crew is on its way.", actor=as_worker, channel=Channel.STAFF, is_public=True)
    close_request(request, resolution="fixed", actor=as_worker, channel=Channel.STAFF, notes="Filled with asphalt.")

    assert [message["Subject"] for message in mail_server.to(ROSA)[1:]] == [
        f"Your request {request.public_id} is now: Acknowledged",
        f"Your request {request.public_id} is now: Scheduled",
        f"An update on your request {request.public_id}",
        f"Your request {request.public_id} is now: Closed",
    ]
    closure = mail_server.text(mail_server.to(ROSA)[-1])
    assert "Resolution: Fixed" in closure and "The problem was fixed." in closure
    assert "Filled with asphalt." in closure and "/updates/stop/" in closure
    for phone in (LUIS, ANA):
        texts = [message.body for message in twilio.to(phone)][-4:]
        assert "ahora está: Recibida por el personal" in texts[0]
        assert "ahora está: Programada" in texts[1]
        assert "The crew is on its way." in texts[2]
        assert "está cerrada. El problema se resolvió. Filled with asphalt." in texts[3]
        assert SURVEY_LINK.search(texts[3])
    assert {survey.recipient: survey.language for survey in Survey.objects.filter(request=request)} == {
        ROSA: "en", LUIS: "es", ANA: "es"}

    # Two days after closure the survey goes to whoever has not answered; Luis texted STOP meanwhile.
    record_sms_stop("+1 312 555 0101")
    closed_at = request.events.get(to_status=Status.CLOSED).at
    assert send_due_surveys.call(now=(closed_at + timedelta(days=1)).isoformat()) == 0
    assert send_due_surveys.call(now=(closed_at + timedelta(days=2, hours=1)).isoformat()) == 2
    assert send_due_surveys.call(now=(closed_at + timedelta(days=2, hours=2)).isoformat()) == 0
    assert mail_server.to(ROSA)[-1]["Subject"] == f"Was your request {request.public_id} fixed?"
    assert "¿Se resolvió?" in twilio.to(ANA)[-1].body
    assert len(twilio.to(LUIS)) == 4

    # Rosa says it is not fixed: the request reopens and those still listening hear it.
    token = SURVEY_LINK.search(mail_server.text(mail_server.to(ROSA)[-1]))
    assert token
    assert answer_survey(token.group(1), was_fixed=False, satisfaction=2, comment="Still a hole").reopened
    assert mail_server.to(ROSA)[-1]["Subject"] == f"Your request {request.public_id} was reopened"
    assert "se reabrió. Still a hole" in twilio.to(ANA)[-1].body
    assert len(twilio.to(LUIS)) == 4

    sent = Notification.objects.filter(request__in=[request, duplicate])
    assert not sent.exclude(status=DeliveryStatus.SENT).exists()
    assert all(message.external_id.startswith("SM") for message in sent.filter(medium="sms"))
    assert all(message.external_id.startswith("<") for message in sent.filter(medium="email"))
    assert sent.filter(kind=MessageKind.SURVEY).count() == 2
