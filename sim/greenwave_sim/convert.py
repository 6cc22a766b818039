"""Convert SUMO outputs into the wire contract's inputs: signal.events, vehicle.positions, network.json.

Time base: SUMO sim time t (s) is `start_epoch_ms + 1000 t` (the scenario's --start, UTC).
"""
import gzip
import hashlib
import io
import json
import math
import os
import random

from . import geo, scenario, signal, sumo_io

CONTRACT_DROP = ("sumo_", "stopbar_xy")


def unit_hash(*parts):
    """Stable uniform number in [0, 1) from the parts (probe selection must not depend on run order)."""
    h = hashlib.sha1(":".join(str(p) for p in parts).encode()).hexdigest()
    return int(h[:15], 16) / float(16 ** 15)


def anon_id(seed, vid):
    return "v-" + hashlib.sha1(("anon:%s:%s" % (seed, vid)).encode()).hexdigest()[:10]


def is_probe(seed, vid, penetration):
    return unit_hash("probe", seed, vid) < penetration


def _open(path, gz):
    if not gz:
        return open(path, "w")
    raw = gzip.GzipFile(path + ".gz", "wb", compresslevel=9, mtime=0)  # mtime 0: reproducible bytes
    return io.TextIOWrapper(raw, encoding="utf-8")


def _clean(obj):
    """network.json as the contract has it: drop the bridge's private sumo_* fields."""
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items() if not k.startswith(CONTRACT_DROP)}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def network_json(meta):
    return _clean(meta["network"])


def signal_events(scenario_dir, meta):
    """Phase events from the TLS state changes, detector 82/81 from the instant loops; sorted by (ts, device, code)."""
    t0 = meta["start_epoch_ms"]
    dev_of_tls = {d["sumo_tls"]: d["device_id"] for d in meta["network"]["intersections"]}
    chan_of = {}
    for d in meta["network"]["intersections"]:
        for a in d["approaches"]:
            for det in a["detectors"]:
                chan_of[det["sumo_id"]] = (d["device_id"], det["channel"])
    ev = []
    for tls, switches in sumo_io.read_tls_states(os.path.join(scenario_dir, "tls.out.xml")).items():
        dev = dev_of_tls[tls]
        for i, (t, ph) in enumerate(switches):
            if i == 0:
                continue  # the state at sim start is not a switch: nothing began then
            ts = t0 + int(round(t * 1000))
            for phases, codes in signal.EVENTS_AT[ph]:
                for p in phases:
                    for c in codes:
                        ev.append((ts, dev, c, p))
    for t, did, st, _ in sumo_io.read_detectors(os.path.join(scenario_dir, "det.out.xml")):
        dev, ch = chan_of[did]
        ev.append((t0 + int(round(t * 1000)), dev, 82 if st == "enter" else 81, ch))
    ev.sort(key=lambda e: (e[0], e[1], e[2], e[3]))
    return ev


def positions(scenario_dir, meta, penetration, sampling, noise, seed):
    """Yield (ts, vehicle record, sumo id) for the probe share, every `sampling` s, with GPS noise."""
    t0 = meta["start_epoch_ms"]
    origin = tuple(meta["geo_origin"])
    chosen, first, rng = {}, {}, {}
    rows = []
    for t, vid, x, y, ang, spd, _ in sumo_io.read_fcd(os.path.join(scenario_dir, "fcd.xml")):
        sel = chosen.get(vid)
        if sel is None:
            sel = chosen[vid] = is_probe(seed, vid, penetration)
            if sel:
                # random phase of the device's sampling clock, stable per vehicle
                first[vid] = t + int(unit_hash("phase", seed, vid) * sampling)
                rng[vid] = random.Random("%s:%s" % (seed, vid))
        if not sel or t < first[vid]:
            continue
        k = (t - first[vid]) / sampling
        if abs(k - round(k)) > 1e-6:
            continue
        r = rng[vid]
        nx, ny = (r.gauss(0, noise), r.gauss(0, noise)) if noise > 0 else (0.0, 0.0)
        lat, lon = geo.xy_to_latlon(x + nx, y + ny, origin)
        rows.append((t0 + int(round(t * 1000)), anon_id(seed, vid), lat, lon, spd, ang % 360.0, vid))
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def convert(scenario_dir, out, penetration=0.2, sampling=5, noise=3.0, seed=1, gz=False):
    meta = scenario.load(scenario_dir)
    if sampling < 1 or abs(sampling - round(sampling)) > 1e-9:
        raise SystemExit("--sampling must be a whole number of seconds (SUMO runs at 1 s steps)")
    if not 0 <= penetration <= 1:
        raise SystemExit("--penetration must be within 0..1")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "network.json"), "w") as f:
        json.dump(network_json(meta), f, indent=1)
    ev = signal_events(scenario_dir, meta)
    with _open(os.path.join(out, "signal.events.jsonl"), gz) as f:
        for ts, dev, code, param in ev:
            f.write('{"device_id":"%s","ts":%d,"code":%d,"param":%d}\n' % (dev, ts, code, param))
    rows = positions(scenario_dir, meta, penetration, sampling, noise, seed)
    probes = {}
    with _open(os.path.join(out, "vehicle.positions.jsonl"), gz) as f:
        for ts, vid, lat, lon, spd, hd, sid in rows:
            probes[sid] = vid
            f.write('{"vehicle_id":"%s","ts":%d,"lat":%.7f,"lon":%.7f,"speed_mps":%.2f,"heading_deg":%.1f}\n'
                    % (vid, ts, lat, lon, spd, hd))
    with open(os.path.join(out, "probes.csv"), "w") as f:
        f.write("sumo_id,vehicle_id\n")
        for sid, vid in sorted(probes.items()):
            f.write("%s,%s\n" % (sid, vid))
    info = {"penetration": penetration, "sampling_s": sampling, "gps_noise_m": noise, "seed": seed,
            "signal_events": len(ev), "positions": len(rows), "probe_vehicles": len(probes),
            "start_epoch_ms": meta["start_epoch_ms"], "scenario": meta["params"]}
    with open(os.path.join(out, "conversion.json"), "w") as f:
        json.dump(info, f, indent=1)
    return info
