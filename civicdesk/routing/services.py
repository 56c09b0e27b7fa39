"""Routing: which districts hold a point, and which department a request goes to."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from shapely.prepared import PreparedGeometry

from civicdesk.catalog.models import ServiceType
from civicdesk.departments.models import Department, Team
from civicdesk.routing.geo import parse_polygon, polygon_contains
from civicdesk.routing.models import District, RoutingRule


class RoutingError(Exception):
    """No department can take the request: the catalog or routing set-up is incomplete."""


# Prepared polygons by district id, reused until the district's row changes.
_polygons: dict[int, tuple[datetime, PreparedGeometry]] = {}


def districts_at(lat: float, lon: float) -> list[District]:
    """Every district (of every kind) that holds the point."""
    candidates = District.objects.filter(min_lat__lte=lat, max_lat__gte=lat, min_lon__lte=lon, max_lon__gte=lon)
    found = []
    for district in candidates:
        cached = _polygons.get(district.pk)
        if cached is None or cached[0] != district.updated_at:
            cached = (district.updated_at, parse_polygon(district.geometry)[0])
            _polygons[district.pk] = cached
        if polygon_contains(cached[1], lat, lon):
            found.append(district)
    return found


@dataclass(frozen=True)
class RoutingDecision:
    department: Department
    team: Team | None = None
    rule: RoutingRule | None = None
    reason: str = ""
    districts: list[District] = field(default_factory=list)


def route_request(service: ServiceType, districts: list[District]) -> RoutingDecision:
    """Choose the department (and team) for a request of `service` located in `districts`."""
    district_ids = [district.pk for district in districts]
    rules = list(
        RoutingRule.objects.filter(is_active=True, department__is_active=True)
        .filter(Q(service=service) | Q(service__isnull=True))
        .filter(Q(district__in=district_ids) | Q(district__isnull=True))
        .select_related("department", "team", "service", "district")
    )
    if rules:
        rule = min(rules, key=lambda candidate: (candidate.precedence, -candidate.specificity, candidate.pk))
        return RoutingDecision(rule.department, rule.team, rule, f"Routing rule: {rule}", districts)
    if service.default_department and service.default_department.is_active:
        return RoutingDecision(
            service.default_department, reason="The service type's default department", districts=districts
        )
    triage = Department.objects.filter(is_triage=True, is_active=True).first()
    if triage:
        return RoutingDecision(triage, reason="No rule matched: sent to triage", districts=districts)
    raise RoutingError(f"No department is set up to take '{service.name}' requests and there is no triage department.")
