"""The signed JSON webhook, against Riverton Animal Control's system over real HTTP."""

from typing import Any

import pytest

from civicdesk.integrations import services
from civicdesk.integrations.choices import DeliveryState
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.service_requests.choices import ActorKind, EventKind
from civicdesk.service_requests.models import Photo
from tools.fake_department import FakeDepartment

pytestmark = pytest.mark.django_db


def test_the_department_gets_the_request_signed_and_we_keep_its_id(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment
) -> None:
    request = report_dog()
    Photo.objects.create(request=request, url="https://photos.example/dog.jpg")
    delivery = Delivery.objects.get(request=request)

    sent = services.send_delivery(delivery.pk)

    assert sent is not None and sent.state == DeliveryState.SENT
    assert (sent.external_id, sent.attempts, sent.last_error) == ("RAC-0001", 1, "")
    order = fake_department.orders["RAC-0001"]
    assert (order.civicdesk_id, order.service_code, order.status) == (request.public_id, "stray-dog", "RECEIVED")
    assert order.description == "A brown dog running loose by the school"
    assert fake_department.calls[0]["idempotency_key"] == delivery.idempotency_key


def test_the_document_carries_answers_location_and_photo_urls(
    report_dog: Any, animal_control: Integration
) -> None:
    from civicdesk.integrations.payload import request_document

    request = report_dog()
    Photo.objects.create(request=request, url="https://photos.example/dog.jpg")
    document = request_document(Delivery.objects.get(request=request))

    assert document["request"]["id"] == request.public_id
    assert document["request"]["location"]["lat"] == pytest.approx(41.85)
    assert document["request"]["photos"] == ["https://photos.example/dog.jpg"]
    assert document["updates_url"].endswith("/integrations/riverton-animal-control/updates")
    assert "rosa@example.org" not in str(document)  # the resident's contact stays with the city


def test_a_wrong_secret_is_refused_for_good_and_staff_are_alerted(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment, caplog: Any
) -> None:
    Integration.objects.filter(pk=animal_control.pk).update(secret="not-the-shared-secret")
    request = report_dog()

    with caplog.at_level("ERROR"):
        delivery = services.send_delivery(Delivery.objects.get(request=request).pk)

    assert delivery is not None and delivery.state == DeliveryState.DEAD
    assert "401" in delivery.last_error and "bad signature" in delivery.last_error
    assert fake_department.orders == {}
    alert = request.events.get(kind=EventKind.NOTE, is_public=False)
    assert alert.actor_kind == ActorKind.SYSTEM
    assert "Could not hand this request to Riverton Animal Control after 1 attempt(s)" in alert.note
    assert "is dead after 1 attempt(s)" in caplog.text
