"""Compare the pipeline's measures with SUMO's ground truth.

Delay rule: for every approach-bin whose record has >= min_samples probe samples, the record's
mean_delay_s must be within max(3 s, 15 % of the truth).  The truth is, by default, the mean over
the same probe vehicles (`--against probes`: isolates the estimator from the luck of which 20 % of
vehicles carry a device); `--against all` compares with the mean over every vehicle.
AOG rule: per device, phase and bin, total actuations within max(1, 2 %) of the vehicles that
passed the advance detector and the green share within 0.03 of the truth's; a truth bin with green
arrivals but no record fails (ATSPM writes no row only for bins without green arrivals).
"""
import csv
import gzip
import json
import os
import sys


# probe.measures records of the Java probe job are `probe_approach_delay`; the others are accepted too
DELAY_MEASURES = (None, "probe_approach_delay", "probe_delay", "control_delay")


def _num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def read_records(path):
    """JSON lines, leniently: blank/invalid lines skipped; `bin_start` as epoch ms (number or numeric string)."""
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if isinstance(r, dict):
                yield r


def _load_truth(truth_dir, name):
    p = os.path.join(truth_dir, name)
    if not os.path.exists(p):
        raise SystemExit("validate: %s not found (run `greenwave-sim truth` first)" % p)
    with open(p) as f:
        return list(csv.DictReader(f))


def check_delay(truth_rows, records, min_samples=20, rel=0.15, abs_s=3.0, against="probes"):
    """Return (rows, failures): one row per evaluated approach-bin."""
    truth = {(r["approach_id"], int(r["bin_start"])): r for r in truth_rows}
    rows, fails = [], 0
    for r in records:
        if "approach_id" not in r or r.get("measure") not in DELAY_MEASURES:
            continue
        b, n, m = _num(r.get("bin_start")), _num(r.get("samples")), _num(r.get("mean_delay_s"))
        if b is None or n is None or m is None or n < min_samples:
            continue
        t = truth.get((r["approach_id"], int(b)))
        if t is None:
            rows.append((r["approach_id"], int(b), int(n), m, None, None, False))
            fails += 1
            continue
        tv = _num(t["probe_mean_delay_s"]) if against == "probes" else None
        if tv is None:
            tv = float(t["mean_delay_s"])
        tol = max(abs_s, rel * tv)
        ok = abs(m - tv) <= tol
        fails += not ok
        rows.append((r["approach_id"], int(b), int(n), m, tv, m - tv, ok))
    return rows, fails


def check_aog(truth_rows, records, rel=0.02, share_tol=0.03):
    truth = {(r["device_id"], int(r["phase"]), int(r["bin_start"])): r for r in truth_rows}
    rows, fails = [], 0
    for r in records:
        if r.get("measure", "arrivals_on_green") != "arrivals_on_green" or "phase" not in r:
            continue
        key = (str(r.get("device_id")), int(_num(r["phase"])), int(_num(r["bin_start"])))
        tot, green = _num(r.get("total_actuations")), _num(r.get("green_actuations"))
        t = truth.get(key)
        if t is None or tot is None or green is None:
            rows.append(key + (tot, None, None, None, False))
            fails += 1
            continue
        tt, tg = int(t["total_arrivals"]), int(t["green_arrivals"])
        ok_tot = abs(tot - tt) <= max(1, rel * tt)
        share, tshare = green / tot if tot else 0.0, tg / tt if tt else 0.0
        ok = ok_tot and abs(share - tshare) <= share_tol
        fails += not ok
        rows.append(key + (tot, tt, share, tshare, ok))
    # ATSPM writes no row for a bin without green arrivals; a truth bin with green arrivals must have one
    seen = {r[:3] for r in rows}
    for key, t in truth.items():
        if key not in seen and int(t["green_arrivals"]) > 0:
            rows.append(key + (None, int(t["total_arrivals"]), None, None, False))
            fails += 1
    return rows, fails


def validate(truth_dir, measures=None, aog=None, min_samples=20, against="probes", out=sys.stdout):
    total_fail, evaluated = 0, 0
    if measures:
        rows, fails = check_delay(_load_truth(truth_dir, "truth_delay.csv"), read_records(measures),
                                  min_samples=min_samples, against=against)
        out.write("control delay vs truth (%s), approach-bins with >= %d samples\n" % (against, min_samples))
        out.write("%-10s %-14s %7s %9s %9s %8s  %s\n" % ("approach", "bin_start", "samples", "measured", "truth", "error", ""))
        per = {}
        for aid, b, n, m, tv, err, ok in sorted(rows):
            out.write("%-10s %-14d %7d %9.2f %9s %8s  %s\n" % (aid, b, n, m, "-" if tv is None else "%.2f" % tv,
                                                             "-" if err is None else "%+.2f" % err, "ok" if ok else "FAIL"))
            if err is not None:
                per.setdefault(aid, []).append(abs(err))
        out.write("per approach: bins, mean |error|, max |error| (s)\n")
        for aid, es in sorted(per.items()):
            out.write("  %-10s %3d %6.2f %6.2f\n" % (aid, len(es), sum(es) / len(es), max(es)))
        out.write("%d approach-bins evaluated, %d failed\n" % (len(rows), fails))
        total_fail += fails
        evaluated += len(rows)
    if aog:
        rows, fails = check_aog(_load_truth(truth_dir, "truth_aog.csv"), read_records(aog))
        out.write("arrivals on green vs truth\n%-8s %5s %-14s %7s %7s %7s %7s\n"
                  % ("device", "phase", "bin_start", "total", "truth", "aog", "truth"))
        for dev, ph, b, tot, tt, sh, tsh, ok in sorted(rows, key=lambda x: x[:3]):
            out.write("%-8s %5d %-14d %7s %7s %7s %7s  %s\n" % (
                dev, ph, b, tot, tt, "-" if sh is None else "%.3f" % sh, "-" if tsh is None else "%.3f" % tsh,
                "ok" if ok else "FAIL"))
        out.write("%d AOG bins evaluated, %d failed\n" % (len(rows), fails))
        total_fail += fails
        evaluated += len(rows)
    if evaluated == 0:
        out.write("nothing to validate (no qualifying records)\n")
        return 1
    return 1 if total_fail else 0
