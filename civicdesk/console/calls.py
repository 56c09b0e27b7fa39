"""The call-taker console's logic: who is calling, what the knowledge base answers, filing or following
for the caller, and reading a tracking number back over the phone.

Every way a call ends is recorded with `contacts.services.record_contact`; the rows of one call share
the call's start time. Requests are filed through the one intake function, as the staff member.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicdesk.catalog.knowledge import BodyBlock, HelpResults, body_blocks, search_help
from civicdesk.catalog.models import Article
from civicdesk.console.permissions import can_see, require
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.contacts.services import phone_key, record_contact, requests_of_caller
from civicdesk.intake.services import looks_like_tracking_number
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.intake import IntakeResult, Submission, file_request
from civicdesk.service_requests.models import ReporterContact, ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id
from civicdesk.service_requests.services import request_by_public_id, requests_matching_typed_number

LookupKind = Literal["phone", "email", "tracking", "unknown", ""]
KNOWLEDGE_LIMIT = 5

NATO = {
    "A": "Alfa", "B": "Bravo", "C": "Charlie", "D": "Delta", "E": "Echo", "F": "Foxtrot", "G": "Golf",
    "H": "Hotel", "I": "India", "J": "Juliett", "K": "Kilo", "L": "Lima", "M": "Mike", "N": "November",
    "O": "Oscar", "P": "Papa", "Q": "Quebec", "R": "Romeo", "S": "Sierra", "T": "Tango", "U": "Uniform",
    "V": "Victor", "W": "Whiskey", "X": "X-ray", "Y": "Yankee", "Z": "Zulu",
}


@dataclass(frozen=True)
class Call:
    """The call in progress: when it started, how the resident reached us, and in which language."""

    started_at: datetime
    channel: str
    language: str


@dataclass(frozen=True)
class CallerLookup:
    """A caller's requests found by phone, email or tracking number, only those the staff member may see."""

    query: str
    kind: LookupKind
    reported: list[ServiceRequest] = field(default_factory=list)
    followed: list[ServiceRequest] = field(default_factory=list)
    name: tuple[str, str] = ("", "")  # first and last name as last given
    phone: str = ""
    email: str = ""

    @property
    def found(self) -> bool:
        return bool(self.reported or self.followed)


def look_up_caller(user: Any, query: str) -> CallerLookup:
    """The requests of the caller with this phone number, email address or tracking number."""
    text = query.strip()[:254]
    if not text:
        return CallerLookup("", "")
    kind: LookupKind
    if "@" in text:
        kind, (reported, followed) = "email", requests_of_caller(email=text)
    # The intake's tracking-number rule (intake.services.is_tracking_number), its lookup done once.
    elif (matches := requests_matching_typed_number(text)) or looks_like_tracking_number(text):
        kind, reported, followed = "tracking", matches, []
    elif phone_key(text):
        kind, (reported, followed) = "phone", requests_of_caller(phone=text)
    else:
        return CallerLookup(text, "unknown")
    reported = [row for row in reported if can_see(user, row)]
    followed = [row for row in followed if can_see(user, row)]
    reporter = next((contact for row in reported if (contact := _reporter(row)) is not None), None)
    return CallerLookup(
        text, kind, reported, followed,
        name=(reporter.first_name, reporter.last_name) if reporter else ("", ""),
        phone=reporter.phone if reporter else (text if kind == "phone" else ""),
        email=reporter.email if reporter else (text if kind == "email" else ""),
    )


def _reporter(row: ServiceRequest) -> ReporterContact | None:
    return getattr(row, "reporter", None)


@dataclass(frozen=True)
class KnowledgeAnswer:
    slug: str
    title: str
    summary: str
    blocks: list[BodyBlock]


@dataclass(frozen=True)
class KnowledgeResults:
    results: HelpResults
    articles: list[KnowledgeAnswer]


def search_knowledge(question: str, language: str) -> KnowledgeResults:
    """Articles with their text (to read to the caller) and service types (to file), best first."""
    results = search_help(question[:200], language, limit=KNOWLEDGE_LIMIT)
    slugs = [answer.key for answer in results.articles]
    found = {article.slug: article for article in Article.objects.filter(slug__in=slugs, is_published=True)}
    articles = [
        KnowledgeAnswer(slug, article.localized_title(language), article.localized_summary(language),
                        body_blocks(article.localized_body(language)))
        for slug in slugs if (article := found.get(slug)) is not None
    ]
    return KnowledgeResults(results, articles)


def answered_with_article(user: Any, call: Call, article: Article, question: str) -> Contact:
    """Record an information-only contact: the caller's question answered with this article."""
    return record_contact(channel=call.channel, outcome=Outcome.ANSWERED, taken_by=user, started_at=call.started_at,
                          article=article, summary=question, language=call.language)


def status_given(user: Any, call: Call, public_id: str) -> Contact:
    """Record that the caller was told where their request stands.

    Raises ValidationError for an unknown request, PermissionDenied for one the staff member may not see.
    """
    found = request_by_public_id(public_id)
    if found is None:
        raise ValidationError(_("No request has that tracking number."))
    require(can_see(user, found), _("This request belongs to a department you do not work in."))
    return record_contact(channel=call.channel, outcome=Outcome.STATUS_GIVEN, taken_by=user,
                          started_at=call.started_at, request=found, language=call.language)


def file_for_caller(user: Any, call: Call, submission: Submission) -> tuple[IntakeResult, Contact]:
    """File the caller's request (or add them as follower when `submission.follow_request_id` is set) through
    intake as this staff member, and record how the call ended; both or neither are saved.

    Raises what `file_request` raises (ValidationError, EmergencyRefused, UnknownService).
    """
    with transaction.atomic():
        result = file_request(submission, actor=Actor.staff(user))
        contact = record_contact(
            channel=submission.channel, outcome=Outcome.REQUEST_FILED if result.created else Outcome.FOLLOWER_ADDED,
            taken_by=user, started_at=call.started_at, request=result.request, summary=submission.description[:200],
            language=submission.language,
        )
    return result, contact


@dataclass(frozen=True)
class SpokenCharacter:
    character: str
    spoken: str


def read_back(public_id: str) -> list[list[SpokenCharacter]]:
    """A tracking number as said on the phone: its groups, each character with its word ("K" → "Kilo")."""
    digits = {"2": _("two"), "3": _("three"), "4": _("four"), "5": _("five"), "6": _("six"), "7": _("seven"),
              "8": _("eight"), "9": _("nine"), "0": _("zero"), "1": _("one")}
    return [
        [SpokenCharacter(char, NATO.get(char) or digits.get(char, char)) for char in group]
        for group in normalize_public_id(public_id).split("-") if group
    ]

