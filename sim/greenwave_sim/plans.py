"""Timing plans -> SUMO: `greenwave-sim apply` writes a copy of a scenario whose traffic lights run given plans.

A plan (contract `signal.timing-plans`) or a timing (network.json `timing`) gives per device `cycle_s`, `offset_s`
(start of green of phase 2 after cycle zero = midnight UTC) and `phases[{phase, green_s, yellow_s, red_clear_s}]`.
The scenario's SUMO program has six states (main green/yellow/all red, side green/yellow/all red, see signal.py):
phase 2 (and 6) times the first three, phase 4 (and 8) the last three.  Only the durations and the program's offset
change; the state strings (which links get green) stay the scenario's.

One program per device for the whole run: the plan in force at `at` (epoch ms; default: the latest plan by
`effective_at`).  SUMO 1.15 could switch programs during a run (WAUT), but each switch leaves a transition cycle of
its own, and the evaluation wants the steady effect of one plan, so the closed loop iterates runs instead.
"""
import json
import os
import shutil

from . import scenario

# scenario inputs a copy needs (not the outputs of a run)
SCENARIO_INPUTS = ("corridor.nod.xml", "corridor.edg.xml", "corridor.net.xml", "corridor.rou.xml", "corridor.sumocfg",
                   "det.add.xml")
MAIN, SIDE = 2, 4  # the phases that time the main-street and side-street halves of the program


def read_plans(path):
    """The plans of a JSON-lines file (blank and unparsable lines skipped)."""
    plans = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict) and rec.get("device_id") is not None and rec.get("cycle_s"):
                plans.append(rec)
    return plans


def select(plans, at=None):
    """Per device, the plan in force: the latest by effective_at (at or before `at` when given; ties: the later line)."""
    chosen = {}
    for i, p in enumerate(plans):
        eff = p.get("effective_at") or 0
        if at is not None and eff > at:
            continue
        key = (eff, i)
        dev = str(p["device_id"])
        if dev not in chosen or key >= chosen[dev][0]:
            chosen[dev] = (key, p)
    return {d: p for d, (_, p) in chosen.items()}


def _phase(timing, nema):
    for p in timing.get("phases", []):
        if int(p["phase"]) == nema:
            return p
    return None


def check_timing(dev, timing):
    """The six durations (g2, y2, r2, g4, y4, r4) of a plan/timing for the two-phase program; SystemExit if it can't run."""
    main, side = _phase(timing, MAIN), _phase(timing, SIDE)
    if main is None or side is None:
        raise SystemExit("device %s: the plan must time phases 2 and 4" % dev)
    durs = [float(main["green_s"]), float(main["yellow_s"]), float(main["red_clear_s"]),
            float(side["green_s"]), float(side["yellow_s"]), float(side["red_clear_s"])]
    cycle = float(timing["cycle_s"])
    if abs(sum(durs) - cycle) > 1e-6:
        raise SystemExit("device %s: phases 2 + 4 last %g s, the cycle is %g s" % (dev, sum(durs), cycle))
    # the program times phases 6 and 8 together with 2 and 4: a plan timing them differently cannot run here
    for nema, ref in ((6, main), (8, side)):
        p = _phase(timing, nema)
        if p and any(abs(float(p[k]) - float(ref[k])) > 1e-6 for k in ("green_s", "yellow_s", "red_clear_s")):
            raise SystemExit("device %s: phase %d is timed unlike phase %d; the two-phase program serves them "
                             "together" % (dev, nema, MAIN if nema == 6 else SIDE))
    if min(durs[0], durs[3]) <= 0 or min(durs) < 0:
        raise SystemExit("device %s: non-positive green" % dev)
    return durs


def _num(x):
    x = float(x)
    return int(x) if x.is_integer() else x


def start_second_of_day(meta):
    return (meta["start_epoch_ms"] // 1000) % 86400


def sumo_offset(offset_s, cycle_s, meta):
    """SUMO's tlLogic offset: phase 0 (main green) starts at sim t ≡ sumo offset (mod cycle) in SUMO 1.15, sim t = 0 is
    the scenario's start, and offset_s counts from midnight UTC (README, "Offset convention")."""
    return _num((float(offset_s) - start_second_of_day(meta)) % float(cycle_s))


def network_offset(sumo_off, cycle_s, meta):
    """The inverse: network.json offset_s of a SUMO program offset."""
    return _num((float(sumo_off) + start_second_of_day(meta)) % float(cycle_s))


def apply_timings(scenario_dir, timings, out, label="plans"):
    """Copy the scenario's inputs to `out` with `timings` ({device_id: plan or timing dict}) in force.

    Devices without a timing keep the scenario's.  scenario.json (hence the network.json of a conversion) describes
    the new timing; min/max green and pedestrian clearance stay the inventory's.  Returns the new scenario.json."""
    meta = scenario.load(scenario_dir)
    known = {d["device_id"] for d in meta["network"]["intersections"]}
    unknown = sorted(set(timings) - known)
    if unknown:
        raise SystemExit("plans for devices not in the scenario: %s" % ", ".join(unknown))
    if os.path.abspath(out) == os.path.abspath(scenario_dir):
        raise SystemExit("apply: --out must differ from --scenario")
    os.makedirs(out, exist_ok=True)
    for name in SCENARIO_INPUTS:
        shutil.copy2(os.path.join(scenario_dir, name), os.path.join(out, name))
    tls_xml = []
    for dev in meta["network"]["intersections"]:
        t = timings.get(dev["device_id"])
        if t is not None:
            durs = check_timing(dev["device_id"], t)
            cycle = _num(t["cycle_s"])
            off = _num(round(float(t["offset_s"])) % cycle)  # the contract's offsets are whole seconds
            dev["sumo_program"] = [{"duration": _num(d), "state": p["state"]}
                                   for d, p in zip(durs, dev["sumo_program"])]
            dev["sumo_offset_s"] = sumo_offset(off, cycle, meta)
            new = {2: durs[0:3], 6: durs[0:3], 4: durs[3:6], 8: durs[3:6]}
            for p in dev["timing"]["phases"]:
                g, y, r = new[p["phase"]]
                p.update({"green_s": _num(g), "yellow_s": _num(y), "red_clear_s": _num(r)})
            dev["timing"]["cycle_s"] = cycle
            dev["timing"]["offset_s"] = off
            if t.get("plan_id"):
                dev["sumo_plan_id"] = t["plan_id"]
        tls_xml.append('  <tlLogic id="%s" type="static" programID="greenwave" offset="%g">'
                       % (dev["sumo_tls"], dev["sumo_offset_s"]))
        for ph in dev["sumo_program"]:
            tls_xml.append('    <phase duration="%g" state="%s"/>' % (ph["duration"], ph["state"]))
        tls_xml.append("  </tlLogic>")
        tls_xml.append('  <timedEvent type="SaveTLSStates" source="%s" dest="tls.out.xml"/>' % dev["sumo_tls"])
    with open(os.path.join(out, "tls.add.xml"), "w") as f:
        f.write("<additional>\n" + "\n".join(tls_xml) + "\n</additional>\n")
    cycles = sorted({d["timing"]["cycle_s"] for d in meta["network"]["intersections"]})
    for c in meta["network"]["corridors"]:
        c["min_cycle_s"] = min(c["min_cycle_s"], cycles[0])
        c["max_cycle_s"] = max(c["max_cycle_s"], cycles[-1])
    meta.setdefault("applied", []).append({"source": label, "devices": sorted(timings)})
    with open(os.path.join(out, "scenario.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def apply(scenario_dir, plans_path, out, at=None):
    plans = select(read_plans(plans_path), at)
    if not plans:
        raise SystemExit("no plan in %s%s" % (plans_path, "" if at is None else " in force at %d" % at))
    return apply_timings(scenario_dir, plans, out, label=os.path.basename(plans_path)), plans


def read_tls_programs(path):
    """SUMO tlLogic elements of an additional file: {tls id: {"offset": float or None, "durations": [...] or None}}."""
    import xml.etree.ElementTree as ET
    out = {}
    for e in ET.parse(path).getroot().iter("tlLogic"):
        phases = [float(p.get("duration")) for p in e.findall("phase")]
        out[e.get("id")] = {"offset": float(e.get("offset")) if e.get("offset") is not None else None,
                            "durations": phases or None}
    return out


def timings_from_sumo(meta, programs):
    """network.json-style timings of SUMO programs (tool outputs): durations (when given) on the six states, the
    offset (when given) converted to offset_s; missing parts stay the scenario's.  Offsets are rounded to the second
    (the runs step by 1 s)."""
    out = {}
    for dev in meta["network"]["intersections"]:
        prog = programs.get(dev["sumo_tls"])
        if prog is None:
            continue
        durs = prog["durations"] or [p["duration"] for p in dev["sumo_program"]]
        if len(durs) != len(dev["sumo_program"]):
            raise SystemExit("%s: SUMO program with %d phases, the scenario's has %d"
                             % (dev["sumo_tls"], len(durs), len(dev["sumo_program"])))
        cycle = _num(sum(durs))
        soff = prog["offset"] if prog["offset"] is not None else dev["sumo_offset_s"]
        out[dev["device_id"]] = {
            "cycle_s": cycle, "offset_s": network_offset(round(soff), cycle, meta),
            "phases": [{"phase": MAIN, "green_s": durs[0], "yellow_s": durs[1], "red_clear_s": durs[2]},
                       {"phase": SIDE, "green_s": durs[3], "yellow_s": durs[4], "red_clear_s": durs[5]}]}
    return out
