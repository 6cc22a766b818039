"""Ground truth from SUMO's full trajectories (every vehicle, every 1 s step, exact positions).

Control delay per the spec (measures.md §1): a traversal enters the zone `zone_length_m` upstream
of the stop bar and crosses the stop bar (both times interpolated between steps); delay =
traversal time - zone_length_m / speed_limit_mps, floored at 0; binned (15 min) by crossing time.
Arrivals on green: every vehicle passing the advance-detector location, with the NEMA phase's
state at that moment read from SUMO's own TLS states (as in ATSPM, an arrival before the first
logged begin green of the phase, i.e. during the run's first partial cycle, is never green).
"""
import csv
import math
import os

from . import geo, scenario, signal, sumo_io

BIN_MS = 900000
LATERAL_M = 15.0   # a position belongs to an approach's axis within this lateral distance


def _axis(bearing):
    b = math.radians(bearing)
    return math.sin(b), math.cos(b)


def traversals(samples, sb, bearing, zone):
    """[(t_entry, t_cross, i_first, i_last)] of one vehicle on one approach.

    samples: [(t, x, y, heading, speed)] in time order; sb: stop-bar (x, y).
    Along-axis coordinate s < 0 upstream; the zone is [-zone, 0).
    """
    ux, uy = _axis(bearing)
    ss, ok = [], []
    for t, x, y, h, v in samples:
        dx, dy = x - sb[0], y - sb[1]
        s = dx * ux + dy * uy
        lat = -dx * uy + dy * ux
        ss.append(s)
        ok.append(abs(lat) <= LATERAL_M and geo.angle_diff(h, bearing) <= 45.0)
    out = []
    entry = None
    for i in range(len(samples) - 1):
        if not (ok[i] and ok[i + 1]):
            entry = None
            continue
        s0, s1 = ss[i], ss[i + 1]
        t0, t1 = samples[i][0], samples[i + 1][0]
        if s0 < -zone <= s1:
            entry = (t0 + (t1 - t0) * (-zone - s0) / (s1 - s0), i + 1)
        if entry is not None and s0 < 0 <= s1:
            out.append((entry[0], t0 + (t1 - t0) * (-s0) / (s1 - s0), entry[1], i + 1))
            entry = None
    return out


def stops_and_queue(samples, i_first, i_last, sb, bearing):
    """Stops (speed < 1.5 after > 3 m/s) and farthest stopped distance from the stop bar within a traversal."""
    ux, uy = _axis(bearing)
    armed, stops, queue = False, 0, 0.0
    for t, x, y, h, v in samples[max(0, i_first - 1):i_last + 1]:
        if v > 3.0:
            armed = True
        elif v < 1.5:
            if armed:
                stops += 1
                armed = False
            d = -((x - sb[0]) * ux + (y - sb[1]) * uy)
            if d > 0:
                queue = max(queue, d)
    return stops, queue


def time_loss(samples, te, tc, vmax):
    """SUMO's timeLoss notion restricted to the zone: integral of (1 - v / vmax) dt over [te, tc] (1 s steps)."""
    loss = 0.0
    for k in range(len(samples) - 1):
        a, b = max(samples[k][0], te), min(samples[k + 1][0], tc)
        if b > a:
            loss += (b - a) * max(0.0, 1.0 - samples[k][4] / vmax)
    return loss


def percentile(vals, p):
    """Linear-interpolation percentile (numpy's default)."""
    v = sorted(vals)
    if not v:
        return None
    k = (len(v) - 1) * p / 100.0
    lo = int(math.floor(k))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def read_probes(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path) as f:
        return {r["sumo_id"]: r["vehicle_id"] for r in csv.DictReader(f)}


def compute(scenario_dir, probes=None):
    meta = scenario.load(scenario_dir)
    t0 = meta["start_epoch_ms"]
    probes = probes or {}
    traj = sumo_io.trajectories(os.path.join(scenario_dir, "fcd.xml"))
    tls = sumo_io.read_tls_states(os.path.join(scenario_dir, "tls.out.xml"))
    appr_by_edge = {}
    for d in meta["network"]["intersections"]:
        for a in d["approaches"]:
            appr_by_edge[a["sumo_edge"]] = (d, a)
    trav_rows, aog = [], {}
    for vid, rows in traj.items():
        edges = {lane.rsplit("_", 1)[0] for *_, lane in rows}
        samples = [(t, x, y, h, v) for t, x, y, h, v, _ in rows]
        for e in edges:
            if e not in appr_by_edge:
                continue
            d, a = appr_by_edge[e]
            sb = a["stopbar_xy"]
            for te, tc, i0, i1 in traversals(samples, sb, a["bearing_deg"], a["zone_length_m"]):
                delay = max(0.0, (tc - te) - a["zone_length_m"] / a["speed_limit_mps"])
                stops, queue = stops_and_queue(samples, i0, i1, sb, a["bearing_deg"])
                trav_rows.append({"approach_id": a["approach_id"], "sumo_id": vid, "vehicle_id": probes.get(vid, ""),
                                  "entry_ts": t0 + int(round(te * 1000)), "cross_ts": t0 + int(round(tc * 1000)),
                                  "delay_s": round(delay, 3), "stops": stops, "queue_m": round(queue, 1),
                                  "time_loss_s": round(time_loss(samples, te, tc, a["speed_limit_mps"]), 3)})
            # arrivals on green: crossing of the advance-detector location (a zone of advance_m)
            adv = max(x["distance_m"] for x in a["detectors"] if x["function"] == "advance")
            for te, tc, i0, i1 in traversals(samples, sb, a["bearing_deg"], adv):
                sw = tls[d["sumo_tls"]]
                ph = signal.state_at(sw, te)
                st = signal.nema_state(ph, a["phase"]) if ph is not None else "R"
                # ATSPM: before the first logged begin green of the phase an arrival has no state (never green)
                first_green = next((t for t, p in sw[1:] if signal.nema_state(p, a["phase"]) == "G"), None)
                if first_green is None or te < first_green:
                    st = "-"
                ts = t0 + int(round(te * 1000))
                key = (d["device_id"], a["phase"], ts - ts % BIN_MS)
                c = aog.setdefault(key, [0, 0])
                c[0] += 1
                c[1] += st == "G"
    return meta, trav_rows, aog


def summarise(trav_rows):
    """Per approach and 15-min bin: all vehicles, and the probe vehicles only."""
    groups = {}
    for r in trav_rows:
        groups.setdefault((r["approach_id"], r["cross_ts"] - r["cross_ts"] % BIN_MS), []).append(r)
    out = []
    for (aid, b), rs in sorted(groups.items()):
        dl = [r["delay_s"] for r in rs]
        pr = [r["delay_s"] for r in rs if r["vehicle_id"]]
        out.append({"approach_id": aid, "bin_start": b, "vehicles": len(rs),
                    "mean_delay_s": round(sum(dl) / len(dl), 3), "p85_delay_s": round(percentile(dl, 85), 3),
                    "mean_stops": round(sum(r["stops"] for r in rs) / len(rs), 3),
                    "max_queue_m": max(r["queue_m"] for r in rs),
                    "mean_time_loss_s": round(sum(r["time_loss_s"] for r in rs) / len(rs), 3),
                    "probe_vehicles": len(pr),
                    "probe_mean_delay_s": round(sum(pr) / len(pr), 3) if pr else ""})
    return out


def _write_csv(path, rows, fields):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow(r)


def truth(scenario_dir, out, probes_path=None):
    os.makedirs(out, exist_ok=True)
    if probes_path is None:
        probes_path = os.path.join(out, "probes.csv")
    meta, trav, aog = compute(scenario_dir, read_probes(probes_path))
    trav.sort(key=lambda r: (r["approach_id"], r["cross_ts"]))
    _write_csv(os.path.join(out, "truth_traversals.csv"), trav,
               ["approach_id", "sumo_id", "vehicle_id", "entry_ts", "cross_ts", "delay_s", "stops", "queue_m",
                "time_loss_s"])
    summ = summarise(trav)
    _write_csv(os.path.join(out, "truth_delay.csv"), summ,
               ["approach_id", "bin_start", "vehicles", "mean_delay_s", "p85_delay_s", "mean_stops", "max_queue_m",
                "mean_time_loss_s", "probe_vehicles", "probe_mean_delay_s"])
    aog_rows = [{"device_id": k[0], "phase": k[1], "bin_start": k[2], "total_arrivals": v[0],
                 "green_arrivals": v[1], "percent_aog": round(v[1] / v[0], 4)} for k, v in sorted(aog.items())]
    _write_csv(os.path.join(out, "truth_aog.csv"), aog_rows,
               ["device_id", "phase", "bin_start", "total_arrivals", "green_arrivals", "percent_aog"])
    return summ, aog_rows
