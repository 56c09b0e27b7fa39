"""District GeoJSON upload in the admin: a good layer is imported with a summary; a bad file is refused
with every problem listed, and no district is created or changed (nothing half-imported)."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.accounts.tests.two_factor import verified_client
from civicdesk.conftest import City
from civicdesk.routing.models import District
from civicdesk.routing.tests.factories import square

pytestmark = pytest.mark.django_db

UPLOAD = "admin:routing_district_upload"
NORTH = square(41.90, -87.70, 42.00, -87.60)
WIDER_WEST = square(41.80, -87.72, 41.90, -87.65)


def feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def geojson(*features: dict[str, Any]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


@pytest.fixture
def avery(city: City) -> Client:
    """Avery administers the city's set-up in the Django admin."""
    superuser = User.objects.create_superuser("avery-admin", "avery@city.example", "a-long-passphrase",
                                              role=Role.ADMINISTRATOR)
    return verified_client(superuser)


def districts() -> list[tuple[Any, ...]]:
    return list(District.objects.order_by("kind", "code").values_list("kind", "code", "name", "geometry",
                                                                       "min_lon"))


def upload(client: Client, content: bytes, kind: str = "council-district", name: str = "wards.geojson",
           **fields: str) -> Any:
    return client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, content), "kind": kind, **fields})


def test_the_upload_page_is_linked_from_the_district_list(avery: Client) -> None:
    changelist = avery.get(reverse("admin:routing_district_changelist")).content.decode()
    assert reverse(UPLOAD) in changelist
    page = avery.get(reverse(UPLOAD))
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()


def test_a_good_layer_creates_and_updates_districts_and_says_how_many(avery: Client, city: City) -> None:
    content = geojson(feature(WIDER_WEST, code="1", name="West Side"), feature(NORTH, code="3", name="North"))
    response = upload(avery, content)
    assert response.status_code == 302
    assert response["Location"].endswith("?kind=council-district")
    follow = avery.get(response["Location"]).content.decode()
    assert "Imported wards.geojson: 1 districts created, 1 updated, 0 skipped." in follow
    west = District.objects.get(kind="council-district", code="1")
    assert west.name == "West Side" and west.min_lon == -87.72
    assert District.objects.get(kind="council-district", code="3").name == "North"
    assert District.objects.count() == 4


def test_named_code_and_name_properties(avery: Client, city: City) -> None:
    response = upload(avery, geojson(feature(NORTH, WARD_NO="7", LABEL="Ward Seven")), kind="ward",
                      code_field="ward_no", name_field="label")
    assert response.status_code == 302
    assert District.objects.get(kind="ward", code="7").name == "Ward Seven"


@pytest.mark.parametrize("content, problem", [
    (b"<kml>not json</kml>", "wards.geojson is not valid JSON"),
    (json.dumps({"type": "Polygon", "coordinates": []}).encode(), "is not a GeoJSON FeatureCollection"),
    (geojson(), "The file has no features."),
    (geojson(feature({"type": "Point", "coordinates": [-87.65, 41.85]}, code="9", name="Dot")),
     "feature 1: A district&#x27;s geometry must be a GeoJSON Polygon or MultiPolygon."),
    (geojson(feature(NORTH, code="3", name="North"), feature(WIDER_WEST, code="1")),
     "feature 2: no name (name, district_name, label, title) property"),
    (geojson(feature(NORTH, name="North")), "feature 1: no code (code, district"),
    (geojson(feature(NORTH, code="3", name="North"), feature(NORTH, code="3", name="North again")),
     "district code &#x27;3&#x27; already appears in feature 1"),
])
def test_a_bad_file_is_refused_with_its_problems_and_nothing_is_imported(avery: Client, city: City,
                                                                          content: bytes, problem: str) -> None:
    before = districts()
    response = upload(avery, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported." in html and problem in html
    assert districts() == before


def test_a_kind_that_is_not_a_slug_is_a_form_error(avery: Client, city: City) -> None:
    before = districts()
    response = upload(avery, geojson(feature(NORTH, code="3", name="North")), kind="Council Districts!")
    assert response.status_code == 400
    assert "Use lower-case words and dashes" in response.content.decode()
    assert districts() == before


def test_staff_without_the_district_permissions_are_refused(city: City) -> None:
    clerk = StaffFactory.create(username="clerk", role=Role.SUPERVISOR, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_district"))
    client = verified_client(clerk)
    before = districts()
    assert client.get(reverse(UPLOAD)).status_code == 403
    assert upload(client, geojson(feature(NORTH, code="3", name="North"))).status_code == 403
    assert districts() == before


def test_people_outside_the_admin_are_sent_to_its_sign_in(city: City, department_worker: User) -> None:
    client = verified_client(department_worker)
    response = upload(client, geojson(feature(NORTH, code="3", name="North")))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not District.objects.filter(code="3").exists()
