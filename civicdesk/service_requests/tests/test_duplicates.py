import math
from datetime import timedelta

import pytest
from django.utils import timezone

from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.routing.geo import EARTH_RADIUS_M, distance_m
from civicdesk.service_requests.choices import Resolution, Status
from civicdesk.service_requests.duplicates import CANDIDATE_LIMIT, find_duplicates
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db

HERE = (41.85, -87.675)
DESCRIPTION = "Deep pothole by the bus stop"


def moved(
    meters_north: float = 0.0, meters_east: float = 0.0, start: tuple[float, float] = HERE
) -> tuple[float, float]:
    """The point that many meters north and east of `start`."""
    lat = start[0] + math.degrees(meters_north / EARTH_RADIUS_M)
    lon = start[1] + math.degrees(meters_east / (EARTH_RADIUS_M * math.cos(math.radians(start[0]))))
    return lat, lon


@pytest.fixture
def pothole() -> ServiceType:
    return ServiceTypeFactory.create(service_code="pothole", duplicate_radius_m=100, duplicate_window_days=30)


def report(service: ServiceType, point: tuple[float, float] = HERE, description: str = DESCRIPTION,
           days_ago: float = 0, **fields: object) -> ServiceRequest:
    return ServiceRequestFactory.create(  # type: ignore[no-any-return]
        service=service, lat=point[0], lon=point[1], description=description,
        requested_at=timezone.now() - timedelta(days=days_ago), **fields,
    )


def found(service: ServiceType, point: tuple[float, float] = HERE, description: str = DESCRIPTION,
          **options: object) -> list[ServiceRequest]:
    return [candidate.request for candidate in find_duplicates(service, *point, description, **options)]  # type: ignore[arg-type]


def test_the_test_points_are_where_they_claim_to_be() -> None:
    assert distance_m(*HERE, *moved(meters_north=99)) == pytest.approx(99, abs=0.01)
    assert distance_m(*HERE, *moved(meters_east=101)) == pytest.approx(101, abs=0.01)
    assert distance_m(*HERE, *moved(70, -70)) == pytest.approx(99, abs=0.1)


def test_an_open_request_of_the_same_type_nearby_and_recent_is_found(pothole: ServiceType) -> None:
    nearby = report(pothole, moved(meters_north=30), days_ago=2)
    candidates = find_duplicates(pothole, *HERE, "pothole near the bus stop")
    assert [candidate.request for candidate in candidates] == [nearby]
    assert candidates[0].distance_m == pytest.approx(30, abs=0.01)
    assert 0 < candidates[0].score <= 1


@pytest.mark.parametrize("status", [Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.REFERRED])
def test_every_open_status_counts(pothole: ServiceType, status: str) -> None:
    open_request = report(pothole, status=status)
    assert found(pothole) == [open_request]


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.CLOSED])
def test_done_requests_are_not_duplicates(pothole: ServiceType, status: str) -> None:
    report(pothole, status=status, resolution=Resolution.FIXED, closed_at=timezone.now())
    assert found(pothole) == []


def test_another_service_type_is_not_a_duplicate(pothole: ServiceType) -> None:
    report(ServiceTypeFactory.create(service_code="streetlight", duplicate_radius_m=100))
    assert found(pothole) == []


@pytest.mark.parametrize(("north", "east"), [(99, 0), (-99, 0), (0, 99), (0, -99), (70, -70)])
def test_just_inside_the_radius_is_found(pothole: ServiceType, north: float, east: float) -> None:
    inside = report(pothole, moved(north, east))
    assert found(pothole) == [inside]


@pytest.mark.parametrize(("north", "east"), [(101, 0), (-101, 0), (0, 101), (0, -101), (72, 72)])
def test_just_outside_the_radius_is_not(pothole: ServiceType, north: float, east: float) -> None:
    report(pothole, moved(north, east))
    assert found(pothole) == []


def test_a_request_older_than_the_window_is_not_a_duplicate(pothole: ServiceType) -> None:
    recent = report(pothole, days_ago=29.9)
    report(pothole, days_ago=30.1)
    assert found(pothole) == [recent]


def test_the_service_types_own_radius_and_window_are_used() -> None:
    tight = ServiceTypeFactory.create(service_code="graffiti", duplicate_radius_m=20, duplicate_window_days=3)
    inside = report(tight, moved(meters_north=15), days_ago=2)
    report(tight, moved(meters_north=25), days_ago=2)
    report(tight, moved(meters_north=5), days_ago=4)
    assert found(tight) == [inside]


def test_radius_and_window_can_be_given(pothole: ServiceType) -> None:
    far = report(pothole, moved(meters_north=300))
    old = report(pothole, days_ago=45)
    assert found(pothole) == []
    assert found(pothole, radius_m=350) == [far]
    assert found(pothole, window_days=60) == [old]


def test_the_window_counts_back_from_now(pothole: ServiceType) -> None:
    ten_days_old = report(pothole, days_ago=10)
    assert found(pothole) == [ten_days_old]
    assert found(pothole, now=timezone.now() + timedelta(days=25)) == []


def test_nearer_requests_come_first(pothole: ServiceType) -> None:
    middle = report(pothole, moved(meters_north=50))
    far = report(pothole, moved(meters_east=-90))
    near = report(pothole, moved(meters_north=-10))
    candidates = find_duplicates(pothole, *HERE, DESCRIPTION)
    assert [candidate.request for candidate in candidates] == [near, middle, far]
    assert [round(candidate.distance_m) for candidate in candidates] == [10, 50, 90]
    assert [candidate.score for candidate in candidates] == sorted((c.score for c in candidates), reverse=True)


def test_at_the_same_distance_the_description_that_reads_alike_comes_first(pothole: ServiceType) -> None:
    other = report(pothole, moved(meters_north=40), description="Streetlight flickering all night")
    alike = report(pothole, moved(meters_north=-40), description="deep POTHOLE by bus stop!")
    candidates = find_duplicates(pothole, *HERE, DESCRIPTION)
    assert [candidate.request for candidate in candidates] == [alike, other]
    assert candidates[0].similarity > 90 > 50 > candidates[1].similarity


def test_a_close_match_in_words_can_outrank_a_slightly_nearer_one(pothole: ServiceType) -> None:
    unlike = report(pothole, moved(meters_north=20), description="Car parked on the sidewalk for days")
    alike = report(pothole, moved(meters_north=-30), description=DESCRIPTION)
    assert found(pothole) == [alike, unlike]


def test_the_request_itself_can_be_left_out(pothole: ServiceType) -> None:
    itself = report(pothole)
    other = report(pothole, moved(meters_north=10))
    assert found(pothole, exclude_id=itself.pk) == [other]


def test_at_most_limit_candidates_are_given(pothole: ServiceType) -> None:
    reports = [report(pothole, moved(meters_north=10 * n)) for n in range(8)]
    assert found(pothole) == reports[:5]
    assert found(pothole, limit=2) == reports[:2]


def test_the_nearest_is_found_among_many_candidates(pothole: ServiceType) -> None:
    """A busy corner: more open reports in the box than the query reads must not hide the nearest one."""
    south = moved(meters_north=-80)
    ServiceRequest.objects.bulk_create(
        ServiceRequestFactory.build(service=pothole, lat=south[0], lon=south[1], description=DESCRIPTION)
        for _ in range(CANDIDATE_LIMIT + 5)
    )
    nearest = report(pothole, moved(meters_north=5))
    assert found(pothole, limit=1) == [nearest]


def test_a_report_that_reads_the_same_is_found_behind_many_nearer_unlike_ones(pothole: ServiceType) -> None:
    """A farther report that reads the same outranks many nearer ones that do not."""
    unlike = [
        report(pothole, moved(meters_north=10 + n), description="Graffiti on wall")
        for n in range(25)
    ]
    alike = report(pothole, moved(meters_north=-40))
    assert found(pothole) == [alike, *unlike[:4]]
    assert found(pothole, description="") == unlike[:5]


def test_candidates_carry_the_request_as_stored(pothole: ServiceType) -> None:
    stored = report(pothole, moved(meters_north=10), days_ago=3, address="120 N Main St")
    [candidate] = find_duplicates(pothole, *HERE, DESCRIPTION)
    found = candidate.request
    assert (found.pk, found.public_id, found.address, found.status) == (
        stored.pk, stored.public_id, "120 N Main St", stored.status)
    assert found.requested_at == ServiceRequest.objects.get(pk=stored.pk).requested_at
    assert found.requested_at.tzinfo is not None
