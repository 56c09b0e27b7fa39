"""Open-data rows and files for tests, shaped like the NYC 311 Service Requests CSV."""

import csv
import io
import itertools
from collections.abc import Sequence

import factory

from civicdesk.opendata.layout import LAYOUTS, LEGACY, RENAMED
from civicdesk.opendata.models import ComplaintTypeMapping

_unique_keys = itertools.count(70_000_001)


class ComplaintTypeMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintTypeMapping

    complaint_type = "Street Condition"


def open_data_row(cells: dict[str, str] | None = None) -> dict[str, str]:
    """A good row, by legacy column name: an open pothole in the city's West district, reported by phone."""
    row = {
        "Unique Key": str(next(_unique_keys)), "Created Date": "05/06/2024 09:30:00 AM", "Agency": "DPW",
        "Agency Name": "Public Works", "Complaint Type": "Pothole", "Descriptor": "Pothole", "Status": "Open",
        "Open Data Channel Type": "PHONE", "Latitude": "41.85", "Longitude": "-87.675",
    }
    row.update(cells or {})
    return row


def open_data_csv(rows: Sequence[dict[str, str] | list[str]], layout: str = LEGACY) -> str:
    """CSV text with the layout's header; dict rows are placed by column name, lists are written as given."""
    columns = LAYOUTS[layout]
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(RENAMED.get(name, name), "") for name in columns] if isinstance(row, dict) else row)
    return text.getvalue()


def lines(text: str) -> io.StringIO:
    """Text as the importer reads a file opened with newline=""."""
    return io.StringIO(text, newline="")
