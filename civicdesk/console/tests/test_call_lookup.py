"""The call-taker console's caller look-up: by phone (however typed), email or tracking number."""

from unittest import mock

import pytest
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.console.calls import look_up_caller
from civicdesk.console.tests.conftest import signed_in
from civicdesk.contacts.models import Contact
from civicdesk.service_requests import services as request_services
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.models import Follower, ServiceRequest
from civicdesk.service_requests.tests.factories import ReporterContactFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trash_followed_by_rosa(city: City) -> ServiceRequest:
    request = ServiceRequestFactory.create(service=city.missed_trash, description="Bins not emptied on Oak")
    Follower.objects.create(request=request, name="Rosa", email="rosa@example.org", phone="312-555-0100",
                            channel=Channel.WEB)
    return request


@pytest.mark.parametrize("typed", ["+13125550100", "(312) 555-0100", "312.555.0100", "1 312 555 0100",
                                   "ROSA@example.org", " rosa@example.org "])
def test_the_caller_is_found_by_phone_or_email_with_reported_and_followed_requests(
    call_taker: User, pothole_request: ServiceRequest, trash_followed_by_rosa: ServiceRequest, typed: str,
) -> None:
    ReporterContactFactory.create(email="someone@example.org", phone="+1 773 555 0199")

    response = signed_in(call_taker).get(reverse("console:call"), {"caller": typed})

    assert response.status_code == 200
    lookup = response.context["lookup"]
    assert (lookup.reported, lookup.followed) == ([pothole_request], [trash_followed_by_rosa])
    page = response.content.decode()
    assert pothole_request.public_id in page and trash_followed_by_rosa.public_id in page
    assert "Rosa Resident" in page
    # The file form starts with what the city already knows about the caller.
    details = response.context["details"]
    assert (details["first_name"].value(), details["email"].value(), details["phone"].value()) == (
        "Rosa", "rosa@example.org", "+13125550100")


def test_a_tracking_number_finds_its_request_as_typed_on_the_phone(
    call_taker: User, pothole_request: ServiceRequest,
) -> None:
    typed = pothole_request.public_id.replace("-", " ").lower()

    response = signed_in(call_taker).get(reverse("console:call"), {"caller": typed})

    assert response.context["lookup"].kind == "tracking"
    assert response.context["lookup"].reported == [pothole_request]


@pytest.mark.parametrize("public_id", ["2345-6789", "WXYZ-KLMN"], ids=["digits only", "letters only"])
def test_a_tracking_number_of_one_kind_of_character_is_found_not_taken_for_a_phone(
    call_taker: User, city: City, public_id: str,
) -> None:
    """The same rule as the text channel (intake.services.is_tracking_number): shaped like one, or one that
    exists."""
    request = ServiceRequestFactory.create(service=city.pothole, public_id=public_id)

    response = signed_in(call_taker).get(reverse("console:call"), {"caller": public_id.replace("-", " ")})

    assert (response.context["lookup"].kind, response.context["lookup"].reported) == ("tracking", [request])


def test_a_tracking_number_is_looked_up_once(call_taker: User, city: City) -> None:
    request = ServiceRequestFactory.create(service=city.pothole, public_id="2345-6789")
    lookups = mock.Mock(wraps=request_services.request_by_public_id)

    with mock.patch.object(request_services, "request_by_public_id", lookups):
        found = look_up_caller(call_taker, "2345 6789")

    assert (found.kind, found.reported) == ("tracking", [request])
    assert lookups.call_count == 1


@pytest.mark.parametrize(("typed", "message"), [
    ("(773) 555-0123", "No requests found for (773) 555-0123."),
    ("nobody@example.org", "No requests found for nobody@example.org."),
    ("12", "Type a phone number (at least 7 digits), an email address or a tracking number."),
])
def test_a_caller_without_requests_is_told_plainly(
    call_taker: User, pothole_request: ServiceRequest, typed: str, message: str,
) -> None:
    response = signed_in(call_taker).get(reverse("console:call"), {"caller": typed})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert pothole_request.public_id not in response.content.decode()


def test_department_staff_see_only_their_departments_requests_of_a_caller(
    sanitation_worker: User, pothole_request: ServiceRequest, trash_followed_by_rosa: ServiceRequest,
) -> None:
    response = signed_in(sanitation_worker).get(reverse("console:call"), {"caller": "rosa@example.org"})

    assert (response.context["lookup"].reported, response.context["lookup"].followed) == (
        [], [trash_followed_by_rosa])
    assert pothole_request.public_id not in response.content.decode()


def test_giving_a_caller_the_status_of_a_request_is_counted(call_taker: User, pothole_request: ServiceRequest) -> None:
    client = signed_in(call_taker)

    response = client.post(reverse("console:call_status_given"),
                           {"public_id": pothole_request.public_id, "caller": "rosa@example.org"})

    contact = Contact.objects.get()
    assert (contact.outcome, contact.request, contact.taken_by, contact.channel) == (
        "status_given", pothole_request, call_taker, "phone")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('console:call')}?caller=rosa%40example.org&done={contact.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Recorded: Status of a request given" in page


def test_the_status_of_an_unknown_request_is_refused(call_taker: User, pothole_request: ServiceRequest) -> None:
    response = signed_in(call_taker).post(reverse("console:call_status_given"), {"public_id": "ZZZZ-ZZZZ"})

    assert response.status_code == 400
    assert "No request has that tracking number." in response.content.decode()
    assert not Contact.objects.exists()
