"""A territory's stories as points on a static inline SVG: no tile service, no script.

The projection is equirectangular with the longitude scaled by cos(latitude), which is
faithful enough at the scale of a commune or a department.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lon: float
    label: str
    url: str = ""
    kind: str = "story"  # "story", "territory" (the place itself) or "child"


@dataclass(frozen=True)
class PlacedPoint:
    x: float
    y: float
    point: MapPoint


def to_float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def point_from(
    data: dict | None, label: str, url: str = "", kind: str = "story"
) -> MapPoint | None:
    if not data:
        return None
    lat, lon = to_float(data.get("lat")), to_float(data.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return MapPoint(lat=lat, lon=lon, label=label, url=url, kind=kind)


def place(points: list[MapPoint], width: int = 600, height: int = 400, margin: int = 40):
    """Screen coordinates for each point inside a width×height box with a margin."""
    if not points:
        return []
    mean_lat = sum(p.lat for p in points) / len(points)
    scale_x = math.cos(math.radians(mean_lat))
    xs = [p.lon * scale_x for p in points]
    ys = [p.lat for p in points]
    # A minimum extent (about 2 km) keeps a single point, or close ones, from exploding the scale.
    span = max(max(xs) - min(xs), max(ys) - min(ys), 0.02)
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    unit = min(inner_w, inner_h) / span
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    placed = []
    for point, x, y in zip(points, xs, ys, strict=True):
        placed.append(
            PlacedPoint(
                x=round(width / 2 + (x - centre_x) * unit, 1),
                y=round(height / 2 - (y - centre_y) * unit, 1),
                point=point,
            )
        )
    return placed
