"""The OpenAPI document and the documentation page: valid, complete, and true to what the API answers."""

import re
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from django.test import Client
from django.urls import URLPattern, resolve

from civicdesk.conftest import WEST_POINT, City
from civicdesk.open311 import urls
from civicdesk.open311.openapi import openapi_document
from civicdesk.open311.tests.driver import REQUEST_KEYS
from civicdesk.open311.tests.factories import APIClientFactory
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.lifecycle import add_note

DOCUMENT_URL = "/open311/v2/openapi.json"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _sample_path(template: str) -> str:
    """A concrete URL for a templated path: each {parameter} becomes a plausible value."""
    return re.sub(r"\{[^}]+\}", "X7KQ-M29X", template)


@pytest.fixture
def document() -> dict[str, Any]:
    return openapi_document("http://testserver")


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    try:
        from openapi_spec_validator import validate  # type: ignore[import-not-found]
    except ImportError:
        schemathesis.openapi.from_dict(document).validate()  # the OpenAPI 3.1 structure
        for schema in document["components"]["schemas"].values():
            jsonschema_rs.meta.validate(schema)  # every schema is valid JSON Schema 2020-12
    else:
        validate(document)
    assert document["openapi"] == "3.1.0"


def test_every_route_of_the_api_is_documented_in_both_formats(document: dict[str, Any]) -> None:
    documented: set[tuple[str, str]] = set()
    for path in document["paths"]:
        match = resolve(_sample_path(path))
        assert match.namespace == "open311", f"{path} is not an Open311 route"
        documented.add((match.url_name or "", match.kwargs.get("fmt", "")))
    expected: set[tuple[str, str]] = set()
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        formats = ("json", "xml") if "(?P<fmt>" in str(pattern.pattern) else ("",)
        expected.update((pattern.name or "", fmt) for fmt in formats)
    assert documented == expected


def test_documented_methods_are_the_methods_each_endpoint_takes(
    client: Client, document: dict[str, Any], db: None
) -> None:
    for path, operations in document["paths"].items():
        if not path.startswith("/open311/v2/") or path == DOCUMENT_URL:
            continue
        for method in HTTP_METHODS:
            response = getattr(client, method)(_sample_path(path))
            if method in operations:
                assert response.status_code != 405, f"{method.upper()} {path}"
            else:
                assert response.status_code == 405, f"{method.upper()} {path} answered {response.status_code}"
                allowed = [m.upper() for m in HTTP_METHODS if m in operations]
                assert response["Allow"] == ", ".join([*allowed, "HEAD"] if "GET" in allowed else allowed)


def test_every_request_carries_the_seventeen_keys_of_the_spec(document: dict[str, Any]) -> None:
    request = document["components"]["schemas"]["ServiceRequest"]
    assert set(request["required"]) == REQUEST_KEYS
    assert set(request["properties"]) == REQUEST_KEYS | {"extended_attributes", "attributes", "notes"}


def test_the_extensions_are_documented(document: dict[str, Any]) -> None:
    search = document["paths"]["/open311/v2/requests.json"]["get"]
    parameters = document["components"]["parameters"]
    names = {parameters[item["$ref"].rsplit("/", 1)[1]]["name"] for item in search["parameters"]}
    assert names >= {"page", "page_size", "updated_after", "updated_before", "lat", "long", "radius", "bbox", "q",
                     "extensions", "callback", "jurisdiction_id", "service_request_id", "status", "start_date"}
    post = document["paths"]["/open311/v2/requests.xml"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/x-www-form-urlencoded", "multipart/form-data"}
    assert "media" in document["components"]["schemas"]["NewRequestWithMedia"]["properties"]
    assert post["responses"]["429"]["headers"]["Retry-After"]["required"] is True
    assert set(post["responses"]) >= {"200", "400", "403", "404", "429"}
    assert "/open311/v2/servicerequestupdates.xml" in document["paths"]


def test_the_document_is_served_with_this_sites_address(client: Client) -> None:
    response = client.get(DOCUMENT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    served = response.json()
    assert served["servers"] == [{"url": "http://testserver"}]
    assert served == openapi_document("http://testserver")


def _validator(document: dict[str, Any], name: str) -> jsonschema_rs.Validator:
    root = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def test_answers_with_extensions_match_the_documented_shapes(
    client: Client, document: dict[str, Any], city: City
) -> None:
    filed = file_request(
        Submission(service_code="pothole", channel="web", description="Deep one", lat=WEST_POINT[0],
                   lon=WEST_POINT[1], answers={"size": "large", "lanes": ["left", "bike"], "depth": "4.5"},
                   contact=Contact(email="rosa@example.org"), media_urls=["https://photos.example.org/1.jpg"]),
        actor=Actor.resident(),
    ).request
    add_note(filed, "Crew scheduled for Monday.", actor=Actor.system("Dispatch"), channel="web", is_public=True)

    found = client.get("/open311/v2/requests.json", {"extensions": "true"}).json()
    one = client.get(f"/open311/v2/requests/{filed.public_id}.json", {"extensions": "true"}).json()
    services = client.get("/open311/v2/services.json").json()
    definition = client.get("/open311/v2/services/pothole.json").json()
    discovery = client.get("/open311/discovery.json").json()
    errors = client.get("/open311/v2/services/no-such-thing.json").json()

    for answer, schema in ((found, "ServiceRequests"), (one, "ServiceRequests"), (services, "Services"),
                           (definition, "ServiceDefinition"), (discovery, "Discovery"), (errors, "Errors")):
        _validator(document, schema).validate(answer)
    assert found[0]["notes"] and found[0]["attributes"] and found[0]["extended_attributes"]["photos"]


def test_answers_to_posts_match_the_documented_shapes(client: Client, document: dict[str, Any], city: City) -> None:
    key = "openapi-shape-test-key"
    APIClientFactory.create(key=key)
    posted = client.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": "missed-trash", "address_id": "A1", "account_id": "acct-7",
    }).json()
    update = client.post("/open311/v2/servicerequestupdates.json", {
        "api_key": key, "service_request_id": posted[0]["service_request_id"], "description": "Still there",
    }).json()
    updates = client.get("/open311/v2/servicerequestupdates.json").json()

    _validator(document, "PostedRequests").validate(posted)
    _validator(document, "PostedUpdates").validate(update)
    _validator(document, "Updates").validate(updates)
    assert posted[0]["account_id"] == "acct-7" and updates


def test_the_documentation_page_documents_every_endpoint_and_rule(client: Client, city: City) -> None:
    response = client.get("/open311/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="cd-header' in page, "the page extends the site's layout"
    for path in ("/open311/v2/services.{json|xml}", "/open311/v2/services/{service_code}.{json|xml}",
                 "/open311/v2/requests.{json|xml}", "/open311/v2/requests/{service_request_id}.{json|xml}",
                 "/open311/v2/tokens/{token}.{json|xml}", "/open311/v2/servicerequestupdates.{json|xml}",
                 "/open311/discovery.{json|xml}"):
        assert f"<code>{path}</code>" in page, path
    for words in ("bbox", "page_size", "updated_after", "extensions=true", "callback", "Idempotency-Key",
                  "Idempotent-Replayed", "Retry-After", "Authorization: Bearer", "attribute[CODE]", "media",
                  "429", "405", "403", "Privacy", "curl -X POST", "riverton.example", DOCUMENT_URL):
        assert words in page, words
    assert 'curl "http://testserver/open311/v2/services.json"' in page
    assert "service_code=pothole" in page or "service_code=missed-trash" in page, "examples use a real code"
    assert "service_code=gas-leak" not in page, "never an emergency as the example"
