from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.demo.history import NoDemoCity, generate_history


class Command(BaseCommand):
    help = "Write N historical service requests with a realistic mix of services, channels and statuses."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("count", type=int, help="How many requests to write.")
        parser.add_argument("--seed", type=int, default=311, help="The same seed writes the same requests.")
        parser.add_argument("--open-share", type=float, default=None,
                            help="Fraction of requests left open, 0 to 1 (default: most older ones are closed).")
        parser.add_argument("--days", type=int, default=365, help="Spread the requests over the last D days.")
        parser.add_argument("--batch-size", type=int, default=5000, help="Requests written per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = generate_history(
                options["count"], seed=options["seed"], open_share=options["open_share"], days=options["days"],
                batch_size=options["batch_size"], progress=options["verbosity"] > 0,
            )
        except (NoDemoCity, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} requests."))
