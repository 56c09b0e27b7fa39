from typing import Any

import factory

from civicdesk.routing.models import AddressPoint, District, RoutingRule


def square(min_lat: float, min_lon: float, max_lat: float, max_lon: float) -> dict[str, Any]:
    """A GeoJSON polygon for the box, as a district file would hold it (lon, lat order)."""
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat], [min_lon, min_lat]]
    return {"type": "Polygon", "coordinates": [ring]}


class DistrictFactory(factory.django.DjangoModelFactory[District]):
    class Meta:
        model = District

    class Params:
        box = (41.80, -87.70, 41.90, -87.60)

    kind = "council-district"
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.LazyAttribute(lambda obj: f"District {obj.code}")
    geometry = factory.LazyAttribute(lambda obj: square(*obj.box))
    min_lat = factory.LazyAttribute(lambda obj: obj.box[0])
    min_lon = factory.LazyAttribute(lambda obj: obj.box[1])
    max_lat = factory.LazyAttribute(lambda obj: obj.box[2])
    max_lon = factory.LazyAttribute(lambda obj: obj.box[3])


class AddressPointFactory(factory.django.DjangoModelFactory[AddressPoint]):
    class Meta:
        model = AddressPoint

    address_id = factory.Sequence(lambda n: f"A{n:06d}")
    house_number = factory.Sequence(lambda n: str(100 + n))
    street = "MAIN ST"
    zip_code = "60601"
    city = "Riverton"
    full_address = factory.LazyAttribute(lambda obj: f"{obj.house_number} {obj.street.title()}")
    normalized = factory.LazyAttribute(lambda obj: f"{obj.house_number} {obj.street}")
    lat = 41.85
    lon = -87.65


class RoutingRuleFactory(factory.django.DjangoModelFactory[RoutingRule]):
    class Meta:
        model = RoutingRule
