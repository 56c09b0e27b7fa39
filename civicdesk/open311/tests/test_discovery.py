import re

import pytest

from civicdesk.open311.tests.driver import Open311

pytestmark = pytest.mark.django_db
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


def test_discovery_names_the_v2_endpoint_and_both_formats(api: Open311, fmt: str) -> None:
    answer = api.get("discovery", fmt)

    assert answer.status == 200
    document = answer.data
    assert isinstance(document, dict)  # an object in JSON, <discovery> in XML
    assert set(document) == {"changeset", "contact", "key_service", "endpoints"}
    assert W3C.match(document["changeset"])
    [endpoint] = document["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["type"] == "production"
    assert W3C.match(endpoint["changeset"])
    assert sorted(endpoint["formats"]) == ["application/json", "text/xml"]


def test_discovery_xml_uses_the_spec_element_names(api: Open311) -> None:
    root = api.get("discovery", "xml").root

    assert root.tag == "discovery"
    assert [child.tag for child in root] == ["changeset", "contact", "key_service", "endpoints"]
    assert [format_.text for format_ in root.iterfind("endpoints/endpoint/formats/format")] == [
        "application/json", "text/xml",
    ]


def test_discovery_is_read_only(api: Open311, fmt: str) -> None:
    answer = api.post("discovery", fmt, {})

    assert "Use GET" in answer.error(405)
    assert answer.response["Allow"] == "GET, HEAD"
