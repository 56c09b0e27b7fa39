import re
from datetime import timedelta

import pytest
from django.utils import timezone

from civicdesk.conftest import City
from civicdesk.open311.tests.driver import Answer, Open311
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import ActorKind, Channel, EventKind, Status
from civicdesk.service_requests.lifecycle import acknowledge_request, add_note, change_status, close_request
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db
STAFF = Actor.system("Test")
UPDATE_KEYS = ["update_id", "service_request_id", "status", "updated_datetime", "description", "media_url",
               "external_status_code"]


@pytest.fixture
def worked(api: Open311, city: City) -> ServiceRequest:
    """A report filed by an app, then worked by the city: some steps public, some internal."""
    request = ServiceRequest.objects.get(public_id=api.file())
    acknowledge_request(request, actor=STAFF, channel=Channel.PHONE, note="Crew will look this week.")
    add_note(request, "Cones placed around it.", actor=STAFF, channel=Channel.PHONE, is_public=True)
    add_note(request, "Caller sounded upset.", actor=STAFF, channel=Channel.PHONE, is_public=False)
    change_status(request, Status.SCHEDULED, actor=STAFF, channel=Channel.PHONE, note="Crew B, not A.",
                  note_is_public=False)
    close_request(request, resolution="fixed", actor=STAFF, channel=Channel.PHONE, notes="Filled with asphalt.")
    return request


def test_updates_list_public_status_changes_and_notes_oldest_first(
    api: Open311, worked: ServiceRequest, fmt: str
) -> None:
    answer = api.get("servicerequestupdates", fmt, {"api_key": api.key})

    assert answer.status == 200
    updates = answer.data
    assert [(u["service_request_id"], u["status"], u["description"]) for u in updates] == [
        (worked.public_id, "open", "Crew will look this week."),
        (worked.public_id, "open", "Cones placed around it."),
        (worked.public_id, "closed", "Filled with asphalt."),
    ]
    assert all(list(update) == UPDATE_KEYS for update in updates)
    assert len({update["update_id"] for update in updates}) == 3
    assert all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", u["updated_datetime"]) for u in updates)
    assert [u["external_status_code"] for u in updates] == ["acknowledged", "acknowledged", "closed"]
    assert "Caller sounded upset" not in answer.text and "Crew B" not in answer.text


def test_updates_xml_as_fixmystreet_reads_them(api: Open311, worked: ServiceRequest) -> None:
    root = api.get("servicerequestupdates", "xml", {"api_key": api.key}).root

    assert root.tag == "service_request_updates"
    assert {child.tag for child in root} == {"request_update"}
    first = root[0]
    assert [child.tag for child in first] == UPDATE_KEYS
    assert first.findtext("media_url") == ""


def test_update_ids_are_strings_in_json(api: Open311, worked: ServiceRequest) -> None:
    assert all(isinstance(update["update_id"], str) for update in api.get("servicerequestupdates", "json").data)


def test_updates_in_a_window(api: Open311, worked: ServiceRequest, fmt: str) -> None:
    now = timezone.now()
    later = {"start_date": (now + timedelta(hours=1)).isoformat()}
    earlier = {"end_date": (now - timedelta(hours=1)).isoformat()}
    around = {"start_date": (now - timedelta(hours=1)).isoformat(), "end_date": (now + timedelta(hours=1)).isoformat()}

    assert api.get("servicerequestupdates", fmt, later).data == []
    assert api.get("servicerequestupdates", fmt, earlier).data == []
    assert len(api.get("servicerequestupdates", fmt, around).data) == 3


def test_updates_page(api: Open311, worked: ServiceRequest, fmt: str) -> None:
    first = api.get("servicerequestupdates", fmt, {"page_size": "2"}).data
    second = api.get("servicerequestupdates", fmt, {"page_size": "2", "page": "2"}).data

    assert [u["description"] for u in first + second] == [
        "Crew will look this week.", "Cones placed around it.", "Filled with asphalt.",
    ]


@pytest.mark.parametrize("params", [{"start_date": "last week"}, {"end_date": "2026-02-30T00:00:00Z"},
                                    {"page_size": "0"}])
def test_bad_update_queries_are_400(api: Open311, worked: ServiceRequest, fmt: str, params: dict[str, str]) -> None:
    assert api.get("servicerequestupdates", fmt, params).status == 400


def test_posting_an_update_adds_a_public_note(api: Open311, city: City, fmt: str) -> None:
    public_id = api.file()

    answer = api.post("servicerequestupdates", fmt, {
        "service_request_id": public_id, "description": "It got bigger after the rain.",
        "updated_datetime": timezone.now().isoformat(), "update_id": "fms-991", "jurisdiction_id": "",
    })

    assert answer.status == 200
    [posted] = answer.data
    request = ServiceRequest.objects.get(public_id=public_id)
    note = request.events.get(kind=EventKind.NOTE)
    assert posted == {"update_id": str(note.pk)}
    assert note.is_public and note.note == "It got bigger after the rain."
    assert (note.actor_kind, note.actor_name, note.channel) == (ActorKind.RESIDENT, "via GeoReporter", Channel.API)
    feed = api.get("servicerequestupdates", fmt).data
    assert [u["description"] for u in feed] == ["It got bigger after the rain."]
    [shown] = api.get(f"requests/{public_id}", fmt, {"extensions": "true"}).data
    assert shown["notes"][-1]["description"] == "It got bigger after the rain."


def test_posted_update_xml(api: Open311, city: City) -> None:
    public_id = api.file()

    update = {"service_request_id": public_id, "description": "Still there"}

    root = api.post("servicerequestupdates", "xml", update).root

    assert root.tag == "service_request_updates"
    assert [child.tag for child in root] == ["request_update"]
    assert root.findtext("request_update/update_id")


@pytest.mark.parametrize("status", ["open", "OPEN"])
def test_status_open_on_a_closed_request_reopens_it(api: Open311, city: City, fmt: str, status: str) -> None:
    public_id = api.file()
    request = ServiceRequest.objects.get(public_id=public_id)
    close_request(request, resolution="fixed", actor=STAFF, channel=Channel.PHONE, notes="Filled.")

    answer = api.post("servicerequestupdates", fmt, {
        "service_request_id": public_id, "status": status, "description": "Not fixed: the hole is back.",
    })

    assert answer.status == 200
    request.refresh_from_db()
    assert request.status == Status.ACKNOWLEDGED
    reopened = request.events.get(kind=EventKind.REOPENED)
    assert answer.data == [{"update_id": str(reopened.pk)}]
    assert reopened.note == "Not fixed: the hole is back."
    assert api.get(f"requests/{public_id}", fmt).data[0]["status"] == "open"


def test_status_closed_from_an_app_is_a_claim_not_a_close(api: Open311, city: City) -> None:
    public_id = api.file()

    api.post("servicerequestupdates", "json", {"service_request_id": public_id, "status": "closed",
                                               "description": "Someone filled it"})

    request = ServiceRequest.objects.get(public_id=public_id)
    assert request.status == Status.NEW
    assert request.events.get(kind=EventKind.NOTE).note == "Reported fixed: Someone filled it"


def test_an_update_may_carry_a_photo(api: Open311, city: City) -> None:
    public_id = api.file()

    api.post("servicerequestupdates", "json", {"service_request_id": public_id, "description": "Photo of it",
                                               "media_url": "https://img.example/after.jpg"})

    assert list(ServiceRequest.objects.get().photos.values_list("url", flat=True)) == ["https://img.example/after.jpg"]


def test_an_update_finds_the_request_as_people_type_its_id(api: Open311, city: City) -> None:
    public_id = api.file()

    answer = api.post("servicerequestupdates", "json", {"service_request_id": public_id.lower().replace("-", ""),
                                                        "description": "Still there"})

    assert answer.status == 200


def test_posting_an_update_needs_a_key(api: Open311, city: City, fmt: str) -> None:
    public_id = api.file()

    answer = api.post("servicerequestupdates", fmt, {"service_request_id": public_id, "description": "x"}, key=None)

    assert answer.error(403) == "An api_key is required to do this. Ask the city for one."
    assert not ServiceRequest.objects.get().events.filter(kind=EventKind.NOTE).exists()


def test_update_to_an_unknown_request_is_404(api: Open311, city: City, fmt: str) -> None:
    answer = api.post("servicerequestupdates", fmt, {"service_request_id": "ZZZZ-ZZZZ", "description": "x"})

    assert answer.error(404) == "There is no service request 'ZZZZ-ZZZZ'."


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"service_request_id": ""}, "service_request_id is required."),
     ({"description": ""}, "description is required: say what changed."),
     ({"description": "x" * 4001}, "description is too long (at most 4000 characters)."),
     ({"status": "fixed"}, "status must be open or closed."),
     ({"media_url": "javascript:alert(1)"}, "media_url is not a web address.")],
)
def test_bad_updates_are_400(api: Open311, city: City, fmt: str, fields: dict[str, str], message: str) -> None:
    public_id = api.file()

    answer = api.post("servicerequestupdates", fmt, {"service_request_id": public_id, "description": "Hi", **fields})

    assert answer.error(400) == message
    assert not ServiceRequest.objects.get().events.filter(kind=EventKind.NOTE).exists()


def test_updates_take_only_get_and_post(api: Open311, city: City, fmt: str) -> None:
    answer = Answer(api.client.delete(Open311.path("servicerequestupdates", fmt)), fmt)

    assert answer.error(405) == "Use GET or POST here."
    assert answer.response["Allow"] == "GET, POST, HEAD"
