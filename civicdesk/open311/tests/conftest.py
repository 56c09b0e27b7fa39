"""Fixtures for the Open311 tests: GeoReporter (an app with a known key) and a client that speaks both formats."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from civicdesk.catalog.choices import ServiceKind
from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.open311.models import APIClient
from civicdesk.open311.tests.driver import FORMATS, Open311
from civicdesk.open311.tests.factories import GEOREPORTER_KEY, APIClientFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=FORMATS)
def fmt(request: pytest.FixtureRequest) -> str:
    """Run the test once in JSON and once in XML."""
    return str(request.param)


@pytest.fixture
def georeporter(db: None) -> APIClient:
    """Bloomington's GeoReporter app, holding a key the tests know."""
    return APIClientFactory.create(name="GeoReporter", key=GEOREPORTER_KEY)


@pytest.fixture
def api(client: Client, georeporter: APIClient) -> Open311:
    return Open311(client, GEOREPORTER_KEY)


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded photos go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def tree_trimming(db: None) -> ServiceType:
    """A batch service: the city answers a token now and the request id later."""
    return ServiceTypeFactory.create(
        service_code="tree-trim", name="Tree trimming", kind=ServiceKind.BATCH, location_required=False
    )
