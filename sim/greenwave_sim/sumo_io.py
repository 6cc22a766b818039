"""Fast readers for SUMO's outputs (line-oriented regexes: the files are large and regular)."""
import re

_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _attrs(line):
    return dict(_ATTR.findall(line))


def read_fcd(path):
    """Yield (t, vid, x, y, angle, speed, lane) for every vehicle and step of an fcd-output file."""
    t = None
    with open(path) as f:
        for line in f:
            s = line.lstrip()
            if s.startswith("<vehicle "):
                a = _attrs(s)
                yield (t, a["id"], float(a["x"]), float(a["y"]), float(a["angle"]), float(a["speed"]), a.get("lane", ""))
            elif s.startswith("<timestep "):
                t = float(_attrs(s)["time"])


def trajectories(path):
    """Group the fcd rows per vehicle: {vid: [(t, x, y, angle, speed, lane), ...]} in time order."""
    out = {}
    for t, vid, x, y, ang, spd, lane in read_fcd(path):
        out.setdefault(vid, []).append((t, x, y, ang, spd, lane))
    return out


def read_tls_states(path):
    """Per TLS, the list of (t, program phase index) at each change of phase (first record included)."""
    out = {}
    last = {}
    with open(path) as f:
        for line in f:
            s = line.lstrip()
            if not s.startswith("<tlsState "):
                continue
            a = _attrs(s)
            tid, ph = a["id"], int(a["phase"])
            if last.get(tid) != ph:
                out.setdefault(tid, []).append((float(a["time"]), ph))
                last[tid] = ph
    return out


def read_detectors(path):
    """Yield (t, detector id, 'enter'|'leave', vehicle id) from instantInductionLoop output ('stay' skipped)."""
    with open(path) as f:
        for line in f:
            s = line.lstrip()
            if not s.startswith("<instantOut "):
                continue
            a = _attrs(s)
            if a["state"] in ("enter", "leave"):
                yield float(a["time"]), a["id"], a["state"], a["vehID"]
