"""The whole loop over real HTTP: CivicDesk hands a request to Riverton Animal Control's system, the
department moves it through its own statuses and pushes each one back to CivicDesk's live server."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicdesk.integrations.choices import DeliveryState
from civicdesk.integrations.models import Delivery, Integration
from civicdesk.integrations.tests.conftest import SECRET
from civicdesk.service_requests.choices import ActorKind, EventKind, Status
from civicdesk.testing.tasks import DATABASE_TASKS, run_task_worker
from tools.fake_department import FakeDepartment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pushing_department(live_server: Any, fake_department: FakeDepartment) -> Iterator[FakeDepartment]:
    fake_department.updates_url = f"{live_server.url}/integrations/riverton-animal-control/updates"
    yield fake_department


def test_a_request_goes_out_and_its_statuses_come_back(
    report_dog: Any, animal_control: Integration, pushing_department: FakeDepartment
) -> None:
    request = report_dog()  # committed: the delivery is sent at once by the test task backend

    delivery = Delivery.objects.get(request=request)
    assert (delivery.state, delivery.external_id) == (DeliveryState.SENT, "RAC-0001")
    walked = [pushing_department.move("RAC-0001", word) for word in ("RECEIVED", "DISPATCHED", "ON_SCENE")]
    done = pushing_department.move("RAC-0001", "COMPLETE", note="Dog taken to the shelter.")

    assert [push.status_code for push in walked if push] == [200, 200, 200]
    assert done is not None and done.status_code == 200, done
    assert done.body["status"] == "closed"
    request.refresh_from_db()
    assert (request.status, request.resolution) == (Status.CLOSED, "fixed")
    changes = list(request.events.filter(kind=EventKind.STATUS_CHANGED).values_list(
        "from_status", "to_status", "actor_kind", "actor_name"))
    assert changes == [
        (Status.NEW, Status.ACKNOWLEDGED, ActorKind.INTEGRATION, "Riverton Animal Control"),
        (Status.ACKNOWLEDGED, Status.IN_PROGRESS, ActorKind.INTEGRATION, "Riverton Animal Control"),
        (Status.IN_PROGRESS, Status.CLOSED, ActorKind.INTEGRATION, "Riverton Animal Control"),
    ]
    assert request.events.get(to_status=Status.CLOSED).note == "Dog taken to the shelter."


def test_a_forged_push_is_refused_over_http(
    report_dog: Any, animal_control: Integration, pushing_department: FakeDepartment
) -> None:
    request = report_dog()

    forged = pushing_department.push({"event_id": "forged-1", "external_id": "RAC-0001", "status": "COMPLETE"},
                                     secret="guessed-" + SECRET)

    assert forged.status_code == 403
    request.refresh_from_db()
    assert request.status == Status.NEW


def test_the_database_worker_delivers_and_a_restarted_worker_finishes_a_killed_ones_work(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from civicdesk.integrations.tasks import send_due_deliveries

    settings.TASKS = DATABASE_TASKS
    first, second = report_dog("First dog"), report_dog("Second dog")
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_to_department").count() == 2
    # The worker that took the second request's task was killed mid-send: its task never finishes, its
    # lease on the delivery runs out. Only the first task is left for the worker to run.
    killed = Delivery.objects.get(request=second)
    Delivery.objects.filter(pk=killed.pk).update(claimed_until=timezone.now() - timedelta(seconds=1), attempts=1)
    DBTaskResult.objects.filter(args_kwargs__args=[killed.pk]).update(status="RUNNING")

    run_task_worker()
    assert Delivery.objects.get(request=first).state == DeliveryState.SENT
    assert Delivery.objects.get(pk=killed.pk).state == DeliveryState.PENDING

    send_due_deliveries.enqueue()  # what the scheduler does every minute
    run_task_worker()

    killed.refresh_from_db()
    assert (killed.state, killed.attempts) == (DeliveryState.SENT, 2)
    assert sorted(order.civicdesk_id for order in fake_department.orders.values()) == sorted(
        [first.public_id, second.public_id])


def database_url() -> str:
    """The test database, as a DATABASE_URL another process can open."""
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    return f"postgres://{config['USER']}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


@pytest.mark.slow
def test_a_worker_process_killed_mid_delivery_is_finished_after_restart_exactly_once(
    report_dog: Any, animal_control: Integration, fake_department: FakeDepartment, settings: Any
) -> None:
    import os
    import subprocess
    import sys

    from civicdesk.integrations import services

    settings.TASKS = DATABASE_TASKS
    fake_department.hold_next()
    request = report_dog()
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "civicdesk.settings", "DATABASE_URL": database_url(),
                   "TASK_BACKEND": "database"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        cwd=settings.BASE_DIR, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert fake_department.holding.wait(30), "the worker never sent the delivery"
    finally:
        worker.kill()  # mid-delivery: the department has the work order, the worker never hears back
        worker.wait(10)
    fake_department.release.set()
    delivery = Delivery.objects.get(request=request)
    assert (delivery.state, delivery.attempts, len(fake_department.orders)) == (DeliveryState.PENDING, 1, 1)
    assert delivery.claimed_until is not None

    # The restarted worker's sweep, once the dead worker's lease has run out:
    assert services.send_due_deliveries(now=timezone.now() + services.LEASE + timedelta(seconds=1)) == 1

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.external_id) == (DeliveryState.SENT, 2, "RAC-0001")
    assert [call["idempotency_key"] for call in fake_department.calls] == [delivery.idempotency_key] * 2
    assert list(fake_department.orders) == ["RAC-0001"]  # one work order, though it was sent twice
