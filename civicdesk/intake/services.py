"""What every resident channel says the same way: a request's status in plain words, the short service
menu, the most asked questions, the 311 centre's hours, and which language a resident writes in.

Channels format these for their medium (a text message, a spoken sentence); the facts come from here,
so a resident hears the same answer whichever way they reach the city.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from civicdesk.catalog.models import Article, ServiceType
from civicdesk.departments.calendar import BusinessCalendar
from civicdesk.departments.models import Department
from civicdesk.notifications.wording import status_in_plain_words
from civicdesk.service_requests.choices import OPEN_STATUSES
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import requests_matching_typed_number

MENU_SIZE = 5
POPULAR_DAYS = 90  # "most requested" and "most asked" look this far back
# Words that, alone or among few, say which language a resident writes in (accents already dropped).
SPANISH_WORDS = frozenset(
    "hola hay calle basura bache baches luz agua por favor esta mi el la los las una del que frente casa "
    "ayuda gracias semaforo fuga arbol roto rota tengo necesito quiero donde cuando buenos buenas dias".split()
)
ENGLISH_WORDS = frozenset(
    "hi hello there is the a my on in of street trash pothole light please help water tree broken need "
    "want where when".split()
)


def plain_words(text: str) -> str:
    """Upper case, accents dropped, punctuation gone: "¡Español!" -> "ESPANOL"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", bare.upper()).split())


def guess_language(text: str) -> str:
    """ "es" when the words look Spanish (or carry Spanish accents and marks), else "en"."""
    if re.search(r"[ñ¿¡áéíóú]", text.lower()):
        return "es"
    words = plain_words(text).lower().split()
    spanish = sum(word in SPANISH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    return "es" if spanish > english else "en"


def looks_like_tracking_number(text: str) -> bool:
    """Two groups of four letters and digits, with a digit and a letter: "7kq4 m29x" is, "tree down" is not."""
    stripped = text.strip()
    return (re.fullmatch(r"[A-Za-z0-9]{4}[\s-]?[A-Za-z0-9]{4}", stripped) is not None
            and any(char.isdigit() for char in stripped) and any(char.isalpha() for char in stripped))


def is_tracking_number(text: str) -> bool:
    """What a resident or a call-taker typed is a tracking number: shaped like one, or one that exists (a
    number may be all letters, or all digits)."""
    return looks_like_tracking_number(text) or bool(requests_matching_typed_number(text))


@dataclass(frozen=True)
class StatusReport:
    """A request's status as a resident is told it, in their language."""

    public_id: str
    service: str
    address: str
    status: str  # the status word ("In progress")
    meaning: str  # what it means, in plain words
    expected: str  # when the city expects to finish ("" when closed or unknown)


def status_report(request: ServiceRequest, language: str) -> StatusReport:
    """The status of a request in plain words (notifications' wording), in `language`."""
    with translation.override(language):
        expected = ""
        if request.status in OPEN_STATUSES and request.expected_at:
            expected = formats.date_format(timezone.localtime(request.expected_at), "DATE_FORMAT")
        return StatusReport(
            public_id=request.public_id, service=request.service.localized_name(language), address=request.address,
            status=str(request.get_status_display()), meaning=status_in_plain_words(request.status), expected=expected,
        )


def menu_services(limit: int = MENU_SIZE) -> list[ServiceType]:
    """The services residents ask for most (filed in the last 90 days), for a short numbered menu."""
    since = timezone.now() - timedelta(days=POPULAR_DAYS)
    return list(
        ServiceType.objects.filter(is_active=True, is_emergency=False)
        .annotate(recent=Count("requests", filter=Q(requests__requested_at__gte=since)))
        .order_by("-recent", "group", "name")[:limit]
    )


def top_articles(limit: int = MENU_SIZE) -> list[Article]:
    """The knowledge-base answers given most often lately (contacts that named them), most asked first."""
    since = timezone.now() - timedelta(days=POPULAR_DAYS)
    return list(
        Article.objects.filter(is_published=True)
        .annotate(given=Count("contacts", filter=Q(contacts__started_at__gte=since)))
        .order_by("-given", "group", "title")[:limit]
    )


@dataclass(frozen=True)
class CentreHours:
    """Whether the 311 centre's call-takers are at work now, and when they are next."""

    is_open: bool
    opens_at: datetime | None  # the next opening, when closed (None: no open hours in the next two weeks)

    def opening_words(self, language: str) -> str:
        """ "Monday at 8:00 a.m." in the resident's language, or "" when unknown."""
        if self.opens_at is None:
            return ""
        with translation.override(language):
            local = timezone.localtime(self.opens_at)
            return _("%(day)s at %(time)s") % {
                "day": formats.date_format(local, "l"), "time": formats.time_format(local, "TIME_FORMAT"),
            }


def contact_centre() -> Department | None:
    """The 311 centre: the triage department, whose calendar says when call-takers answer."""
    return Department.objects.filter(is_triage=True, is_active=True).prefetch_related("business_hours").first()


def centre_hours(now: datetime | None = None) -> CentreHours:
    """Open or closed now by the 311 centre's business calendar (its hours and the city's holidays)."""
    calendar = BusinessCalendar.for_department(contact_centre())
    moment = now or timezone.now()
    day = moment.astimezone(calendar.zone).date()
    if any(opens <= moment < closes for opens, closes in calendar.intervals_on(day)):
        return CentreHours(True, None)
    for offset in range(15):
        for opens, _closes in calendar.intervals_on(day + timedelta(days=offset)):
            if opens > moment:
                return CentreHours(False, opens)
    return CentreHours(False, None)


TRIAGE_SERVICE_NAME = "General inquiry (needs triage)"


def triage_service() -> ServiceType:
    """The service type for reports (emails, posts) that name no service and place: EMAIL_TRIAGE_SERVICE_CODE,
    owned by the triage department. Made on first use when the catalog lacks it, so a report is never lost."""
    code = settings.EMAIL_TRIAGE_SERVICE_CODE
    with transaction.atomic():
        service, _created = ServiceType.objects.get_or_create(service_code=code, defaults=dict(
            name=TRIAGE_SERVICE_NAME, name_es="Consulta general (por clasificar)", group="Other",
            description="Anything not listed: the 311 desk reads it and sends it to the right place.",
            description_es="Cualquier otra cosa: el equipo del 311 lo lee y lo envía al lugar correcto.",
            keywords="question,general,inquiry,help", location_required=False,
            default_department=Department.objects.filter(is_triage=True, is_active=True).first(),
        ))
    return service
