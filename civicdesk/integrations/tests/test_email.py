"""Email to the department's inbox, and its replies threaded back into the request's history."""

from email import message_from_string, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from civicdesk.integrations import services
from civicdesk.integrations.adapters.email import UnknownReply, department_reply, reply_address
from civicdesk.integrations.choices import DeliveryState
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.integrations.tests.factories import IntegrationFactory

pytestmark = pytest.mark.django_db
REPLY = Path(__file__).resolve().parent.parent / "adapters" / "fixtures" / "department_reply.eml"


@pytest.fixture
def inbox(animal_care: Any) -> Integration:
    return IntegrationFactory.create(name="Animal Care inbox", department=animal_care, adapter="email", settings={})


def sample_reply(delivery: Delivery, address: str | None = None) -> EmailMessage:
    local, _at, _domain = (address or reply_address(delivery)).partition("@")
    _base, _plus, token = local.partition("+")
    delivery_id, _dash, signature = token.partition("-")
    text = REPLY.read_text().format(delivery_id=delivery_id, signature=signature, public_id=delivery.request.public_id,
                                    message_id=delivery.external_id)
    message = message_from_string(text, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_the_department_inbox_gets_the_request_with_a_reply_address(report_dog: Any, inbox: Integration) -> None:
    request = report_dog()
    mail.outbox.clear()

    delivery = services.send_delivery(Delivery.objects.get(request=request).pk)

    assert delivery is not None and delivery.state == DeliveryState.SENT
    [message] = mail.outbox
    assert message.to == ["animals@riverton.example"]  # the department's own address when none is set
    assert message.reply_to == [reply_address(delivery)]
    assert message.subject.startswith(f"[{request.public_id}] Stray dog")
    assert "A brown dog running loose by the school" in message.body
    assert delivery.external_id == message.extra_headers["Message-ID"]


def test_a_reply_finds_its_delivery_without_the_quoted_original(report_dog: Any, inbox: Integration) -> None:
    request = report_dog()
    delivery = services.send_delivery(Delivery.objects.get(request=request).pk)
    assert delivery is not None

    reply = department_reply(sample_reply(delivery))

    assert reply.delivery == delivery
    assert reply.sender == "dispatch@animals.riverton.example"
    assert reply.text == "We have an officer in the area, will pick the dog up this afternoon.\n\nMaria"


def test_a_forged_reply_address_is_not_threaded(report_dog: Any, inbox: Integration) -> None:
    request = report_dog()
    delivery = Delivery.objects.get(request=request)
    forged = f"department-reply+{delivery.pk}-{'0' * 20}@riverton.example"

    with pytest.raises(UnknownReply):
        department_reply(sample_reply(delivery, forged))


def test_the_reply_is_threaded_into_the_history_as_an_internal_note(report_dog: Any, inbox: Integration) -> None:
    from civicdesk.integrations.inbound import thread_email_reply
    from civicdesk.service_requests.choices import ActorKind, Channel

    request = report_dog()
    delivery = services.send_delivery(Delivery.objects.get(request=request).pk)
    assert delivery is not None

    event = thread_email_reply(sample_reply(delivery))

    assert event.request_id == request.pk
    assert (event.actor_kind, event.actor_name, event.channel, event.is_public) == (
        ActorKind.INTEGRATION, "Animal Care inbox", Channel.EMAIL, False)
    assert event.note.startswith("Reply from dispatch@animals.riverton.example: We have an officer in the area")
