import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicdesk.routing.geocoder import reverse_geocode, search_addresses
from civicdesk.routing.models import AddressPoint, District
from civicdesk.routing.services import districts_at
from civicdesk.routing.tests.factories import square

pytestmark = pytest.mark.django_db

WEST = square(41.80, -87.70, 41.90, -87.65)
EAST_PARTS = {"type": "MultiPolygon", "coordinates": [square(41.80, -87.65, 41.85, -87.60)["coordinates"],
                                                      square(41.86, -87.65, 41.90, -87.62)["coordinates"]]}
BOWTIE = {"type": "Polygon", "coordinates": [[[-87.7, 41.8], [-87.6, 41.9], [-87.6, 41.8], [-87.7, 41.9],
                                              [-87.7, 41.8]]]}


def feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


# --- districts -------------------------------------------------------------------------------------


def test_council_districts_are_imported_with_their_bounding_boxes(tmp_path: Path) -> None:
    path = write(tmp_path, "wards.geojson", collection(
        feature(WEST, district="1", name="West Side"), feature(EAST_PARTS, district="2", name="East Side"),
    ))

    out, err = run("import_districts", str(path), "--kind", "council-district")

    assert "2 districts created, 0 updated, 0 skipped." in out
    assert err == ""
    east = District.objects.get(kind="council-district", code="2")
    assert east.name == "East Side"
    assert (east.min_lat, east.max_lat, east.min_lon, east.max_lon) == (41.80, 41.90, -87.65, -87.60)
    assert east.geometry == EAST_PARTS
    assert [d.code for d in districts_at(41.87, -87.63)] == ["2"]
    assert districts_at(41.87, -87.61) == []  # the gap in the east district's second part


def test_bad_features_are_skipped_with_their_index_and_reason(tmp_path: Path) -> None:
    path = write(tmp_path, "wards.geojson", collection(
        feature(WEST, code="1"),
        feature(None, code="2"),
        feature(BOWTIE, code="3"),
        feature({"type": "Point", "coordinates": [-87.65, 41.85]}, code="4"),
        feature(WEST, name="No code"),
        feature(WEST, code="1"),
        {"type": "Polygon", "coordinates": []},
        feature(square(4_650_000, 1_150_000, 4_660_000, 1_160_000), code="8"),
    ))

    out, err = run("import_districts", str(path), "--kind", "council-district")

    assert err.splitlines() == [
        "Skipped feature 2: the feature has no geometry",
        "Skipped feature 3: The polygon is empty or crosses itself.",
        "Skipped feature 4: A district's geometry must be a GeoJSON Polygon or MultiPolygon.",
        "Skipped feature 5: no code (code, district, district_code, dist_num, ward, zone, number, id) property;"
        " name the code property with --code-field",
        "Skipped feature 6: district code '1' already appears in feature 1",
        "Skipped feature 7: not a GeoJSON Feature",
        "Skipped feature 8: the coordinates are not longitude/latitude (WGS84); reproject the file to EPSG:4326",
    ]
    assert "1 districts created, 0 updated, 7 skipped." in out
    assert list(District.objects.values_list("code", "name")) == [("1", "Council district 1")]


def test_reimporting_updates_districts_instead_of_duplicating_them(tmp_path: Path) -> None:
    first = write(tmp_path, "zones.geojson", collection(feature(WEST, ZONE_ID="A", LABEL="Zone A")))
    run("import_districts", str(first), "--kind", "sanitation-zone", "--code-field", "zone_id", "--name-field", "label")
    second = write(tmp_path, "zones.geojson", collection(
        feature(EAST_PARTS, ZONE_ID="A", LABEL="Zone A (east)"), feature(WEST, ZONE_ID="B", LABEL="Zone B"),
    ))

    out, _ = run("import_districts", str(second), "--kind", "sanitation-zone", "--code-field", "zone_id",
                 "--name-field", "label")

    assert "1 districts created, 1 updated, 0 skipped." in out
    zone_a = District.objects.get(kind="sanitation-zone", code="A")
    assert zone_a.name == "Zone A (east)"
    assert zone_a.min_lon == -87.65
    assert District.objects.count() == 2
    assert [d.code for d in districts_at(41.82, -87.61)] == ["A"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "wards.geojson is not valid JSON"),
        ({"type": "Feature", "geometry": WEST}, "wards.geojson is not a GeoJSON FeatureCollection (found 'Feature')"),
        ([1, 2], "wards.geojson is not a GeoJSON FeatureCollection (found 'list')"),
        ({"type": "FeatureCollection"}, "the FeatureCollection has no list of features"),
    ],
)
def test_a_file_that_is_not_a_feature_collection_is_refused(tmp_path: Path, content: Any, message: str) -> None:
    path = write(tmp_path, "wards.geojson", content)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("import_districts", str(path), "--kind", "council-district")
    assert District.objects.count() == 0


def test_a_missing_file_or_a_bad_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot be read"):
        run("import_districts", str(tmp_path / "nowhere.geojson"), "--kind", "council-district")
    path = write(tmp_path, "wards.geojson", collection(feature(WEST, code="1")))
    with pytest.raises(CommandError, match="'Council District' is not a district kind"):
        run("import_districts", str(path), "--kind", "Council District")


# --- addresses -------------------------------------------------------------------------------------

ADDRESSES_CSV = """\
Address_ID,House_Number,Street,Unit,ZIP_Code,City,Latitude,Lng
A1,120,N Main St,,60601,Riverton,41.850000,-87.675000
A2,455,EAST OAK AVENUE,,60602,Riverton,41.850000,-87.625000
A3,455,EAST OAK AVENUE,2,60602,Riverton,41.850000,-87.625000
A4,1,1ST AVE,,60602,Riverton,41.860000,-87.640000
"""


def test_csv_addresses_are_imported_and_the_geocoder_finds_them(tmp_path: Path) -> None:
    path = write(tmp_path, "addresses.csv", ADDRESSES_CSV)

    out, err = run("import_addresses", str(path))

    assert "4 address points created, 0 updated, 0 skipped." in out
    assert err == ""
    main = AddressPoint.objects.get(address_id="A1")
    assert (main.full_address, main.normalized, main.street) == ("120 N Main St", "120 N MAIN ST", "N MAIN ST")
    assert (main.zip_code, main.city, main.lat, main.lon) == ("60601", "Riverton", 41.85, -87.675)
    unit = AddressPoint.objects.get(address_id="A3")
    assert (unit.full_address, unit.unit, unit.normalized) == ("455 East Oak Avenue, Unit 2", "2", "455 E OAK AVE")
    assert AddressPoint.objects.get(address_id="A4").full_address == "1 1st Ave"
    assert search_addresses("120 North Main Street, Riverton")[0].point == main
    assert search_addresses("120 N Mian St")[0].point == main
    assert reverse_geocode(41.8501, -87.6751) == main


def test_bad_rows_are_skipped_with_their_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "addresses.csv", ADDRESSES_CSV + (
        "A5,12,,,60602,Riverton,41.86,-87.64\n"
        ",14,Elm St,,60602,Riverton,41.86,-87.64\n"
        "A7,16,Elm St,,60602,Riverton,north,-87.64\n"
        "A8,18,Elm St,,60602,Riverton,141.86,-87.64\n"
        "A9,20,Elm St,,60602,Riverton,,\n"
        "A1,22,Elm St,,60602,Riverton,41.86,-87.64\n"
        "A11,24,Elm St,,60602,Riverton,41.86,-87.64,extra\n"
        "A12,26,Elm St,,606020000000,Riverton,41.86,-87.64\n"
    ))

    out, err = run("import_addresses", str(path))

    assert err.splitlines() == [
        "Skipped line 6: no street",
        "Skipped line 7: no address id",
        "Skipped line 8: Latitude and longitude must be numbers.",
        "Skipped line 9: Latitude must be between -90 and 90.",
        "Skipped line 10: no latitude/longitude",
        "Skipped line 11: address id 'A1' already appears on line 2",
        "Skipped line 12: more fields than the header has",
        "Skipped line 13: the zip code is longer than 10 characters",
    ]
    assert "4 address points created, 0 updated, 8 skipped." in out
    assert AddressPoint.objects.count() == 4


def test_reimporting_addresses_updates_them_in_batches(tmp_path: Path) -> None:
    path = write(tmp_path, "addresses.csv", ADDRESSES_CSV)
    run("import_addresses", str(path), "--batch-size", "3")
    moved = ADDRESSES_CSV.replace("41.850000,-87.675000", "41.851000,-87.676000")
    write(tmp_path, "addresses.csv", moved + "A5,300,W Elm St,,60602,Riverton,41.86,-87.64\n")

    out, _ = run("import_addresses", str(path), "--batch-size", "3")

    assert "1 address points created, 4 updated, 0 skipped." in out
    assert AddressPoint.objects.count() == 5
    assert AddressPoint.objects.get(address_id="A1").lat == 41.851
    assert reverse_geocode(41.851, -87.676) == AddressPoint.objects.get(address_id="A1")


def test_geojson_addresses_are_imported_with_bad_features_reported(tmp_path: Path) -> None:
    point = {"type": "Point", "coordinates": [-87.675, 41.85]}
    path = write(tmp_path, "addresses.geojson", collection(
        feature(point, address_id="G1", house_number="120", street="N Main St", zip="60601"),
        feature(WEST, address_id="G2", house_number="121", street="N Main St"),
        feature({"type": "Point", "coordinates": [-87.675]}, address_id="G3", street="N Main St"),
        feature(point, address_id="G4", house_number="122"),
    ))

    out, err = run("import_addresses", str(path))

    assert err.splitlines() == [
        "Skipped feature 2: the geometry is not a GeoJSON Point",
        "Skipped feature 3: the point has no [longitude, latitude] coordinates",
        "Skipped feature 4: no street",
    ]
    assert "1 address points created, 0 updated, 3 skipped." in out
    imported = AddressPoint.objects.get()
    assert (imported.address_id, imported.full_address, imported.lat, imported.lon) == (
        "G1", "120 N Main St", 41.85, -87.675
    )
    assert search_addresses("120 N Main St")[0].point == imported


def test_address_files_that_cannot_be_imported_are_refused(tmp_path: Path) -> None:
    no_street = write(tmp_path, "addresses.csv", "address_id,lat,lon\nA1,41.85,-87.65\n")
    with pytest.raises(CommandError, match=r"addresses.csv has no street column \(found: address_id, lat, lon\)"):
        run("import_addresses", str(no_street))
    with pytest.raises(CommandError, match="address files must be .csv or .geojson"):
        run("import_addresses", str(write(tmp_path, "addresses.xlsx", "")))
    with pytest.raises(CommandError, match="is not valid JSON"):
        run("import_addresses", str(write(tmp_path, "addresses.geojson", "[")))
    with pytest.raises(CommandError, match="cannot be read"):
        run("import_addresses", str(tmp_path / "missing.csv"))
    assert AddressPoint.objects.count() == 0
