"""The database task backend's own INSERT writes exactly the row django-tasks-db's ORM save writes."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.signals import task_enqueued
from django_tasks_db import DatabaseBackend as LibraryDatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from civicdesk import task_database
from civicdesk.task_database import DatabaseBackend
from civicdesk.testing.tasks import run_task_worker

pytestmark = pytest.mark.usefixtures("database_tasks")


@task()
def add(first: int, second: int) -> int:
    return first + second


@task(priority=7, queue_name="default")
def describe(report: dict[str, Any]) -> str:
    return f"{report['service']} at {report['where']['lat']}"


def _row(result_id: str) -> dict[str, Any]:
    return dict(DBTaskResult.objects.filter(id=result_id).values().get())


def _compared(row: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name not in ("id", "enqueued_at")}


REPORT = {"service": "pothole", "where": {"lat": 41.85, "lon": -87.68}, "answers": ["large", "curb"], "note": "é ✓"}
LATER = datetime(2031, 5, 4, 3, 2, 1, tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "args"),
    [(lambda: add, (2, 3)), (lambda: describe, (REPORT,)),
     (lambda: describe.using(run_after=LATER, priority=-3), (REPORT,))],  # using() checks against the backend
    ids=["plain", "json, priority", "deferred"],
)
def test_the_row_is_the_one_the_library_writes(make: Any, args: tuple[Any, ...]) -> None:
    queued = make()
    backend = task_backends["default"]
    assert type(backend) is DatabaseBackend
    before = datetime.now(UTC)

    ours = _row(queued.enqueue(*args).id)
    written: DBTaskResult = LibraryDatabaseBackend._task_to_db_task(backend, queued, list(args), {})  # type: ignore[arg-type]
    libraries = _row(str(written.id))

    assert _compared(ours) == _compared(libraries)
    assert ours["status"] == "READY" and ours["args_kwargs"] == {"args": list(args), "kwargs": {}}
    assert ours["run_after"] == (queued.run_after or get_date_max())
    assert before - timedelta(seconds=1) <= ours["enqueued_at"] <= datetime.now(UTC)


@pytest.mark.django_db
def test_the_result_reads_back_like_the_libraries() -> None:
    queued = describe.using(run_after=LATER).enqueue(REPORT)

    again = describe.get_result(queued.id)

    assert (again.id, again.status, again.args, again.kwargs) == (queued.id, TaskResultStatus.READY, [REPORT], {})
    assert again.task.run_after == LATER and again.task.priority == 7
    assert again.enqueued_at == queued.enqueued_at


@pytest.mark.django_db
def test_the_saves_signals_and_the_enqueued_signal_are_sent() -> None:
    heard: list[tuple[str, Any]] = []

    def on_pre_save(instance: DBTaskResult, **kwargs: Any) -> None:
        heard.append(("pre_save", instance.run_after))

    def on_post_save(instance: DBTaskResult, created: bool, **kwargs: Any) -> None:
        heard.append(("post_save", created))

    def on_enqueued(task_result: Any, **kwargs: Any) -> None:
        heard.append(("enqueued", task_result.id))
        results.append(task_result)

    results: list[Any] = []

    pre_save.connect(on_pre_save, sender=DBTaskResult)
    post_save.connect(on_post_save, sender=DBTaskResult)
    task_enqueued.connect(on_enqueued)
    try:
        queued = add.enqueue(1, 1)
    finally:
        pre_save.disconnect(on_pre_save, sender=DBTaskResult)
        post_save.disconnect(on_post_save, sender=DBTaskResult)
        task_enqueued.disconnect(on_enqueued)

    # django-tasks-db's own pre_save receiver (connected first) has already set the "no later than" date.
    assert heard == [("pre_save", get_date_max()), ("post_save", True), ("enqueued", queued.id)]
    assert results[0] is queued  # built once, for the signal and the caller


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_what_it_queued() -> None:
    sum_of, description = add.enqueue(20, 22), describe.enqueue(REPORT)
    later = describe.using(run_after=LATER).enqueue(REPORT)

    run_task_worker()

    assert add.get_result(sum_of.id).return_value == 42
    assert describe.get_result(description.id).return_value == "pothole at 41.85"
    assert describe.get_result(later.id).status == TaskResultStatus.READY  # not before its time


@pytest.mark.django_db(transaction=True)
def test_a_row_queued_inside_a_transaction_goes_with_it() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        add.enqueue(1, 2)
        raise RuntimeError("the request failed after queueing")

    assert not DBTaskResult.objects.exists()

    with transaction.atomic():
        kept = add.enqueue(3, 4)
    assert str(DBTaskResult.objects.get().id) == kept.id


@pytest.mark.django_db
def test_a_field_the_plain_insert_cannot_send_goes_through_the_orm(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = list(DBTaskResult._meta.local_concrete_fields)
    monkeypatch.setattr(task_database, "_insert_statement", lambda using: (fields, None))

    queued = add.enqueue(5, 6)

    assert _row(queued.id)["args_kwargs"] == {"args": [5, 6], "kwargs": {}}
