"""Open311 push to the department's GeoReport v2 endpoint, and polling it for departments that cannot push."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from civicdesk.integrations import services
from civicdesk.integrations.adapters.open311 import _as_update
from civicdesk.integrations.choices import DeliveryState
from civicdesk.integrations.inbound import poll_updates
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.integrations.tests.factories import IntegrationFactory
from civicdesk.service_requests.choices import ActorKind, EventKind, Status
from tools.fake_department import FakeDepartment

pytestmark = pytest.mark.django_db


@pytest.fixture
def open311_system(animal_care: Any, fake_department: FakeDepartment) -> Integration:
    fake_department.api_key = "rac-key"
    return IntegrationFactory.create(
        slug="animal-control-open311", department=animal_care, adapter="open311", poll_for_updates=True,
        settings={"endpoint": f"{fake_department.url}/open311/v2", "api_key": "rac-key",
                  "service_codes": {"stray-dog": "DOG-LOOSE"}},
    )


def test_the_request_is_filed_on_their_endpoint_and_their_id_kept(
    report_dog: Any, open311_system: Integration, fake_department: FakeDepartment
) -> None:
    request = report_dog()

    delivery = services.send_delivery(Delivery.objects.get(request=request).pk)

    assert delivery is not None
    assert (delivery.state, delivery.external_id) == (DeliveryState.SENT, "RAC-0001")
    order = fake_department.orders["RAC-0001"]
    assert (order.service_code, order.description) == ("DOG-LOOSE", request.description)


def test_a_wrong_api_key_is_a_permanent_failure(
    report_dog: Any, open311_system: Integration, fake_department: FakeDepartment
) -> None:
    fake_department.api_key = "another-key"
    request = report_dog()

    delivery = services.send_delivery(Delivery.objects.get(request=request).pk)

    assert delivery is not None and delivery.state == DeliveryState.DEAD
    assert "refused it with 403" in delivery.last_error


def test_polling_brings_their_status_changes_back_once(
    report_dog: Any, open311_system: Integration, fake_department: FakeDepartment
) -> None:
    request = report_dog()
    services.send_delivery(Delivery.objects.get(request=request).pk)
    fake_department.move("RAC-0001", "DISPATCHED", push=False)

    assert poll_updates() == 1
    assert poll_updates() == 0  # nothing new on their side: nothing applied again

    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    change = request.events.get(kind=EventKind.STATUS_CHANGED)
    assert (change.actor_kind, change.actor_name) == (ActorKind.INTEGRATION, "Riverton Animal Control")
    fake_department.move("RAC-0001", "COMPLETE", note="Dog returned to its owner.", push=False)
    assert poll_updates() == 1
    request.refresh_from_db()
    assert (request.status, request.resolution) == (Status.CLOSED, "fixed")
    open311_system.refresh_from_db()
    assert open311_system.last_polled_at is not None


def test_a_recorded_open311_answer_becomes_an_update() -> None:
    rows = json.loads((Path(__file__).resolve().parent.parent / "adapters" / "fixtures"
                       / "open311_requests.json").read_text())

    assert [_as_update(row) for row in rows] == [
        {"event_id": "poll:RAC-0007:ON_SCENE:2024-06-11T10:02:00-05:00", "external_id": "RAC-0007",
         "status": "ON_SCENE", "note": "Officer on scene."},
        {"event_id": "poll:RAC-0008:closed:2024-06-11T11:30:00-05:00", "external_id": "RAC-0008",
         "status": "closed", "note": ""},
    ]


def test_settings_are_validated(animal_care: Any) -> None:
    integration = IntegrationFactory.build(department=animal_care, adapter="open311", settings={"endpoint": "ftp://x"})
    with pytest.raises(ValidationError, match="'endpoint' must be an http"):
        integration.full_clean()
    integration.adapter = "carrier-pigeon"
    with pytest.raises(ValidationError, match="There is no adapter 'carrier-pigeon'"):
        integration.full_clean()
    webhook = IntegrationFactory.build(department=animal_care, settings={"url": "https://rac.example/hook"},
                                       status_mapping={"DONE": "finished"}, poll_for_updates=True)
    with pytest.raises(ValidationError) as refusal:
        webhook.full_clean()
    assert "Not CivicDesk statuses: finished" in str(refusal.value)
    assert "cannot poll" in str(refusal.value)
