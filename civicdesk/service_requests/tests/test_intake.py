from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from civicdesk.conftest import EAST_POINT, OUTSIDE_POINT, WEST_POINT, City
from civicdesk.notifications.models import Notification
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import ActorKind, Channel, EventKind, Status
from civicdesk.service_requests.intake import (
    Contact,
    EmergencyRefused,
    Submission,
    UnknownService,
    file_request,
)
from civicdesk.service_requests.models import Follower, RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pothole(**overrides: object) -> Submission:
    values: dict[str, object] = dict(
        service_code="pothole", channel=Channel.WEB, description="Deep pothole by the bus stop",
        lat=WEST_POINT[0], lon=WEST_POINT[1], answers={"size": "large"},
    )
    values.update(overrides)
    return Submission(**values)  # type: ignore[arg-type]


def test_a_web_report_is_filed_routed_and_recorded(city: City, resident: Contact) -> None:
    result = file_request(pothole(contact=resident), actor=Actor.resident("Rosa"))

    request = ServiceRequest.objects.get(pk=result.request.pk)
    assert result.created
    assert request.status == Status.NEW
    assert request.channel == Channel.WEB
    assert request.department == city.public_works
    assert request.address == "120 N Main St"  # reverse geocoded from the pin
    assert set(request.districts.values_list("name", flat=True)) == {"West", "Zone A"}
    assert request.answers == {"size": "large"}
    assert request.reporter.email == "rosa@example.org"
    kinds = list(request.events.values_list("kind", "actor_kind", "channel"))
    assert kinds == [(EventKind.CREATED, ActorKind.RESIDENT, "web"), (EventKind.ROUTED, ActorKind.SYSTEM, "web")]


def test_the_reporter_is_told_the_tracking_number_once_committed(
    city: City, resident: Contact, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        result = file_request(pothole(contact=resident), actor=Actor.resident())

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rosa@example.org"]
    assert result.request.public_id in mail.outbox[0].subject
    assert Notification.objects.get(request=result.request).status == "sent"
    assert result.request.events.filter(kind=EventKind.NOTIFICATION_SENT).count() == 1


def test_routing_rule_for_the_east_district_picks_the_east_crew(city: City) -> None:
    result = file_request(pothole(lat=EAST_POINT[0], lon=EAST_POINT[1]), actor=Actor.resident())
    assert result.request.team == city.east_crew
    assert result.routing is not None and result.routing.rule is not None


def test_address_text_is_geocoded(city: City) -> None:
    result = file_request(pothole(lat=None, lon=None, address="455 East Oak Avenue, Riverton"), actor=Actor.resident())
    assert (result.request.lat, result.request.lon) == EAST_POINT
    assert result.request.address_point is not None and result.request.address_point.address_id == "A2"


def test_address_id_is_used(city: City) -> None:
    result = file_request(pothole(lat=None, lon=None, address_id="A1"), actor=Actor.resident())
    assert result.request.address == "120 N Main St"


def test_unmatched_address_is_kept_for_staff_to_place(city: City) -> None:
    result = file_request(pothole(lat=None, lon=None, address="Behind the old mill"), actor=Actor.resident())
    request = result.request
    assert request.address == "Behind the old mill" and request.lat is None
    assert request.events.filter(kind=EventKind.NOTE, is_public=False).exists()


def test_expected_date_follows_the_business_calendar(city: City) -> None:
    friday_afternoon = datetime(2026, 11, 20, 16, 0, tzinfo=ZoneInfo("America/Chicago"))
    from unittest import mock

    with mock.patch("civicdesk.service_requests.intake.timezone.now", return_value=friday_afternoon):
        result = file_request(pothole(), actor=Actor.resident())
    # 3 business days after Friday: Mon, Tue, Wed -> Wednesday at closing time.
    assert result.request.expected_at == datetime(2026, 11, 25, 17, 0, tzinfo=ZoneInfo("America/Chicago"))


def test_an_emergency_service_is_refused_with_call_911(city: City) -> None:
    with pytest.raises(EmergencyRefused, match="911"):
        file_request(pothole(service_code="gas-leak", answers={}), actor=Actor.resident())
    assert ServiceRequest.objects.count() == 0


def test_emergency_words_in_any_service_are_refused(city: City) -> None:
    with pytest.raises(EmergencyRefused):
        file_request(pothole(description="I smell gas near the hole and a downed power line"), actor=Actor.resident())
    assert ServiceRequest.objects.count() == 0


def test_unknown_service_is_refused(city: City) -> None:
    with pytest.raises(UnknownService, match="no service with code 'unicorns'"):
        file_request(pothole(service_code="unicorns"), actor=Actor.resident())


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"answers": {}}, "attribute[size]", "Please answer: How big is it?"),
        ({"answers": {"size": "huge"}}, "attribute[size]", "'huge' is not a choice"),
        ({"answers": {"size": "large", "lanes": ["left", "sky"]}}, "attribute[lanes]", "'sky' is not a choice"),
        ({"answers": {"size": "large", "depth": "deep"}}, "attribute[depth]", "must be a number"),
        ({"answers": {"size": "large", "first_seen": "last week"}}, "attribute[first_seen]", "date and time"),
        ({"answers": {"size": "large", "colour": "red"}}, "attribute[colour]", "has no question 'colour'"),
        ({"lat": "north", "lon": "-87"}, "lat", "must be numbers"),
        ({"lat": 95, "lon": -87}, "lat", "between -90 and 90"),
        ({"lat": OUTSIDE_POINT[0], "lon": OUTSIDE_POINT[1]}, "lat", "outside"),
        ({"lat": None, "lon": None}, "location", "Please give the location"),
        ({"address_id": "nope", "lat": None, "lon": None}, "address_id", "no address with id"),
        ({"channel": "pigeon"}, "channel", "Unknown channel"),
        ({"contact": Contact(email="not-an-email")}, "email", "is not an email address"),
        ({"contact": Contact(phone="12")}, "phone", "is not a phone number"),
        ({"media_urls": ["javascript:alert(1)"]}, "media_url", "is not a web address"),
        ({"photos": [SimpleUploadedFile("x.exe", b"MZ\x90\x00")]}, "media", "is not a photo"),
        ({"description": "x" * 5000}, "description", "too long"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_written(
    city: City, overrides: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        file_request(pothole(**overrides), actor=Actor.resident())
    assert message in " ".join(refused.value.message_dict[field])
    assert ServiceRequest.objects.count() == 0
    assert RequestEvent.objects.count() == 0


def test_answers_are_cleaned(city: City) -> None:
    result = file_request(
        pothole(answers={"size": "small", "lanes": ["right", "left", "right"], "depth": "4",
                         "first_seen": "2026-11-20 08:00:00Z"}),
        actor=Actor.resident(),
    )
    assert result.request.answers == {"size": "small", "lanes": ["right", "left"], "depth": 4,
                                      "first_seen": "2026-11-20T08:00:00+00:00"}


def test_photos_are_stored(city: City) -> None:
    photo = SimpleUploadedFile("hole.png", PNG, content_type="image/png")
    result = file_request(pothole(photos=[photo], media_urls=["https://example.org/p.jpg"]), actor=Actor.resident())
    photos = list(result.request.photos.all())
    assert len(photos) == 2
    assert photos[0].image.read() == PNG


def test_nearby_open_request_is_suggested_as_duplicate(city: City) -> None:
    first = file_request(pothole(), actor=Actor.resident()).request
    second = file_request(pothole(lat=WEST_POINT[0] + 0.0005, description="pothole near bus stop"),
                          actor=Actor.resident())
    assert [candidate.request.pk for candidate in second.duplicates] == [first.pk]


def test_resident_can_follow_the_existing_request_instead(city: City, resident: Contact) -> None:
    first = file_request(pothole(), actor=Actor.resident()).request
    result = file_request(pothole(follow_request_id=first.public_id.lower().replace("-", ""), contact=resident),
                          actor=Actor.resident())
    assert not result.created
    assert result.request.pk == first.pk
    assert ServiceRequest.objects.count() == 1
    assert Follower.objects.get(request=first).email == "rosa@example.org"


def test_following_needs_contact_details(city: City) -> None:
    first = file_request(pothole(), actor=Actor.resident()).request
    with pytest.raises(ValidationError):
        file_request(pothole(follow_request_id=first.public_id), actor=Actor.resident())
    assert Follower.objects.count() == 0


def test_call_taker_files_for_a_caller_on_the_phone_channel(city: City, as_call_taker: Actor) -> None:
    result = file_request(pothole(channel=Channel.PHONE), actor=as_call_taker)
    event = result.request.events.get(kind=EventKind.CREATED)
    assert (event.actor_kind, event.actor_user, event.channel) == (ActorKind.STAFF, as_call_taker.user, "phone")
