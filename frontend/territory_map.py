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
    # Every point at the same place: several stories in one commune share one marker.
    points: tuple[MapPoint, ...] = ()

    @property
    def count(self) -> int:
        return len(self.points) or 1

    @property
    def label(self) -> str:
        return ", ".join(p.label for p in self.points) if self.points else self.point.label


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


KIND_ORDER = {"territory": 0, "parent": 1, "child": 2, "story": 3}


def group(points: list[MapPoint]) -> list[tuple[MapPoint, tuple[MapPoint, ...]]]:
    """One entry per distinct place (rounded to ~100 m), led by its most telling point."""
    places: dict[tuple[float, float], list[MapPoint]] = {}
    for point in points:
        places.setdefault((round(point.lat, 3), round(point.lon, 3)), []).append(point)
    grouped = []
    for members in places.values():
        members.sort(key=lambda p: KIND_ORDER.get(p.kind, 9))
        grouped.append((members[0], tuple(members)))
    return grouped


def place(points: list[MapPoint], width: int = 600, height: int = 360, margin: int = 40):
    """Screen coordinates for each distinct place inside a width×height box with a margin."""
    if not points:
        return []
    grouped = group(points)
    points = [lead for lead, _members in grouped]
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
    for (point, members), x, y in zip(grouped, xs, ys, strict=True):
        placed.append(
            PlacedPoint(
                x=round(width / 2 + (x - centre_x) * unit, 1),
                y=round(height / 2 - (y - centre_y) * unit, 1),
                point=point,
                points=members,
            )
        )
    return placed
