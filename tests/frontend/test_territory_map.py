"""The static map: places projected inside the box, north up, east right, shared places merged."""

from frontend.territory_map import MapPoint, place, point_from


def test_points_are_inside_the_box_north_up_east_right():
    west = MapPoint(lat=50.40, lon=2.70, label="Ouest")
    east = MapPoint(lat=50.40, lon=2.90, label="Est")
    north = MapPoint(lat=50.55, lon=2.80, label="Nord")
    placed = {p.point.label: p for p in place([west, east, north], width=600, height=360)}
    for p in placed.values():
        assert 0 <= p.x <= 600 and 0 <= p.y <= 360
    assert placed["Ouest"].x < placed["Est"].x
    assert placed["Nord"].y < placed["Ouest"].y


def test_a_single_point_sits_in_the_middle():
    (only,) = place([MapPoint(lat=44.3, lon=3.6, label="Florac")], width=600, height=360)
    assert (only.x, only.y) == (300.0, 180.0)


def test_points_at_one_place_share_a_marker_led_by_the_territory():
    story = MapPoint(lat=50.4574, lon=2.7919, label="Récit", kind="story")
    town = MapPoint(lat=50.4574, lon=2.7919, label="Loos", kind="territory")
    (marker,) = place([story, town])
    assert marker.point is town and marker.count == 2


def test_invalid_coordinates_are_ignored():
    assert point_from({"lat": None, "lon": 2}, "x") is None
    assert point_from({"lat": "abc", "lon": 2}, "x") is None
    assert point_from({"lat": 91, "lon": 2}, "x") is None
    assert point_from({"lat": "nan", "lon": 2}, "x") is None
    assert point_from({"lat": "50.1", "lon": "2.5"}, "x").lat == 50.1
