"""python manage.py export_nyc_csv: write requests in the NYC open data "311 Service Requests" layout."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from civicdesk.opendata.layout import LAYOUT_LABELS, LAYOUTS, LEGACY
from civicdesk.opendata.services import (
    BadExportOption,
    ExportOptions,
    export_csv_lines,
    parse_export_options,
    requests_for_export,
)


class Command(BaseCommand):
    help = (
        "Export service requests as an NYC open data '311 Service Requests' CSV. "
        "Reporter contact details are never exported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", default="-", help="File to write, or - for standard output (default).")
        parser.add_argument(
            "--layout", default=LEGACY,
            help=f"Header layout: {' or '.join(LAYOUTS)} (default {LEGACY}, the 41-column header).",
        )
        parser.add_argument("--since", default="", help="Only requests created on or after this date (YYYY-MM-DD).")
        parser.add_argument("--status", default="", help="Only open or only closed requests.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            export = parse_export_options(layout=options["layout"], since=options["since"], status=options["status"])
        except BadExportOption as error:
            raise CommandError(str(error)) from None
        quiet = options["verbosity"] == 0
        output = options["output"]
        if output == "-":
            self._export(export, lambda line: self.stdout.write(line, ending=""), quiet)
            return
        try:
            file = Path(output).open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        with file:
            written = self._export(export, file.write, quiet)
        self.stderr.write(
            f"Exported {written:,} requests to {output} ({LAYOUT_LABELS[export.layout]} header).",
            style_func=self.style.SUCCESS,
        )

    def _export(self, export: ExportOptions, write: Callable[[str], object], quiet: bool) -> int:
        """Write the header and every request, showing progress on stderr; returns how many requests."""
        written = 0
        with tqdm(total=requests_for_export(export).count(), unit=" requests", desc="Exporting", file=sys.stderr,
                  disable=True if quiet else None) as bar:
            lines = export_csv_lines(export)
            write(next(lines))
            for line in lines:
                write(line)
                written += 1
                bar.update()
        return written
