"""The local geocoder: the city's own address points, searched by text and by position."""

import math
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import ExpressionWrapper, F, FloatField, OrderBy
from rapidfuzz import fuzz, process

from civicdesk.routing.geo import bounding_box, distance_m
from civicdesk.routing.models import AddressPoint

# Postal abbreviations (USPS Publication 28) so "123 Main Street" and "123 MAIN ST" match.
_ABBREVIATIONS = {
    "STREET": "ST", "STR": "ST", "AVENUE": "AVE", "AV": "AVE", "BOULEVARD": "BLVD", "ROAD": "RD",
    "DRIVE": "DR", "LANE": "LN", "PLACE": "PL", "COURT": "CT", "PARKWAY": "PKWY", "TERRACE": "TER",
    "HIGHWAY": "HWY", "CIRCLE": "CIR", "SQUARE": "SQ", "TRAIL": "TRL", "WAY": "WAY",
    "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W",
    "FIRST": "1ST", "SECOND": "2ND", "THIRD": "3RD", "FOURTH": "4TH", "FIFTH": "5TH",
    "SIXTH": "6TH", "SEVENTH": "7TH", "EIGHTH": "8TH", "NINTH": "9TH", "TENTH": "10TH",
}
_HOUSE_AND_STREET = re.compile(r"^(\d+[A-Z]?)\s+(.+)$")


# A typed address is placed on its own only when the best match scores at least this (0..100); below it,
# staff place the request by hand rather than trust a guess.
SURE_MATCH_SCORE = 90

def normalize_address(text: str) -> str:
    """Upper-case, no accents or punctuation, postal abbreviations; the part before the first comma only."""
    # "Peña" and "Pena" are the same street: drop the accents rather than the letters.
    unaccented = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    first_part = unaccented.split(",")[0].upper()
    words = re.sub(r"[^A-Z0-9 ]+", " ", first_part).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@dataclass(frozen=True)
class GeocodeMatch:
    point: AddressPoint
    score: float  # 100 is an exact match


def search_addresses(text: str, limit: int = 5) -> list[GeocodeMatch]:
    """Address points matching what a resident or call-taker typed, best first."""
    normalized = normalize_address(text)
    if len(normalized) < 2:
        return []
    exact = list(AddressPoint.objects.filter(normalized=normalized)[:limit])
    if exact:
        return [GeocodeMatch(point, 100.0) for point in exact]
    starting = list(AddressPoint.objects.filter(normalized__startswith=normalized).order_by("normalized")[:limit])
    if starting:
        # "120 N MAIN" is an address missing its end; "12" is not yet a house number, so it scores lower.
        matches = [GeocodeMatch(point, 90.0 if point.normalized[len(normalized):][:1] in ("", " ") else 80.0)
                   for point in starting]
        return sorted(matches, key=lambda match: -match.score)
    return _fuzzy_search(normalized, limit)


def _fuzzy_search(normalized: str, limit: int) -> list[GeocodeMatch]:
    """Same house number, street name spelled a little differently ("Mian St")."""
    parsed = _HOUSE_AND_STREET.match(normalized)
    if not parsed:
        streets = AddressPoint.objects.values_list("street", flat=True).distinct()
        best = process.extract(normalized, list(streets), scorer=fuzz.WRatio, limit=1, score_cutoff=80)
        if not best:
            return []
        points = AddressPoint.objects.filter(street=best[0][0]).order_by("normalized")[:limit]
        return [GeocodeMatch(point, best[0][1] * 0.8) for point in points]
    house, street = parsed.groups()
    candidates = {point.normalized: point for point in AddressPoint.objects.filter(house_number=house)[:5000]}
    found = process.extract(normalized, list(candidates), scorer=fuzz.ratio, limit=limit, score_cutoff=80)
    return [GeocodeMatch(candidates[name], score * 0.9) for name, score, _ in found]


def nearest_first(lat: float, lon: float) -> OrderBy:
    """Order rows with `lat` and `lon` columns nearest to the point first (flat-earth: for sorting only)."""
    lon_scale = math.cos(math.radians(lat)) ** 2
    squared = (F("lat") - lat) * (F("lat") - lat) + (F("lon") - lon) * (F("lon") - lon) * lon_scale
    return ExpressionWrapper(squared, output_field=FloatField()).asc()


def reverse_geocode(lat: float, lon: float, max_distance_m: float = 150) -> AddressPoint | None:
    """The nearest address point within `max_distance_m`, or None."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, max_distance_m)
    # Nearest first: a block of flats holds hundreds of points, which must not hide the house next door.
    nearby = AddressPoint.objects.filter(
        lat__range=(min_lat, max_lat), lon__range=(min_lon, max_lon)
    ).order_by(nearest_first(lat, lon))[:500]
    best: tuple[float, AddressPoint] | None = None
    for point in nearby:
        distance = distance_m(lat, lon, point.lat, point.lon)
        if distance <= max_distance_m and (best is None or distance < best[0]):
            best = (distance, point)
    return best[1] if best else None
