import signal
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = ("Run the background task worker of the configured TASK_BACKEND (the Procfile's `worker:` line): "
            "django-tasks-db's db_worker for the database, RQ's worker for Redis.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true", help="Run the tasks waiting now, then exit.")
        parser.add_argument("--interval", type=float, default=0.5,
                            help="Database backend: seconds between looks at an empty queue (default 0.5).")

    def handle(self, *args: Any, **options: Any) -> None:
        config: dict[str, Any] = settings.TASKS["default"]
        backend = config["BACKEND"]
        queues: list[str] = list(config.get("QUEUES") or ["default"])
        if options["interval"] <= 0:
            raise CommandError("--interval must be more than 0 seconds.")
        kind = _kind_of(backend)
        if kind == "database":
            # A burst runs what waits now: no random start-up delay (it spreads long-running workers' first looks)
            # and no reloader (the library refuses it with --batch, after a warning).
            burst = {"batch": True, "startup_delay": False, "reload": False} if options["burst"] else {}
            call_command("db_worker", queue_name=",".join(queues), interval=options["interval"],
                         verbosity=options["verbosity"], **burst)
        elif kind == "rq":
            # django-tasks-rq's Job class (it reports results back to the Tasks API); RQ's own scheduler runs tasks
            # enqueued for later (a department delivery's next attempt). SimpleWorker runs each task in this process,
            # as db_worker does: RQ's default forks a process per task, and each would open its own database pool
            # and drop it unclosed when the task ends.
            call_command("rqworker", *queues, job_class="django_tasks_rq.Job", worker_class="rq.worker.SimpleWorker",
                         with_scheduler=True, burst=options["burst"], verbosity=options["verbosity"])
        elif kind == "immediate":
            # Tasks run inside the web process: nothing to do here. Waiting (rather than exiting) keeps `make run`
            # (honcho stops every process when one exits) serving.
            self.stdout.write("Tasks run in the web process (TASK_BACKEND=immediate): this worker has nothing to do.")
            if not options["burst"]:
                signal.pause()
        else:
            raise CommandError(f"No worker is known for the task backend {backend}.")


def _kind_of(backend: str) -> str:
    """Which TASK_BACKEND a backend class is: one of settings.TASK_BACKEND_CLASSES or a class derived from one (the
    libraries' own, django_tasks_db.DatabaseBackend, included); "" for any other."""
    try:
        found = import_string(backend)
    except ImportError:
        return ""
    if not isinstance(found, type):
        return ""
    for kind, path in settings.TASK_BACKEND_CLASSES.items():
        # The library's class: ours for the database derives from django-tasks-db's.
        library = next(cls for cls in import_string(path).__mro__ if not cls.__module__.startswith("civicdesk."))
        if issubclass(found, library):
            return kind
    return ""
