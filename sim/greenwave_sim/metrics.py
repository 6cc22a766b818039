"""Performance of one SUMO run from its tripinfo output: mean delay and stops, all vehicles and corridor through traffic.

- delay of a vehicle = SUMO's `timeLoss` (time lost against driving at its desired speed: ∫ (1 − v / v_desired) dt)
  + `departDelay` (time spent waiting to be inserted: a queue spilling back to the network's entry delays vehicles
  there, and timeLoss alone would not see it);
- stops = `waitingCount` (times the vehicle came to a halt, speed < 0.1 m/s);
- warm-up: vehicles whose planned departure (`depart` − `departDelay`) is before `warmup_s` are left out;
- a vehicle without a tripinfo record (not finished when the run ended) is left out, and counted as `unfinished`;
- corridor through traffic: EB = departs on the edge leaving the west end (`w_*`) and arrives on the edge to the east
  end (`*_e`), WB the reverse.
"""
import re

from . import sumo_io

_ROUTE = re.compile(r'<vehicle id="([^"]+)"[^>]*depart="([0-9.]+)"')


def read_tripinfo(path):
    """One dict per finished vehicle: id, depart, depart_delay, time_loss, stops, from_edge, to_edge."""
    out = []
    with open(path) as f:
        for line in f:
            s = line.lstrip()
            if not s.startswith("<tripinfo "):
                continue
            a = sumo_io._attrs(s)
            out.append({"id": a["id"], "depart": float(a["depart"]), "depart_delay": float(a.get("departDelay", 0)),
                        "time_loss": float(a["timeLoss"]), "stops": int(a["waitingCount"]),
                        "from_edge": a["departLane"].rsplit("_", 1)[0], "to_edge": a["arrivalLane"].rsplit("_", 1)[0]})
    return out


def count_planned(route_file, warmup_s):
    """Vehicles of a fixed-departures route file planned to depart at or after the warm-up (None for flow files)."""
    n, seen = 0, False
    with open(route_file) as f:
        for line in f:
            m = _ROUTE.search(line)
            if m:
                seen = True
                n += float(m.group(2)) >= warmup_s
    return n if seen else None


def through_direction(trip):
    """'EB', 'WB' or None: whether the vehicle ran the whole main street."""
    if trip["from_edge"].startswith("w_") and trip["to_edge"].endswith("_e"):
        return "EB"
    if trip["from_edge"].startswith("e_") and trip["to_edge"].endswith("_w"):
        return "WB"
    return None


def _mean(xs):
    return round(sum(xs) / len(xs), 2) if xs else None


def summarize(trips, warmup_s=600.0, planned=None):
    """Mean delay/stops over all vehicles and per through direction, excluding the warm-up and unfinished vehicles."""
    kept = [t for t in trips if t["depart"] - t["depart_delay"] >= warmup_s]
    out = {"vehicles": len(kept), "mean_delay_s": _mean([t["time_loss"] + t["depart_delay"] for t in kept]),
           "mean_stops": _mean([t["stops"] for t in kept])}
    if planned is not None:
        out["unfinished"] = max(0, planned - len(kept))
    for d in ("EB", "WB"):
        sub = [t for t in kept if through_direction(t) == d]
        out[d] = {"vehicles": len(sub), "mean_delay_s": _mean([t["time_loss"] + t["depart_delay"] for t in sub]),
                  "mean_stops": _mean([t["stops"] for t in sub])}
    return out


def measure(tripinfo_path, warmup_s=600.0, route_file=None):
    planned = count_planned(route_file, warmup_s) if route_file else None
    return summarize(read_tripinfo(tripinfo_path), warmup_s, planned)
