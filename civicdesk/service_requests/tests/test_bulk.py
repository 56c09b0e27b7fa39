import pytest
from django.utils import timezone

from civicdesk.conftest import City
from civicdesk.service_requests.bulk import RequestBundle, bulk_insert_requests
from civicdesk.service_requests.choices import ActorKind, Channel, EventKind, Status
from civicdesk.service_requests.models import ReporterContact, RequestEvent, ServiceRequest
from civicdesk.service_requests.public_ids import new_public_id

pytestmark = pytest.mark.django_db


def bundle(city: City, n: int) -> RequestBundle:
    now = timezone.now()
    request = ServiceRequest(public_id=new_public_id(), service=city.pothole, channel=Channel.PHONE,
                             status=Status.CLOSED, resolution="fixed", lat=41.85, lon=-87.67, requested_at=now,
                             updated_at=now, closed_at=now, answers={"size": "small"}, description=f"hole {n}",
                             department=city.public_works)
    events = [RequestEvent(kind=EventKind.IMPORTED, actor_kind=ActorKind.INTEGRATION, actor_name="test", at=now)]
    return RequestBundle(request, events, ReporterContact(email=f"r{n}@example.org"), [city.west.pk])


def test_bundles_are_written_with_history_contacts_and_districts(city: City) -> None:
    assert bulk_insert_requests([bundle(city, n) for n in range(25)]) == 25

    assert ServiceRequest.objects.count() == 25
    request = ServiceRequest.objects.get(description="hole 7")
    assert request.answers == {"size": "small"}
    assert request.reporter.email == "r7@example.org"
    assert list(request.districts.all()) == [city.west]
    assert RequestEvent.objects.filter(request=request, kind=EventKind.IMPORTED).count() == 1


def test_a_failing_bundle_writes_nothing(city: City) -> None:
    good, bad = bundle(city, 1), bundle(city, 2)
    bad.request.public_id = good.request.public_id  # breaks the unique tracking number
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError on SQLite, UniqueViolation through COPY
        bulk_insert_requests([good, bad])
    assert ServiceRequest.objects.count() == 0
    assert RequestEvent.objects.count() == 0
