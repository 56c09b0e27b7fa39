import logging
import signal
from datetime import datetime
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from civicdesk.notifications.schedule import add_jobs


class Command(BaseCommand):
    help = "Run CivicDesk's periodic work (civicdesk/notifications/schedule.py): each job enqueues its task."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="Print the jobs and their next run, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            logging.getLogger("apscheduler").setLevel(logging.WARNING)
            preview = add_jobs(BackgroundScheduler(timezone=settings.TIME_ZONE))
            preview.start(paused=True)  # paused: computes next run times without running anything
            for job in preview.get_jobs():
                next_run: datetime | None = job.next_run_time
                self.stdout.write(f"{job.name}\t{job.trigger}\tnext {next_run:%Y-%m-%d %H:%M %Z}" if next_run
                                  else f"{job.name}\t{job.trigger}")
            preview.shutdown(wait=False)
            return
        scheduler = add_jobs(BlockingScheduler(timezone=settings.TIME_ZONE))

        def stop(signum: int, frame: FrameType | None) -> None:
            if scheduler.running:  # a process group kill can deliver SIGTERM twice
                scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Scheduler running {len(scheduler.get_jobs())} periodic jobs.")
        try:
            scheduler.start()
        except KeyboardInterrupt:
            stop(signal.SIGINT, None)
