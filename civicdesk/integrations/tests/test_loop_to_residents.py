"""Issue 6's whole loop, every part over a real wire: Rosa reports a stray dog on the web, CivicDesk hands
it to Riverton Animal Control's own system (HTTP), the department moves it through its own status words and
pushes each back (HTTP, signed), Rosa hears each step by email (SMTP) and Luis, who follows the request, by
text in Spanish (Twilio's API, faked locally); closure brings the survey link, and two days later the survey."""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from civicdesk.integrations.choices import DeliveryState
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.notifications.models import Survey
from civicdesk.notifications.tasks import send_due_surveys
from civicdesk.notifications.tests.conftest import mail_server, twilio  # noqa: F401 (fixtures)
from civicdesk.notifications.tests.fakes import FakeTwilio, SmtpSink
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.lifecycle import follow_request
from tools.fake_department import FakeDepartment

pytestmark = pytest.mark.django_db(transaction=True)  # messages leave after commit; the live server sees rows

ROSA, LUIS = "rosa@example.org", "+13125550101"
SURVEY_LINK = re.compile(r"/survey/([A-Za-z0-9_-]{40,})/")


@pytest.fixture
def pushing_department(live_server: Any, fake_department: FakeDepartment) -> Iterator[FakeDepartment]:
    fake_department.updates_url = f"{live_server.url}/integrations/riverton-animal-control/updates"
    yield fake_department


def test_the_department_works_the_request_and_the_residents_hear_each_step(
    report_dog: Any, animal_control: Integration, pushing_department: FakeDepartment,
    mail_server: SmtpSink, twilio: FakeTwilio,  # noqa: F811
) -> None:
    request = report_dog()
    delivery = Delivery.objects.get(request=request)
    assert (delivery.state, delivery.external_id) == (DeliveryState.SENT, "RAC-0001")
    assert [order.civicdesk_id for order in pushing_department.orders.values()] == [request.public_id]
    [received] = mail_server.to(ROSA)
    assert received["Subject"] == f"We received your request {request.public_id}"
    follow_request(request, actor=Actor.resident(), channel=Channel.SMS, phone="(312) 555-0101", language="es")

    for word in ("RECEIVED", "DISPATCHED", "ON_SCENE"):
        pushed = pushing_department.move("RAC-0001", word)
        assert pushed is None or pushed.status_code == 200, pushed
    done = pushing_department.move("RAC-0001", "COMPLETE", note="Dog taken to the shelter.")
    assert done is not None and done.status_code == 200, done

    request.refresh_from_db()
    assert (request.status, request.resolution) == (Status.CLOSED, "fixed")
    subjects = [message["Subject"] for message in mail_server.to(ROSA)]
    assert subjects[0] == f"We received your request {request.public_id}"
    assert f"Your request {request.public_id} is now: Acknowledged" in subjects
    assert subjects[-1] == f"Your request {request.public_id} is now: Closed"
    closure = mail_server.text(mail_server.to(ROSA)[-1])
    assert "Dog taken to the shelter." in closure and SURVEY_LINK.search(closure)
    texts = [message.body for message in twilio.to(LUIS)]
    assert any("ahora está: Recibida por el personal" in text for text in texts)
    assert "está cerrada" in texts[-1] and SURVEY_LINK.search(texts[-1])
    assert set(Survey.objects.filter(request=request).values_list("recipient", flat=True)) == {ROSA, LUIS}

    closed_at = request.events.get(to_status=Status.CLOSED).at
    assert send_due_surveys.call(now=(closed_at + timedelta(days=2, hours=1)).isoformat()) == 2
    assert mail_server.to(ROSA)[-1]["Subject"] == f"Was your request {request.public_id} fixed?"
    assert "¿Se resolvió?" in twilio.to(LUIS)[-1].body
