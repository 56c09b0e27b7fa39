""""Where would this go?": the tester shows the decision intake's routing makes, the place's districts and
the rules in precedence order; only supervisors and administrators may use it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.models import User
from civicdesk.conftest import EAST_POINT, WEST_POINT, City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.routing.models import RoutingRule
from civicdesk.routing.tests.factories import RoutingRuleFactory
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Submission, file_request

pytestmark = pytest.mark.django_db

TESTER = "console:routing_test"
ANSWERS = {"pothole": {"size": "small"}, "missed-trash": {}}


@pytest.fixture
def sam(supervisor: User) -> Client:
    return signed_in(supervisor)


def ask(client: Client, **query: Any) -> tuple[int, str]:
    response = client.get(reverse(TESTER), query)
    return response.status_code, response.content.decode()


def test_an_address_in_the_east_district_goes_to_the_east_crew_by_its_rule(sam: Client, city: City) -> None:
    status, html = ask(sam, service=city.pothole.pk, address="455 e oak avenue")
    assert status == 200
    assert "455 E Oak Ave" in html and "address match 100 of 100" in html
    assert 'data-testid="districts">East (council-district), Zone A (sanitation-zone)<' in html
    assert 'data-testid="department">Public Works<' in html and 'data-testid="team">East crew<' in html
    assert "Routing rule: pothole in East → dpw" in html
    rule = RoutingRule.objects.get()
    assert f'data-rule="{rule.pk}" class="bg-primary-lighter"' in html and "<strong>Used</strong>" in html


def test_a_point_with_no_rule_goes_to_the_default_department_and_says_why(sam: Client, city: City) -> None:
    status, html = ask(sam, service=city.pothole.pk, lat=WEST_POINT[0], lon=WEST_POINT[1])
    assert status == 200
    assert "120 N Main St" in html  # the nearest address point
    assert 'data-testid="districts">West (council-district), Zone A (sanitation-zone)<' in html
    assert "The service type&#x27;s default department" in html
    assert "Another district" in html and "<strong>Used</strong>" not in html


def test_rules_are_listed_in_precedence_order_and_the_lowest_that_covers_the_place_wins(sam: Client,
                                                                                       city: City) -> None:
    zone_rule = RoutingRuleFactory.create(service=None, district=city.sanitation_zone, department=city.sanitation,
                                          precedence=5)
    later = RoutingRule.objects.get(precedence=10)
    status, html = ask(sam, service=city.pothole.pk, lat=EAST_POINT[0], lon=EAST_POINT[1])
    assert status == 200
    assert html.index(f'data-rule="{zone_rule.pk}"') < html.index(f'data-rule="{later.pk}"')
    assert 'data-testid="department">Sanitation<' in html
    assert f'data-rule="{zone_rule.pk}" class="bg-primary-lighter"' in html
    assert "Covers this place" in html  # the East pothole rule covers the point but comes later


def test_the_tester_and_intake_agree(sam: Client, city: City, resident: object) -> None:
    RoutingRuleFactory.create(service=city.missed_trash, district=city.east, department=city.public_works,
                              team=city.east_crew, precedence=20)
    for service, point in ((city.pothole, EAST_POINT), (city.pothole, WEST_POINT), (city.missed_trash, EAST_POINT),
                           (city.missed_trash, WEST_POINT)):
        _status, html = ask(sam, service=service.pk, lat=point[0], lon=point[1])
        filed = file_request(Submission(service_code=service.service_code, channel=Channel.WEB, lat=point[0],
                                        lon=point[1], description="test", answers=ANSWERS[service.service_code]),
                              actor=Actor.system("test")).request
        assert filed.department is not None
        assert f'data-testid="department">{filed.department.name}<' in html
        assert f'data-testid="team">{filed.team.name if filed.team else "No team"}<' in html


def test_with_no_default_department_and_no_rule_triage_takes_it(sam: Client, city: City) -> None:
    city.missed_trash.default_department = None
    city.missed_trash.save()
    status, html = ask(sam, service=city.missed_trash.pk, lat=WEST_POINT[0], lon=WEST_POINT[1])
    assert status == 200
    assert 'data-testid="department">311 Customer Service<' in html and "No rule matched: sent to triage" in html


@pytest.mark.parametrize("query, message", [
    ({"address": "999 Nowhere Blvd"}, "matches no address in the city"),
    ({"lat": "41.85"}, "Give both the latitude and the longitude."),
    ({"lat": "north", "lon": "-87.6"}, "Enter a number."),
    ({"lat": "95", "lon": "-87.6"}, "Latitude must be between -90 and 90."),
    ({}, "Give an address, or a latitude and a longitude."),
])
def test_bad_places_get_a_clear_error(sam: Client, city: City, query: dict[str, str], message: str) -> None:
    status, html = ask(sam, service=city.pothole.pk, **query)
    assert status == 400
    assert message in html and 'data-testid="routing-result"' not in html


def test_an_unknown_service_type_is_a_form_error(sam: Client, city: City) -> None:
    status, html = ask(sam, service=999999, address="455 E Oak Ave")
    assert status == 400 and "Select a valid choice" in html


@pytest.mark.parametrize("role, allowed", [
    ("call_taker", False), ("department_worker", False), ("outsider", False), ("resident_account", False),
    ("supervisor", True), ("administrator", True),
])
def test_only_supervisors_and_administrators_may_use_the_tester(request: pytest.FixtureRequest, city: City,
                                                                 role: str, allowed: bool) -> None:
    user: User = request.getfixturevalue(role)
    rules_before = list(RoutingRule.objects.values())
    status, html = ask(signed_in(user), service=city.pothole.pk, address="455 E Oak Ave")
    assert status == (200 if allowed else 403)
    assert ('data-testid="routing-result"' in html) is allowed
    assert list(RoutingRule.objects.values()) == rules_before
