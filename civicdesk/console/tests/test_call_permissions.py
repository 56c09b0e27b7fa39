"""Who may use the call-taker console: every role × every call action, through HTTP.

Every staff role takes calls (department staff answer callers and walk-ins at their counter too); a caller
look-up and "status given" stay within what each may see. Residents get 403 and signed-out visitors the
sign-in page; refused actions leave requests, followers, history and contacts exactly as they were.
Following a nearby request is open to every staff role, as it is to residents on the portal.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.catalog.tests.factories import ArticleFactory
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.contacts.models import Contact
from civicdesk.service_requests.models import Follower, RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db

ROLES = ("call_taker", "department_worker", "sanitation_worker", "outsider", "supervisor", "administrator",
         "resident_account", "anonymous")
STAFF = {"call_taker", "department_worker", "sanitation_worker", "outsider", "supervisor", "administrator"}
SEES_PUBLIC_WORKS = {"call_taker", "department_worker", "supervisor", "administrator"}
ACTIONS = ("open", "lookup", "knowledge", "questions", "start", "answered", "status_given", "file", "follow")
RECORDS = {"answered", "status_given", "file", "follow"}


def allowed(role: str, action: str) -> bool:
    if action == "status_given":
        return role in SEES_PUBLIC_WORKS
    return role in STAFF


@pytest.fixture
def people(call_taker: User, department_worker: User, sanitation_worker: User, outsider: User, supervisor: User,
           administrator: User, resident_account: User) -> dict[str, User]:
    return {"call_taker": call_taker, "department_worker": department_worker,
            "sanitation_worker": sanitation_worker, "outsider": outsider, "supervisor": supervisor,
            "administrator": administrator, "resident_account": resident_account}


def client_for(role: str, people: dict[str, User]) -> Client:
    return Client() if role == "anonymous" else signed_in(people[role])


def snapshot() -> tuple[list[Any], ...]:
    return (list(ServiceRequest.objects.order_by("pk").values_list("pk", "status", "updated_at")),
            list(Follower.objects.values_list("pk", "email")), list(RequestEvent.objects.values_list("pk")),
            list(Contact.objects.values_list("pk", "outcome")))


def send(client: Client, action: str, pothole_request: ServiceRequest) -> Any:
    filing = {"service": "pothole", "channel": "phone", "address": "455 E Oak Ave", "q_size": "small",
              "description": "Hole", "first_name": "Marco", "email": "marco@example.org"}
    return {
        "open": lambda: client.get(reverse("console:call")),
        "lookup": lambda: client.get(reverse("console:call"), {"caller": "rosa@example.org"}),
        "knowledge": lambda: client.get(reverse("console:call"), {"q": "couch"}),
        "questions": lambda: client.get(reverse("console:call_questions"), {"service": "pothole"}),
        "start": lambda: client.post(reverse("console:call_start"), {"channel": "walk_in", "language": "es",
                                                                      "new": "1"}),
        "answered": lambda: client.post(reverse("console:call_answered"), {"article": "bulk-trash",
                                                                            "question": "couch"}),
        "status_given": lambda: client.post(reverse("console:call_status_given"),
                                            {"public_id": pothole_request.public_id}),
        "file": lambda: client.post(reverse("console:call_file"), filing),
        "follow": lambda: client.post(reverse("console:call_file"), {
            **filing, "address": "120 N Main St", "follow": pothole_request.public_id}),
    }[action]()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_call_action(
    role: str, action: str, people: dict[str, User], city: City, pothole_request: ServiceRequest,
) -> None:
    ArticleFactory.create(slug="bulk-trash", title="Bulk trash pickup", keywords="couch")
    before = snapshot()

    response = send(client_for(role, people), action, pothole_request)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("console:login"))
        assert snapshot() == before
    elif not allowed(role, action):
        assert response.status_code == 403
        assert "Nothing was changed" in response.content.decode()
        assert "rosa@example.org" not in response.content.decode()
        assert snapshot() == before
    else:
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        if action in RECORDS:
            contact = Contact.objects.get()
            assert contact.taken_by == people[role]
            assert snapshot() != before
        else:
            assert snapshot() == before


def test_a_recorded_outcome_is_shown_to_whoever_took_it_and_to_supervisors(
    call_taker: User, supervisor: User, department_worker: User,
) -> None:
    contact = Contact.objects.create(channel="phone", outcome="answered", taken_by=department_worker,
                                     summary="Where do I pay a parking ticket?")
    url = reverse("console:call")

    pages = {who.username: signed_in(who).get(url, {"done": contact.pk}).context["done"]
             for who in (call_taker, supervisor, department_worker)}

    assert pages == {"carla": None, "sam": contact, "dave": contact}


@pytest.mark.parametrize("done", ["\u00b2", "9" * 40, "-1", "x"])
def test_an_odd_outcome_number_in_the_address_is_ignored(call_taker: User, done: str) -> None:
    response = signed_in(call_taker).get(reverse("console:call"), {"done": done})
    assert response.status_code == 200 and response.context["done"] is None
