import csv
import io
from collections.abc import Iterator

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from civicdesk.conftest import City
from civicdesk.opendata.layout import COLUMNS_2024, LEGACY_COLUMNS
from civicdesk.service_requests.choices import Status
from civicdesk.service_requests.tests.factories import ReporterContactFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db
URL = "/open-data/requests.csv"


def test_the_address_is_the_documented_one() -> None:
    assert reverse("opendata:requests_csv") == URL


def test_requests_are_streamed_as_open_data_csv(client: Client, city: City) -> None:
    request = ServiceRequestFactory.create(service=city.pothole, public_id="WEB2-4CSV")
    ReporterContactFactory(request=request, email="rosa@example.org", phone="+13125550100")

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="311-service-requests.csv"'
    assert isinstance(response, StreamingHttpResponse)
    assert isinstance(response.streaming_content, Iterator)  # produced as it is sent, never held whole
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(LEGACY_COLUMNS)
    assert [row[0] for row in rows[1:]] == ["WEB2-4CSV"]
    assert "rosa@example.org" not in text and "5550100" not in text


def test_status_and_layout_can_be_chosen(client: Client, city: City) -> None:
    ServiceRequestFactory.create(service=city.pothole, public_id="OPEN-1111")
    ServiceRequestFactory.create(service=city.pothole, public_id="DONE-2222", status=Status.CLOSED,
                                 resolution="fixed")

    response = client.get(URL, {"status": "closed", "layout": "2024", "since": "2020-01-01"})

    assert isinstance(response, StreamingHttpResponse)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    assert rows[0] == list(COLUMNS_2024)
    assert [row[0] for row in rows[1:]] == ["DONE-2222"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "31/01/2024"}, "'31/01/2024' is not a date: write it as YYYY-MM-DD, e.g. 2024-01-31."),
        ({"status": "pending"}, "Unknown status 'pending': use open or closed."),
        ({"layout": "xml"}, "Unknown layout 'xml': use legacy or 2024."),
    ],
)
def test_bad_query_parameters_get_a_400_saying_what_is_wrong(
    client: Client, city: City, query: dict[str, str], message: str
) -> None:
    response = client.get(URL, query)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message


def test_only_get_is_allowed(client: Client) -> None:
    assert client.post(URL).status_code == 405
