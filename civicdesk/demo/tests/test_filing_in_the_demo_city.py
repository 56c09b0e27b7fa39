"""Residents filing requests in the demo city: the catalog, geography and routing work together."""

import pytest

from civicdesk.routing.models import AddressPoint
from civicdesk.routing.services import districts_at
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import EmergencyRefused, Submission, file_request

pytestmark = pytest.mark.django_db
RIVERFRONT_PARK = (41.88, -87.6045)  # east of River Dr


def address_in(district_code: str) -> AddressPoint:
    for point in AddressPoint.objects.filter(unit="").order_by("address_id")[:400]:
        if any(d.kind == "council-district" and d.code == district_code for d in districts_at(point.lat, point.lon)):
            return point
    raise AssertionError(f"no address in district {district_code}")


def test_a_pothole_on_the_south_side_goes_to_the_south_crew_with_a_due_date(demo_city: str) -> None:
    point = address_in("4")
    submission = Submission(service_code="pothole", channel=Channel.WEB, address=point.full_address,
                            description="Deep pothole", answers={"size": "large", "lanes": ["bike"], "depth": "4"})

    result = file_request(submission, actor=Actor.resident("Rosa"))

    request = result.request
    assert request.address_point == point
    assert request.department is not None and request.department.code == "dpw"
    assert request.team is not None and request.team.name == "Streets South crew"
    assert request.expected_at is not None and request.expected_at > request.requested_at
    assert request.answers == {"size": "large", "lanes": ["bike"], "depth": 4}
    assert {d.kind for d in request.districts.all()} == {"council-district", "sanitation-zone"}


def test_missed_trash_goes_to_the_zone_crew_and_noise_to_the_police(demo_city: str) -> None:
    point = address_in("1")
    zone = next(d for d in districts_at(point.lat, point.lon) if d.kind == "sanitation-zone")

    trash = file_request(Submission(service_code="missed-trash", channel=Channel.PHONE, address_id=point.address_id,
                                    answers={"out_on_time": "yes"}), actor=Actor.resident())
    noise = file_request(Submission(service_code="noise-residential", channel=Channel.MOBILE, lat=point.lat,
                                    lon=point.lon, answers={"noise_type": "music", "ongoing": "yes"}),
                         actor=Actor.resident())

    assert trash.request.team is not None and trash.request.team.name == f"Zone {zone.code} crew"
    assert noise.request.department is not None and noise.request.department.code == "police"
    assert noise.request.address == point.full_address  # reverse geocoded


def test_anything_inside_riverfront_park_goes_to_the_park_rangers(demo_city: str) -> None:
    result = file_request(Submission(service_code="dead-animal", channel=Channel.WEB, lat=RIVERFRONT_PARK[0],
                                     lon=RIVERFRONT_PARK[1], answers={"animal": "raccoon", "where": "park"}),
                          actor=Actor.resident())

    assert result.request.department is not None and result.request.department.code == "parks"
    assert result.request.team is not None and result.request.team.name == "Riverfront Park rangers"


def test_a_gas_leak_is_refused_with_the_call_911_message(demo_city: str) -> None:
    with pytest.raises(EmergencyRefused, match="call 911"):
        file_request(Submission(service_code="gas-leak", channel=Channel.WEB, lat=41.88, lon=-87.65),
                     actor=Actor.resident())
