from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.routing.importers import ADDRESS_BATCH_SIZE, ImportFileError, import_addresses, write_report


class Command(BaseCommand):
    help = (
        "Create or update the address points of the local geocoder from a CSV file (address_id, house_number, "
        "street, unit, zip, city, lat, lon) or a GeoJSON FeatureCollection of Points with those properties."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="A .csv or .geojson file.")
        parser.add_argument("--batch-size", type=int, default=ADDRESS_BATCH_SIZE, help="Rows written per query.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            report = import_addresses(
                options["file"], batch_size=options["batch_size"], progress=options["verbosity"] > 0
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        write_report(self, report, "address points")
