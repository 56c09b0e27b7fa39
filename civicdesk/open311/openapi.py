"""The Open311 API described in OpenAPI 3.1: every endpoint in both formats, with the extensions.

`openapi_document()` builds it as plain data. It is served at /open311/v2/openapi.json, the
documentation page at /open311/ lists its operations, and the schemathesis test generates requests
from it, so the page, the document and the tests describe one API.
"""

from typing import Any

from django.conf import settings

from civicdesk.catalog.choices import Datatype, ServiceKind
from civicdesk.open311.services import MAX_PAGE_SIZE, MAX_RADIUS_M, MAX_WINDOW
from civicdesk.service_requests.choices import Channel, Resolution, Status
from civicdesk.service_requests.intake import MAX_DESCRIPTION, MAX_PHOTOS

Schema = dict[str, Any]
MEDIA_TYPES = {"json": "application/json", "xml": "text/xml"}
JSONP_TYPE = "application/javascript"
CALLBACK_PATTERN = r"^[A-Za-z_$][\w$.]{0,63}$"
BBOX_PATTERN = r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$"
ATTRIBUTE_PATTERN = r"^attribute\[[A-Za-z0-9_-]+\](\[\])?$"
OPEN_OR_CLOSED = ["open", "closed"]
FORMAT_NAMES = {"date-time": "date-time", "binary": "file", "uri": "URL", "email": "email"}


def _ref(name: str, kind: str = "schemas") -> Schema:
    return {"$ref": f"#/components/{kind}/{name}"}


def _nullable(kind: str, **extra: Any) -> Schema:
    return {"type": [kind, "null"], **extra}


def _object(xml_name: str, properties: dict[str, Schema], required: list[str] | None = None) -> Schema:
    """A closed object: every listed key, nothing else (clients index answers by these names)."""
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
        "additionalProperties": False,
        "xml": {"name": xml_name},
    }


def _array(item: str, container: str, **extra: Any) -> Schema:
    """A repeated element: a JSON array, or in XML a container element holding one element per item."""
    return {"type": "array", "items": _ref(item), "xml": {"name": container, "wrapped": True}, **extra}


def _schemas() -> dict[str, Schema]:
    date_time = {"type": "string", "format": "date-time"}
    return {
        "Discovery": _object("discovery", {
            "changeset": date_time,
            "contact": {"type": "string"},
            "key_service": {"type": "string"},
            "endpoints": _array("Endpoint", "endpoints"),
        }),
        "Endpoint": _object("endpoint", {
            "specification": {"type": "string", "format": "uri"},
            "url": {"type": "string", "format": "uri"},
            "changeset": date_time,
            "type": {"type": "string", "enum": ["production", "test"]},
            "formats": {"type": "array", "items": {"type": "string", "xml": {"name": "format"}},
                        "xml": {"name": "formats", "wrapped": True}},
        }),
        "Services": _array("Service", "services"),
        "Service": _object("service", {
            "service_code": {"type": "string"},
            "service_name": {"type": "string"},
            "description": {"type": "string"},
            "metadata": {"type": "boolean", "description": "true when the service has questions (attributes)."},
            "type": {"type": "string", "enum": ServiceKind.values},
            "keywords": {"type": "string", "description": "Comma-separated search words."},
            "group": {"type": "string"},
        }),
        "ServiceDefinition": _object("service_definition", {
            "service_code": {"type": "string"},
            "attributes": _array("Attribute", "attributes"),
        }),
        "Attribute": _object("attribute", {
            "variable": {"type": "boolean", "description": "false for text shown to the resident, not a question."},
            "code": {"type": "string", "description": "Send the answer as attribute[code]."},
            "datatype": {"type": "string", "enum": Datatype.values},
            "required": {"type": "boolean"},
            "datatype_description": _nullable("string"),
            "order": {"type": "integer"},
            "description": {"type": "string", "description": "The question, in the asked language."},
            "values": _array("AttributeValue", "values"),
        }),
        "AttributeValue": _object("value", {"key": {"type": "string"}, "name": {"type": "string"}}),
        "ServiceRequests": _array("ServiceRequest", "service_requests"),
        "ServiceRequest": _service_request(date_time),
        "ExtendedAttributes": _object("extended_attributes", {
            "channel": {"type": "string", "enum": Channel.values},
            "detailed_status": {"type": "string", "enum": Status.values},
            "resolution": {"type": ["string", "null"], "enum": [*Resolution.values, None]},
            "duplicate": {"type": "boolean"},
            "parent_service_request_id": _nullable("string"),
            "photos": {"type": "array", "items": {"type": "string", "format": "uri", "xml": {"name": "photo"}},
                       "xml": {"name": "photos", "wrapped": True}},
            "district": _nullable("string", description="The council district's name."),
            "districts": _array("District", "districts"),
        }),
        "District": _object("district", {"kind": {"type": "string"}, "code": {"type": "string"},
                                         "name": {"type": "string"}}),
        "RequestAttribute": _object("attribute", {
            "label": {"type": "string"},
            "name": {"type": "string"},
            "code": {"type": "string"},
            "value": {"type": ["string", "number"], "description": "Lists are joined with ', '."},
        }),
        "Note": _object("note", {
            "datetime": date_time,
            "description": {"type": "string"},
            "type": {"type": "string", "enum": ["status", "comment"]},
        }),
        "PostedRequests": _array("PostedRequest", "service_requests", minItems=1, maxItems=1),
        "PostedRequest": {
            "oneOf": [
                _object("request", {
                    "service_request_id": {"type": "string"},
                    "service_notice": _nullable("string"),
                    "account_id": _nullable("string"),
                }),
                _object("request", {
                    "token": {"type": "string", "description": "Trade it for the id at tokens/{token}."},
                    "service_notice": _nullable("string"),
                    "account_id": _nullable("string"),
                }),
            ],
            "xml": {"name": "request"},
        },
        "Tokens": _array("Token", "service_requests", minItems=1, maxItems=1),
        "Token": _object("request", {
            "service_request_id": _nullable("string", description="null until the request is filed."),
            "token": {"type": "string"},
        }),
        "Updates": _array("Update", "service_request_updates"),
        "Update": _object("request_update", {
            "update_id": {"type": "string"},
            "service_request_id": {"type": "string"},
            "status": {"type": "string", "enum": OPEN_OR_CLOSED},
            "updated_datetime": date_time,
            "description": {"type": "string"},
            "media_url": _nullable("string", format="uri"),
            "external_status_code": {"type": "string", "enum": Status.values},
        }),
        "PostedUpdates": _array("PostedUpdate", "service_request_updates", minItems=1, maxItems=1),
        "PostedUpdate": _object("request_update", {"update_id": {"type": "string"}}),
        "Errors": _array("Error", "errors", minItems=1),
        "Error": _object("error", {
            "code": {"type": "integer", "description": "The HTTP status."},
            "description": {"type": "string", "description": "Written for people: show it as it is."},
        }),
        "NewRequest": _new_request(),
        "NewRequestWithMedia": _new_request(with_media=True),
        "NewUpdate": {
            "type": "object",
            "required": ["service_request_id", "description"],
            "properties": {
                "service_request_id": {"type": "string"},
                "status": {"type": "string", "enum": OPEN_OR_CLOSED,
                           "description": "open reopens a closed request; closed reports it fixed (staff confirm)."},
                "description": {"type": "string", "minLength": 1, "maxLength": 4000},
                "media_url": {"type": "string", "format": "uri"},
                "api_key": {"type": "string"},
                "jurisdiction_id": {"type": "string"},
            },
        },
    }


def _service_request(date_time: Schema) -> Schema:
    """The spec's 17 keys on every request (null when empty), and three more with extensions=true."""
    spec_keys: dict[str, Schema] = {
        "service_request_id": {"type": "string", "description": "The tracking number, e.g. 7KQ4-M29X."},
        "status": {"type": "string", "enum": OPEN_OR_CLOSED},
        "status_notes": _nullable("string"),
        "service_name": {"type": "string"},
        "service_code": {"type": "string"},
        "description": _nullable("string"),
        "agency_responsible": _nullable("string"),
        "service_notice": _nullable("string"),
        "requested_datetime": date_time,
        "updated_datetime": date_time,
        "expected_datetime": _nullable("string", format="date-time"),
        "address": _nullable("string"),
        "address_id": _nullable("string"),
        "zipcode": _nullable("string"),
        "lat": _nullable("number"),
        "long": _nullable("number"),
        "media_url": _nullable("string", format="uri"),
    }
    extensions: dict[str, Schema] = {
        "extended_attributes": _ref("ExtendedAttributes"),
        "attributes": _array("RequestAttribute", "attributes"),
        "notes": _array("Note", "notes"),
    }
    return _object("request", {**spec_keys, **extensions}, required=list(spec_keys))


def _new_request(with_media: bool = False) -> Schema:
    """The form a client POSTs to file a request; `media` files only in multipart bodies."""
    properties: dict[str, Schema] = {
        "service_code": {"type": "string", "minLength": 1},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "address_string": {"type": "string", "maxLength": 300},
        "address_id": {"type": "string", "description": "An id from the city's address list."},
        "zipcode": {"type": "string", "maxLength": 10},
        "description": {"type": "string", "maxLength": MAX_DESCRIPTION},
        "email": {"type": "string", "format": "email"},
        "phone": {"type": "string"},
        "first_name": {"type": "string", "maxLength": 100},
        "last_name": {"type": "string", "maxLength": 100},
        "device_id": {"type": "string", "maxLength": 200},
        "account_id": {"type": "string", "maxLength": 200},
        "media_url": {"type": "array", "items": {"type": "string", "format": "uri"}, "maxItems": MAX_PHOTOS,
                      "description": "Repeat the field for several photos."},
        "api_key": {"type": "string", "description": "Or in the query string, or as 'Authorization: Bearer'."},
        "jurisdiction_id": {"type": "string"},
    }
    if with_media:
        properties["media"] = {
            "type": "array", "maxItems": MAX_PHOTOS,
            "items": {"type": "string", "format": "binary", "contentMediaType": "image/*"},
            "description": "Photos (JPEG, PNG, GIF or WebP, 10 MB each); FixMyStreet's photo1, photo2... work too.",
        }
    return {
        "type": "object",
        "required": ["service_code"],
        "properties": properties,
        "patternProperties": {
            ATTRIBUTE_PATTERN: {
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                "description": "Answers to the service's questions: attribute[CODE]=v, attribute[CODE][]=v for lists.",
            }
        },
    }


def _parameters() -> dict[str, Schema]:
    def query(name: str, schema: Schema, description: str, **extra: Any) -> Schema:
        return {"name": name, "in": "query", "required": False, "schema": schema, "description": description,
                **extra}

    def comma_list(name: str, items: Schema, description: str) -> Schema:
        return query(name, {"type": "array", "items": items, "minItems": 1}, description, style="form",
                     explode=False)

    def when(name: str, description: str) -> Schema:
        return query(name, {"type": "string", "format": "date-time"},
                     f"{description} W3C date-time; 'Z', offsets, fractional seconds, a space instead of 'T' "
                     "and bare dates are accepted.")

    days = MAX_WINDOW.days
    return {
        "jurisdiction_id": query(
            "jurisdiction_id", {"type": "string"},
            f"This server's jurisdiction is '{settings.OPEN311_JURISDICTION_ID}'; empty means the same, "
            "any other value answers 404.",
        ),
        "callback": query("callback", {"type": "string", "pattern": CALLBACK_PATTERN},
                          "JSONP: wrap the JSON answer in a call to this JavaScript function."),
        "service_request_ids": comma_list("service_request_id", {"type": "string"},
                                          "Tracking numbers, comma-separated; every other filter is then ignored."),
        "service_codes": comma_list("service_code", {"type": "string"}, "Service codes, comma-separated."),
        "status": comma_list("status", {"type": "string", "enum": OPEN_OR_CLOSED}, "open, closed, or both."),
        "start_date": when("start_date", f"Requested on or after. Windows longer than {days} days are cut to "
                                         f"{days} days; without dates, the last {days} days."),
        "end_date": when("end_date", "Requested on or before."),
        "updated_after": when("updated_after", "Extension: last changed on or after."),
        "updated_before": when("updated_before", "Extension: last changed on or before."),
        "page": query("page", {"type": "integer", "minimum": 1},
                      "Extension: 1-based page number (0 is read as 1); keep paging while pages are full."),
        "page_size": query("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                           f"Extension: requests per page, at most {MAX_PAGE_SIZE} (the default)."),
        "q": query("q", {"type": "string", "maxLength": 200},
                   "Extension: words found in the description, the address or the service name."),
        "bbox": query("bbox", {"type": "string", "pattern": BBOX_PATTERN},
                      "Extension: west,south,east,north in degrees (longitude, latitude, longitude, latitude)."),
        "lat": query("lat", {"type": "number", "minimum": -90, "maximum": 90},
                     "Extension: with long (and radius), requests within a circle."),
        "long": query("long", {"type": "number", "minimum": -180, "maximum": 180}, "Extension: see lat."),
        "radius": query("radius", {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RADIUS_M},
                        f"Extension: meters around lat/long, 500 by default, at most {MAX_RADIUS_M}."),
        "extensions": query("extensions", {"type": "boolean"},
                            "Extension: true adds extended_attributes, attributes and notes to each request."),
        "idempotency_key": {
            "name": "Idempotency-Key", "in": "header", "required": False,
            "schema": {"type": "string", "maxLength": 255},
            "description": "Extension: a retried POST with the same key gets the first answer back and files "
                           "nothing new (the answer carries 'Idempotent-Replayed: true').",
        },
    }


def _path_parameter(name: str, description: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "pattern": "^[^/]+$"}}


def _error_responses(fmt: str, statuses: tuple[int, ...]) -> dict[str, Schema]:
    reasons = {
        400: "Something in the request is wrong; the description says what.",
        403: "The api_key is missing (POST), not valid, or turned off.",
        404: "No such resource or service, or another jurisdiction_id.",
        429: "Too many requests this minute. Wait Retry-After seconds.",
        503: "The request could not be routed to a department; try again later.",
    }
    answers = {}
    for status in statuses:
        answer: Schema = {"description": reasons[status],
                          "content": {MEDIA_TYPES[fmt]: {"schema": _ref("Errors")}}}
        if status == 429:
            answer["headers"] = {"Retry-After": {"required": True, "description": "Seconds to wait.",
                                                 "schema": {"type": "integer", "minimum": 1}}}
        answers[str(status)] = answer
    return answers


def _get(fmt: str, summary: str, description: str, schema: str, parameters: list[Schema], tag: str,
         operation_id: str) -> Schema:
    content = {MEDIA_TYPES[fmt]: {"schema": _ref(schema)}}
    if fmt == "json":
        parameters = [*parameters, _ref("callback", "parameters")]
        content[JSONP_TYPE] = {"schema": {"type": "string"}}
    return {
        "tags": [tag],
        "operationId": f"{operation_id}_{fmt}",
        "summary": summary,
        "description": description,
        "parameters": [*parameters, _ref("jurisdiction_id", "parameters")],
        "security": [{}, {"api_key": []}, {"bearer": []}],
        "responses": {"200": {"description": "OK", "content": content}, **_error_responses(fmt, (400, 403, 404, 429))},
    }


def _post(fmt: str, summary: str, description: str, body: Schema, schema: str, tag: str, operation_id: str,
          statuses: tuple[int, ...] = (400, 403, 404, 429)) -> Schema:
    return {
        "tags": [tag],
        "operationId": f"{operation_id}_{fmt}",
        "summary": summary,
        "description": description,
        "parameters": [_ref("idempotency_key", "parameters"), _ref("jurisdiction_id", "parameters")],
        "security": [{"api_key": []}, {"bearer": []}],
        "requestBody": {"required": True, "content": body},
        "responses": {
            "200": {
                "description": "Done. Success is always 200 with a one-element list.",
                "headers": {"Idempotent-Replayed": {"description": "true when this is a replayed answer.",
                                                    "schema": {"type": "string", "enum": ["true"]}}},
                "content": {MEDIA_TYPES[fmt]: {"schema": _ref(schema)}},
            },
            **_error_responses(fmt, statuses),
        },
    }


def _paths_for(fmt: str) -> dict[str, Schema]:
    def parameters(*names: str) -> list[Schema]:
        return [_ref(name, "parameters") for name in names]

    form = {"schema": _ref("NewRequest"), "encoding": {"media_url": {"style": "form", "explode": True}}}
    multipart = {"schema": _ref("NewRequestWithMedia")}
    update_form = {"schema": _ref("NewUpdate")}
    v2 = "/open311/v2"
    return {
        f"/open311/discovery.{fmt}": {"get": _get(
            fmt, "Discovery", "Where the API is, its formats and whom to ask for a key.", "Discovery", [],
            "Discovery", "discovery")},
        f"{v2}/services.{fmt}": {"get": _get(
            fmt, "List services", "Every active service type a resident can request.", "Services", [],
            "Services", "services")},
        f"{v2}/services/{{service_code}}.{fmt}": {"get": _get(
            fmt, "Service definition", "The questions (attributes) of one service; answer them in POST requests.",
            "ServiceDefinition", [_path_parameter("service_code", "A code from services.")], "Services",
            "service_definition")},
        f"{v2}/requests.{fmt}": {
            "get": _get(
                fmt, "Search requests",
                "Newest first. Without service_request_id: the date window (last 90 days by default) and filters. "
                "A search that matches nothing answers [] with 200.",
                "ServiceRequests",
                parameters("service_request_ids", "service_codes", "status", "start_date", "end_date",
                           "updated_after", "updated_before", "page", "page_size", "q", "bbox", "lat", "long",
                           "radius", "extensions"),
                "Requests", "requests"),
            "post": _post(
                fmt, "File a request",
                "Needs an api_key. Give a location (lat and long, address_string or address_id) when the service "
                "needs one, and answer its required attributes. Emergencies are refused with 400: call 911.",
                {"application/x-www-form-urlencoded": form, "multipart/form-data": multipart},
                "PostedRequests", "Requests", "create_request", statuses=(400, 403, 404, 429, 503)),
        },
        f"{v2}/requests/{{service_request_id}}.{fmt}": {"get": _get(
            fmt, "One request", "A one-element list, as the spec shows it.", "ServiceRequests",
            [_path_parameter("service_request_id", "The tracking number; case, spaces and dash do not matter."),
             *parameters("extensions")],
            "Requests", "request")},
        f"{v2}/tokens/{{token}}.{fmt}": {"get": _get(
            fmt, "Token to request id",
            "For batch services: the request id once the city's worker has filed the request, null while it "
            "waits (usually seconds); 400 with the reason when it could not be filed.", "Tokens",
            [_path_parameter("token", "The token answered by POST requests.")], "Requests", "token")},
        f"{v2}/servicerequestupdates.{fmt}": {
            "get": _get(
                fmt, "Request updates",
                "Extension (FixMyStreet): public status changes and notes in the window, oldest first.", "Updates",
                parameters("start_date", "end_date", "page", "page_size"), "Updates", "updates"),
            "post": _post(
                fmt, "Add an update",
                "Extension (FixMyStreet): a resident's note through your app; status=open reopens a closed request.",
                {"application/x-www-form-urlencoded": update_form, "multipart/form-data": update_form},
                "PostedUpdates", "Updates", "create_update"),
        },
    }


def _documentation_paths() -> dict[str, Schema]:
    return {
        "/open311/v2/openapi.json": {"get": {
            "tags": ["Documentation"], "operationId": "openapi", "summary": "This document",
            "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {
                "schema": {"type": "object", "required": ["openapi", "paths"]}}}}},
        }},
        "/open311/": {"get": {
            "tags": ["Documentation"], "operationId": "documentation", "summary": "The API's documentation page",
            "responses": {"200": {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}}},
        }},
    }


DESCRIPTION = """\
GeoReport v2 (Open311) for {city}, in XML (the spec's format) and JSON (its "Spark convention": lists are
top-level arrays). Every endpoint exists with both suffixes, `.json` and `.xml`.

Extensions beyond the spec: `page`/`page_size`, `updated_after`/`updated_before`, `lat`/`long`/`radius`,
`bbox`, `q`, `extensions=true`, service request updates (GET and POST `servicerequestupdates`), the
`Idempotency-Key` header on POSTs and JSONP `callback` on JSON GETs.

An `api_key` is needed to POST; send it in the body, the query string or an `Authorization: Bearer` header.
Reading needs no key. Each key has its own requests-per-minute limit; callers without a key get
{anonymous} a minute per address. Past the limit: 429 with `Retry-After`.

Errors come as a list of `{{code, description}}` with the HTTP status: 403 bad or missing key, 404 unknown
resource, service or jurisdiction, 405 wrong method (with `Allow`), 429 rate limit, 400 anything else.
Reporters' names, emails and phone numbers are never published.
"""


def openapi_document(server_url: str = "") -> Schema:
    """The whole API as an OpenAPI 3.1 document; `server_url` is this site's root, e.g. https://311.city.gov."""
    paths = {**_paths_for("json"), **_paths_for("xml"), **_documentation_paths()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.CITY_NAME} 311 — Open311 GeoReport v2",
            "version": "2",
            "description": DESCRIPTION.format(city=settings.CITY_NAME,
                                              anonymous=settings.OPEN311_ANONYMOUS_PER_MINUTE),
            "contact": {"email": settings.DEFAULT_FROM_EMAIL},
        },
        "externalDocs": {"description": "The GeoReport v2 specification",
                         "url": "https://wiki.open311.org/GeoReport_v2"},
        "servers": [{"url": server_url or "/"}],
        "tags": [{"name": name} for name in ("Discovery", "Services", "Requests", "Updates", "Documentation")],
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "parameters": _parameters(),
            "responses": {
                "MethodNotAllowed": {
                    "description": "Any method an endpoint does not list. The Allow header names the ones it takes.",
                    "headers": {"Allow": {"required": True, "schema": {"type": "string"}}},
                    "content": {media_type: {"schema": _ref("Errors")} for media_type in MEDIA_TYPES.values()},
                },
            },
            "securitySchemes": {
                "api_key": {"type": "apiKey", "in": "query", "name": "api_key",
                            "description": "Or as a field of the POST body."},
                "bearer": {"type": "http", "scheme": "bearer", "description": "The api_key as a bearer token."},
            },
        },
    }


def documented_operations(document: Schema) -> list[dict[str, Any]]:
    """The operations of the .json paths with their parameters and body fields spelled out, for the docs page."""
    components = document["components"]

    def resolve(item: Schema, kind: str) -> Schema:
        return components[kind][item["$ref"].rsplit("/", 1)[1]] if "$ref" in item else item

    operations = []
    for path, methods in document["paths"].items():
        if not path.endswith(".json") or path.endswith("openapi.json"):
            continue
        for method, operation in methods.items():
            fields: dict[str, Schema] = {}
            required: set[str] = set()
            for media in operation.get("requestBody", {}).get("content", {}).values():
                body = resolve(media["schema"], "schemas")
                fields.update(body.get("properties", {}))
                required.update(body.get("required", []))
            operations.append({
                "method": method.upper(),
                "path": path.removesuffix(".json") + ".{json|xml}",
                "summary": operation["summary"],
                "description": operation.get("description", ""),
                "parameters": [
                    {**parameter, "location": parameter["in"], "type": _type_name(parameter["schema"])}
                    for parameter in (resolve(item, "parameters") for item in operation.get("parameters", []))
                ],
                "fields": [
                    {"name": name, "type": _type_name(schema), "description": schema.get("description", ""),
                     "required": name in required}
                    for name, schema in fields.items()
                ],
                "statuses": list(operation["responses"]),
                "needs_key": {} not in operation.get("security", [{}]),
            })
    return operations


def _type_name(schema: Schema) -> str:
    if schema.get("type") == "array":
        return f"list of {_type_name(schema['items'])}"
    if schema.get("format") in FORMAT_NAMES:
        return FORMAT_NAMES[schema["format"]]
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    kind = schema.get("type", "string")
    return kind if isinstance(kind, str) else " or ".join(kind)
