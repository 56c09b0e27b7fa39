"""python manage.py import_nyc_csv FILE: load an NYC open data "311 Service Requests" CSV."""

import io
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from civicdesk.opendata.layout import LAYOUT_LABELS
from civicdesk.opendata.models import SOURCE_LENGTH
from civicdesk.opendata.services import DEFAULT_BATCH_SIZE, DEFAULT_SOURCE, BadHeader, ImportReport, import_csv

LISTED_BAD_ROWS = 50


class Command(BaseCommand):
    help = (
        "Import an NYC open data '311 Service Requests' CSV (legacy 41-column or 2024 44-column header). "
        "Rows already imported from the same source are skipped; bad rows are listed and not imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file, as downloaded from NYC Open Data.")
        parser.add_argument(
            "--source", default=DEFAULT_SOURCE,
            help=f"Name of the data source; a Unique Key is imported once per source (default {DEFAULT_SOURCE}).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
            help=f"Requests written per transaction (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        source, batch_size = options["source"], options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not 0 < len(source) <= SOURCE_LENGTH:
            raise CommandError(f"--source must be 1 to {SOURCE_LENGTH} characters.")
        try:
            raw = path.open("rb")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        quiet = options["verbosity"] == 0
        progress = tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc="Importing", file=sys.stderr,
                        disable=True if quiet else None)
        with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as file, progress as bar:

            def show_progress(report: ImportReport) -> None:
                bar.update(raw.tell() - bar.n)
                bar.set_postfix(imported=report.imported, skipped=report.skipped, bad=report.bad_count)

            try:
                report = import_csv(file, source=source, batch_size=batch_size, on_batch=show_progress)
            except BadHeader as error:
                raise CommandError(f"{path}: {error}") from None
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{path} is not UTF-8 text ({error.reason} at byte {error.start} of a read block). Rows before "
                    "the problem were imported and are skipped when you run the import again."
                ) from None
        self._print_report(report, path, source)

    def _print_report(self, report: ImportReport, path: Path, source: str) -> None:
        self.stdout.write(self.style.SUCCESS(
            f"Imported {report.imported:,} requests from {path} ({LAYOUT_LABELS[report.layout]} header)."
        ))
        self.stdout.write(f"Skipped {report.skipped:,} rows already imported from source '{source}'.")
        if not report.bad_count:
            self.stdout.write("No bad rows.")
            return
        self.stdout.write(self.style.WARNING(f"{report.bad_count:,} bad rows were not imported:"))
        for bad in report.bad_rows[:LISTED_BAD_ROWS]:
            self.stdout.write(f"  line {bad.line}: {bad.reason}")
        if report.bad_count > LISTED_BAD_ROWS:
            self.stdout.write(f"  ... and {report.bad_count - LISTED_BAD_ROWS:,} more.")
