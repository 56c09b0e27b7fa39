"""django-tasks-db's database backend, writing each task's row with one plain INSERT when queued from sync code
(`enqueue`; `aenqueue` keeps the library's ORM save).

The library saves the row through the ORM's general-purpose save (Model.save and the insert compiler): about
0.4 ms of CPU a task, against 0.16 ms for the same INSERT sent directly (bench/README.md, 2026-12-07 sixth
session). A batch Open311 POST queues one task and answers at once, so that was its largest single cost. The
row, its values (each field prepares its own, as in a save), the signals (pre_save, post_save, task_enqueued) and
the worker (db_worker) are the library's; only how the INSERT statement is built differs, and the result object
handed back is built once.
"""

from functools import cache
from typing import Any

from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import NOT_PROVIDED, Field
from django.db.models.signals import post_save, pre_save
from django_tasks.base import Task
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from django_tasks_db import DatabaseBackend as LibraryDatabaseBackend
from django_tasks_db.backend import TaskResult
from django_tasks_db.models import DBTaskResult


class DatabaseBackend(LibraryDatabaseBackend):
    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        """The library's enqueue, with the result built once: the library builds it for the task_enqueued signal and
        again for the caller, and each build imports the task anew and normalises its arguments again (70 µs of a
        batch POST's ~2.5 ms on a slow day here). The signal's receivers and the caller get the same object."""
        self.validate_task(task)
        result: TaskResult = self._task_to_db_task(task, args, kwargs).task_result
        task_enqueued.send(type(self), task_result=result)
        return result

    def _task_to_db_task(self, task: Task, args: Any, kwargs: Any) -> DBTaskResult:
        row: DBTaskResult = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,  # type: ignore[misc]  # None until pre_save, as in the library
            backend_name=self.alias,
        )
        insert_row(row)
        return row


def insert_row(row: DBTaskResult) -> None:
    """Save a new task row as Model.save_base does for a model without parents: pre_save (django-tasks-db sets
    run_after there), each field's value prepared for the database, one INSERT, post_save."""
    using = router.db_for_write(DBTaskResult, instance=row)
    connection = connections[using]
    fields, statement = _insert_statement(using)
    if statement is None:  # a field needs the ORM's own handling (a database default, a placeholder of its own)
        row.save(force_insert=True, using=using)
        return
    pre_save.send(sender=DBTaskResult, instance=row, raw=False, using=using, update_fields=None)
    values = [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
    with transaction.mark_for_rollback_on_error(using=using), connection.cursor() as cursor:
        cursor.execute(statement, values)
    row._state.adding = False
    row._state.db = using
    post_save.send(sender=DBTaskResult, instance=row, created=True, update_fields=None, raw=False, using=using)


@cache
def _insert_statement(using: str) -> tuple[list[Field], str | None]:
    """The row's columns and `INSERT INTO ... VALUES (%s, ...)` for this database; None for the statement when a
    field's value cannot be sent as a plain parameter."""
    connection: BaseDatabaseWrapper = connections[using]
    fields: list[Field] = list(DBTaskResult._meta.local_concrete_fields)
    if any(field.db_default is not NOT_PROVIDED or field.generated or hasattr(field, "get_placeholder")
           for field in fields):
        return fields, None
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return fields, f"INSERT INTO {quote(DBTaskResult._meta.db_table)} ({columns}) VALUES ({placeholders})"
