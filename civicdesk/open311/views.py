"""The GeoReport v2 endpoints. Thin: parse, call the services, render in the asked format."""

import re
import secrets
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from civicdesk.catalog.choices import ServiceKind
from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.services import cached_service
from civicdesk.open311 import services
from civicdesk.open311.formats import render, render_errors
from civicdesk.open311.models import APIClient, IdempotentPost, RequestToken
from civicdesk.open311.openapi import documented_operations, openapi_document
from civicdesk.open311.representations import (
    request_document,
    service_definition,
    service_document,
    update_document,
)
from civicdesk.open311.services import Open311Error, RateLimited, param
from civicdesk.routing.services import RoutingError
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import (
    Contact,
    EmergencyRefused,
    Submission,
    UnknownService,
    check_before_queueing,
    file_request,
)
from civicdesk.service_requests.models import RequestEvent, ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id

_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
View = Callable[..., HttpResponse]


def endpoint(root: str, methods: tuple[str, ...] = ("GET",), key_required_for: tuple[str, ...] = ("POST",)) -> Any:
    """Shared handling: method, format, key, rate limit, jurisdiction and spec-shaped errors."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            params = _merged(request)
            # HEAD is a GET without the body (Django's handler drops it), wherever GET is allowed.
            allowed = (*methods, "HEAD") if "GET" in methods else methods
            try:
                if request.method not in allowed:
                    raise Open311Error(405, f"Use {' or '.join(methods)} here.")
                if _holds_nul(params, kwargs.values()):
                    # PostgreSQL text cannot hold NUL; refuse it here rather than fail in the query.
                    raise Open311Error(400, "The request holds a NUL character (0x00); remove it and try again.")
                client = services.authenticate(
                    params,
                    request.headers.get("Authorization", ""),
                    required=request.method in key_required_for,
                )
                services.check_rate_limit(client, request.META.get("REMOTE_ADDR", ""))
                services.check_jurisdiction(params)
                response = view(request, fmt, client=client, **kwargs)
            except Open311Error as error:
                response = render_errors([(error.status, error.description)], fmt, error.status)
                if isinstance(error, RateLimited):
                    response["Retry-After"] = str(error.retry_after)
                if error.status == 405:
                    response["Allow"] = ", ".join(allowed)
            callback = request.GET.get("callback", "")
            if request.method in ("GET", "HEAD") and fmt == "json" and callback and response.status_code == 200:
                if not _CALLBACK.match(callback):
                    return render_errors([(400, "callback must be a JavaScript function name.")], fmt, 400)
                response = HttpResponse(
                    f"/**/{callback}({response.content.decode()});",
                    content_type="application/javascript; charset=utf-8",
                )
            return response

        return wrapper

    return decorate


def _holds_nul(params: QueryDict, path_values: Iterable[str]) -> bool:
    texts = [*path_values, *(text for name, values in params.lists() for text in (name, *values))]
    return any("\x00" in text for text in texts)


def _merged(request: HttpRequest) -> QueryDict:
    """api_key and jurisdiction_id may come in the body or in the query string."""
    if request.method != "POST":
        return request.GET
    if not request.GET:
        return request.POST
    merged = QueryDict(mutable=True)  # built value by value: QueryDict.copy() deep-copies, slowly
    for source in (request.GET, request.POST):
        for name, values in source.lists():
            merged.setlist(name, [*merged.getlist(name), *values])
    return merged


def _language() -> str:
    return get_language() or "en"


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@endpoint("discovery")
def discovery(request: HttpRequest, fmt: str, client: APIClient | None) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    document = {
        "changeset": "2026-11-23T00:00:00Z",
        "contact": f"{settings.CITY_NAME} 311, {settings.DEFAULT_FROM_EMAIL}",
        "key_service": f"Ask {settings.DEFAULT_FROM_EMAIL} for an API key.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-11-23T00:00:00Z",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            },
        ],
    }
    return render(document, fmt, "discovery")


def _services() -> Any:
    return (
        ServiceType.objects.filter(is_active=True).annotate(question_count=Count("questions")).order_by("group", "name")
    )


@endpoint("services")
def service_list(request: HttpRequest, fmt: str, client: APIClient | None) -> HttpResponse:
    return render([service_document(service, _language()) for service in _services()], fmt, "services")


@endpoint("service_definition")
def service_detail(request: HttpRequest, fmt: str, client: APIClient | None, code: str) -> HttpResponse:
    service = cached_service(code)
    if service is None:
        raise Open311Error(404, f"There is no service with code '{code}'.")
    return render(service_definition(service, _language()), fmt, "service_definition")


@endpoint("service_requests", methods=("GET", "POST"))
def request_list(request: HttpRequest, fmt: str, client: APIClient | None) -> HttpResponse:
    if request.method == "POST":
        assert client is not None
        return _idempotent(request, client, f"requests.{fmt}", lambda: _post_request(request, fmt, client))
    return _request_documents(request, fmt, services.find_requests(request.GET))


@endpoint("service_requests")
def request_detail(request: HttpRequest, fmt: str, client: APIClient | None, request_id: str) -> HttpResponse:
    params = QueryDict(mutable=True)
    params.update({"service_request_id": request_id, "extensions": param(request.GET, "extensions")})
    found = services.find_requests(params)
    if not found:
        raise Open311Error(404, f"There is no service request '{request_id}'.")
    return _request_documents(request, fmt, found[:1])


def _request_documents(request: HttpRequest, fmt: str, rows: list[services.RequestRow]) -> HttpResponse:
    extras = services.extras_for(rows) if param(request.GET, "extensions").lower() == "true" else None
    photos = services.public_photo_urls(rows, _base_url(request))
    language = _language()
    return render(
        [request_document(row, language, photos[row.id], extras) for row in rows], fmt, "service_requests"
    )


@endpoint("service_requests")
def token_detail(request: HttpRequest, fmt: str, client: APIClient | None, token: str) -> HttpResponse:
    state = services.token_state(token)
    if state is None:
        raise Open311Error(404, f"There is no token '{token}'.")
    if state.problem:
        raise Open311Error(400, f"The request sent with token '{token}' was not filed: {state.problem}")
    return render([{"service_request_id": state.request_id, "token": token}], fmt, "service_requests")


def _idempotent(
    request: HttpRequest, client: APIClient, name: str, produce: Callable[[], HttpResponse]
) -> HttpResponse:
    """With an Idempotency-Key, a retried POST gets the first answer back and files nothing new."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return produce()
    if len(key) > 255:
        raise Open311Error(400, "The Idempotency-Key header is too long (at most 255 characters).")
    with transaction.atomic():
        record, created = IdempotentPost.objects.select_for_update().get_or_create(
            api_client=client, key=key, endpoint=name
        )
        if not created and record.status_code is not None:
            replay = HttpResponse(bytes(record.body), content_type=record.content_type, status=record.status_code)
            replay["Idempotent-Replayed"] = "true"
            return replay
        response = produce()
        record.status_code = response.status_code
        record.content_type = response["Content-Type"]
        record.body = response.content
        record.save(update_fields=["status_code", "content_type", "body"])
    return response


def _attributes(params: QueryDict) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for name in params:
        match = _ATTRIBUTE.match(name)
        if not match:
            continue
        values = [value for value in params.getlist(name) if value != ""]
        code, is_list = match.group(1), bool(match.group(2))
        if is_list or len(values) > 1:
            answers[code] = [*answers.get(code, []), *values] if isinstance(answers.get(code), list) else values
        elif values:
            answers[code] = values[0]
    return answers


def _post_request(request: HttpRequest, fmt: str, client: APIClient) -> HttpResponse:
    params = request.POST
    code = param(params, "service_code")
    if not code:
        raise Open311Error(400, "service_code is required.")
    photos = [
        upload for name in request.FILES if name == "media" or re.fullmatch(r"photo\d+", name)
        for upload in request.FILES.getlist(name)
    ]
    submission = Submission(
        service_code=code,
        channel=Channel.API,
        description=param(params, "description"),
        lat=param(params, "lat") or None,
        lon=param(params, "long") or None,
        address=param(params, "address_string"),
        address_id=param(params, "address_id"),
        zip_code=param(params, "zipcode")[:10],
        answers=_attributes(params),
        contact=Contact(
            first_name=param(params, "first_name"),
            last_name=param(params, "last_name"),
            email=param(params, "email"),
            phone=param(params, "phone"),
            device_id=param(params, "device_id"),
            account_id=param(params, "account_id"),
        ),
        photos=photos,
        media_urls=[url for url in params.getlist("media_url") if url.strip()],
        language=_language(),
        api_client=client,
    )
    service = cached_service(code)
    if service is None:
        raise Open311Error(404, f"There is no service with code '{code}'.")
    try:
        if service.kind == ServiceKind.BATCH and not photos:
            check_before_queueing(service, submission)
            token = services.queue_request(submission, client)
            return render([{"token": token, "service_notice": None, "account_id": submission.contact.account_id
                            or None}], fmt, "service_requests")
        result = file_request(submission, actor=services.api_actor(client.name))
    except UnknownService as error:
        raise Open311Error(404, str(error)) from None
    except EmergencyRefused as error:
        raise Open311Error(400, str(error)) from None
    except RoutingError as error:
        raise Open311Error(503, str(error)) from None
    except ValidationError as error:
        return render_errors([(400, problem) for problem in services.filing_problems(error)], fmt, 400)
    created = result.request
    notice = f"Expected by {created.expected_at:%B %d, %Y}." if created.expected_at else None
    answer: dict[str, Any] = {
        "service_request_id": created.public_id,
        "service_notice": notice,
        "account_id": submission.contact.account_id or None,
    }
    if created.service.kind == ServiceKind.BATCH:
        token = RequestToken.objects.create(token=secrets.token_urlsafe(16), request=created).token
        answer = {"token": token, "service_notice": notice, "account_id": answer["account_id"]}
    return render([answer], fmt, "service_requests")


@endpoint("service_request_updates", methods=("GET", "POST"))
def updates(request: HttpRequest, fmt: str, client: APIClient | None) -> HttpResponse:
    if request.method == "POST":
        assert client is not None
        return _idempotent(
            request, client, f"servicerequestupdates.{fmt}", lambda: _post_update(request, fmt, client)
        )
    start, end = services.parse_when(request.GET, "start_date"), services.parse_when(request.GET, "end_date")
    events = services.find_updates(start, end, services.page_of(request.GET))
    base = _base_url(request)
    return render([update_document(event, base) for event in events], fmt, "service_request_updates")


def _post_update(request: HttpRequest, fmt: str, client: APIClient) -> HttpResponse:
    params = request.POST
    request_id = param(params, "service_request_id")
    target = ServiceRequest.objects.filter(public_id=normalize_public_id(request_id)).first() if request_id else None
    if target is None:
        raise Open311Error(
            404 if request_id else 400,
            f"There is no service request '{request_id}'." if request_id else "service_request_id is required.",
        )
    try:
        event: RequestEvent = services.add_client_update(
            target,
            client_name=client.name,
            status=param(params, "status").lower(),
            description=param(params, "description"),
            media_url=param(params, "media_url"),
        )
    except ValueError as error:
        raise Open311Error(400, str(error)) from None
    return render([{"update_id": str(event.pk)}], fmt, "service_request_updates")


@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI document, readable from any origin so API explorers elsewhere can load it."""
    response = JsonResponse(openapi_document(_base_url(request)), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def documentation(request: HttpRequest) -> TemplateResponse:
    base = _base_url(request)
    example_code = ServiceType.objects.filter(is_active=True, is_emergency=False).values_list(
        "service_code", flat=True
    ).first()
    context = {
        "base": base,
        "operations": documented_operations(openapi_document(base)),
        "jurisdiction_id": settings.OPEN311_JURISDICTION_ID,
        "anonymous_per_minute": settings.OPEN311_ANONYMOUS_PER_MINUTE,
        "key_per_minute": APIClient._meta.get_field("requests_per_minute").get_default(),
        "max_page_size": services.MAX_PAGE_SIZE,
        "window_days": services.MAX_WINDOW.days,
        "max_radius": services.MAX_RADIUS_M,
        "example_code": example_code or "pothole",
        "contact_email": settings.DEFAULT_FROM_EMAIL,
    }
    return TemplateResponse(request, "open311/documentation.html", context)
