"""A list costs the same few queries however long it is (no query per service or request)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.conftest import City
from civicdesk.open311.tests.driver import Open311
from civicdesk.service_requests.models import Photo
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def queries_for(api: Open311, name: str, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(name, "json", params).status == 200
    return len(captured)


def test_services_list_queries_do_not_grow_with_the_catalog(api: Open311, city: City) -> None:
    few = queries_for(api, "services", {})
    ServiceTypeFactory.create_batch(5)

    assert queries_for(api, "services", {}) == few


@pytest.mark.parametrize("extensions", ["", "true"])
def test_requests_list_queries_do_not_grow_with_the_list(api: Open311, city: City, extensions: str) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            request = ServiceRequestFactory.create(service=city.pothole, answers={"size": "large"})
            request.districts.add(city.west)
            Photo.objects.create(request=request, url="https://img.example/1.jpg")

    add(2)
    queries_for(api, "requests", {"extensions": extensions})  # the service definitions are cached from here on
    few = queries_for(api, "requests", {"extensions": extensions})
    add(5)

    assert queries_for(api, "requests", {"extensions": extensions}) == few
