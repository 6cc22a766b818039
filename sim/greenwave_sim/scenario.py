"""Build a SUMO corridor scenario: an east-west main street with N signalised intersections.

Layout (flat metres, x east, y north): node `w` at x=0, intersections `j1..jN` from x=entry_m on,
node `e` entry_m past the last one; each intersection has a side street to `n<i>` / `s<i>`
(side_m north and south).  Every edge is named `<from>_<to>`.  Only through movements carry
demand (EB/WB on the main street, NB/SB on each side street), so each approach maps to one NEMA
phase.  Everything later steps need (devices, approaches, detectors, timing) is written to
`scenario.json`, so convert/truth never have to re-derive it.
"""
import datetime as dt
import json
import os
import subprocess
import xml.etree.ElementTree as ET

from . import geo
from .run import sumo_env

# Approach directions -> (NEMA phase, index used in channel numbering). Documented in README.
PHASE_OF = {"EB": 2, "WB": 6, "SB": 4, "NB": 8}
DIR_INDEX = {"EB": 0, "WB": 1, "NB": 2, "SB": 3}
MAX_LANES = 4


def channel(direction, function, lane):
    """Detector channel: 1 + 8*dir_index + (0 advance | 4 presence) + lane (lane 0 = rightmost)."""
    return 1 + 8 * DIR_INDEX[direction] + (0 if function == "advance" else 4) + lane


def _n(x):
    """An integral float as int (JSON integers where the contract wants them)."""
    x = float(x)
    return int(x) if x.is_integer() else x


def parse_utc(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def _ints(s, n, default):
    if s is None or s == "":
        return list(default)
    vals = [float(v) for v in str(s).split(",")]
    if len(vals) == 1:
        vals = vals * n
    if len(vals) != n:
        raise SystemExit("expected %d comma-separated values, got %r" % (n, s))
    return vals


def build(out, intersections=3, spacing="300,450", lanes=2, speed=13.9, demand_outbound=900,
          demand_inbound=500, side_demand=300, cycle=90, splits=None, offsets=None, duration=3600,
          seed=1, start="2024-05-13T07:00:00Z", entry_m=500.0, side_m=300.0, advance_m=100.0,
          zone_m=250.0, yellow=4.0, red_clear=1.0, first_device=101, fixed_departures=False, clear_s=300):
    """Write the scenario to `out`.  fixed_departures: list every vehicle (departure second, lane, speed factor
    drawn here from `seed`) instead of SUMO random flows, so runs with different signal programs get exactly the same
    vehicles (SUMO's random flows draw from RNGs that the programs' different traffic also consumes)."""
    n = int(intersections)
    cycle = int(round(float(cycle)))  # the contract's cycle_s and offset_s are integers
    yellow, red_clear = _n(yellow), _n(red_clear)
    if lanes < 1 or lanes > MAX_LANES:
        raise SystemExit("lanes must be 1..%d" % MAX_LANES)
    sp = _ints(spacing, n - 1, [300.0] * (n - 1)) if n > 1 else []
    split2 = [int(round(v)) for v in _ints(splits, n, [round(0.6 * cycle)] * n)]
    xs = [entry_m]
    for s in sp:
        xs.append(xs[-1] + s)
    # Default offsets: outbound (EB) progression at the design speed, first intersection at 0.
    offs = [int(round(v)) % cycle for v in _ints(offsets, n, [round((x - xs[0]) / speed) for x in xs])]
    os.makedirs(out, exist_ok=True)
    start_dt = parse_utc(start)
    sod = start_dt.hour * 3600 + start_dt.minute * 60 + start_dt.second

    # --- nodes and edges ---
    nodes = [("w", 0.0, 0.0, "priority"), ("e", xs[-1] + entry_m, 0.0, "priority")]
    edges = []  # (id, from, to, lanes)
    main = ["w"] + ["j%d" % (i + 1) for i in range(n)] + ["e"]
    for i, x in enumerate(xs):
        j = "j%d" % (i + 1)
        nodes += [(j, x, 0.0, "traffic_light"), ("n%d" % (i + 1), x, side_m, "priority"),
                  ("s%d" % (i + 1), x, -side_m, "priority")]
        for a, b in (("n%d" % (i + 1), j), (j, "s%d" % (i + 1)), ("s%d" % (i + 1), j), (j, "n%d" % (i + 1))):
            edges.append(("%s_%s" % (a, b), a, b, 1))
    for a, b in zip(main, main[1:]):
        edges.append(("%s_%s" % (a, b), a, b, lanes))
        edges.append(("%s_%s" % (b, a), b, a, lanes))
    with open(os.path.join(out, "corridor.nod.xml"), "w") as f:
        f.write("<nodes>\n")
        for nid, x, y, t in nodes:
            extra = ' tlType="static"' if t == "traffic_light" else ""
            f.write('  <node id="%s" x="%.2f" y="%.2f" type="%s"%s/>\n' % (nid, x, y, t, extra))
        f.write("</nodes>\n")
    with open(os.path.join(out, "corridor.edg.xml"), "w") as f:
        f.write("<edges>\n")
        for eid, a, b, nl in edges:
            f.write('  <edge id="%s" from="%s" to="%s" numLanes="%d" speed="%.2f"/>\n' % (eid, a, b, nl, speed))
        f.write("</edges>\n")
    subprocess.run(["netconvert", "-n", "corridor.nod.xml", "-e", "corridor.edg.xml", "-o", "corridor.net.xml",
                    "--no-turnarounds", "true", "--offset.disable-normalization", "true", "--no-warnings", "true", "--tls.guess", "false"],
                   cwd=out, check=True, env=sumo_env(), stdout=subprocess.DEVNULL)

    net = ET.parse(os.path.join(out, "corridor.net.xml")).getroot()
    lanes_of = {}
    for e in net.findall("edge"):
        if e.get("function") == "internal":
            continue
        lanes_of[e.get("id")] = [(l.get("id"), float(l.get("length")),
                                  [tuple(map(float, p.split(","))) for p in l.get("shape").split()])
                                 for l in e.findall("lane")]
    links = {}  # tls id -> list of (linkIndex, from edge, dir)
    for c in net.findall("connection"):
        if c.get("tl"):
            links.setdefault(c.get("tl"), []).append((int(c.get("linkIndex")), c.get("from"), c.get("dir")))

    # --- devices, approaches, detectors, timing ---
    devices, tls_xml, det_xml = [], [], []
    for i in range(n):
        j = "j%d" % (i + 1)
        dev = str(first_device + i)
        up_main = main[i]        # node west of j
        dn_main = main[i + 2]    # node east of j
        appr_edges = {"EB": "%s_%s" % (up_main, j), "WB": "%s_%s" % (dn_main, j),
                      "SB": "n%d_%s" % (i + 1, j), "NB": "s%d_%s" % (i + 1, j)}
        approaches = []
        for d in ("EB", "WB", "NB", "SB"):
            eid = appr_edges[d]
            lns = lanes_of[eid]
            ends = [sh[-1] for _, _, sh in lns]
            sx = sum(p[0] for p in ends) / len(ends)
            sy = sum(p[1] for p in ends) / len(ends)
            (ax, ay), (bx, by) = lns[0][2][-2], lns[0][2][-1]
            lane_len = min(l for _, l, _ in lns)
            zone = min(zone_m, lane_len - 20.0)
            dets = []
            for li, (lid, llen, _) in enumerate(lns):
                for func, dist in (("advance", advance_m), ("presence", 0.0)):
                    ch = channel(d, func, li)
                    pos = llen - dist if func == "advance" else llen - 3.0
                    did = "d%s_%02d" % (dev, ch)
                    det_xml.append('  <instantInductionLoop id="%s" lane="%s" pos="%.2f" file="det.out.xml"/>'
                                   % (did, lid, pos))
                    dets.append({"channel": ch, "function": func, "distance_m": dist, "lane": li,
                                 "sumo_id": did, "sumo_lane": lid, "sumo_pos": round(pos, 2)})
            lat, lon = geo.xy_to_latlon(sx, sy)
            approaches.append({
                "approach_id": "%s-%s" % (dev, d), "direction": d,
                "bearing_deg": round(geo.bearing_of(bx - ax, by - ay), 1),
                "phase": PHASE_OF[d], "lanes": len(lns),
                "stopbar_lat": round(lat, 7), "stopbar_lon": round(lon, 7),
                "speed_limit_mps": speed, "zone_length_m": zone,
                "detectors": dets, "sumo_edge": eid, "stopbar_xy": [round(sx, 2), round(sy, 2)]})
        c = cycle
        g2 = _n(split2[i] - yellow - red_clear)
        g4 = _n(c - split2[i] - yellow - red_clear)
        if g2 < 5 or g4 < 5:
            raise SystemExit("split %s leaves less than 5 s of green in cycle %s" % (split2[i], c))
        # SUMO: phase 0 (main green) starts at sim t = sumo_offset (mod cycle); sim t=0 is `start`.
        sumo_offset = (offs[i] - sod) % c
        lk = sorted(links[j])
        main_edges = {appr_edges["EB"], appr_edges["WB"]}

        def st(main_c, side_c):
            return "".join((main_c if fe in main_edges else side_c) for _, fe, _ in lk)
        prog = [(g2, st("G", "r")), (yellow, st("y", "r")), (red_clear, st("r", "r")),
                (g4, st("r", "G")), (yellow, st("r", "y")), (red_clear, st("r", "r"))]
        tls_xml.append('  <tlLogic id="%s" type="static" programID="greenwave" offset="%g">' % (j, sumo_offset))
        for dur, s in prog:
            tls_xml.append('    <phase duration="%g" state="%s"/>' % (dur, s))
        tls_xml.append("  </tlLogic>")
        tls_xml.append('  <timedEvent type="SaveTLSStates" source="%s" dest="tls.out.xml"/>' % j)
        jx = xs[i]
        lat, lon = geo.xy_to_latlon(jx, 0.0)
        phases = []
        for p in (2, 6):
            phases.append({"phase": p, "green_s": g2, "min_green_s": 10, "max_green_s": max(g2, 70),
                           "yellow_s": yellow, "red_clear_s": red_clear, "ped_clear_s": 0})
        for p in (4, 8):
            phases.append({"phase": p, "green_s": g4, "min_green_s": 5, "max_green_s": max(g4, 60),
                           "yellow_s": yellow, "red_clear_s": red_clear, "ped_clear_s": 0})
        devices.append({"device_id": dev, "name": "Main St & Cross St %d (SUMO %s)" % (i + 1, j),
                        "lat": round(lat, 7), "lon": round(lon, 7), "approaches": approaches,
                        "timing": {"cycle_s": c, "offset_s": offs[i], "coordinated_phases": [2, 6], "phases": phases},
                        "sumo_tls": j, "sumo_offset_s": sumo_offset,
                        "sumo_program": [{"duration": d, "state": s} for d, s in prog]})
    with open(os.path.join(out, "tls.add.xml"), "w") as f:
        f.write("<additional>\n" + "\n".join(tls_xml) + "\n</additional>\n")
    with open(os.path.join(out, "det.add.xml"), "w") as f:
        f.write("<additional>\n" + "\n".join(det_xml) + "\n</additional>\n")

    # --- demand: through flows with Bernoulli (random) departures ---
    flows = [("out", "w", "e", demand_outbound), ("in", "e", "w", demand_inbound)]
    for i in range(n):
        flows.append(("sb%d" % (i + 1), "n%d" % (i + 1), "s%d" % (i + 1), side_demand))
        flows.append(("nb%d" % (i + 1), "s%d" % (i + 1), "n%d" % (i + 1), side_demand))
    with open(os.path.join(out, "corridor.rou.xml"), "w") as f:
        f.write('<routes>\n  <vType id="car" vClass="passenger" length="5" minGap="2.5" accel="2.6" decel="4.5" '
                'sigma="0.5" speedDev="0.1"/>\n')
        if fixed_departures:
            _write_fixed_vehicles(f, flows, main, duration, seed, lanes)
        else:
            for fid, a, b, vph in flows:
                if vph <= 0:
                    continue
                f.write('  <flow id="%s" type="car" begin="0" end="%d" probability="%.5f" departLane="random" '
                        'departSpeed="max">\n    <route edges="%s"/>\n  </flow>\n'
                        % (fid, duration, vph / 3600.0, " ".join(_route(a, b, main))))
        f.write("</routes>\n")
    with open(os.path.join(out, "corridor.sumocfg"), "w") as f:
        f.write("""<configuration>
  <input><net-file value="corridor.net.xml"/><route-files value="corridor.rou.xml"/>
    <additional-files value="tls.add.xml,det.add.xml"/></input>
  <time><begin value="0"/><end value="%d"/><step-length value="1"/></time>
  <random_number><seed value="%d"/></random_number>
</configuration>
""" % (duration + int(clear_s), seed))

    link_len = [round(xs[k + 1] - xs[k], 1) for k in range(n - 1)]
    devs = [d["device_id"] for d in devices]
    meta = {
        "params": {"intersections": n, "spacing": sp, "lanes": lanes, "speed": speed,
                   "demand_outbound": demand_outbound, "demand_inbound": demand_inbound,
                   "side_demand": side_demand, "cycle": cycle, "splits": split2, "offsets": offs,
                   "duration": int(duration), "seed": seed, "start": start, "advance_m": advance_m, "zone_m": zone_m,
                   "fixed_departures": bool(fixed_departures), "clear_s": int(clear_s)},
        "start_epoch_ms": int(start_dt.timestamp() * 1000),
        "geo_origin": list(geo.ORIGIN),
        "network": {
            "intersections": devices,
            "corridors": [{"corridor_id": "sumo-c1", "name": "SUMO corridor (%d signals)" % n, "devices": devs,
                           "link_length_m": link_len, "design_speed_mps": speed, "min_cycle_s": 60, "max_cycle_s": 180,
                           "outbound": {"direction": "EB", "phase_by_device": {d: 2 for d in devs}},
                           "inbound": {"direction": "WB", "phase_by_device": {d: 6 for d in devs}}}]}}
    with open(os.path.join(out, "scenario.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def _write_fixed_vehicles(f, flows, main, duration, seed, main_lanes):
    """Every vehicle listed: the same Bernoulli departures as SUMO's `probability` flows (one draw per flow and
    second), but drawn here, with the lane and the speed factor (SUMO's default: normal(1, 0.1) within [0.2, 2]),
    so no SUMO random number decides who departs when.  Ids `<flow>.<n>` as SUMO names flow vehicles; each vehicle
    carries its own route (SUMO's tools count routes per vehicle)."""
    import random
    rng = random.Random("fixed-departures:%s" % seed)
    vehicles = []
    for fid, a, b, vph in flows:
        if vph <= 0:
            continue
        lanes = main_lanes if a in ("w", "e") else 1
        edges = " ".join(_route(a, b, main))
        k = 0
        for t in range(int(duration)):
            if rng.random() < vph / 3600.0:
                factor = min(2.0, max(0.2, rng.gauss(1.0, 0.1)))
                vehicles.append((t, fid, k, rng.randrange(lanes), factor, edges))
                k += 1
    vehicles.sort(key=lambda v: (v[0], v[1], v[2]))  # SUMO wants the departures in time order
    for t, fid, k, lane, factor, edges in vehicles:
        f.write('  <vehicle id="%s.%d" type="car" depart="%d" departLane="%d" departSpeed="max" speedFactor="%.4f">'
                '<route edges="%s"/></vehicle>\n' % (fid, k, t, lane, factor, edges))


def _route(a, b, main):
    if a in ("w", "e"):
        seq = main if a == "w" else main[::-1]
        return ["%s_%s" % (p, q) for p, q in zip(seq, seq[1:])]
    i = a[1:]
    return ["%s_j%s" % (a, i), "j%s_%s" % (i, b)]


def load(scenario_dir):
    with open(os.path.join(scenario_dir, "scenario.json")) as f:
        return json.load(f)
