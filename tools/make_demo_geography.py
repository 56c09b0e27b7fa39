"""Write the demo City of Riverton's geography into civicdesk/demo/data/ (run once; the output is committed).

Riverton is an 8 km x 8 km street grid centred on 41.88 N, 87.65 W. Streets run every 400 m; house
numbers grow 200 per block away from Main St (north-south) and Washington St (east-west), even
numbers on the west and north sides, as in Chicago's grid. Outputs:

- council-districts.geojson: 6 council districts (3 x 2, with zig-zag borders),
- sanitation-zones.geojson: 4 sanitation zones split along Lincoln Ave and Elm St,
- parks.geojson: Riverfront Park (east of River Dr) and Washington Square (a block by Main and Washington),
- address-points.csv: a few thousand addresses, some with apartment units, in 6 ZIP codes.

Usage: .venv/bin/python tools/make_demo_geography.py [--seed N]
"""

import argparse
import csv
import json
import math
import random
from pathlib import Path
from typing import Any, NamedTuple

CENTER_LAT, CENTER_LON = 41.88, -87.65
HALF_SIZE_M = 4000.0
BLOCK_M = 400.0
SETBACK_M = 12.0  # from the street's centre line to the address point
NUMBERS_PER_M = 0.5  # 200 house numbers per 400 m block
METERS_PER_DEGREE_LAT = 111_195.0
METERS_PER_DEGREE_LON = METERS_PER_DEGREE_LAT * math.cos(math.radians(CENTER_LAT))
OUTPUT = Path(__file__).resolve().parent.parent / "civicdesk" / "demo" / "data"

# North-south streets west and east of Main St, nearest first; east-west streets north of Washington St.
WEST_STREETS = ["Lincoln Ave", "Jefferson St", "Hamilton Ave", "Franklin St", "Grant Ave", "Harrison Ave",
                "Sheridan Rd", "Union Ave", "Western Ave"]
EAST_STREETS = ["Market St", "Church St", "Mill St", "Commerce St", "Bridge St", "Water St", "Canal St",
                "Dock St", "River Dr"]
NORTH_STREETS = ["Oak Ave", "Elm St", "Maple Ave", "Cedar St", "Pine St", "Walnut St", "Chestnut St",
                 "Hickory St", "Willow Ave"]
# ZIP codes in a 3 x 2 grid, north row first, west to east.
ZIP_GRID = [["60622", "60642", "60610"], ["60612", "60607", "60661"]]
COUNCIL_MEMBERS = ["Maria Delgado", "James Whitfield", "Aisha Rahman", "Tom Kowalski", "Grace Okafor", "Luis Moreno"]
COLLECTION_DAYS = {"A": "Monday", "B": "Tuesday", "C": "Wednesday", "D": "Thursday"}

Point = tuple[float, float]  # (x, y) in meters east and north of the centre


def to_lon_lat(x: float, y: float) -> list[float]:
    return [round(CENTER_LON + x / METERS_PER_DEGREE_LON, 6), round(CENTER_LAT + y / METERS_PER_DEGREE_LAT, 6)]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def street_names() -> tuple[dict[int, str], dict[int, str]]:
    """Names of the north-south streets by column and of the east-west streets by row (0 = the base lines)."""
    north_south = {0: "Main St"}
    north_south.update({-(i + 1): name for i, name in enumerate(WEST_STREETS)})
    north_south.update({i + 1: name for i, name in enumerate(EAST_STREETS)})
    east_west = {0: "Washington St"}
    east_west.update({i + 1: name for i, name in enumerate(NORTH_STREETS)})
    # South of Washington St the streets are numbered by their house-number hundreds: 2nd St is at 200 S.
    east_west.update({-(i + 1): f"{ordinal(2 * (i + 1))} St" for i in range(len(NORTH_STREETS))})
    return north_south, east_west


def zip_code(x: float, y: float) -> str:
    column = 0 if x < -1200 else 1 if x < 1600 else 2
    return ZIP_GRID[0 if y >= 0 else 1][column]


def lattice_polygons(
    columns: int, rows: int, steps: int, jitter_m: float, rng: random.Random
) -> dict[tuple[int, int], dict[str, Any]]:
    """Tile the city box with columns x rows polygons whose shared borders zig-zag identically."""
    width, height = 2 * HALF_SIZE_M / (columns * steps), 2 * HALF_SIZE_M / (rows * steps)
    nodes: dict[tuple[int, int], Point] = {}
    for i in range(columns * steps + 1):
        for j in range(rows * steps + 1):
            x, y = -HALF_SIZE_M + i * width, -HALF_SIZE_M + j * height
            on_edge = i in (0, columns * steps) or j in (0, rows * steps)
            if not on_edge:
                x, y = x + rng.uniform(-jitter_m, jitter_m), y + rng.uniform(-jitter_m, jitter_m)
            nodes[i, j] = (x, y)
    polygons = {}
    for column in range(columns):
        for row in range(rows):
            i0, i1, j0, j1 = column * steps, (column + 1) * steps, row * steps, (row + 1) * steps
            ring = [nodes[i, j0] for i in range(i0, i1)] + [nodes[i1, j] for j in range(j0, j1)]
            ring += [nodes[i, j1] for i in range(i1, i0, -1)] + [nodes[i0, j] for j in range(j1, j0, -1)]
            coordinates = [to_lon_lat(x, y) for x, y in ring]
            polygons[column, row] = {"type": "Polygon", "coordinates": [[*coordinates, coordinates[0]]]}
    return polygons


def council_districts(rng: random.Random) -> list[dict[str, Any]]:
    polygons = lattice_polygons(columns=3, rows=2, steps=8, jitter_m=60, rng=rng)
    features = []
    for number in range(1, 7):
        column, row = (number - 1) % 3, 1 if number <= 3 else 0  # 1-3 in the north row, 4-6 in the south
        properties = {"district": str(number), "name": f"District {number}",
                      "council_member": COUNCIL_MEMBERS[number - 1]}
        features.append({"type": "Feature", "properties": properties, "geometry": polygons[column, row]})
    return features


def sanitation_zones() -> list[dict[str, Any]]:
    """Four zones split along Lincoln Ave (400 m west of Main St) and Elm St (800 m north of Washington St)."""
    split_x, split_y = -BLOCK_M, 2 * BLOCK_M
    west, east = (-HALF_SIZE_M, split_x), (split_x, HALF_SIZE_M)
    south, north = (-HALF_SIZE_M, split_y), (split_y, HALF_SIZE_M)
    spans = {"A": (west, north), "B": (east, north), "C": (west, south), "D": (east, south)}
    features = []
    for code, ((x0, x1), (y0, y1)) in spans.items():
        ring = [to_lon_lat(x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]
        properties = {"zone": code, "name": f"Sanitation Zone {code}", "collection_day": COLLECTION_DAYS[code]}
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return features


class BlockFace(NamedTuple):
    """One side of one block: addresses sit `offset` meters from the base line, between start and end."""

    street: str  # with its N/S/E/W prefix
    even: bool
    runs_north_south: bool
    offset: float
    start: float
    end: float

    def place(self, along: float) -> Point:
        return (self.offset, along) if self.runs_north_south else (along, self.offset)


def box(park_id: str, name: str, west: float, east: float, south: float, north: float) -> dict[str, Any]:
    ring = [to_lon_lat(x, y) for x, y in ((west, south), (east, south), (east, north), (west, north), (west, south))]
    return {"type": "Feature", "properties": {"park_id": park_id, "name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def parks() -> list[dict[str, Any]]:
    """Parks hold no addresses: Riverfront Park lies east of River Dr, Washington Square inside one block."""
    river_dr = len(EAST_STREETS) * BLOCK_M
    return [
        box("riverfront", "Riverfront Park", river_dr + 40, HALF_SIZE_M - 20, -3000, 3000),
        box("washington-square", "Washington Square", -BLOCK_M + 30, -30, 30, BLOCK_M - 30),
    ]


def block_faces() -> list[BlockFace]:
    north_south, east_west = street_names()
    faces = []
    last = len(NORTH_STREETS)
    for k, name in north_south.items():
        for j in range(-last, last):
            prefix = "N" if j >= 0 else "S"
            for side in (-1, 1):  # west side (even numbers), east side (odd)
                faces.append(BlockFace(f"{prefix} {name}", side < 0, True, k * BLOCK_M + side * SETBACK_M,
                                       j * BLOCK_M, (j + 1) * BLOCK_M))
    for j, name in east_west.items():
        for k in range(-last, last):
            prefix = "E" if k >= 0 else "W"
            for side in (1, -1):  # north side (even numbers), south side (odd)
                faces.append(BlockFace(f"{prefix} {name}", side > 0, False, j * BLOCK_M + side * SETBACK_M,
                                       k * BLOCK_M, (k + 1) * BLOCK_M))
    return faces


def addresses(rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for face in block_faces():
        positions = sorted(rng.uniform(face.start + 30, face.end - 30) for _ in range(rng.randint(1, 4)))
        numbers: set[int] = set()
        for along in positions:
            number = int(abs(along) * NUMBERS_PER_M)
            number += (number % 2) != (0 if face.even else 1)  # move to the right side's parity
            if number in numbers:
                continue
            numbers.add(number)
            x, y = face.place(along)
            lon, lat = to_lon_lat(x, y)
            units = [str(unit) for unit in range(1, rng.randint(3, 5))] if rng.random() < 0.05 else [""]
            for unit in units:
                rows.append({
                    "address_id": f"RIV-{len(rows) + 1:05d}", "house_number": str(number), "street": face.street,
                    "unit": unit, "zip": zip_code(x, y), "city": "Riverton", "lat": f"{lat:.6f}", "lon": f"{lon:.6f}",
                })
    return rows


def write_geojson(path: Path, features: list[dict[str, Any]]) -> None:
    document = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--seed", type=int, default=311)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    options.output.mkdir(parents=True, exist_ok=True)
    write_geojson(options.output / "council-districts.geojson", council_districts(rng))
    write_geojson(options.output / "sanitation-zones.geojson", sanitation_zones())
    write_geojson(options.output / "parks.geojson", parks())
    rows = addresses(rng)
    with (options.output / "address-points.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"Wrote 6 council districts, 4 sanitation zones, 2 parks and {len(rows)} addresses to {options.output}.")


if __name__ == "__main__":
    main()
