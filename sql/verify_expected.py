#!/usr/bin/env python3
"""Recomputes the expected results of the sql/ catalogue without Flink, SQL or Iceberg, and compares.

The expected files (sql/*/*.expected.csv) were produced by running the scripts; this checks them a second, independent
way: plain Python over what ./greenwave demo replays and writes -- the sample inputs (DEMO/sample/) and the copies of
what the jobs wrote to Kafka (DEMO/output/<sample>/<topic>.jsonl) -- with the rule of each script written again.

    ./greenwave demo                                   # fills .greenwave/demo (about 3 minutes)
    python3 sql/verify_expected.py [.greenwave/demo]

Prints one line per expected file: "same" (every line recomputed), or the differing lines. Needs the `jsonschema`
package for the data-quality check (skipped, and said so, without it). Exits 1 when a file differs.
"""
import collections
import datetime
import gzip
import json
import sys
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path
from zoneinfo import ZoneInfo

SQL = Path(__file__).resolve().parent
REPO = SQL.parent
HOUR_MS = 3_600_000
BIN_MS = 900_000


def lines(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def records(path):
    """The JSON records of a JSON-lines file; lines that are not JSON objects are left out."""
    out = []
    for line in lines(path):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            out.append(value)
    return out


def instant(ms):
    """A TIMESTAMP_LTZ as Flink's collect() gives it and the CSV prints it: java.time.Instant.toString()."""
    t = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return t + (".%03d" % (ms % 1000) if ms % 1000 else "") + "Z"


def round_double(x):
    """ROUND(double, 2): BigDecimal.valueOf(x) half-up to 2 places, printed as a Java double."""
    r = float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return repr(r)


def round_decimal(numerator, denominator):
    """ROUND(DECIMAL, 2) of an exact quotient: half-up, always 2 places."""
    return str((Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def csv_field(value):
    if value is None:
        return ""
    value = str(value)
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


def csv(header, rows):
    return "".join(",".join(csv_field(v) for v in row) + "\n" for row in [header] + rows)


def level_of_service(delay):
    for letter, limit in (("A", 10), ("B", 20), ("C", 35), ("D", 55), ("E", 80)):
        if delay <= limit:
            return letter
    return "F"


class Demo:
    def __init__(self, root):
        self.root = Path(root)
        self.sample = self.root / "sample"
        self.output = self.root / "output"

    def out(self, topic, samples=("atspm", "bikes", "food", "corridor")):
        rows = []
        for s in samples:
            f = self.output / s / (topic + ".jsonl")
            if f.exists():
                rows += records(f)
        return rows

    def measures(self, kind):
        return [r for r in self.out("signal.measures") if r["measure"] == kind]

    def probe(self, kind):
        return [r for r in self.out("probe.measures") if r["measure"] == kind]

    def signal_events(self):
        out = []
        for s in ("atspm", "corridor"):
            out += [r for r in records(self.sample / s / "signal.events.jsonl.gz") if isinstance(r.get("ts"), int)]
        return out


def week(rows, key="bin_start"):
    newest = max(r[key] for r in rows)
    return [r for r in rows if r[key] > newest - 7 * 24 * HOUR_MS]


# --- analyst ---------------------------------------------------------------------------------------------------------

def split_failure_hot_spots(demo):
    rows = week(demo.measures("split_failures"))
    by = collections.defaultdict(list)
    for r in rows:
        by[(r["device_id"], r["phase"])].append(r)
    out = []
    for (device, phase), bins in by.items():
        failures = sum(b["split_failures"] for b in bins)
        if failures < 1:
            continue
        cycles = sum(b["cycles"] for b in bins)
        worst = sorted(bins, key=lambda b: (-b["split_failures"], b["bin_start"]))[0]
        green = sum(b["green_occupancy"] * b["cycles"] for b in bins) / cycles
        red = sum(b["red_occupancy"] * b["cycles"] for b in bins) / cycles
        pct = round_decimal(100 * failures, cycles)
        out.append((failures, Decimal(pct), device, phase,
                    [device, phase, len(bins), cycles, failures, pct,
                     sum(1 for b in bins if b["split_failures"] > 0), round_double(100 * green),
                     round_double(100 * red), instant(worst["bin_start"]), worst["split_failures"]]))
    out.sort(key=lambda t: (-t[0], -t[1], t[2], t[3]))
    return csv(["device_id", "phase", "bins", "cycles", "split_failures", "failed_pct", "bins_with_failures",
                "green_occupancy_pct", "red_occupancy_pct", "worst_bin_start", "worst_bin_failures"],
               [t[4] for t in out[:10]])


def worst_approaches(demo):
    per = []
    detector = collections.defaultdict(list)
    for r in week(demo.measures("approach_delay")):
        detector[(r["device_id"], "phase %d" % r["phase"])].append(
            (r["arrivals"], r["total_delay_s"], r["delay_per_veh_s"]))
    probe = collections.defaultdict(list)
    for r in week(demo.probe("probe_approach_delay")):
        probe[(r["device_id"], r["approach_id"])].append(
            (r["samples"], r["mean_delay_s"] * r["samples"], r["mean_delay_s"]))
    for source, groups, minimum in (("detector", detector, 100), ("probe", probe, 20)):
        ranked = []
        for (device, approach), bins in groups.items():
            vehicles = sum(b[0] for b in bins)
            if vehicles < minimum:
                continue
            delay = sum(b[1] for b in bins) / vehicles
            ranked.append((delay, device, approach, len(bins), vehicles, max(b[2] for b in bins)))
        ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
        for rank, (delay, device, approach, n, vehicles, worst) in enumerate(ranked[:5], 1):
            per.append([source, rank, device, approach, n, vehicles, round_double(delay), round_double(worst),
                        level_of_service(delay)])
    return csv(["source", "rank", "device_id", "approach", "bins", "vehicles", "delay_s", "worst_bin_delay_s",
                "los"], per)


def point_in_rectangle_ring(lat, lon, ring):
    """Point in polygon (ray casting), a point on an edge counting as inside."""
    inside = False
    n = len(ring)
    for i in range(n):
        (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
        # on the edge
        if min(x1, x2) <= lon <= max(x1, x2) and min(y1, y2) <= lat <= max(y1, y2):
            if (x2 - x1) * (lat - y1) == (y2 - y1) * (lon - x1):
                return True
        if (y1 > lat) != (y2 > lat):
            x = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x:
                inside = not inside
    return inside


class Occupancy:
    """Bikes in a zone at an instant, from the raw bike events: each bike where its latest park or locate (by event
    time, up to that instant) put it, unless an unpark came later. Records the contract rejects are left out."""

    def __init__(self, demo):
        self.zones = {z["zone_id"]: z for z in json.loads((demo.sample / "bikes" / "zones.json").read_text())["zones"]}
        self.events = collections.defaultdict(list)
        for r in records(demo.sample / "bikes" / "bike.events.jsonl.gz"):
            ok = isinstance(r.get("ts"), int) and r.get("type") in ("park", "unpark", "locate")
            if ok and (r["type"] == "unpark" or ("lat" in r and "lon" in r)):
                self.events[r["bike_id"]].append(r)
        for evs in self.events.values():
            evs.sort(key=lambda r: r["ts"])
        self.end = max(r["ts"] for evs in self.events.values() for r in evs)

    def at(self, zone_id, ts):
        ring = self.zones[zone_id]["polygon"]
        n = 0
        for evs in self.events.values():
            latest = None
            for r in evs:
                if r["ts"] > ts:
                    break
                latest = r
            if latest and latest["type"] != "unpark" and point_in_rectangle_ring(latest["lat"], latest["lon"], ring):
                n += 1
        return n


def bike_overflow_hours(demo):
    alerts = [r for r in demo.out("alerts", ("bikes",)) if r["domain"] == "bike"]
    now = max(r["ts"] for r in alerts)
    occupancy = Occupancy(demo)
    episodes = collections.defaultdict(list)
    for r in alerts:
        if r["kind"] == "zone_overflow":
            episodes[r["alert_id"]].append(r)
    zones = collections.defaultdict(list)
    for alert_id, recs in episodes.items():
        zone = recs[0]["subject_id"]
        opened = recs[0]["opened_at"]
        closed = next((r["closed_at"] for r in recs if r.get("closed_at")), None)
        capacity = max(r["details"]["capacity"] for r in recs)
        # escalations: every 60 minutes still open, up to level 2, while the data lasts
        end = closed if closed is not None else occupancy.end
        level = min(2, sum(1 for k in (1, 2) if opened + k * HOUR_MS <= end))
        instants = [opened] + [opened + k * HOUR_MS for k in range(1, level + 1)] + ([closed] if closed else [])
        seen = [occupancy.at(zone, t) for t in instants]
        # the recomputation must agree with what the alerts carry
        for r in recs:
            assert occupancy.at(zone, r["ts"]) == r["details"]["occupancy"], (alert_id, r["ts"])
        zones[zone].append((opened, closed, capacity, max(seen), level))
    rows = []
    for zone, eps in zones.items():
        seconds = sum(((c if c is not None else now) - o) // 1000 for o, c, _, _, _ in eps)
        peak = max(e[3] for e in eps)
        capacity = max(e[2] for e in eps)
        rows.append([zone, len(eps), sum(1 for e in eps if e[1] is None), round_decimal(seconds, 3600), peak,
                     capacity, round_decimal(100 * peak, capacity), max(e[4] for e in eps)])
    rows.sort(key=lambda r: (-Decimal(r[3]), r[0]))
    return csv(["zone_id", "alarms", "still_open", "overflow_hours", "peak_bikes", "capacity",
                "peak_pct_of_capacity", "max_escalation_level"], rows)


def kitchen_violations(demo):
    alerts = [r for r in demo.out("alerts", ("food",)) if r["domain"] == "food"]
    rank = {"critical": 3, "warning": 2, "info": 1}
    violations = collections.defaultdict(list)
    for r in alerts:
        violations[r["alert_id"]].append(r)
    kitchens = collections.defaultdict(list)
    for recs in violations.values():
        kitchens[recs[0]["subject_id"]].append((
            recs[0]["kind"], min(r["opened_at"] for r in recs), max(rank[r["severity"]] for r in recs),
            any(r["details"]["record"] in ("close", "event") for r in recs)))
    rows = []
    for kitchen, vs in kitchens.items():
        worst = [v[2] for v in vs]
        rows.append([kitchen, len(vs), worst.count(3), worst.count(2), worst.count(1), len({v[0] for v in vs}),
                     sum(1 for v in vs if not v[3]), instant(min(v[1] for v in vs)), instant(max(v[1] for v in vs))])
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return csv(["kitchen_id", "violations", "critical", "warning", "info", "rules", "still_open", "first_violation",
                "last_violation"], rows[:10])


INPUTS = {  # contract topic -> (sample, file)
    "signal.events": [("atspm", "signal.events.jsonl.gz"), ("corridor", "signal.events.jsonl.gz")],
    "vehicle.positions": [("corridor", "vehicle.positions.jsonl.gz")],
    "bike.events": [("bikes", "bike.events.jsonl.gz")],
    "bike.blacklist": [("bikes", "bike.blacklist.jsonl")],
    "food.camera-events": [("food", "food.camera-events.jsonl.gz")],
    "food.sensor-readings": [("food", "food.sensor-readings.jsonl.gz")],
    "food.operations": [("food", "food.operations.jsonl.gz")],
}


def data_quality(demo):
    """Records per input topic and the contract's verdict on each (Python's jsonschema: its messages are worded
    differently, so the reasons are taken from the dead letters and the records matched to them by payload)."""
    try:
        import jsonschema
    except ImportError:
        return None
    dead = [r for r in demo.out("dlq")]
    dead_by_payload = {(r["source_topic"], r["payload"]): r["reason"] for r in dead}
    published = {t: [line for s, f in files for line in lines(demo.sample / s / f)] for t, files in INPUTS.items()}
    # the simulated signal-control system's answers are the plan-acks topic
    published["signal.plan-acks"] = lines(demo.output / "corridor" / "signal.plan-acks.jsonl")
    counts = collections.Counter()
    for topic, payloads in published.items():
        schema = json.loads((REPO / "schemas/src/main/resources/schemas" / (topic + ".schema.json")).read_text())
        validator = jsonschema.Draft202012Validator(schema)
        for payload in payloads:
            try:
                valid = validator.is_valid(json.loads(payload))
            except ValueError:
                valid = False
            if valid:
                counts[(topic, "(valid)")] += 1
            else:
                # every record the contract rejects is in the dead letters, with its reason
                counts[(topic, dead_by_payload[(topic, payload)])] += 1
    dead_counts = collections.Counter((r["source_topic"], r["reason"]) for r in dead)
    assert sum(dead_counts.values()) == sum(n for (t, reason), n in counts.items() if reason != "(valid)")
    keys = sorted(set(counts) | set(dead_counts), key=lambda k: (k[0], k[1] != "(valid)", k[1]))
    return csv(["source_topic", "reason", "records", "dead_letters"],
               [[t, reason, counts[(t, reason)], dead_counts[(t, reason)]] for t, reason in keys])


# --- engineer --------------------------------------------------------------------------------------------------------

def corridor_travel_time(demo):
    links = collections.defaultdict(list)
    for r in demo.probe("link_travel_time"):
        hour = r["bin_start"] // HOUR_MS * HOUR_MS
        links[(r["corridor_id"], r["direction"], hour, r["from_device"], r["to_device"])].append(r)
    corridors = collections.defaultdict(list)
    for (corridor, direction, hour, _, _), bins in links.items():
        trips = sum(b["samples"] for b in bins)
        travel = sum(b["mean_s"] * b["samples"] for b in bins) / trips
        running = sum(b["mean_running_s"] * b["samples"] for b in bins) / trips
        corridors[(corridor, direction, hour)].append((len(bins), trips, travel, running))
    rows = []
    for (corridor, direction, hour), ls in sorted(corridors.items()):
        local = datetime.datetime.fromtimestamp(hour / 1000, ZoneInfo("Asia/Shanghai")).hour
        period = ("am_peak" if 6 <= local < 9 else "midday" if 9 <= local < 15 else "pm_peak" if 15 <= local < 19
                  else "evening" if 19 <= local < 22 else "night")
        rows.append([corridor, direction, instant(hour), period, len(ls), min(l[0] for l in ls),
                     sum(l[1] for l in ls), min(l[1] for l in ls), round_double(sum(l[2] for l in ls)),
                     round_double(sum(l[3] for l in ls))])
    return csv(["corridor_id", "direction", "hour_start", "day_period", "links", "bins", "trips", "min_link_trips",
                "travel_time_s", "running_time_s"], rows)


def alert_rows(alerts):
    return [[a["alert_id"], a["subject_id"], a["ts"], a["severity"], a["opened_at"],
             json.dumps(a["details"], sort_keys=True, separators=(",", ":")), None] for a in sorted(
        alerts, key=lambda a: a["alert_id"])]


ALERT_HEADER = ["alert_id", "record_key", "ts", "severity", "opened_at", "details", "contract_error"]


def split_failure_alarm(demo):
    by = collections.defaultdict(list)
    for r in demo.measures("split_failures"):
        by[(r["device_id"], r["phase"])].append(r)
    alerts = []
    for (device, phase), bins in by.items():
        bins.sort(key=lambda r: r["bin_start"])
        run = []
        for b in bins:
            contiguous = run and run[-1]["bin_start"] == b["bin_start"] - BIN_MS
            if b["split_failures"] >= 1 and (contiguous or not run):
                run.append(b)
            elif b["split_failures"] >= 1:
                run = [b]
            else:
                run = []
            # an episode's first 3 bins raise it; the bins after them do not raise it again
            if len(run) == 3:
                first, last = run[0]["bin_start"], run[2]["bin_start"]
                alerts.append({"alert_id": "split-failures-%s-%d-%d" % (device, phase, first), "subject_id": device,
                               "ts": last + BIN_MS, "severity": "warning", "opened_at": first,
                               "details": {"phase": phase, "first_bin": first, "last_bin": last, "bins": 3,
                                           "split_failures": sum(x["split_failures"] for x in run),
                                           "cycles": sum(x["cycles"] for x in run)}})
    return csv(ALERT_HEADER, alert_rows(alerts))


def phase_not_served(demo):
    """Walks each device's events in time (within an instant: greens, then call drops, then calls and preemption,
    then cycle starts); per phase, a standing call counts the reference phase 2's green starts until its own green
    or the call's drop; the second one raises the alarm."""
    rank = {"green": 0, "drop": 1, "call": 2, "preempt": 2, "cycle": 3}
    per_device = collections.defaultdict(list)
    for r in demo.signal_events():
        code, param = r["code"], r["param"]
        phases = range(1, 9) if (code == 1 and param == 2) or 102 <= code <= 111 else [param]
        for p in phases:
            if 102 <= code <= 111:
                kind = "preempt"
            elif code == 1:
                kind = "green" if param == p else "cycle"
            elif code == 43:
                kind = "call"
            elif code == 44:
                kind = "drop"
            else:
                continue
            per_device[(r["device_id"], p)].append((r["ts"], rank[kind], kind))
    alerts = []
    for (device, phase), events in per_device.items():
        events.sort(key=lambda e: (e[0], e[1]))
        call = None
        for ts, _, kind in events:
            if call is None:
                if kind == "call":
                    call, cycles, preempt = ts, 0, 0
                continue
            if kind in ("green", "drop"):
                call = None
            elif kind == "preempt":
                preempt += 1
            elif kind == "cycle":
                cycles += 1
                if cycles == 2:
                    alerts.append({"alert_id": "phase-not-served-%s-%d-%d" % (device, phase, call),
                                   "subject_id": device, "ts": ts, "severity": "info" if preempt else "warning",
                                   "opened_at": call,
                                   "details": {"phase": phase, "call_ts": call, "cycles_without_green": 2,
                                               "preemption_events": preempt}})
                    call = None
    return csv(ALERT_HEADER, alert_rows(alerts))


CHECKS = {
    "analyst/split_failure_hot_spots": split_failure_hot_spots,
    "analyst/worst_approaches": worst_approaches,
    "analyst/bike_overflow_hours": bike_overflow_hours,
    "analyst/kitchen_violations": kitchen_violations,
    "analyst/data_quality": data_quality,
    "engineer/corridor_travel_time": corridor_travel_time,
    "engineer/split_failure_alarm": split_failure_alarm,
    "engineer/phase_not_served": phase_not_served,
}


def main():
    demo = Demo(sys.argv[1] if len(sys.argv) > 1 else REPO / ".greenwave" / "demo")
    differ = False
    for name, compute in CHECKS.items():
        expected = (SQL / (name + ".expected.csv")).read_text(encoding="utf-8")
        actual = compute(demo)
        if actual is None:
            print("%-34s skipped (pip install jsonschema)" % name)
        elif actual == expected:
            print("%-34s same (%d rows)" % (name, expected.count("\n") - 1))
        else:
            differ = True
            print("%-34s DIFFERS" % name)
            for line in sorted(set(expected.splitlines()) ^ set(actual.splitlines())):
                print("    %s %s" % ("-" if line in expected.splitlines() else "+", line))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
