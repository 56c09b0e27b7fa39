"""A small Open311 client for the tests: it speaks to the API through Django's test client.

Every answer is checked for its format on the way in (content type; XML declaration, no namespace)
and parsed independently of the server's own code: JSON with `json`, XML with ElementTree, where the
spec's list containers become lists so a test can assert the same thing of both formats.
"""

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

FORMATS = ("json", "xml")
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
# The spec's containers and the name of their children (GeoReport v2 examples).
XML_LISTS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "service_request_updates": "request_update",
    "endpoints": "endpoint",
    "formats": "format",
    "notes": "note",
    "photos": "photo",
    "districts": "district",
}
# The 17 keys of every request in GET requests (GeoReport v2).
REQUEST_KEYS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}
Params = dict[str, Any] | list[tuple[str, Any]]


def from_xml(element: ET.Element) -> Any:
    """Containers become lists (their children must carry the spec's item name), others dicts or text."""
    if element.tag in XML_LISTS:
        item = XML_LISTS[element.tag]
        assert [child.tag for child in element] == [item] * len(element), f"<{element.tag}> holds only <{item}>"
        return [from_xml(child) for child in element]
    if len(element):
        return {child.tag: from_xml(child) for child in element}
    return element.text


@dataclass
class Answer:
    response: "_MonkeyPatchedWSGIResponse"
    fmt: str

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def text(self) -> str:
        return self.response.content.decode()

    @cached_property
    def root(self) -> ET.Element:
        assert self.fmt == "xml"
        assert self.response["Content-Type"] == XML_TYPE
        assert self.text.startswith(XML_DECLARATION)
        root = ET.fromstring(self.response.content)
        assert "{" not in root.tag, "no namespace"
        return root

    @cached_property
    def data(self) -> Any:
        """The answer as Python data; XML leaves are text (None when empty)."""
        if self.fmt == "xml":
            return from_xml(self.root)
        assert self.response["Content-Type"] == JSON_TYPE
        return json.loads(self.response.content)

    def errors(self) -> list[tuple[int, str]]:
        """The spec's error list, checked against the HTTP status."""
        if self.fmt == "xml":
            assert self.root.tag == "errors"
        assert isinstance(self.data, list) and self.data
        found = [(int(error["code"]), error["description"]) for error in self.data]
        assert all(code == self.status for code, _ in found), (self.status, found)
        return found

    def error(self, status: int) -> str:
        """The single error's description, after checking it came with this HTTP status."""
        assert self.status == status, (self.status, self.text)
        found = self.errors()
        assert len(found) == 1, found
        return found[0][1]


@dataclass
class Open311:
    """GET and POST to /open311/v2/<name>.<fmt>, with the app's key on POST unless told otherwise."""

    client: Client
    key: str
    posted: list[str] = field(default_factory=list)

    def get(self, name: str, fmt: str, params: Params | None = None, **meta: Any) -> Answer:
        query = urlencode(params or {}, doseq=True)
        response = self.client.get(f"{self.path(name, fmt)}?{query}" if query else self.path(name, fmt), **meta)
        return Answer(response, fmt)

    def post(
        self, name: str, fmt: str, data: Params, *, key: str | None = "default", files: dict[str, Any] | None = None,
        **meta: Any,
    ) -> Answer:
        """Form-encoded as GeoReporter and FixMyStreet send it; multipart when there are files."""
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        if key is not None:
            fields.append(("api_key", self.key if key == "default" else key))
        if files:
            form: dict[str, Any] = {}
            for name_, value in fields:
                form.setdefault(name_, []).append(value)
            response = self.client.post(self.path(name, fmt), {**form, **files}, **meta)
        else:
            response = self.client.post(
                self.path(name, fmt), urlencode(fields, doseq=True),
                content_type="application/x-www-form-urlencoded", **meta,
            )
        return Answer(response, fmt)

    def file(self, fmt: str = "json", data: Params | None = None, **meta: Any) -> str:
        """File a pothole report (or `data`) and return its service_request_id."""
        answer = self.post("requests", fmt, data or pothole_report(), **meta)
        assert answer.status == 200, answer.text
        public_id: str = answer.data[0]["service_request_id"]
        self.posted.append(public_id)
        return public_id

    @staticmethod
    def path(name: str, fmt: str) -> str:
        return f"/open311/discovery.{fmt}" if name == "discovery" else f"/open311/v2/{name}.{fmt}"


def pothole_report(**fields: Any) -> dict[str, Any]:
    """A valid report in the west district; keyword arguments add or replace fields."""
    report: dict[str, Any] = {
        "service_code": "pothole", "lat": "41.85", "long": "-87.675", "attribute[size]": "large",
        "description": "Deep pothole by the bus stop",
    }
    report.update(fields)
    return {name: value for name, value in report.items() if value is not None}
