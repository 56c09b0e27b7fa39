"""A real Open311 client library (PyPI's `georeport`) against a live server over HTTP; no mocks.

georeport has no POST method, so reports are filed with `requests`, form-encoded (and multipart with
the photo as `media`) as GeoReporter sends them, then read back with georeport in both formats.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import xmltodict
from django.utils import timezone
from georeport import GeoReport
from pytest_django.live_server_helper import LiveServer

from civicdesk.conftest import City
from civicdesk.open311.models import APIClient
from civicdesk.open311.tests.driver import FORMATS
from civicdesk.open311.tests.factories import GEOREPORTER_KEY, tiny_png
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db(transaction=True)
CONTACT = {"first_name": "Ottilie", "last_name": "Varnsworth", "email": "ottilie.v@example.org",
           "phone": "312-555-0142", "device_id": "android-5f1e", "account_id": "gr-7731"}


def as_list(found: Any) -> list[dict[str, Any]]:
    """xmltodict gives a dict for one child and a list for several; JSON always gives a list."""
    return found if isinstance(found, list) else [found]


def post_report(root: str, fmt: str, **fields: str) -> str:
    """File a pothole report the way GeoReporter does: form-encoded, the photo as a multipart `media` part."""
    report = {"api_key": GEOREPORTER_KEY, "jurisdiction_id": "riverton.example", "service_code": "pothole",
              "lat": "41.85", "long": "-87.675", "attribute[size]": "medium",
              "description": "Pothole in front of the library", **CONTACT, **fields}
    photo = {"media": ("pothole.png", tiny_png(), "image/png")}
    response = requests.post(f"{root}/requests.{fmt}", data=report, files=photo, timeout=10)
    assert response.status_code == 200, response.text
    if fmt == "json":
        public_id: str = response.json()[0]["service_request_id"]
    else:
        public_id = xmltodict.parse(response.content)["service_requests"]["request"]["service_request_id"]
    return public_id


@pytest.fixture
def root(live_server: LiveServer, city: City, georeporter: APIClient, media_root: Path) -> str:
    return f"{live_server.url}/open311/v2"


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_reads_the_catalog(root: str, fmt: str) -> None:
    city_api = GeoReport(root, jurisdiction="riverton.example", output_format=fmt)

    services = as_list(city_api.get_service_list())
    definition = city_api.get_service_definition("pothole")

    assert {service["service_code"] for service in services} == {"pothole", "missed-trash", "gas-leak"}
    pothole = next(service for service in services if service["service_code"] == "pothole")
    assert pothole["service_name"] == "Pothole"
    assert str(pothole["metadata"]).lower() == "true"
    assert definition["service_code"] == "pothole"
    attributes = definition["attributes"] if fmt == "json" else as_list(definition["attributes"]["attribute"])
    assert [attribute["code"] for attribute in attributes] == ["size", "lanes", "depth", "first_seen"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_posted_over_http_is_read_back_with_georeport(root: str, live_server: LiveServer, fmt: str) -> None:
    first = post_report(root, fmt)
    second = post_report(root, fmt, description="Second pothole, further down", **{"attribute[size]": "small"})
    city_api = GeoReport(root, jurisdiction="riverton.example", api_key=GEOREPORTER_KEY, output_format=fmt)

    one = city_api.get_service_request(first)
    assert one["service_request_id"] == first
    assert one["status"] == "open"
    assert one["service_code"] == "pothole"
    assert one["description"] == "Pothole in front of the library"
    assert one["address"] == "120 N Main St"
    assert one["agency_responsible"] == "Public Works"
    assert float(one["lat"]) == 41.85
    assert one["media_url"].startswith(f"{live_server.url}/media/photos/") and one["media_url"].endswith(".png")

    now = timezone.now()
    window = {"start_date": (now - timedelta(hours=1)).isoformat(), "end_date": (now + timedelta(hours=1)).isoformat()}
    found = as_list(city_api.get_service_requests(service_code="pothole,missed-trash", status="open", **window))
    assert [request["service_request_id"] for request in found] == [second, first]  # newest first
    by_id = as_list(city_api.get_service_requests(service_request_id=f"{first},{second}"))
    assert {request["service_request_id"] for request in by_id} == {first, second}
    closed = city_api.get_service_requests(service_request_id=first, status="closed")  # ids override status
    assert as_list(closed)[0]["service_request_id"] == first

    filed = ServiceRequest.objects.get(public_id=first)
    assert filed.channel == "api" and filed.api_client is not None and filed.api_client.name == "GeoReporter"
    assert filed.reporter.email == CONTACT["email"]
    for path in (f"requests.{fmt}", f"requests/{first}.{fmt}", f"requests.{fmt}?extensions=true"):
        text = requests.get(f"{root}/{path}", timeout=10).text
        assert not [value for value in CONTACT.values() if value in text], path


def test_georeport_sees_errors_as_http_errors(root: str) -> None:
    city_api = GeoReport(root, output_format="json")

    with pytest.raises(requests.HTTPError) as raised:
        city_api.get_service_definition("unicorns")

    answer = raised.value.response
    assert answer is not None and answer.status_code == 404
    assert answer.json() == [{"code": 404, "description": "There is no service with code 'unicorns'."}]
    refused = requests.post(f"{root}/requests.json", data={"service_code": "pothole"}, timeout=10)
    assert refused.status_code == 403
