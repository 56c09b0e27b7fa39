"""Small geometry helpers: distances, bounding boxes, point-in-polygon."""

import math
from typing import Any

from shapely.geometry import Point, shape
from shapely.prepared import PreparedGeometry, prep

EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in meters (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that holds the circle around the point."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def validate_point(lat: Any, lon: Any) -> tuple[float, float]:
    """Turn input into a (lat, lon) pair of floats, or raise ValueError saying what is wrong."""
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValueError("Latitude and longitude must be numbers.") from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        raise ValueError("Latitude and longitude must be numbers.")
    if not -90 <= lat_f <= 90:
        raise ValueError("Latitude must be between -90 and 90.")
    if not -180 <= lon_f <= 180:
        raise ValueError("Longitude must be between -180 and 180.")
    return lat_f, lon_f


def parse_polygon(geometry: dict[str, Any]) -> tuple[PreparedGeometry, tuple[float, float, float, float]]:
    """A prepared shape and its (min_lat, max_lat, min_lon, max_lon) from a GeoJSON (Multi)Polygon."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValueError("A district's geometry must be a GeoJSON Polygon or MultiPolygon.")
    try:
        polygon = shape(geometry)
    except Exception as error:  # shapely raises several kinds for malformed coordinates
        raise ValueError(f"Malformed polygon coordinates: {error}") from None
    if polygon.is_empty or not polygon.is_valid:
        raise ValueError("The polygon is empty or crosses itself.")
    min_lon, min_lat, max_lon, max_lat = polygon.bounds
    return prep(polygon), (min_lat, max_lat, min_lon, max_lon)


def polygon_contains(prepared: PreparedGeometry, lat: float, lon: float) -> bool:
    return bool(prepared.covers(Point(lon, lat)))
