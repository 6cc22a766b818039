"""An independent, straightforward implementation of the spec's probe control delay and of ATSPM
arrivals on green, working only from the converted contract files (network.json, vehicle.positions,
signal.events).  It exists to test the bridge's outputs and the validation plumbing; the product's
estimators are the Java/Flink jobs.  Output records have the fields `validate` reads.
"""
import gzip
import json
import math
import os

BIN_MS = 900000
R = 6371008.8


def read_jsonl(path):
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path += ".gz"
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _local(lat, lon, lat0, lon0):
    """Metres east/north of (lat0, lon0) (equirectangular at the stop bar)."""
    return (math.radians(lon - lon0) * R * math.cos(math.radians(lat0)), math.radians(lat - lat0) * R)


def _hdiff(a, b):
    d = (a - b) % 360.0
    return d if d <= 180 else 360 - d


def _pct(v, p):
    v = sorted(v)
    k = (len(v) - 1) * p / 100.0
    f = int(k)
    return v[f] + (v[min(f + 1, len(v) - 1)] - v[f]) * (k - f)


def _passes(pts, L, clear_m):
    """[(k_entry, k_cross)]: indices of the samples just after the zone entry and the stop-bar crossing.

    GPS noise makes a vehicle stopped at the stop bar jitter across it, so a pass is confirmed only
    once a sample lies `clear_m` past the stop bar; the crossing is then the last upstream->downstream
    step before that sample, and the entry the last step across -L before the crossing.
    """
    out, start = [], 0
    for k in range(1, len(pts)):
        if not (pts[k][2] or pts[k][1] >= 0):
            start = k + 1       # off the approach: forget what came before
            continue
        if pts[k][1] < clear_m or pts[k - 1][1] >= clear_m:
            continue
        kc = next((j for j in range(k, start, -1) if pts[j - 1][1] < 0 <= pts[j][1] and pts[j - 1][2]), None)
        if kc is None:
            continue
        ke = next((j for j in range(kc, start, -1) if pts[j - 1][1] < -L <= pts[j][1] and pts[j - 1][2]), None)
        if ke is not None:
            out.append((ke, kc))
        start = k
    return out


def probe_delay(input_dir, lateral_m=15.0, clear_m=10.0):
    """Per approach and bin: samples, mean/p85 delay, mean stops, queue length (the spec's definition)."""
    with open(os.path.join(input_dir, "network.json")) as f:
        net = json.load(f)
    approaches = [a for d in net["intersections"] for a in d["approaches"]]
    veh = {}
    for r in read_jsonl(os.path.join(input_dir, "vehicle.positions.jsonl")):
        veh.setdefault(r["vehicle_id"], []).append(r)
    bins = {}
    for recs in veh.values():
        recs.sort(key=lambda r: r["ts"])
        for a in approaches:
            b = math.radians(a["bearing_deg"])
            ux, uy = math.sin(b), math.cos(b)
            L = a["zone_length_m"]
            pts = []
            for r in recs:
                ex, ny = _local(r["lat"], r["lon"], a["stopbar_lat"], a["stopbar_lon"])
                along, across = ex * ux + ny * uy, -ex * uy + ny * ux
                on = abs(across) <= lateral_m and _hdiff(r["heading_deg"], a["bearing_deg"]) <= 45
                pts.append((r["ts"], along, on, r["speed_mps"]))
            for ke, kc in _passes(pts, L, clear_m):
                (ta, sa, _, _), (tb, sb, _, _) = pts[ke - 1], pts[ke]
                te = ta + (tb - ta) * (-L - sa) / (sb - sa)
                (ta, sa, _, _), (tb, sb, _, _) = pts[kc - 1], pts[kc]
                tc = ta + (tb - ta) * (-sa) / (sb - sa)
                delay = max(0.0, (tc - te) / 1000.0 - L / a["speed_limit_mps"])
                stops, armed, queue = 0, False, 0.0
                for (_, s, _, v) in pts[ke - 1:kc + 1]:
                    if v > 3.0:
                        armed = True
                    elif v < 1.5:
                        stops += armed
                        armed = False
                        queue = max(queue, -s)
                tcm = int(round(tc))
                bins.setdefault((a["approach_id"], tcm - tcm % BIN_MS), []).append((delay, stops, queue))
    out = []
    for (aid, b), xs in sorted(bins.items()):
        d = [x[0] for x in xs]
        mean = sum(d) / len(d)
        los = next(l for l, lim in (("A", 10), ("B", 20), ("C", 35), ("D", 55), ("E", 80), ("F", 1e18)) if mean <= lim)
        out.append({"measure": "probe_approach_delay", "device_id": aid.rsplit("-", 1)[0], "approach_id": aid,
                    "bin_start": b, "samples": len(xs), "mean_delay_s": round(mean, 3),
                    "p85_delay_s": round(_pct(d, 85), 3), "mean_stops": round(sum(x[1] for x in xs) / len(xs), 3),
                    "max_queue_m": round(max(x[2] for x in xs), 1), "los": los})
    return out


def arrivals_on_green(input_dir):
    """ATSPM arrivals on green from signal.events and the advance channels of network.json (latency 0)."""
    with open(os.path.join(input_dir, "network.json")) as f:
        net = json.load(f)
    adv = {}  # (device, channel) -> phase
    for d in net["intersections"]:
        for a in d["approaches"]:
            for det in a["detectors"]:
                if det["function"] == "advance":
                    adv[(d["device_id"], det["channel"])] = a["phase"]
    state = {}  # (device, phase) -> 'G'/'Y'/'R' or absent before the first green
    counts = {}
    for e in read_jsonl(os.path.join(input_dir, "signal.events.jsonl")):
        dev, code, p = e["device_id"], e["code"], e["param"]
        if code == 1:
            state[(dev, p)] = "G"
        elif code == 8 and (dev, p) in state:
            state[(dev, p)] = "Y"
        elif code == 10 and (dev, p) in state:
            state[(dev, p)] = "R"
        elif code == 82 and (dev, p) in adv:
            ph = adv[(dev, p)]
            key = (dev, ph, e["ts"] - e["ts"] % BIN_MS)
            c = counts.setdefault(key, [0, 0])
            c[0] += 1
            c[1] += state.get((dev, ph)) == "G"
    return [{"measure": "arrivals_on_green", "device_id": k[0], "phase": k[1], "bin_start": k[2],
             "total_actuations": v[0], "green_actuations": v[1],
             "percent_aog": round(v[1] / v[0], 4)} for k, v in sorted(counts.items())]


def write(input_dir, out_path):
    with open(out_path, "w") as f:
        for r in probe_delay(input_dir) + arrivals_on_green(input_dir):
            f.write(json.dumps(r) + "\n")
