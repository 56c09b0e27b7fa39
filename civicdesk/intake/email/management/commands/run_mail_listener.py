import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from civicdesk.intake.email.listener import mail_listener


class Command(BaseCommand):
    help = "Receive mail for the 311 addresses over SMTP and file it (MAIL_LISTENER_HOST:MAIL_LISTENER_PORT)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=None, help="Address to listen on (default MAIL_LISTENER_HOST).")
        parser.add_argument("--port", type=int, default=None, help="Port (default MAIL_LISTENER_PORT).")

    def handle(self, *args: Any, **options: Any) -> None:
        listener = mail_listener(options["host"], options["port"])
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        listener.start()
        self.stdout.write(f"Listening for mail on {listener.hostname}:{listener.port}")
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            listener.stop()
