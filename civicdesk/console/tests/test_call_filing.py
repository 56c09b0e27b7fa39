"""Filing a request for a caller from the console: through intake, as the call-taker, on the phone or at the
counter; nearby duplicates offered first to follow instead; the tracking number read back."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.conftest import City
from civicdesk.console.calls import read_back
from civicdesk.console.tests.conftest import signed_in
from civicdesk.contacts.models import Contact
from civicdesk.service_requests.choices import ActorKind, EventKind
from civicdesk.service_requests.models import Follower, RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db


def pothole_call(**changes: Any) -> dict[str, Any]:
    data = {"service": "pothole", "channel": "phone", "address": "455 E Oak Ave", "q_size": "large",
            "q_lanes": ["left", "bike"], "description": "Deep hole at the bus stop", "first_name": "Rosa",
            "last_name": "Resident", "phone": "(312) 555-0100", "email": "", "caller": "(312) 555-0100"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def counts() -> tuple[int, int, int, int]:
    return (ServiceRequest.objects.count(), Contact.objects.count(), Follower.objects.count(),
            RequestEvent.objects.count())


def test_a_call_taker_files_a_phone_request_for_the_caller(city: City, call_taker: User) -> None:
    client = signed_in(call_taker)

    response = client.post(reverse("console:call_file"), pothole_call())

    filed = ServiceRequest.objects.get()
    assert (filed.service, filed.channel, filed.address, filed.department) == (
        city.pothole, "phone", "455 E Oak Ave", city.public_works)
    assert filed.answers == {"size": "large", "lanes": ["left", "bike"]}
    assert (filed.reporter.first_name, filed.reporter.phone) == ("Rosa", "(312) 555-0100")
    created = filed.events.get(kind=EventKind.CREATED)
    assert (created.actor_kind, created.actor_user, created.channel) == (ActorKind.STAFF, call_taker, "phone")
    contact = Contact.objects.get()
    assert (contact.outcome, contact.request, contact.service, contact.taken_by, contact.channel) == (
        "request_filed", filed, city.pothole, call_taker, "phone")
    assert response.status_code == 302
    result = client.get(response["Location"])
    page = result.content.decode()
    assert f'data-testid="tracking-number">{filed.public_id}<' in page
    assert result.context["read_back"] == read_back(filed.public_id)
    # The caller's requests are shown again, the new one among them.
    assert result.context["lookup"].reported == [filed]


def test_a_walk_in_is_filed_with_its_channel(city: City, department_worker: User) -> None:
    signed_in(department_worker).post(reverse("console:call_file"), pothole_call(channel="walk_in"))

    filed = ServiceRequest.objects.get()
    assert filed.channel == "walk_in"
    assert filed.events.get(kind=EventKind.CREATED).actor_user == department_worker
    assert Contact.objects.get().channel == "walk_in"


def test_a_service_without_a_place_is_filed_without_an_address(city: City, call_taker: User) -> None:
    city.missed_trash.location_required = False
    city.missed_trash.save()

    response = signed_in(call_taker).post(reverse("console:call_file"), pothole_call(
        service="missed-trash", address="", q_size=None, q_lanes=None, description="Missed on Tuesday"))

    assert response.status_code == 302
    assert ServiceRequest.objects.get().service == city.missed_trash


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"service": ""}, "service", "Choose the service the caller needs."),
    ({"service": "no-such-service"}, "service", "Choose a service from the list."),
    ({"q_size": ""}, "q_size", ""),
    ({"q_size": "enormous"}, "q_size", ""),
    ({"address": ""}, "address", "Enter the address"),
    ({"address": "1 Nowhere Lane"}, "address", "We could not find"),
    ({"email": "rosa-at-example", "phone": ""}, "email", "Enter an email address like name@example.com."),
    ({"phone": "55", "email": ""}, "phone", "Enter a phone number with at least 7 digits."),
    ({"phone": "", "email": ""}, "email", "Give an email address or a phone number"),
])
def test_wrong_input_is_shown_as_form_errors_and_nothing_is_saved(
    city: City, call_taker: User, changes: dict[str, str], field: str, message: str,
) -> None:
    before = counts()

    response = signed_in(call_taker).post(reverse("console:call_file"), pothole_call(**changes))

    assert response.status_code == 400
    forms = response.context
    errors = {**forms["choice_form"].errors, **forms["details"].errors, **forms["location"].errors}
    assert field in errors
    assert message in " ".join(errors[field])
    assert "usa-form-group--error" in response.content.decode()
    assert counts() == before


def test_an_ambiguous_address_offers_the_matching_addresses(city: City, call_taker: User) -> None:
    response = signed_in(call_taker).post(reverse("console:call_file"), pothole_call(address="Main"))

    assert response.status_code == 400
    assert [match.point.address_id for match in response.context["location"].choices] == ["A1"]
    assert 'name="address_id" id="call-address-choice-1" value="A1"' in response.content.decode()


def test_an_emergency_is_refused_with_the_911_message(city: City, call_taker: User) -> None:
    before = counts()

    response = signed_in(call_taker).post(reverse("console:call_file"), pothole_call(
        description="There is a strong gas leak smell next to the hole"))

    assert "911" in response.context["error"]
    assert counts() == before


@pytest.fixture
def near_the_school(pothole_request: ServiceRequest) -> dict[str, Any]:
    return pothole_call(address="120 N Main St", description="Pothole near the school", phone="",
                        email="marco@example.org", first_name="Marco", caller="marco@example.org")


def test_nearby_open_requests_are_shown_before_filing(
    call_taker: User, pothole_request: ServiceRequest, near_the_school: dict[str, Any],
) -> None:
    before = counts()

    response = signed_in(call_taker).post(reverse("console:call_file"), near_the_school)

    assert response.status_code == 200
    assert [candidate.request for candidate in response.context["duplicates"]] == [pothole_request]
    page = response.content.decode()
    assert f'name="follow" value="{pothole_request.public_id}"' in page
    assert "Add caller as follower instead" in page
    assert counts() == before


def test_the_caller_is_added_as_follower_instead_and_the_contact_recorded(
    call_taker: User, pothole_request: ServiceRequest, near_the_school: dict[str, Any],
) -> None:
    client = signed_in(call_taker)

    response = client.post(reverse("console:call_file"), {**near_the_school, "follow": pothole_request.public_id})

    assert ServiceRequest.objects.count() == 1
    follower = Follower.objects.get()
    assert (follower.request, follower.email, follower.name, follower.channel) == (
        pothole_request, "marco@example.org", "Marco Resident", "phone")
    followed = pothole_request.events.get(kind=EventKind.FOLLOWED)
    assert (followed.actor_user, followed.channel) == (call_taker, "phone")
    contact = Contact.objects.get()
    assert (contact.outcome, contact.request, contact.taken_by) == ("follower_added", pothole_request, call_taker)
    page = client.get(response["Location"]).content.decode()
    assert "Recorded: Added as follower of an existing request" in page
    assert f'data-testid="tracking-number">{pothole_request.public_id}<' in page


def test_none_of_the_nearby_requests_files_a_new_one(
    call_taker: User, pothole_request: ServiceRequest, near_the_school: dict[str, Any],
) -> None:
    response = signed_in(call_taker).post(reverse("console:call_file"), {**near_the_school, "file_anyway": "1"})

    assert response.status_code == 302
    assert ServiceRequest.objects.count() == 2
    assert Contact.objects.get().outcome == "request_filed"
    assert not Follower.objects.exists()


def test_following_a_request_that_was_not_offered_is_refused(
    city: City, call_taker: User, pothole_request: ServiceRequest, near_the_school: dict[str, Any],
) -> None:
    before = counts()

    response = signed_in(call_taker).post(reverse("console:call_file"), {
        **near_the_school, "address": "455 E Oak Ave", "follow": pothole_request.public_id})

    assert response.status_code == 400
    assert counts() == before


def test_an_anonymous_caller_cannot_follow(
    call_taker: User, pothole_request: ServiceRequest, near_the_school: dict[str, Any],
) -> None:
    before = counts()

    response = signed_in(call_taker).post(reverse("console:call_file"), {
        **near_the_school, "anonymous": "on", "follow": pothole_request.public_id})

    assert response.status_code == 400
    assert "Following a request needs an email address or a phone number" in response.context["error"]
    assert counts() == before


def test_the_services_questions_come_inline(city: City, call_taker: User) -> None:
    client: Client = signed_in(call_taker)

    fragment = client.get(reverse("console:call_questions"), {"service": "pothole"})
    unknown = client.get(reverse("console:call_questions"), {"service": "nope"})
    page = client.get(reverse("console:call"), {"service": "pothole"}).content.decode()
    without_script = client.post(reverse("console:call_file"), pothole_call(show_questions="1", q_size=""))

    assert "How big is it?" in fragment.content.decode() and "Which lanes?" in fragment.content.decode()
    assert unknown.status_code == 404 and "How big" not in unknown.content.decode()
    assert "How big is it?" in page
    kept = without_script.content.decode()
    assert without_script.status_code == 200 and "How big is it?" in kept
    assert "Deep hole at the bus stop" in kept and "usa-form-group--error" not in kept
    assert not ServiceRequest.objects.exists()


def test_a_tracking_number_is_read_back_in_groups_with_spoken_words() -> None:
    groups = read_back("7kq4 m29x")

    assert [[(spoken.character, spoken.spoken) for spoken in group] for group in groups] == [
        [("7", "seven"), ("K", "Kilo"), ("Q", "Quebec"), ("4", "four")],
        [("M", "Mike"), ("2", "two"), ("9", "nine"), ("X", "X-ray")],
    ]
