"""Recording contacts with residents and counting them.

Every channel that talks with a resident records how each contact ended through `record_contact`:
a question answered (often with a knowledge-base article, no request), a request filed, a follower
added, a status given. Rows of one phone call share its `started_at`, so calls can be counted too.
"""

import re
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Replace

from civicdesk.catalog.models import Article, ServiceType
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import requests_of_resident

# Outcomes that are about one request: the row must name it.
REQUEST_OUTCOMES = frozenset({Outcome.REQUEST_FILED, Outcome.FOLLOWER_ADDED, Outcome.STATUS_GIVEN})
# A North American number: country code 1, then ten digits.
NORTH_AMERICA, NATIONAL_DIGITS = "1", 10
# What people put between the digits of a phone number.
PHONE_PUNCTUATION = " -().+/"


def record_contact(
    *, channel: str, outcome: str, taken_by: Any = None, started_at: datetime | None = None,
    article: Article | None = None, service: ServiceType | None = None, request: ServiceRequest | None = None,
    summary: str = "", language: str = "en",
) -> Contact:
    """Record one contact and how it ended.

    Raises ValidationError when the channel or outcome is unknown, or when an outcome about a request
    (filed, follower added, status given) names no request.
    """
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values:
        errors["channel"] = [f"Unknown channel '{channel}'."]
    if outcome not in Outcome.values:
        errors["outcome"] = [f"Unknown outcome '{outcome}'."]
    if outcome in REQUEST_OUTCOMES and request is None:
        errors["request"] = ["This outcome is about a request: say which one."]
    if errors:
        raise ValidationError(errors)
    fields: dict[str, Any] = {"started_at": started_at} if started_at is not None else {}
    return Contact.objects.create(
        channel=channel, outcome=outcome, taken_by=taken_by if getattr(taken_by, "pk", None) else None,
        article=article, service=service if service is not None else getattr(request, "service", None),
        request=request, summary=summary.strip()[:500], language=(language or "en")[:8], **fields,
    )


def contact_counts(*, since: datetime, until: datetime | None = None, taken_by: Any = None) -> dict[str, int]:
    """How many contacts ended each way (every outcome listed, zero included) from `since` to `until`."""
    rows = Contact.objects.filter(started_at__gte=since)
    if until is not None:
        rows = rows.filter(started_at__lt=until)
    if taken_by is not None:
        rows = rows.filter(taken_by=taken_by)
    counted = dict(rows.values_list("outcome").annotate(total=Count("id")).values_list("outcome", "total"))
    return {outcome: counted.get(outcome, 0) for outcome in Outcome.values}


def phone_key(text: str) -> str:
    """The digits that identify a phone number however it was typed.

    "+1 (312) 555-0100", "312.555.0100" and "13125550100" all give "3125550100": the North American
    country code is dropped, other numbers keep all their digits. Empty when there are fewer than 7.
    """
    digits = re.sub(r"\D", "", text)
    if len(digits) < 7:
        return ""
    if len(digits) == NATIONAL_DIGITS + 1 and digits.startswith(NORTH_AMERICA):
        return digits[1:]
    return digits


def _digits_of(field: str) -> Combinable:
    expression: Combinable = F(field)
    for mark in PHONE_PUNCTUATION:
        expression = Replace(expression, Value(mark), Value(""))
    return expression


def requests_of_caller(*, phone: str = "", email: str = "") -> tuple[list[ServiceRequest], list[ServiceRequest]]:
    """The requests a caller reported and the ones they follow, newest first, found by email or by phone.

    A phone number matches however either side was typed ("+1 312 555 0100" finds "(312) 555-0100").
    """
    if email.strip():
        return requests_of_resident(email.strip())
    key = phone_key(phone)
    if not key:
        return [], []
    reported: list[ServiceRequest] = [
        row for row in ServiceRequest.objects.select_related("service", "reporter")
        .alias(digits=_digits_of("reporter__phone")).filter(digits__endswith=key).order_by("-requested_at")
        if phone_key(row.reporter.phone) == key
    ]
    followed: list[ServiceRequest] = [
        row for row in ServiceRequest.objects.select_related("service").prefetch_related("followers")
        .alias(digits=_digits_of("followers__phone")).filter(digits__endswith=key)
        .exclude(pk__in=[row.pk for row in reported]).distinct().order_by("-requested_at")
        if any(phone_key(follower.phone) == key for follower in row.followers.all())
    ]
    return reported, followed
