"""Writing many requests at once (open-data imports, the demo history, benchmarks).

On PostgreSQL rows go in with COPY; elsewhere with bulk_create. Either way the caller hands
over whole requests with their history, contacts and districts, and one transaction writes them
all or none.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction

from civicdesk.service_requests.models import ReporterContact, RequestEvent, ServiceRequest


@dataclass
class RequestBundle:
    """One unsaved request with what belongs to it (none of them saved yet)."""

    request: ServiceRequest
    events: list[RequestEvent] = field(default_factory=list)
    reporter: ReporterContact | None = None
    district_ids: list[int] = field(default_factory=list)


def bulk_insert_requests(bundles: Sequence[RequestBundle]) -> int:
    """Insert the bundles in one transaction; returns how many requests were written."""
    if not bundles:
        return 0
    with transaction.atomic():
        requests = [bundle.request for bundle in bundles]
        if connection.vendor == "postgresql":
            _allocate_ids(ServiceRequest, requests)
            _copy(ServiceRequest, requests)
        else:
            ServiceRequest.objects.bulk_create(requests)
        events: list[RequestEvent] = []
        reporters: list[ReporterContact] = []
        links: list[Any] = []
        through = ServiceRequest.districts.through
        for bundle in bundles:
            for event in bundle.events:
                event.request_id = bundle.request.pk
                events.append(event)
            if bundle.reporter is not None:
                bundle.reporter.request_id = bundle.request.pk
                reporters.append(bundle.reporter)
            links.extend(through(servicerequest_id=bundle.request.pk, district_id=d) for d in bundle.district_ids)
        _insert(RequestEvent, events)
        _insert(ReporterContact, reporters)
        _insert(through, links)
    return len(bundles)


def _insert(model: type[models.Model], objects: list[Any]) -> None:
    if not objects:
        return
    if connection.vendor == "postgresql":
        _allocate_ids(model, objects)
        _copy(model, objects)
    else:
        model._default_manager.bulk_create(objects, batch_size=2000)


def _allocate_ids(model: type[models.Model], objects: list[Any]) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(objects)]
        )
        for obj, (new_id,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = new_id


def _copy(model: type[models.Model], objects: list[Any]) -> None:
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])
