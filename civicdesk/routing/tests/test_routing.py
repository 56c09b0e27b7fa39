from dataclasses import dataclass
from typing import Any

import pytest

from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.tests.factories import ServiceTypeFactory
from civicdesk.conftest import City
from civicdesk.departments.models import Department
from civicdesk.departments.tests.factories import DepartmentFactory, TeamFactory
from civicdesk.routing.models import District
from civicdesk.routing.services import RoutingError, districts_at, route_request
from civicdesk.routing.tests.factories import DistrictFactory, RoutingRuleFactory, square

pytestmark = pytest.mark.django_db


def ring(min_lat: float, min_lon: float, max_lat: float, max_lon: float) -> list[list[float]]:
    return square(min_lat, min_lon, max_lat, max_lon)["coordinates"][0]  # type: ignore[no-any-return]


def district(name: str, geometry: dict[str, Any], box: tuple[float, float, float, float]) -> District:
    """A district from a GeoJSON geometry; `box` is (min_lat, min_lon, max_lat, max_lon)."""
    return DistrictFactory.create(  # type: ignore[no-any-return]
        code=name, name=name, geometry=geometry,
        min_lat=box[0], min_lon=box[1], max_lat=box[2], max_lon=box[3],
    )


def names(lat: float, lon: float) -> set[str]:
    return {found.name for found in districts_at(lat, lon)}


# --- Which districts hold a point ----------------------------------------------------------------


def test_a_point_inside_the_city_is_in_its_council_district_and_zone(city: City) -> None:
    assert names(41.85, -87.675) == {"West", "Zone A"}
    assert names(41.85, -87.625) == {"East", "Zone A"}


@pytest.mark.parametrize("point", [(40.0, -80.0), (41.95, -87.675), (41.85, -87.71), (41.799, -87.62)])
def test_a_point_outside_the_city_is_in_no_district(city: City, point: tuple[float, float]) -> None:
    assert districts_at(*point) == []


def test_a_point_on_the_line_between_two_districts_is_in_both(city: City) -> None:
    # Boundaries are inclusive, so a pin on the border (or on the city limit) is never "outside the city".
    assert names(41.85, -87.65) == {"West", "East", "Zone A"}
    assert names(41.80, -87.675) == {"West", "Zone A"}


def test_a_multipolygon_district_holds_points_in_each_part_only() -> None:
    islands = {"type": "MultiPolygon", "coordinates": [[ring(10.0, 30.0, 10.1, 30.1)], [ring(10.5, 30.5, 10.6, 30.6)]]}
    district("Islands", islands, (10.0, 30.0, 10.6, 30.6))

    assert names(10.05, 30.05) == {"Islands"}
    assert names(10.55, 30.55) == {"Islands"}
    assert names(10.3, 30.3) == set()  # inside the box, between the parts


def test_a_district_with_a_hole_does_not_hold_the_hole() -> None:
    with_hole = {"type": "Polygon", "coordinates": [ring(10.0, 20.0, 11.0, 21.0), ring(10.4, 20.4, 10.6, 20.6)]}
    district("Doughnut", with_hole, (10.0, 20.0, 11.0, 21.0))
    district("Enclave", square(10.4, 20.4, 10.6, 20.6), (10.4, 20.4, 10.6, 20.6))

    assert names(10.2, 20.2) == {"Doughnut"}
    assert names(10.5, 20.5) == {"Enclave"}
    assert names(10.4, 20.5) == {"Doughnut", "Enclave"}  # on the hole's edge: both, like any border


def test_a_changed_district_shape_is_used_at_once() -> None:
    # The box stays wide so only the polygon decides; the cached shape must be dropped when the row changes.
    moving = district("Moving", square(10.0, 40.0, 11.0, 41.0), (10.0, 40.0, 12.0, 42.0))
    assert names(10.5, 40.5) == {"Moving"} and names(11.5, 41.5) == set()

    moving.geometry = square(11.0, 41.0, 12.0, 42.0)
    moving.save()

    assert names(10.5, 40.5) == set()
    assert names(11.5, 41.5) == {"Moving"}


# --- Which department takes a request ------------------------------------------------------------


@dataclass
class Town:
    west: District
    east: District
    streetlight: ServiceType
    streets: Department
    triage: Department


@pytest.fixture
def town() -> Town:
    west = district("West", square(41.80, -87.70, 41.90, -87.65), (41.80, -87.70, 41.90, -87.65))
    east = district("East", square(41.80, -87.65, 41.90, -87.60), (41.80, -87.65, 41.90, -87.60))
    streets = DepartmentFactory.create(code="streets", name="Streets and Lights")
    triage = DepartmentFactory.create(code="311", name="311 Desk", is_triage=True)
    streetlight = ServiceTypeFactory.create(service_code="streetlight", default_department=streets)
    return Town(west, east, streetlight, streets, triage)


def rule(department: str, precedence: int = 100, **fields: Any) -> Department:
    """A routing rule sending work to a new department named `department`; returns that department."""
    target = DepartmentFactory.create(code=department)
    RoutingRuleFactory.create(department=target, precedence=precedence, **fields)
    return target


def test_at_equal_precedence_the_most_specific_rule_wins(town: Town) -> None:
    anything = rule("any-any")
    west_only = rule("any-west", district=town.west)
    lights_only = rule("lights-any", service=town.streetlight)
    lights_west = rule("lights-west", service=town.streetlight, district=town.west)

    decision = route_request(town.streetlight, [town.west])
    assert decision.department == lights_west
    assert decision.rule is not None and decision.rule.department == lights_west
    assert decision.reason == "Routing rule: streetlight in West → lights-west"

    lights_west.routing_rules.update(is_active=False)
    assert route_request(town.streetlight, [town.west]).department == lights_only
    lights_only.routing_rules.update(is_active=False)
    assert route_request(town.streetlight, [town.west]).department == west_only
    west_only.routing_rules.update(is_active=False)
    assert route_request(town.streetlight, [town.west]).department == anything


def test_a_rule_for_another_district_or_service_does_not_apply(town: Town) -> None:
    rule("lights-west", service=town.streetlight, district=town.west)
    rule("potholes", service=ServiceTypeFactory.create(service_code="pothole"))
    rule("east-crew", district=town.east)

    assert route_request(town.streetlight, [town.west]).department.code == "lights-west"
    assert route_request(town.streetlight, [town.east]).department.code == "east-crew"
    assert route_request(town.streetlight, []).department == town.streets  # no district: the default


def test_a_lower_precedence_number_beats_a_more_specific_rule(town: Town) -> None:
    rule("lights-west", precedence=50, service=town.streetlight, district=town.west)
    rule("storm-desk", precedence=5)  # e.g. during a storm everything goes to one desk

    assert route_request(town.streetlight, [town.west]).department.code == "storm-desk"


def test_among_equal_rules_the_older_one_wins(town: Town) -> None:
    rule("first", service=town.streetlight)
    rule("second", service=town.streetlight)
    assert route_request(town.streetlight, [town.west]).department.code == "first"


def test_the_rules_team_comes_with_the_decision(town: Town) -> None:
    crew = TeamFactory.create(department=town.streets, name="Night crew")
    RoutingRuleFactory.create(service=town.streetlight, district=town.east, department=town.streets, team=crew)

    decision = route_request(town.streetlight, [town.east])
    assert (decision.department, decision.team, decision.districts) == (town.streets, crew, [town.east])


def test_inactive_rules_and_rules_of_inactive_departments_are_skipped(town: Town) -> None:
    rule("switched-off", precedence=1, service=town.streetlight, is_active=False)
    closed = rule("closed-down", precedence=2, service=town.streetlight, district=town.west)
    closed.is_active = False
    closed.save()
    rule("working", precedence=3)

    assert route_request(town.streetlight, [town.west]).department.code == "working"


def test_without_a_rule_the_service_types_default_department_takes_it(town: Town) -> None:
    decision = route_request(town.streetlight, [town.west])
    assert (decision.department, decision.team, decision.rule) == (town.streets, None, None)
    assert decision.reason == "The service type's default department"


def test_then_the_triage_department(town: Town) -> None:
    town.streets.is_active = False
    town.streets.save()
    no_default = ServiceTypeFactory.create(service_code="noise", default_department=None)

    for service in (town.streetlight, no_default):
        decision = route_request(service, [town.west])
        assert decision.department == town.triage
        assert decision.reason == "No rule matched: sent to triage"


def test_nothing_to_take_it_is_a_routing_error(town: Town) -> None:
    town.triage.is_active = False
    town.triage.save()
    no_default = ServiceTypeFactory.create(service_code="noise", name="Noise", default_department=None)

    with pytest.raises(RoutingError, match="No department is set up to take 'Noise' requests"):
        route_request(no_default, [town.west])
