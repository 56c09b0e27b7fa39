"""What the social media tests share: the city's X account wired to a local fake X API, and the triage service.

Jane (@jane_on_main) reports missed trash at 455 E Oak Ave; Marcus (@marcus_lee) asks about an empty lot;
Rosa (@rosa_d) writes a direct message about a street light. The city's account is @RivertonCity311.
"""

from typing import Any

from civicdesk.catalog.models import ServiceType
from civicdesk.conftest import City
from civicdesk.intake.services import triage_service
from civicdesk.intake.social.fake_x import FakeX
from civicdesk.intake.social.models import SocialPost
from civicdesk.service_requests.models import ServiceRequest

CITY_ACCOUNT_ID = "1449227381"
JANES_MENTION, MARCUS_MENTION, ROSAS_MESSAGE = "1860331405622870017", "1860329760138690561", "1860332742993731588"


def connect(settings: Any, fake: FakeX, *, user_token: str = "user-context-token") -> None:
    settings.X_API_BASE = fake.base
    settings.X_USER_ID = CITY_ACCOUNT_ID
    settings.X_BEARER_TOKEN = "app-only-token"
    settings.X_USER_TOKEN = user_token


def disconnect(settings: Any) -> None:
    settings.X_USER_ID = settings.X_BEARER_TOKEN = settings.X_USER_TOKEN = ""


def add_triage_service(city: City) -> ServiceType:
    """The 311 desk's general-inquiry service, shared with the email channel (made on first use)."""
    service = triage_service()
    assert service.default_department == city.triage
    return service


def filed_from(external_id: str) -> ServiceRequest:
    """The request a post or direct message (X's id) was filed as; failing when it filed none."""
    request = SocialPost.objects.get(external_id=external_id).request
    assert request is not None, f"X post {external_id} filed no request"
    return request
