"""`manage.py run_task_worker` (the Procfile's worker): the worker of whichever task backend is configured."""

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from civicdesk.catalog.choices import ServiceKind
from civicdesk.conftest import WEST_POINT, City
from civicdesk.open311.models import RequestToken
from civicdesk.open311.services import queue_request, token_state
from civicdesk.open311.tests.factories import APIClientFactory
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact, Submission
from civicdesk.service_requests.models import ServiceRequest

REPORT = Submission(service_code="pothole", channel=Channel.API, lat=str(WEST_POINT[0]), lon=str(WEST_POINT[1]),
                    answers={"size": "large"}, contact=Contact(email="ana@example.org"))


def _queue_a_batch_report(city: City) -> str:
    city.pothole.kind = ServiceKind.BATCH
    city.pothole.save()
    return queue_request(REPORT, APIClientFactory.create(name="GeoReporter"))


@pytest.mark.django_db(transaction=True)
def test_on_the_database_it_runs_db_worker(city: City, database_tasks: None) -> None:
    token = _queue_a_batch_report(city)
    assert token_state(token).request_id is None  # type: ignore[union-attr]

    call_command("run_task_worker", "--burst", verbosity=0)

    filed = ServiceRequest.objects.get()
    assert token_state(token).request_id == filed.public_id  # type: ignore[union-attr]


@pytest.mark.django_db(transaction=True)
def test_a_burst_on_the_database_starts_at_once(city: City, database_tasks: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """No random start-up delay (db_worker's default, up to a second, for long-running workers starting together):
    the tests and a cron'd burst run what waits now."""
    from django_tasks_db.management.commands import db_worker

    slept: list[float] = []
    monkeypatch.setattr(db_worker.time, "sleep", slept.append)
    token = _queue_a_batch_report(city)

    call_command("run_task_worker", "--burst", verbosity=0)

    assert slept == [] and token_state(token).request_id == ServiceRequest.objects.get().public_id  # type: ignore[union-attr]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_on_redis_it_runs_rq_worker_and_tokens_read_the_queue_there(city: City, redis_tasks: str) -> None:
    """TASK_BACKEND=rq end to end against the local Redis: queued there, token 'waiting', RQ's worker files it,
    the token then gives the id."""
    token = _queue_a_batch_report(city)
    assert token_state(token).request_id is None  # type: ignore[union-attr]
    assert ServiceRequest.objects.count() == 0

    call_command("run_task_worker", "--burst", verbosity=0)

    filed = ServiceRequest.objects.get()
    assert (filed.channel, filed.answers, filed.reporter.email) == (Channel.API, {"size": "large"}, "ana@example.org")
    assert RequestToken.objects.get(token=token).request == filed
    assert token_state(token).request_id == filed.public_id  # type: ignore[union-attr]


@pytest.mark.django_db(transaction=True)
def test_the_librarys_own_database_backend_gets_db_worker_too(city: City, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    token = _queue_a_batch_report(city)

    call_command("run_task_worker", "--burst", verbosity=0)

    assert token_state(token).request_id == ServiceRequest.objects.get().public_id  # type: ignore[union-attr]


@pytest.mark.parametrize("backend", ["no.such.Backend", "django_tasks.backends.dummy.DummyBackend"])
def test_a_backend_without_a_worker_is_refused(backend: str, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": backend}}
    with pytest.raises(CommandError, match="No worker is known for the task backend"):
        call_command("run_task_worker", "--burst")


def test_the_in_process_backend_has_no_worker_to_run(capsys: pytest.CaptureFixture[str]) -> None:
    """TASK_BACKEND=immediate (the tests' own): nothing to do; without --burst it waits, so `make run` goes on."""
    call_command("run_task_worker", "--burst")
    assert "this worker has nothing to do" in capsys.readouterr().out


@pytest.mark.parametrize("interval", ["0", "-1"])
def test_a_bad_interval_is_refused(interval: str, database_tasks: None) -> None:
    with pytest.raises(CommandError, match="--interval must be more than 0 seconds"):
        call_command("run_task_worker", "--burst", "--interval", interval)
