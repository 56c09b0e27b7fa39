from pathlib import Path

import pytest

from civicdesk.conftest import City
from civicdesk.opendata.models import ComplaintTypeMapping

FIXTURES = Path(__file__).parent / "fixtures"
LEGACY_FILE = FIXTURES / "legacy_41_columns.csv"
FILE_2024 = FIXTURES / "2024_44_columns.csv"


@pytest.fixture
def street_condition(city: City) -> ComplaintTypeMapping:
    """NYC files say "Street Condition" for what the city's catalog calls a pothole."""
    return ComplaintTypeMapping.objects.create(complaint_type="Street Condition", service=city.pothole)
