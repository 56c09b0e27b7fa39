"""Tools for the people who set routing up: "where would this go?" and district files uploaded in the admin.

The tester asks `route_request` (the function intake calls) for its decision; it only adds what an
administrator needs to read that decision: the place found, its districts and the rules in precedence order.
The upload runs `import_districts` (the importer the management command uses) and keeps nothing unless
every feature of the file was good.
"""

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from civicdesk.catalog.models import ServiceType
from civicdesk.routing.geo import validate_point
from civicdesk.routing.geocoder import SURE_MATCH_SCORE, reverse_geocode, search_addresses
from civicdesk.routing.importers import DISTRICT_NAME_FIELDS, ImportFileError, ImportReport, import_districts
from civicdesk.routing.models import District, RoutingRule
from civicdesk.routing.services import RoutingDecision, RoutingError, districts_at, route_request

MAX_DISTRICT_FILE_BYTES = 20 * 1024 * 1024


class PlaceNotFound(Exception):
    """The address matched nothing in the city's address list, or the point is not a point."""


@dataclass(frozen=True)
class RuleLine:
    """One active rule for the service type (or for any service), as the tester lists it."""

    rule: RoutingRule
    in_place: bool  # anywhere in the city, or in one of the point's districts
    chosen: bool


@dataclass(frozen=True)
class RoutingTrial:
    lat: float
    lon: float
    address: str  # the address point found (typed, or nearest to the point), "" if none
    match_score: float | None  # how well a typed address matched (100: exactly)
    districts: list[District]
    decision: RoutingDecision | None
    refusal: str  # why no department can take it, when decision is None
    rules: list[RuleLine]


def where_would_it_go(
    service: ServiceType, *, address: str = "", lat: object = None, lon: object = None
) -> RoutingTrial:
    """Where a request of `service` at this address (or point) would be routed, and why.

    Raises PlaceNotFound when the address matches nothing or the point is not valid.
    """
    score: float | None = None
    if address.strip():
        matches = search_addresses(address, limit=1)
        if not matches:
            raise PlaceNotFound(f"'{address}' matches no address in the city's address list.")
        if matches[0].score < SURE_MATCH_SCORE:
            raise PlaceNotFound(
                f"'{address}' is not a sure match (closest: {matches[0].point.full_address}); intake would keep it "
                "unplaced for staff to place. Give the exact address or a point."
            )
        point = matches[0].point
        lat_f, lon_f, found, score = point.lat, point.lon, point.full_address, matches[0].score
    else:
        try:
            lat_f, lon_f = validate_point(lat, lon)
        except ValueError as error:
            raise PlaceNotFound(str(error)) from None
        nearest = reverse_geocode(lat_f, lon_f)
        found = nearest.full_address if nearest else ""
    districts = districts_at(lat_f, lon_f)
    try:
        decision: RoutingDecision | None = route_request(service, districts)
        refusal = ""
    except RoutingError as error:
        decision, refusal = None, str(error)
    return RoutingTrial(lat_f, lon_f, found, score, districts, decision, refusal,
                        _rule_lines(service, districts, decision))


def _rule_lines(service: ServiceType, districts: list[District], decision: RoutingDecision | None) -> list[RuleLine]:
    chosen = decision.rule.pk if decision is not None and decision.rule is not None else None
    inside = {district.pk for district in districts}
    rules = (
        RoutingRule.objects.filter(is_active=True)
        .filter(Q(service=service) | Q(service__isnull=True))
        .select_related("service", "district", "department", "team")
        .order_by("precedence", "id")
    )
    return [RuleLine(rule, rule.district_id is None or rule.district_id in inside, rule.pk == chosen)
            for rule in rules]


class DistrictFileRefused(Exception):
    """The uploaded district file was not imported; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def upload_districts(upload: UploadedFile, kind: str, *, code_field: str = "", name_field: str = "") -> ImportReport:
    """Import an uploaded GeoJSON file of districts of one kind: all of its features, or nothing.

    Raises DistrictFileRefused listing every problem (not GeoJSON, no polygons, a feature without a
    code or a name, ...); the districts are then exactly as they were.
    """
    if upload.size is not None and upload.size > MAX_DISTRICT_FILE_BYTES:
        raise DistrictFileRefused([f"The file is too large (at most {MAX_DISTRICT_FILE_BYTES // (1024 * 1024)} MB)."])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "districts.geojson"
        with path.open("wb") as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
        name = upload.name or "the file"
        with transaction.atomic():
            try:
                report = import_districts(path, kind, code_field=code_field or None, name_field=name_field or None)
            except ImportFileError as error:
                raise DistrictFileRefused([str(error).replace("districts.geojson", name)]) from None
            problems = [problem.replace("with --code-field", "in the code property box")
                        for problem in report.problems] + _unnamed_features(path, name_field)
            if not report.created + report.updated and not problems:
                problems.append("The file has no features.")
            if problems:
                raise DistrictFileRefused(problems)  # leaving the atomic block rolls back what was written
    return report


def _unnamed_features(path: Path, name_field: str) -> list[str]:
    """Features with no name: the importer would make one up ("Council district 3"), the upload refuses them."""
    fields = (name_field,) if name_field else DISTRICT_NAME_FIELDS
    features = json.loads(path.read_text(encoding="utf-8-sig"))["features"]
    problems = []
    for index, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        lowered = {str(key).strip().lower(): value for key, value in (properties or {}).items()} \
            if isinstance(properties, dict) else {}
        if not any(str(lowered.get(field.lower()) or "").strip() for field in fields):
            wanted = f"'{name_field}'" if name_field else "name (" + ", ".join(DISTRICT_NAME_FIELDS) + ")"
            problems.append(f"feature {index}: no {wanted} property")
    return problems
