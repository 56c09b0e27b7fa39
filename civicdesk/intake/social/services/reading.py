"""Reading the city's mentions and direct messages on X: each post stored once (`SocialPost`, unique per platform
and id) and filed through the one intake function: routed when the text names a service and a sure address, else
under the triage service for 311 staff."""


from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from civicdesk.catalog.knowledge import search_help
from civicdesk.catalog.services import emergency_in_text
from civicdesk.contacts.models import Outcome
from civicdesk.contacts.services import record_contact
from civicdesk.intake.services import guess_language, triage_service
from civicdesk.intake.social.client import InboundPost, Page, SocialClient, XApiError, social_client
from civicdesk.intake.social.models import Platform, PostKind, SocialFeed, SocialPost
from civicdesk.intake.social.services.text import HANDLE, STREET_ADDRESS
from civicdesk.routing.geocoder import SURE_MATCH_SCORE, search_addresses
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import (
    Contact,
    EmergencyRefused,
    Submission,
    UnknownService,
    file_request,
)
from civicdesk.service_requests.models import ServiceRequest

MENTIONS, DIRECT_MESSAGES = "x-mentions", "x-direct-messages"


@dataclass
class IngestReport:
    """What one poll did: posts read, requests filed, posts kept unfiled (with their reason), feed errors."""

    read: int = 0
    filed: int = 0
    unfiled: int = 0
    errors: list[str] = field(default_factory=list)
    connected: bool = True


def ingest(client: SocialClient | None = None, now: datetime | None = None) -> IngestReport:
    """Read new mentions (and direct messages, with a user token) and file each once. Nothing when not connected."""
    client = client or social_client()
    report = IngestReport(connected=client.is_connected())
    if not report.connected:
        return report
    moment = now or timezone.now()
    _poll(MENTIONS, lambda feed: client.fetch_mentions(feed.cursor), moment, report)
    if client.can_post():
        _poll(DIRECT_MESSAGES, lambda feed: client.fetch_direct_messages(parse_datetime(feed.cursor or "")),
              moment, report)
    return report


def _poll(name: str, fetch: Callable[[SocialFeed], Page], now: datetime, report: IngestReport) -> None:
    feed, _created = SocialFeed.objects.get_or_create(name=name)
    if feed.resume_at and feed.resume_at > now:
        return
    try:
        page = fetch(feed)
    except XApiError as error:
        # The cursor stays where it was: the next poll reads the same posts again.
        feed.last_error = error.message[:300]
        feed.resume_at = now + timedelta(seconds=error.retry_after) if error.retry_after else None
        feed.save(update_fields=["last_error", "resume_at"])
        report.errors.append(f"{name}: {error.message}")
        return
    for post in page.posts:
        stored = store_post(post)
        report.read += 1
        if stored is not None:
            report.filed += stored.request_id is not None
            report.unfiled += stored.request_id is None
    feed.cursor = _next_cursor(feed.cursor, page)
    feed.last_polled_at, feed.last_error, feed.resume_at = now, "", None
    feed.save()


def _next_cursor(cursor: str, page: Page) -> str:
    if page.newest_id:
        return page.newest_id
    if page.posts and page.posts[-1].kind == PostKind.DIRECT_MESSAGE:
        return max(post.created_at for post in page.posts).isoformat()
    return cursor


def store_post(post: InboundPost) -> SocialPost | None:
    """Keep a post and file it; None when it was stored before (a replayed payload files nothing)."""
    with transaction.atomic():
        row, created = SocialPost.objects.get_or_create(
            platform=Platform.X, external_id=post.external_id,
            defaults={"kind": post.kind, "text": post.text, "author_id": post.author_id,
                      "author_handle": post.author_handle[:100], "received_at": post.created_at},
        )
        if not created:
            return None
        _file(row)
        row.save()
    return row


def report_text(text: str) -> str:
    """The post without @handles (the city's own and anyone else's): what goes in the public description."""
    return " ".join(HANDLE.sub(" ", text).split())


def _file(row: SocialPost) -> None:
    text = report_text(row.text)
    language = guess_language(text)
    if not text:
        row.problem = "No words to file."
        record_contact(channel=Channel.SOCIAL, outcome=Outcome.ABANDONED, language=language, summary="Empty post")
        return
    if emergency_in_text(text):
        row.problem = "Emergency words: not filed (emergencies go to 911)."
        record_contact(channel=Channel.SOCIAL, outcome=Outcome.ANSWERED, language=language,
                       summary="Emergency by social media: not filed")
        return
    contact = Contact(first_name=f"@{row.author_handle}" if row.author_handle else "",
                      account_id=f"x:{row.author_id}" if row.author_id else "", wants_updates=False)
    typed_address = _address_in(text)
    try:
        request = _routed(text, typed_address, contact, language) or _triaged(text, typed_address, contact, language)
    except EmergencyRefused:
        row.problem = "Emergency: not filed (emergencies go to 911)."
        record_contact(channel=Channel.SOCIAL, outcome=Outcome.ANSWERED, language=language,
                       summary="Emergency by social media: not filed")
        return
    except (UnknownService, ValidationError) as refusal:
        row.problem = f"Not filed: {_reason(refusal)}"[:300]
        record_contact(channel=Channel.SOCIAL, outcome=Outcome.ABANDONED, language=language, summary=text)
        return
    row.request = request
    record_contact(channel=Channel.SOCIAL, outcome=Outcome.REQUEST_FILED, request=request, language=language,
                   summary=text)


def _reason(refusal: Exception) -> str:
    if isinstance(refusal, ValidationError) and hasattr(refusal, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in refusal.message_dict.items())
    return str(refusal)


def _address_in(text: str) -> str:
    found = STREET_ADDRESS.search(text)
    return found.group(0).rstrip(".") if found else ""


def _routed(text: str, typed_address: str, contact: Contact, language: str) -> ServiceRequest | None:
    """File under the service the text names, at the address it gives, when both are sure; else None."""
    services = search_help(text, language, kinds=("service",)).services
    matches = search_addresses(typed_address, limit=1) if typed_address else []
    if not services or not matches or matches[0].score < SURE_MATCH_SCORE:
        return None
    submission = Submission(service_code=services[0].key, channel=Channel.SOCIAL, description=text,
                            address_id=matches[0].point.address_id, contact=contact, language=language)
    try:
        return file_request(submission, actor=Actor.resident()).request
    except (UnknownService, ValidationError):
        return None  # e.g. the service's required questions: 311 staff ask them


def _triaged(text: str, typed_address: str, contact: Contact, language: str) -> ServiceRequest:
    submission = Submission(service_code=triage_service().service_code, channel=Channel.SOCIAL, description=text,
                            address=typed_address, contact=contact, language=language)
    return file_request(submission, actor=Actor.resident()).request
