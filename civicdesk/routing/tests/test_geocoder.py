import math

import pytest

from civicdesk.conftest import EAST_POINT, WEST_POINT, City
from civicdesk.routing.geo import EARTH_RADIUS_M, distance_m
from civicdesk.routing.geocoder import normalize_address, reverse_geocode, search_addresses
from civicdesk.routing.models import AddressPoint
from civicdesk.routing.tests.factories import AddressPointFactory


def north_of(point: tuple[float, float], meters: float) -> tuple[float, float]:
    return point[0] + math.degrees(meters / EARTH_RADIUS_M), point[1]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("120 North Main Street", "120 N MAIN ST"),
        ("120 n. main st.", "120 N MAIN ST"),
        ("455 East Oak Avenue, Riverton, IL 60602", "455 E OAK AVE"),
        ("  77   Lake   Shore   Drive ", "77 LAKE SHORE DR"),
        ("1600 Pennsylvania Av NW", "1600 PENNSYLVANIA AVE NW"),
        ("12 First Place", "12 1ST PL"),
        ("9 Martin Luther King Jr. Boulevard", "9 MARTIN LUTHER KING JR BLVD"),
        ("31 O'Brien Court #2", "31 O BRIEN CT 2"),
        ("1200 Calle Peña", "1200 CALLE PENA"),
        (", Riverton", ""),
        ("", ""),
    ],
)
def test_addresses_are_normalized_as_the_postal_service_writes_them(typed: str, expected: str) -> None:
    assert normalize_address(typed) == expected


def test_accents_typed_or_not_give_the_same_address() -> None:
    assert normalize_address("1200 Calle Peña") == normalize_address("1200 CALLE PENA")


@pytest.mark.django_db
def test_the_exact_address_scores_100(city: City) -> None:
    matches = search_addresses("120 North Main Street, Riverton")
    assert [(match.point.address_id, match.score) for match in matches] == [("A1", 100.0)]


@pytest.mark.django_db
def test_the_start_of_an_address_finds_it(city: City) -> None:
    AddressPointFactory(address_id="A3", house_number="120", street="N MAIN ST", unit="2",
                        normalized="120 N MAIN ST APT 2")
    matches = search_addresses("120 N Main")
    assert [(match.point.normalized, match.score) for match in matches] == [
        ("120 N MAIN ST", 90.0), ("120 N MAIN ST APT 2", 90.0)]
    assert [match.point.normalized for match in search_addresses("120 N Main", limit=1)] == ["120 N MAIN ST"]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["12", "120 N Ma", "455 E O"])
def test_the_start_of_a_word_is_only_a_suggestion(city: City, typed: str) -> None:
    matches = search_addresses(typed)
    assert len(matches) == 1
    assert matches[0].score < 90  # intake must not place a request at an address the resident never finished


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["120 N Mian St", "120 N Main Stret", "120 North Mains St"])
def test_a_misspelled_street_is_found_with_a_lower_score(city: City, typed: str) -> None:
    matches = search_addresses(typed)
    assert [match.point.address_id for match in matches] == ["A1"]
    assert 72 <= matches[0].score < 90  # below the score at which intake places a request by itself


@pytest.mark.django_db
def test_a_misspelling_with_another_house_number_is_not_matched(city: City) -> None:
    assert search_addresses("122 N Mian St") == []


@pytest.mark.django_db
def test_a_street_name_alone_finds_the_street(city: City) -> None:
    matches = search_addresses("Oak Avenue")
    assert [match.point.address_id for match in matches] == ["A2"]
    assert matches[0].score < 90


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["", "1", "!!", "Behind the old mill", "999 Nowhere Rd"])
def test_nothing_like_an_address_finds_nothing(city: City, typed: str) -> None:
    assert search_addresses(typed) == []


@pytest.mark.django_db
def test_reverse_geocoding_finds_the_nearest_address(city: City) -> None:
    near = AddressPointFactory(address_id="N", full_address="122 N Main St", normalized="122 N MAIN ST",
                               lat=north_of(WEST_POINT, 40)[0], lon=WEST_POINT[1])
    pin = north_of(WEST_POINT, 30)

    assert reverse_geocode(*pin) == near
    assert reverse_geocode(*north_of(WEST_POINT, 5)).address_id == "A1"  # type: ignore[union-attr]
    assert reverse_geocode(*EAST_POINT).address_id == "A2"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_nothing_within_the_distance_gives_none(city: City) -> None:
    assert reverse_geocode(*north_of(WEST_POINT, 149)).address_id == "A1"  # type: ignore[union-attr]
    assert reverse_geocode(*north_of(WEST_POINT, 151)) is None
    assert reverse_geocode(*north_of(WEST_POINT, 60), max_distance_m=50) is None
    assert reverse_geocode(40.0, -80.0) is None


@pytest.mark.django_db
def test_a_block_of_flats_does_not_hide_the_house_next_door() -> None:
    pin = (41.85, -87.675)
    tower = north_of(pin, -100)
    AddressPoint.objects.bulk_create(
        AddressPointFactory.build(street="AAA TOWER ST", unit=str(unit), lat=tower[0], lon=tower[1])
        for unit in range(600)
    )
    house = AddressPointFactory(street="ZZZ LANE", lat=north_of(pin, 10)[0], lon=pin[1])

    assert distance_m(*pin, house.lat, house.lon) == pytest.approx(10, abs=0.01)
    assert reverse_geocode(*pin) == house
