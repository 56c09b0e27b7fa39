"""Many writers at once: on SQLite (WAL, busy timeout, IMMEDIATE transactions) and on PostgreSQL alike."""

import functools
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from civicdesk.conftest import WEST_POINT, City
from civicdesk.notifications.models import Notification
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind, Resolution, Status
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import IllegalTransition, change_status
from civicdesk.service_requests.models import RequestEvent, ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

THREADS = 8
REQUESTS_PER_THREAD = 15


def run_at_once(work: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run each callable in its own thread, all released together; return their results and errors."""
    start = threading.Barrier(len(work))
    results: list[Any] = []
    errors: list[BaseException] = []

    def worker(job: Callable[[], Any]) -> None:
        try:
            start.wait()
            results.append(job())
        except BaseException as error:  # noqa: B036 - every failure is reported by the test
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=worker, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return results, errors


@pytest.mark.django_db
def test_sqlite_is_a_file_in_wal_mode_with_a_busy_timeout() -> None:
    """The premise of the tests below: on SQLite they run against the production set-up."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL queues writers with row locks")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "memory" not in str(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_all_get_their_requests_filed(city: City) -> None:
    def file_many(thread: int) -> list[int]:
        filed = []
        for n in range(REQUESTS_PER_THREAD):
            submission = Submission(
                service_code="pothole", channel=Channel.MOBILE, description=f"Pothole {thread}-{n}",
                lat=WEST_POINT[0] + 0.0001 * n, lon=WEST_POINT[1], answers={"size": "small"},
                contact=Contact(email=f"resident{thread}-{n}@example.org"),
            )
            filed.append(file_request(submission, actor=Actor.resident()).request.pk)
        return filed

    results, errors = run_at_once([functools.partial(file_many, thread) for thread in range(THREADS)])

    assert [repr(error) for error in errors] == []  # in particular no "database is locked"
    total = THREADS * REQUESTS_PER_THREAD
    stored = sorted(ServiceRequest.objects.values_list("pk", flat=True))
    assert sorted(pk for filed in results for pk in filed) == stored
    assert ServiceRequest.objects.count() == total
    assert ServiceRequest.objects.values("public_id").distinct().count() == total
    assert RequestEvent.objects.filter(kind=EventKind.CREATED).count() == total
    assert RequestEvent.objects.filter(kind=EventKind.ROUTED).count() == total
    # Each acknowledgement was sent once the request's transaction committed, and recorded.
    assert Notification.objects.filter(status="sent").count() == total
    assert RequestEvent.objects.filter(kind=EventKind.NOTIFICATION_SENT).count() == total
    assert len(mail.outbox) == total


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_staff_closing_the_same_request_at_once_one_wins(city: City, as_worker: Actor, round_: int) -> None:
    request = ServiceRequestFactory.create(service=city.pothole, status=Status.IN_PROGRESS)

    def close(resolution: str) -> str:
        change_status(ServiceRequest.objects.get(pk=request.pk), Status.RESOLVED, actor=as_worker,
                      channel=Channel.WEB, resolution=resolution)
        return resolution

    winners, errors = run_at_once([lambda: close(Resolution.FIXED), lambda: close(Resolution.NO_ACTION_NEEDED)])

    assert len(winners) == 1
    assert [type(error) for error in errors] == [IllegalTransition]
    assert str(errors[0]) == "The request is already resolved."
    saved = ServiceRequest.objects.get(pk=request.pk)
    assert (saved.status, saved.resolution) == (Status.RESOLVED, winners[0])
    event = RequestEvent.objects.get(request=request)
    assert (event.from_status, event.to_status, event.data) == (
        Status.IN_PROGRESS, Status.RESOLVED, {"resolution": winners[0]})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_legal_changes_at_once_both_land_in_the_history(city: City, as_worker: Actor, round_: int) -> None:
    request = ServiceRequestFactory.create(service=city.pothole, status=Status.ACKNOWLEDGED)

    def move(status: str) -> str:
        change_status(ServiceRequest.objects.get(pk=request.pk), status, actor=as_worker, channel=Channel.WEB)
        return status

    results, errors = run_at_once([lambda: move(Status.IN_PROGRESS), lambda: move(Status.SCHEDULED)])

    assert errors == []
    events = list(RequestEvent.objects.filter(request=request).order_by("id"))
    assert [(event.from_status, event.to_status) for event in events] == [
        (Status.ACKNOWLEDGED, events[0].to_status), (events[0].to_status, events[1].to_status)]
    assert {event.to_status for event in events} == {Status.IN_PROGRESS, Status.SCHEDULED}
    assert ServiceRequest.objects.get(pk=request.pk).status == events[1].to_status
