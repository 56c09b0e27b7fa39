"""Updates from a department system: signed, mapped through the integration, applied through the lifecycle."""

import base64
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from civicdesk.integrations.models import Delivery, InboundUpdate, Integration
from civicdesk.integrations.services import INTEGRATION_CHANNEL
from civicdesk.integrations.tests.conftest import post_signed
from civicdesk.integrations.tests.factories import DeliveryFactory, IntegrationFactory
from civicdesk.service_requests.choices import ActorKind, EventKind, Status
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "adapters" / "fixtures"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


@pytest.fixture
def delivered(report_dog: Any, animal_control: Integration) -> ServiceRequest:
    """Rosa's stray-dog report, already handed to Animal Control, which calls it RAC-0001."""
    request: ServiceRequest = report_dog()
    Delivery.objects.filter(request=request).update(state="sent", external_id="RAC-0001")
    return request


def test_a_department_status_moves_the_request_through_the_lifecycle(
    client: Client, delivered: ServiceRequest, animal_control: Integration
) -> None:
    response = post_signed(client, animal_control, fixture("animal_control_dispatched.json"))

    assert response.status_code == 200
    assert response.json() == {"request_id": delivered.public_id, "status": "in_progress", "duplicate": False,
                               "changes": ["status:in_progress", "note"]}
    delivered.refresh_from_db()
    assert delivered.status == Status.IN_PROGRESS
    change = delivered.events.get(kind=EventKind.STATUS_CHANGED)
    assert (change.actor_kind, change.actor_name, change.channel) == (
        ActorKind.INTEGRATION, "Riverton Animal Control", INTEGRATION_CHANNEL)
    assert (change.from_status, change.to_status, change.is_public) == (Status.NEW, Status.IN_PROGRESS, True)
    word = delivered.events.get(kind=EventKind.NOTE)
    assert word.note == "Riverton Animal Control status: DISPATCHED. Officer Diaz is on the way."
    assert not word.is_public  # the department's own words stay internal unless it marks a note public


def test_closure_with_resolution_public_note_and_photo(
    client: Client, delivered: ServiceRequest, animal_control: Integration
) -> None:
    response = post_signed(client, animal_control, fixture("animal_control_complete.json"))

    assert response.status_code == 200, response.content
    delivered.refresh_from_db()
    assert (delivered.status, delivered.resolution) == (Status.CLOSED, "fixed")
    assert delivered.resolution_notes == "The dog was taken to the Riverton shelter."
    closed = delivered.events.get(kind=EventKind.STATUS_CHANGED)
    assert closed.note == "Dog caught and taken to the shelter; owner contacted."
    assert closed.is_public
    photo = delivered.photos.get()
    assert (photo.url, photo.is_public) == ("https://animals.riverton.example/photos/rac-0001.jpg", False)


def test_a_photo_sent_as_base64_is_cleaned_and_kept(
    client: Client, delivered: ServiceRequest, animal_control: Integration
) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "brown").save(buffer, format="PNG")
    content = base64.b64encode(buffer.getvalue()).decode()

    response = post_signed(client, animal_control, {"event_id": "photo-1", "external_id": "RAC-0001",
                                                     "photos": [{"content_base64": content, "public": True}]})

    assert response.status_code == 200, response.content
    photo = delivered.photos.get()
    assert photo.image.name.endswith(".jpg") and photo.is_public
    kept = InboundUpdate.objects.get(event_id="photo-1").payload
    assert kept["photos"] == [{"content_base64": f"<{len(content)} characters>", "public": True}]


def test_a_replayed_event_changes_nothing_the_second_time(
    client: Client, delivered: ServiceRequest, animal_control: Integration
) -> None:
    update = fixture("animal_control_dispatched.json")
    post_signed(client, animal_control, update)
    events = delivered.events.count()

    again = post_signed(client, animal_control, update)

    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert delivered.events.count() == events
    assert InboundUpdate.objects.filter(integration=animal_control).count() == 1


def test_a_status_the_request_already_has_is_recorded_without_a_change(
    client: Client, delivered: ServiceRequest, animal_control: Integration
) -> None:
    post_signed(client, animal_control, {"event_id": "1", "external_id": "RAC-0001", "status": "DISPATCHED"})
    response = post_signed(client, animal_control, {"event_id": "2", "external_id": "RAC-0001",
                                                    "status": "ON_SCENE"})

    assert response.status_code == 200
    assert response.json()["changes"] == []
    assert delivered.events.filter(kind=EventKind.STATUS_CHANGED).count() == 1
    assert delivered.events.filter(note="Riverton Animal Control status: ON_SCENE.").exists()


@pytest.mark.parametrize(("secret", "age"), [("forged-secret", 0), (None, 3600)])
def test_bad_or_old_signatures_are_refused(
    client: Client, delivered: ServiceRequest, animal_control: Integration, secret: str | None, age: int
) -> None:
    response = post_signed(client, animal_control, fixture("animal_control_dispatched.json"), secret=secret,
                           now=time.time() - age)

    assert response.status_code == 403
    assert "signature" in response.json()["error"]
    delivered.refresh_from_db()
    assert delivered.status == Status.NEW
    assert not InboundUpdate.objects.exists()


@pytest.mark.parametrize(("timestamp", "signature"), [
    ("1", "sha256=\u00e9"),  # not ASCII: compared as bytes, not a TypeError
    ("9" * 400, "sha256=abc"),  # a number no clock has
    ("\u00b2", "sha256=abc"),  # a digit to str.isdigit, not to int()
])
def test_malformed_signature_headers_are_refused_not_crashed_on(
    client: Client, delivered: ServiceRequest, animal_control: Integration, timestamp: str, signature: str
) -> None:
    response = client.post(
        f"/integrations/{animal_control.slug}/updates", data=fixture("animal_control_dispatched.json"),
        content_type="application/json",
        headers={"X-CivicDesk-Timestamp": timestamp, "X-CivicDesk-Signature": signature},
    )
    assert response.status_code == 403
    assert not InboundUpdate.objects.exists()


def test_a_department_cannot_update_a_request_transferred_away_from_it(
    client: Client, delivered: ServiceRequest, animal_control: Integration, city: Any
) -> None:
    from civicdesk.service_requests.actors import Actor
    from civicdesk.service_requests.lifecycle import transfer_request

    transfer_request(delivered, department=city.public_works, actor=Actor.system("Test"), channel="staff",
                     reason="Not a dog: a raccoon in a drain")
    response = post_signed(client, animal_control, fixture("animal_control_complete.json"))

    assert response.status_code == 409
    assert "transferred" in response.json()["error"]
    delivered.refresh_from_db()
    assert delivered.status == Status.NEW


def test_an_unsigned_update_is_refused(client: Client, delivered: ServiceRequest,
                                       animal_control: Integration) -> None:
    response = client.post(f"/integrations/{animal_control.slug}/updates", data={"event_id": "x"},
                           content_type="application/json")

    assert response.status_code == 403
    assert "X-CivicDesk-Signature" in response.json()["error"]


def test_unknown_ids_get_a_404(client: Client, delivered: ServiceRequest, animal_control: Integration,
                               city: Any) -> None:
    other = IntegrationFactory.create(slug="public-works", department=city.public_works)
    DeliveryFactory.create(integration=other, external_id="PW-1")

    unknown = post_signed(client, animal_control, {"event_id": "1", "external_id": "RAC-9999", "status": "COMPLETE"})
    not_ours = post_signed(client, animal_control, {"event_id": "2", "external_id": "PW-1", "status": "COMPLETE"})
    by_number = post_signed(client, animal_control, {"event_id": "3", "request_id": delivered.public_id.lower(),
                                                     "status": "DISPATCHED"})
    no_such_system = client.post("/integrations/no-such-system/updates", data={}, content_type="application/json")

    assert unknown.status_code == 404
    assert unknown.json()["error"] == (
        "There is no external id 'RAC-9999' among the requests sent to Riverton Animal Control.")
    assert not_ours.status_code == 404  # another department's request cannot be touched
    assert by_number.status_code == 200  # our tracking number works too, typed any way
    assert no_such_system.status_code == 404


@pytest.mark.parametrize(("update", "message"), [
    ([1, 2], "The body must be a JSON object."),
    ({"external_id": "RAC-0001", "status": "DISPATCHED"}, "'event_id' is required"),
    ({"event_id": "1", "status": "DISPATCHED"}, "Say which request"),
    ({"event_id": "1", "external_id": "RAC-0001"}, "Nothing to do"),
    ({"event_id": "1", "external_id": "RAC-0001", "status": "EATEN"}, "Unknown status 'EATEN'"),
    ({"event_id": "1", "external_id": "RAC-0001", "staus": "COMPLETE"}, "Unknown field(s): staus"),
    ({"event_id": "1", "external_id": "RAC-0001", "status": "COMPLETE", "resolution": "done"},
     "Unknown resolution 'done'"),
    ({"event_id": "1", "external_id": "RAC-0001", "photos": [{"url": "not a url"}]}, "is not a web address"),
    ({"event_id": "1", "external_id": "RAC-0001", "photos": [{"content_base64": "bm90IGEgcGhvdG8="}]},
     "is not a photo"),
    ({"event_id": 7, "external_id": "RAC-0001", "status": "COMPLETE"}, "'event_id' must be a string."),
])
def test_bad_payloads_get_a_400_with_a_message(
    client: Client, delivered: ServiceRequest, animal_control: Integration, update: Any, message: str
) -> None:
    response = post_signed(client, animal_control, update)

    assert response.status_code == 400
    assert message in response.json()["error"]
    delivered.refresh_from_db()
    assert delivered.status == Status.NEW
    assert not delivered.photos.exists()


def test_a_body_that_is_not_json_gets_a_400(client: Client, animal_control: Integration) -> None:
    from civicdesk.integrations.signing import signed_headers

    body = b"status=COMPLETE"
    response = client.post(f"/integrations/{animal_control.slug}/updates", data=body,
                           content_type="application/x-www-form-urlencoded",
                           headers=signed_headers(animal_control.secret, body))

    assert response.status_code == 400
    assert response.json() == {"error": "The body is not JSON."}


def test_a_status_the_lifecycle_refuses_is_a_409_and_changes_nothing(
    client: Client, delivered: ServiceRequest, animal_control: Integration
) -> None:
    post_signed(client, animal_control, {"event_id": "1", "external_id": "RAC-0001", "status": "COMPLETE"})
    events = delivered.events.count()

    response = post_signed(client, animal_control, {"event_id": "2", "external_id": "RAC-0001",
                                                    "status": "DISPATCHED", "note": "Back again?"})

    assert response.status_code == 409
    assert "closed cannot become in progress" in response.json()["error"]
    assert delivered.events.count() == events
    assert not InboundUpdate.objects.filter(event_id="2").exists()
