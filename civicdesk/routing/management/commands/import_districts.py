from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.routing.importers import ImportFileError, import_districts, write_report


class Command(BaseCommand):
    help = "Create or update districts of one kind from a GeoJSON FeatureCollection of (Multi)Polygons."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="A .geojson file, longitude/latitude (WGS84).")
        parser.add_argument("--kind", required=True, help="District kind, e.g. council-district, sanitation-zone.")
        parser.add_argument("--code-field", help="The property holding each district's code (default: code, ...).")
        parser.add_argument("--name-field", help="The property holding each district's name (default: name, ...).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_districts(
                options["file"], options["kind"], code_field=options["code_field"], name_field=options["name_field"]
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        write_report(self, report, "districts")

