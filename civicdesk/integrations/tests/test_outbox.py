"""The outbox: deliveries are written in the routing's own transaction, to the right systems only."""

from typing import Any

import pytest
from django.db import transaction

from civicdesk.conftest import City
from civicdesk.departments.models import Department
from civicdesk.integrations.choices import DeliveryReason, DeliveryState
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.integrations.tests.factories import IntegrationFactory
from civicdesk.service_requests import lifecycle
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel

pytestmark = pytest.mark.django_db


def test_filing_a_request_writes_one_delivery_per_department_system(
    report_dog: Any, animal_control: Integration, animal_care: Department
) -> None:
    dispatch = IntegrationFactory.create(name="Animal Care email", department=animal_care, adapter="email",
                                         settings={"to": "dispatch@riverton.example"})

    request = report_dog()

    deliveries = list(Delivery.objects.filter(request=request).order_by("integration_id"))
    assert [(d.integration, d.state, d.reason) for d in deliveries] == [
        (animal_control, DeliveryState.PENDING, DeliveryReason.ROUTED),
        (dispatch, DeliveryState.PENDING, DeliveryReason.ROUTED),
    ]
    assert deliveries[0].idempotency_key != deliveries[1].idempotency_key


def test_a_rolled_back_request_leaves_no_delivery(report_dog: Any, animal_control: Integration) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        report_dog()
        assert Delivery.objects.count() == 1  # written inside the transaction...
        raise RuntimeError("the caller's transaction fails after intake")

    assert Delivery.objects.count() == 0  # ...and gone with it


def test_sending_is_queued_only_after_the_commit(
    report_dog: Any, animal_control: Integration, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request = report_dog()
        assert Delivery.objects.get(request=request).state == DeliveryState.PENDING

    assert callbacks  # the immediate test backend sent it once the transaction committed
    assert Delivery.objects.get(request=request).state == DeliveryState.SENT


def test_no_integration_configured_is_a_handled_path(report_dog: Any, stray_dog: Any, caplog: Any) -> None:
    with caplog.at_level("INFO", logger="civicdesk.integrations.services"):
        request = report_dog()

    assert request.department.code == "animals"
    assert Delivery.objects.count() == 0
    assert "No department system is connected" in caplog.text


def test_only_enabled_systems_for_the_service_get_it(
    report_dog: Any, animal_care: Department, city: City
) -> None:
    IntegrationFactory.create(department=animal_care, enabled=False)
    bites_only = IntegrationFactory.create(department=animal_care)
    bites_only.service_types.add(city.pothole)  # any other service than stray dogs

    report_dog()

    assert Delivery.objects.count() == 0


def test_a_transfer_queues_a_delivery_to_the_new_department_and_stops_unsent_ones(
    report_dog: Any, animal_control: Integration, city: City, department_worker: Any
) -> None:
    public_works_system = IntegrationFactory.create(name="Public Works work orders", department=city.public_works)
    request = report_dog()
    first = Delivery.objects.get(request=request)

    lifecycle.transfer_request(request, department=city.public_works, actor=Actor.staff(department_worker),
                               channel=Channel.STAFF, reason="It is a coyote, not a dog: wildlife crew")

    first.refresh_from_db()
    assert first.state == DeliveryState.DEAD
    assert "transferred" in first.last_error
    moved = Delivery.objects.exclude(pk=first.pk).get(request=request)
    assert (moved.integration, moved.reason, moved.state) == (
        public_works_system, DeliveryReason.TRANSFERRED, DeliveryState.PENDING)


def test_a_new_team_in_the_same_department_sends_nothing_again(
    city: City, department_worker: Any
) -> None:
    from civicdesk.service_requests.tests.factories import ServiceRequestFactory

    IntegrationFactory.create(department=city.public_works)
    request = ServiceRequestFactory.create(service=city.pothole, department=city.public_works)

    lifecycle.transfer_request(request, department=city.public_works, team=city.east_crew,
                               actor=Actor.staff(department_worker), channel=Channel.STAFF, reason="East side")

    assert Delivery.objects.count() == 0


def test_a_request_for_two_systems_is_sent_only_when_both_have_it(
    report_dog: Any, animal_control: Integration, animal_care: Department
) -> None:
    from civicdesk.integrations.services import delivery_summary

    IntegrationFactory.create(name="Animal Care email", department=animal_care, adapter="email", settings={})
    request = report_dog()
    webhook, email = Delivery.objects.filter(request=request).order_by("pk")

    Delivery.objects.filter(pk=webhook.pk).update(state=DeliveryState.SENT)
    Delivery.objects.filter(pk=email.pk).update(state=DeliveryState.FAILED)
    summary = delivery_summary(request)
    assert (summary.state, summary.sent_count, len(summary.current)) == ("pending", 1, 2)

    Delivery.objects.filter(pk=email.pk).update(state=DeliveryState.DEAD)
    assert delivery_summary(request).state == "dead"

    Delivery.objects.filter(pk=email.pk).update(state=DeliveryState.SENT)
    assert (delivery_summary(request).state, delivery_summary(request).sent_count) == ("sent", 2)
