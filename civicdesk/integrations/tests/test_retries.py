"""Retries: exponential backoff with jitter, the dead letter, an outage, and a worker that died."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicdesk.integrations import services
from civicdesk.integrations.adapters.webhook import WebhookAdapter
from civicdesk.integrations.choices import DeliveryState
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.service_requests.choices import EventKind
from tools.fake_department import FakeDepartment

pytestmark = pytest.mark.django_db


def never_random() -> float:
    return 0.0


def always_top() -> float:
    return 1.0


@pytest.mark.parametrize(("attempt", "shortest", "longest"), [
    (1, timedelta(seconds=15), timedelta(seconds=30)),
    (2, timedelta(seconds=30), timedelta(minutes=1)),
    (4, timedelta(minutes=2), timedelta(minutes=4)),
    (20, timedelta(hours=3), timedelta(hours=6)),  # capped at six hours
])
def test_backoff_doubles_with_jitter_between_half_and_all(
    attempt: int, shortest: timedelta, longest: timedelta
) -> None:
    assert services.backoff_delay(attempt, never_random) == shortest
    assert services.backoff_delay(attempt, always_top) == longest
    assert services.backoff_delay(attempt, lambda: 0.5) == (shortest + longest) / 2


def test_a_department_outage_is_retried_later_not_lost(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment, caplog: Any
) -> None:
    fake_department.fail_next(1)
    request = report_dog()
    now = timezone.now()

    with caplog.at_level("WARNING"):
        delivery = services.send_delivery(Delivery.objects.get(request=request).pk, now=now, rand=never_random)

    assert delivery is not None
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 1)
    assert delivery.next_attempt_at == now + timedelta(seconds=15)
    assert "answered 503" in delivery.last_error
    assert "retrying at" in caplog.text
    # Not due yet: the sweep leaves it alone; once due, it goes.
    assert services.send_due_deliveries(now=now + timedelta(seconds=14)) == 0
    assert services.send_due_deliveries(now=now + timedelta(seconds=15)) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.external_id) == (DeliveryState.SENT, 2, "RAC-0001")


def test_after_the_last_attempt_the_delivery_is_dead_and_staff_are_told(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment
) -> None:
    fake_department.fail_next(services.MAX_ATTEMPTS)
    request = report_dog()
    now = timezone.now()

    for _attempt in range(services.MAX_ATTEMPTS):
        now += timedelta(hours=7)  # past any backoff
        assert services.send_due_deliveries(now=now) == 0

    delivery = Delivery.objects.get(request=request)
    assert (delivery.state, delivery.attempts) == (DeliveryState.DEAD, services.MAX_ATTEMPTS)
    assert services.send_due_deliveries(now=now + timedelta(days=1)) == 0  # dead stays dead
    alerts = request.events.filter(kind=EventKind.NOTE, is_public=False, note__startswith="Could not hand")
    assert alerts.count() == 1
    assert f"after {services.MAX_ATTEMPTS} attempt(s)" in alerts.get().note


def test_down_then_back_every_request_is_delivered_exactly_once(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment
) -> None:
    fake_department.fail_next(7)
    requests = [report_dog(f"Dog number {number}") for number in range(5)]
    now = timezone.now()

    rounds = 0
    while Delivery.objects.exclude(state=DeliveryState.SENT).exists():
        services.send_due_deliveries(now=now)
        now += timedelta(minutes=5)
        rounds += 1
        assert rounds < 10

    assert sorted(order.civicdesk_id for order in fake_department.orders.values()) == sorted(
        request.public_id for request in requests)
    assert len(fake_department.calls) == 5 + 7  # every failed call was tried again, each success only once
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_a_worker_killed_mid_delivery_is_covered_by_the_lease_and_the_idempotency_key(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment
) -> None:
    request = report_dog()
    delivery = Delivery.objects.get(request=request)
    now = timezone.now()
    # A worker claims it, the department receives it... and the worker is killed before writing "sent".
    Delivery.objects.filter(pk=delivery.pk).update(claimed_until=now + services.LEASE, attempts=1)
    delivery.refresh_from_db()
    WebhookAdapter().deliver(delivery)
    assert len(fake_department.orders) == 1

    # While the dead worker's lease runs, nobody else sends it.
    assert services.send_due_deliveries(now=now + timedelta(minutes=1)) == 0
    assert len(fake_department.calls) == 1

    # After the lease, the restarted worker sends it again, with the same key: the department keeps one order.
    assert services.send_due_deliveries(now=now + services.LEASE + timedelta(seconds=1)) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.external_id) == (DeliveryState.SENT, 2, "RAC-0001")
    assert [call["idempotency_key"] for call in fake_department.calls] == [delivery.idempotency_key] * 2
    assert len(fake_department.orders) == 1


def test_a_sent_delivery_is_never_sent_again_by_the_sweep(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment
) -> None:
    report_dog()
    assert services.send_due_deliveries() == 1
    assert services.send_due_deliveries(now=timezone.now() + timedelta(days=1)) == 0
    assert len(fake_department.calls) == 1
