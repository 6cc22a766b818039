"""Local geo-reference shared by every step.

SUMO works in flat metres (x east, y north).  The bridge maps them to WGS84 with a fixed
equirectangular projection around an origin (default 30.65 N, 104.06 E, Chengdu): at corridor
scale (a few km) its error is far below GPS noise, and it needs no proj library.
"""
import math

R_EARTH = 6371008.8
ORIGIN = (30.65, 104.06)


def xy_to_latlon(x, y, origin=ORIGIN):
    lat0, lon0 = origin
    lat = lat0 + math.degrees(y / R_EARTH)
    lon = lon0 + math.degrees(x / (R_EARTH * math.cos(math.radians(lat0))))
    return lat, lon


def latlon_to_xy(lat, lon, origin=ORIGIN):
    lat0, lon0 = origin
    y = math.radians(lat - lat0) * R_EARTH
    x = math.radians(lon - lon0) * R_EARTH * math.cos(math.radians(lat0))
    return x, y


def bearing_of(dx, dy):
    """Compass bearing (clockwise from north, 0..360) of a flat vector."""
    return math.degrees(math.atan2(dx, dy)) % 360.0


def angle_diff(a, b):
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)
