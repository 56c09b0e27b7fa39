"""The permission matrix: every role × every action on a Public Works request, through HTTP.

Allowed actions change the request and add to its history; refused ones answer 403 with a plain
message and leave the request row, its history and its followers exactly as they were.
"""

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from PIL import Image

from civicdesk.accounts.models import User
from civicdesk.conftest import WEST_POINT, City
from civicdesk.console.permissions import Action
from civicdesk.console.tests.conftest import signed_in
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, Status
from civicdesk.service_requests.lifecycle import close_request
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db

ROLES = ("call_taker", "department_worker", "sanitation_worker", "outsider", "supervisor", "administrator",
         "resident_account")
EVERYTHING = {"claim", "assign", "status", "public_note", "internal_note", "photo", "schedule", "refer",
              "transfer", "merge", "close", "reopen"}
ALLOWED: dict[str, set[str]] = {
    "call_taker": {"public_note", "internal_note", "reopen"},
    "department_worker": EVERYTHING,
    "sanitation_worker": set(),
    "outsider": set(),
    "supervisor": EVERYTHING,
    "administrator": EVERYTHING,
    "resident_account": set(),
}
SEES_REQUEST = {"call_taker", "department_worker", "supervisor", "administrator"}


def snapshot(request: ServiceRequest) -> tuple[dict[str, Any], list[tuple[Any, ...]], list[tuple[Any, ...]], list[int]]:
    row = ServiceRequest.objects.get(pk=request.pk)
    return (
        model_to_dict(row, exclude=["districts"]),
        list(row.events.values_list("id", "kind", "note")),
        list(row.followers.values_list("id", "email")),
        list(row.photos.values_list("id", flat=True)),
    )


def a_photo() -> SimpleUploadedFile:
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "gray").save(image, format="JPEG")
    return SimpleUploadedFile("crew.jpg", image.getvalue(), content_type="image/jpeg")


def test_the_matrix_covers_every_action_of_the_policy() -> None:
    assert {action.value for action in Action} - {Action.VIEW, Action.BULK} == EVERYTHING


def action_data(action: str, city: City, colleague: User, duplicate: ServiceRequest) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = {
        "claim": {},
        "assign": {"assignee": str(colleague.pk)},
        "status": {"status": Status.IN_PROGRESS, "note": "Crew on the way"},
        "public_note": {"text": "We will fill it this week"},
        "internal_note": {"text": "Needs the big truck"},
        "photo": {"photo": a_photo(), "is_public": "on", "caption": "Before the repair"},
        "schedule": {"on": (date.today() + timedelta(days=3)).isoformat(), "note": ""},
        "refer": {"agency": "State DOT", "note": "State road"},
        "transfer": {"department": str(city.sanitation.pk), "reason": "Debris, not a pothole"},
        "merge": {"duplicate": duplicate.public_id},
        "close": {"resolution": "fixed", "notes": "Filled"},
        "reopen": {"reason": "Resident says the hole is back"},
    }
    return data[action]


@pytest.fixture
def people(call_taker: User, department_worker: User, sanitation_worker: User, outsider: User, supervisor: User,
           administrator: User, resident_account: User) -> dict[str, User]:
    return {"call_taker": call_taker, "department_worker": department_worker,
            "sanitation_worker": sanitation_worker, "outsider": outsider, "supervisor": supervisor,
            "administrator": administrator, "resident_account": resident_account}


@pytest.mark.parametrize("action", sorted(EVERYTHING))
@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_action(
    role: str, action: str, people: dict[str, User], city: City, colleague: User,
    pothole_request: ServiceRequest, department_worker: User,
) -> None:
    duplicate = ServiceRequestFactory.create(service=city.pothole, department=city.public_works,
                                             lat=WEST_POINT[0], lon=WEST_POINT[1] + 0.0003)
    if action == "reopen":
        close_request(pothole_request, resolution="fixed", actor=Actor.staff(department_worker),
                      channel=Channel.OTHER)
    before = snapshot(pothole_request)
    client = signed_in(people[role])
    url = reverse("console:request_action", args=[pothole_request.public_id, action])

    response = client.post(url, action_data(action, city, colleague, duplicate))

    if action in ALLOWED[role]:
        assert response.status_code == 302, response.content.decode()[:2000]
        after = snapshot(pothole_request)
        assert len(after[1]) > len(before[1]) or action == "merge"
        assert after != before
    else:
        assert response.status_code == 403
        assert "Nothing was changed" in response.content.decode()
        assert snapshot(pothole_request) == before
        assert ServiceRequest.objects.get(pk=duplicate.pk).status == Status.NEW


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_request_page_and_the_residents_contact(
    role: str, people: dict[str, User], pothole_request: ServiceRequest
) -> None:
    response = signed_in(people[role]).get(reverse("console:request", args=[pothole_request.public_id]))

    page = response.content.decode()
    if role in SEES_REQUEST:
        assert response.status_code == 200
        assert "rosa@example.org" in page and "+13125550100" in page
    else:
        assert response.status_code == 403
        assert "rosa@example.org" not in page and pothole_request.description not in page


@pytest.mark.parametrize("role", ROLES)
def test_bulk_close_by_role(role: str, people: dict[str, User], pothole_request: ServiceRequest) -> None:
    before = snapshot(pothole_request)

    response = signed_in(people[role]).post(reverse("console:bulk"), {
        "requests": [pothole_request.public_id], "action": "close", "resolution": "fixed", "notes": "Filled",
    })

    if role in {"department_worker", "supervisor", "administrator"}:
        assert response.status_code == 302
        assert ServiceRequest.objects.get(pk=pothole_request.pk).status == Status.CLOSED
    else:
        assert response.status_code == 403
        assert snapshot(pothole_request) == before


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_public_works_queue(role: str, people: dict[str, User], city: City,
                                          pothole_request: ServiceRequest) -> None:
    response = signed_in(people[role]).get(reverse("console:queue"), {"department": city.public_works.pk})

    if role in SEES_REQUEST:
        assert response.status_code == 200
        assert pothole_request.public_id in response.content.decode()
    else:
        assert response.status_code == 403
        assert pothole_request.public_id not in response.content.decode()


def test_a_worker_assigns_only_to_colleagues_of_the_requests_department(
    department_worker: User, sanitation_worker: User, pothole_request: ServiceRequest
) -> None:
    before = snapshot(pothole_request)

    response = signed_in(department_worker).post(
        reverse("console:request_action", args=[pothole_request.public_id, "assign"]),
        {"assignee": str(sanitation_worker.pk)},
    )

    assert response.status_code == 403
    assert "do not work in its department" in response.content.decode()
    assert snapshot(pothole_request) == before


def test_merging_another_departments_request_is_refused(
    department_worker: User, city: City, pothole_request: ServiceRequest
) -> None:
    theirs = ServiceRequestFactory.create(service=city.pothole, department=city.sanitation)
    before = snapshot(pothole_request)

    response = signed_in(department_worker).post(
        reverse("console:request_action", args=[pothole_request.public_id, "merge"]), {"duplicate": theirs.public_id}
    )

    assert response.status_code == 403
    assert snapshot(pothole_request) == before
    assert ServiceRequest.objects.get(pk=theirs.pk).status == Status.NEW


def test_anonymous_visitors_are_sent_to_the_staff_sign_in(pothole_request: ServiceRequest) -> None:
    before = snapshot(pothole_request)
    url = reverse("console:request_action", args=[pothole_request.public_id, "close"])

    response = Client().post(url, {"resolution": "fixed"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))
    assert snapshot(pothole_request) == before
