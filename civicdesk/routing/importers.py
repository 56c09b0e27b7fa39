"""Loading the city's own geography: district polygons (GeoJSON) and address points (CSV or GeoJSON).

Both importers upsert, so loading a newer file updates rows instead of duplicating them. A bad
feature or row is skipped and reported with its position; a file that cannot be read at all raises
ImportFileError.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from civicdesk.routing.geo import parse_polygon, validate_point
from civicdesk.routing.geocoder import normalize_address
from civicdesk.routing.models import AddressPoint, District

ADDRESS_BATCH_SIZE = 2000
KIND_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Property names tried, in order, when the district file's code or name field is not given.
DISTRICT_CODE_FIELDS = ("code", "district", "district_code", "dist_num", "ward", "zone", "number", "id")
DISTRICT_NAME_FIELDS = ("name", "district_name", "label", "title")
# Address columns (or GeoJSON properties) and the other names files commonly use for them.
ADDRESS_COLUMNS: dict[str, tuple[str, ...]] = {
    "address_id": ("address_id", "addressid", "id", "objectid", "address_number_id"),
    "house_number": ("house_number", "housenumber", "house_num", "number", "addr_num", "add_number"),
    "street": ("street", "street_name", "streetname", "full_street_name", "full_street"),
    "unit": ("unit", "apt", "apartment", "unit_number", "suite"),
    "zip_code": ("zip", "zip_code", "zipcode", "postcode", "postal_code"),
    "city": ("city", "municipality", "place_name", "town"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
}
REQUIRED_ADDRESS_COLUMNS = ("address_id", "street", "lat", "lon")
# Rows read from a file as (position, values, problem): a problem found while reading is reported like a bad value.
Rows = Iterator[tuple[str, dict[str, Any], str]]


class ImportFileError(Exception):
    """The file cannot be imported at all (unreadable, not JSON, wrong kind of document, missing columns)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)  # "feature 3: ..." or "line 12: ..."

    @property
    def skipped(self) -> int:
        return len(self.problems)

    def summary(self, noun: str) -> str:
        return f"{self.created} {noun} created, {self.updated} updated, {self.skipped} skipped."


def write_report(command: BaseCommand, report: ImportReport, noun: str) -> None:
    """For management commands: each skipped feature or row on stderr, then the totals on stdout."""
    for problem in report.problems:
        command.stderr.write(f"Skipped {problem}")
    style = command.style.WARNING if report.problems else command.style.SUCCESS
    command.stdout.write(style(report.summary(noun)))


def import_districts(
    path: Path | str, kind: str, *, code_field: str | None = None, name_field: str | None = None
) -> ImportReport:
    """Create or update the districts of one kind from a GeoJSON FeatureCollection of (Multi)Polygons."""
    if not KIND_PATTERN.match(kind):
        raise ImportFileError(f"'{kind}' is not a district kind: use lower-case words and dashes (council-district).")
    features = _feature_collection(path)
    report = ImportReport()
    seen: dict[str, int] = {}
    with transaction.atomic():
        for index, feature in enumerate(features, start=1):
            try:
                code, values = _district_values(feature, kind, code_field, name_field)
                if code in seen:
                    raise ValueError(f"district code '{code}' already appears in feature {seen[code]}")
            except ValueError as error:
                report.problems.append(f"feature {index}: {error}")
                continue
            seen[code] = index
            _, created = District.objects.update_or_create(kind=kind, code=code, defaults=values)
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report


def _district_values(
    feature: Any, kind: str, code_field: str | None, name_field: str | None
) -> tuple[str, dict[str, Any]]:
    properties = _lower_keys(_feature_properties(feature))
    code = _first(properties, (code_field,) if code_field else DISTRICT_CODE_FIELDS)
    if not code and not code_field and feature.get("id") not in (None, ""):
        code = str(feature["id"]).strip()
    if not code:
        wanted = f"'{code_field}'" if code_field else "code (" + ", ".join(DISTRICT_CODE_FIELDS) + ")"
        raise ValueError(f"no {wanted} property; name the code property with --code-field")
    if len(code) > 64:
        raise ValueError(f"the district code '{code[:20]}...' is longer than 64 characters")
    name = _first(properties, (name_field,) if name_field else DISTRICT_NAME_FIELDS)
    geometry = feature.get("geometry")
    if geometry is None:
        raise ValueError("the feature has no geometry")
    _, (min_lat, max_lat, min_lon, max_lon) = parse_polygon(geometry)
    if not (-90 <= min_lat <= max_lat <= 90 and -180 <= min_lon <= max_lon <= 180):
        raise ValueError("the coordinates are not longitude/latitude (WGS84); reproject the file to EPSG:4326")
    title = kind.replace("-", " ").capitalize()
    return code, {
        "name": (name or f"{title} {code}")[:200], "geometry": geometry,
        "min_lat": min_lat, "max_lat": max_lat, "min_lon": min_lon, "max_lon": max_lon,
    }


def import_addresses(path: Path | str, *, batch_size: int = ADDRESS_BATCH_SIZE, progress: bool = False) -> ImportReport:
    """Create or update address points from a CSV file or a GeoJSON FeatureCollection of Points."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, total = _csv_rows(path)
    elif suffix in (".geojson", ".json"):
        features = _feature_collection(path)
        rows, total = _geojson_rows(features), len(features)
    else:
        raise ImportFileError(f"{path.name}: address files must be .csv or .geojson.")
    report = ImportReport()
    seen: dict[str, str] = {}
    batch: list[AddressPoint] = []
    with tqdm(total=total, unit=" addresses", disable=not progress, desc="Address points") as bar:
        for position, raw, problem in rows:
            bar.update(1)
            try:
                if problem:
                    raise ValueError(problem)
                point = _address_point(raw)
                if point.address_id in seen:
                    raise ValueError(f"address id '{point.address_id}' already appears on {seen[point.address_id]}")
            except ValueError as error:
                report.problems.append(f"{position}: {error}")
                continue
            seen[point.address_id] = position
            batch.append(point)
            if len(batch) >= batch_size:
                _upsert_addresses(batch, report)
                batch = []
        _upsert_addresses(batch, report)
    return report


def _address_point(raw: dict[str, Any]) -> AddressPoint:
    lowered = _lower_keys(raw)
    values = {name: _first(lowered, aliases) for name, aliases in ADDRESS_COLUMNS.items()}
    for name in ("address_id", "street"):
        if not values[name]:
            raise ValueError(f"no {name.replace('_', ' ')}")
    if values["lat"] == "" or values["lon"] == "":
        raise ValueError("no latitude/longitude")
    lat, lon = validate_point(values["lat"], values["lon"])
    house, street, unit = values["house_number"], _clean_spaces(values["street"]), values["unit"]
    limits = {"address_id": 64, "house_number": 16, "street": 200, "unit": 32, "zip_code": 10, "city": 100}
    for name, limit in limits.items():
        if len(values[name]) > limit:
            raise ValueError(f"the {name.replace('_', ' ')} is longer than {limit} characters")
    human = f"{house} {_human_street(street)}".strip()
    return AddressPoint(
        address_id=values["address_id"], house_number=house, street=normalize_address(street), unit=unit,
        zip_code=values["zip_code"], city=values["city"], lat=lat, lon=lon,
        full_address=f"{human}, Unit {unit}" if unit else human,
        normalized=normalize_address(f"{house} {street}"),
    )


def _upsert_addresses(batch: list[AddressPoint], report: ImportReport) -> None:
    if not batch:
        return
    ids = [point.address_id for point in batch]
    with transaction.atomic():
        existing = set(AddressPoint.objects.filter(address_id__in=ids).values_list("address_id", flat=True))
        AddressPoint.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["address_id"],
            update_fields=["house_number", "street", "unit", "zip_code", "city", "full_address", "normalized",
                           "lat", "lon"],
        )
    report.updated += len(existing)
    report.created += len(batch) - len(existing)


def _human_street(street: str) -> str:
    """'N MAIN ST' -> 'N Main St', '1ST AVE' -> '1st Ave'; streets already in mixed case are kept."""
    if street != street.upper():
        return street
    return " ".join(word[0] + word[1:].lower() if word[0].isalpha() else word.lower() for word in street.split())


def _clean_spaces(text: str) -> str:
    return " ".join(text.split())


def _lower_keys(properties: dict[str, Any]) -> dict[str, Any]:
    return {str(key).strip().lower(): value for key, value in properties.items()}


def _first(lowered: dict[str, Any], names: Iterable[str]) -> str:
    """The first non-empty value among the names (looked up in lower case), as a stripped string."""
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _feature_collection(path: Path | str) -> list[Any]:
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig") as file:
            document = json.load(file)
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror or error}).") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportFileError(f"{path.name} is not valid JSON: {error}.") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise ImportFileError(f"{path.name} is not a GeoJSON FeatureCollection (found {found!r}).")
    features = document.get("features")
    if not isinstance(features, list):
        raise ImportFileError(f"{path.name}: the FeatureCollection has no list of features.")
    return features


def _feature_properties(feature: Any) -> dict[str, Any]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError("not a GeoJSON Feature")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValueError("the feature's properties are not an object")
    return properties


def _geojson_rows(features: list[Any]) -> Rows:
    for index, feature in enumerate(features, start=1):
        position = f"feature {index}"
        try:
            properties = dict(_feature_properties(feature))
            geometry = feature.get("geometry")
            if not isinstance(geometry, dict) or geometry.get("type") != "Point":
                raise ValueError("the geometry is not a GeoJSON Point")
            coordinates = geometry.get("coordinates")
            if not isinstance(coordinates, list) or len(coordinates) < 2:
                raise ValueError("the point has no [longitude, latitude] coordinates")
        except ValueError as error:
            yield position, {}, str(error)
            continue
        properties["lon"], properties["lat"] = coordinates[0], coordinates[1]
        yield position, properties, ""


def _csv_rows(path: Path) -> tuple[Rows, int]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file), [])
            total = sum(1 for _ in file)
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror or error}).") from None
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path.name} is not UTF-8 text: {error}.") from None
    columns = {name.strip().lower() for name in header}
    missing = [name for name in REQUIRED_ADDRESS_COLUMNS if not columns & set(ADDRESS_COLUMNS[name])]
    if missing:
        raise ImportFileError(
            f"{path.name} has no {', '.join(missing)} column (found: {', '.join(header) or 'nothing'})."
        )
    return _read_csv(path), total


def _read_csv(path: Path) -> Rows:
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        for row in reader:
            problem = "more fields than the header has" if None in row else ""
            yield f"line {reader.line_num}", {key: value for key, value in row.items() if key is not None}, problem
