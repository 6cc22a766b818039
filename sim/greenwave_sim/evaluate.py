"""`greenwave-sim evaluate`: one scenario under several signal-timing strategies, measured from SUMO's tripinfo.

Strategies (every run: the same scenario, seed and listed vehicles, so only the signal timing differs):
- baseline: the scenario's fixed plan (the presets: an untuned corridor, see PRESETS);
- pipeline: convert the previous run, `./greenwave replay` it, apply the plans it emits (each device's plan in force
  when the demand ends, i.e. the latest computed from the demand hour rather than from the empty clearance tail), run
  again; `iterations` times (iteration k plans from the run of iteration k-1, the first from the baseline);
- cycle-adaptation: SUMO's tlsCycleAdaptation.py (Webster cycle and splits from the vehicles' routes), one cycle for
  the corridor (-u), the baseline's offsets kept;
- coordinator: SUMO's tlsCoordinator.py (offsets from the routes' signal pairs) on the baseline program;
- adaptation+coordinator: tlsCycleAdaptation.py, then tlsCoordinator.py on its programs.
The SUMO tools read the net's programs: they get a copy of the net with the scenario's programs as program "0".
"""
import json
import os
import shutil
import subprocess
import sys
import time

from . import metrics, plans, run, scenario
from . import convert as convert_mod

# Corridors of the evaluation (3 and 5 signals, unequal spacing, asymmetric directional demand), on an
# untuned baseline: a long 120 s cycle, 50/50 splits, every offset 0 (no coordination).
COMMON = {"lanes": 2, "speed": 13.9, "demand_outbound": 1100, "demand_inbound": 550, "side_demand": 250,
          "cycle": 120, "splits": "60", "offsets": "0", "duration": 3600, "seed": 1, "start": "2024-05-13T07:00:00Z",
          "clear_s": 900}  # the run lasts 15 min past the demand, so every vehicle finishes even on a poor plan
PRESETS = {
    "c3": dict(COMMON, intersections=3, spacing="300,520"),
    "c5": dict(COMMON, intersections=5, spacing="250,400,600,350"),
}
STRATEGIES = ("baseline", "pipeline", "cycle-adaptation", "coordinator", "adaptation+coordinator")
# tlsCycleAdaptation: yellow and all-red as the scenario's program, cycle within the corridor's bounds, one cycle
TOOL_CYCLE_ARGS = ["-y", "4", "-a", "1", "--min-cycle", "60", "--max-cycle", "180", "-u"]


def _log(msg):
    print(msg, flush=True)


def scenario_options(preset, overrides):
    """The preset's scenario.build keywords, with `--name value` overrides (scenario subcommand spelling)."""
    opts = dict(PRESETS[preset])
    it = iter(overrides)
    for flag in it:
        if not flag.startswith("--"):
            raise SystemExit("scenario option expected, got %r" % flag)
        key = flag[2:].replace("-", "_")
        if key not in opts:
            raise SystemExit("unknown or unsupported scenario option %s (one of: %s)"
                             % (flag, ", ".join("--" + k.replace("_", "-") for k in opts)))
        val = next(it, None)
        if val is None:
            raise SystemExit("%s needs a value" % flag)
        opts[key] = type(opts[key])(val) if not isinstance(opts[key], str) else val
    return opts


def tools_env():
    env = run.sumo_env()
    if not env.get("SUMO_HOME") or not os.path.isfile(os.path.join(env["SUMO_HOME"], "tools", "tlsCoordinator.py")):
        raise SystemExit("SUMO's tools not found (SUMO_HOME/tools/tlsCoordinator.py): apt-get install sumo-tools")
    return env


def tool(name, args, cwd):
    env = tools_env()
    cmd = [sys.executable, os.path.join(env["SUMO_HOME"], "tools", name)] + args
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (name, r.returncode, (r.stderr or r.stdout)[-2000:]))
    return r.stdout


def tools_net(base_dir, work):
    """The scenario's net with its programs as the net's program "0" (the tools optimise the net's programs)."""
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(base_dir, "tls.add.xml")) as f:
        lines = [l.replace('programID="greenwave"', 'programID="0"') for l in f if "timedEvent" not in l]
    with open(os.path.join(work, "baseline.tls.xml"), "w") as f:
        f.writelines(lines)
    net = os.path.join(work, "tools.net.xml")
    subprocess.run(["netconvert", "-s", os.path.join(base_dir, "corridor.net.xml"), "--tllogic-files",
                    os.path.join(work, "baseline.tls.xml"), "-o", net, "--no-warnings", "true"],
                   check=True, env=run.sumo_env(), stdout=subprocess.DEVNULL)
    return net


def tool_timings(strategy, base_dir, work):
    """Timings (network.json style) a SUMO tool strategy proposes for the baseline scenario."""
    meta = scenario.load(base_dir)
    net = tools_net(base_dir, work)
    routes = os.path.join(base_dir, "corridor.rou.xml")
    progs = {}
    if strategy in ("cycle-adaptation", "adaptation+coordinator"):
        ca = os.path.join(work, "cycle-adaptation.xml")
        tool("tlsCycleAdaptation.py", ["-n", net, "-r", routes, "-o", ca] + TOOL_CYCLE_ARGS, work)
        progs = plans.read_tls_programs(ca)
    if strategy in ("coordinator", "adaptation+coordinator"):
        co = os.path.join(work, "coordinator.xml")
        extra = ["-a", os.path.join(work, "cycle-adaptation.xml")] if progs else []
        tool("tlsCoordinator.py", ["-n", net, "-r", routes, "-o", co] + extra, work)
        for tls, p in plans.read_tls_programs(co).items():
            progs.setdefault(tls, {"durations": None, "offset": None})["offset"] = p["offset"]
    return plans.timings_from_sumo(meta, progs)


def find_launcher(path=None):
    return path or os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "greenwave")


def pipeline_plans(run_dir, work, launcher, timeout):
    """Convert a run, replay it through the pipeline, return the path of the plans it emitted, or None when it sent
    none (no plan predicted at least the configured improvement over the timing that ran: the loop has converged)."""
    data, replay_out = os.path.join(work, "data"), os.path.join(work, "replay")
    convert_mod.convert(run_dir, data)
    shutil.rmtree(replay_out, ignore_errors=True)
    # a fresh local stack per replay (its own data directory, any free ports): nothing carried over from an earlier
    # iteration (topics, tables, plans already sent), no clash with a stack running on the default ports
    stack = os.path.join(work, "stack")
    shutil.rmtree(stack, ignore_errors=True)
    cmd = [launcher, "replay", "--input", data, "--out", replay_out, "--data-dir", stack,
           "--kafka-port", "0", "--web-ui-port", "0"]
    with open(os.path.join(work, "replay.log"), "w") as log:
        try:
            r = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError("%s timed out after %d s (log: %s)" % (" ".join(cmd), timeout, log.name))
    if r.returncode != 0:
        raise RuntimeError("%s failed with exit code %d (log: %s)" % (" ".join(cmd), r.returncode, log.name))
    path = os.path.join(replay_out, "signal.timing-plans.jsonl")
    if not os.path.isfile(path):
        raise RuntimeError("the replay wrote no %s" % path)
    return path if plans.read_plans(path) else None


def timing_summary(scenario_dir):
    devs = scenario.load(scenario_dir)["network"]["intersections"]
    cycles = sorted({d["timing"]["cycle_s"] for d in devs})
    return {"cycle_s": cycles[0] if len(cycles) == 1 else cycles,
            "offsets_s": [d["timing"]["offset_s"] for d in devs],
            "green_main_s": [d["timing"]["phases"][0]["green_s"] for d in devs]}


def measure_run(scenario_dir, warmup):
    m = metrics.measure(os.path.join(scenario_dir, "tripinfo.xml"), warmup,
                        os.path.join(scenario_dir, "corridor.rou.xml"))
    m["timing"] = timing_summary(scenario_dir)
    return m


def evaluate(out, preset="c3", strategies=STRATEGIES, iterations=2, warmup=600.0, launcher=None,
             replay_timeout=1800, overrides=(), log=_log):
    """Run the strategies; returns the result dict (also written to OUT/evaluation.json and OUT/evaluation.md)."""
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        raise SystemExit("unknown strategies %s (known: %s)" % (unknown, ", ".join(STRATEGIES)))
    opts = scenario_options(preset, overrides)
    os.makedirs(out, exist_ok=True)
    base = os.path.join(out, "baseline")
    result = {"preset": preset, "scenario": opts, "warmup_s": warmup, "rows": []}
    t0 = time.time()
    scenario.build(base, fixed_departures=True, **opts)
    run.run(base)  # full outputs: the pipeline converts it
    meta = scenario.load(base)
    demand_end_ms = meta["start_epoch_ms"] + 1000 * meta["params"]["duration"]
    row = {"strategy": "baseline", "seconds": round(time.time() - t0, 1)}
    row.update(measure_run(base, warmup))
    result["rows"].append(row)
    log("baseline: %.1f s/veh (%.1f s)" % (row["mean_delay_s"], row["seconds"]))

    for strat in strategies:
        if strat == "baseline":
            continue
        if strat == "pipeline":
            prev = base
            for k in range(1, iterations + 1):
                t0 = time.time()
                work = os.path.join(out, "pipeline-%d" % k)
                name = "pipeline (iteration %d)" % k
                try:
                    os.makedirs(work, exist_ok=True)
                    plan_file = pipeline_plans(prev, work, find_launcher(launcher), replay_timeout)
                    if plan_file is not None and not plans.select(plans.read_plans(plan_file), at=demand_end_ms):
                        plan_file = None  # its only plans came after the demand, from the emptying network
                    if plan_file is None:
                        result["rows"].append({"strategy": name, "converged": True,
                                               "seconds": round(time.time() - t0, 1)})
                        log("%s: no new plan during the demand (none predicted enough gain over the timing that "
                            "ran): converged" % name)
                        break
                    sd = os.path.join(work, "scenario")
                    # the plans in force when the demand ends (computed from the hour of demand; later re-plans
                    # would see the empty clearance tail); they replace the baseline's timing
                    plans.apply(base, plan_file, sd, at=demand_end_ms)
                    run.run(sd)
                except (RuntimeError, SystemExit, OSError, subprocess.CalledProcessError) as e:
                    result["rows"].append({"strategy": name, "error": str(e), "seconds": round(time.time() - t0, 1)})
                    log("%s: FAILED: %s" % (name, e))
                    break
                row = {"strategy": name, "seconds": round(time.time() - t0, 1)}
                row.update(measure_run(sd, warmup))
                result["rows"].append(row)
                log("%s: %.1f s/veh (%.1f s)" % (name, row["mean_delay_s"], row["seconds"]))
                prev = sd
            continue
        t0 = time.time()
        work = os.path.join(out, strat.replace("+", "-"))
        try:
            timings = tool_timings(strat, base, os.path.join(work, "tools"))
            sd = os.path.join(work, "scenario")
            plans.apply_timings(base, timings, sd, label=strat)
            run.run(sd, full=False)
        except (RuntimeError, SystemExit, subprocess.CalledProcessError) as e:
            result["rows"].append({"strategy": strat, "error": str(e), "seconds": round(time.time() - t0, 1)})
            log("%s: FAILED: %s" % (strat, e))
            continue
        row = {"strategy": strat, "seconds": round(time.time() - t0, 1)}
        row.update(measure_run(sd, warmup))
        result["rows"].append(row)
        log("%s: %.1f s/veh (%.1f s)" % (strat, row["mean_delay_s"], row["seconds"]))

    add_changes(result["rows"])
    with open(os.path.join(out, "evaluation.json"), "w") as f:
        json.dump(result, f, indent=1)
    md = markdown(result)
    with open(os.path.join(out, "evaluation.md"), "w") as f:
        f.write(md)
    return result


def add_changes(rows):
    """change_pct: mean delay change against the baseline row, %."""
    base = next((r for r in rows if r["strategy"] == "baseline" and r.get("mean_delay_s")), None)
    for r in rows:
        if base and r is not base and r.get("mean_delay_s") is not None:
            r["change_pct"] = round(100.0 * (r["mean_delay_s"] - base["mean_delay_s"]) / base["mean_delay_s"], 1)


def _f(x, fmt="%.1f"):
    return "–" if x is None else fmt % x


def _timing(t):
    if not t:
        return ""
    cyc = t["cycle_s"] if not isinstance(t["cycle_s"], list) else "/".join(map(str, t["cycle_s"]))
    return "C %s, offsets %s" % (cyc, ",".join("%g" % o for o in t["offsets_s"]))


def markdown(result):
    """The evaluation table: one row per strategy."""
    sc = result.get("scenario", {})
    lines = []
    if sc:
        lines.append("Preset %s: %s signals, spacing %s m, EB %s / WB %s / side %s veh/h, %s s of demand, seed %s; "
                     "vehicles departing in the first %g s not measured."
                     % (result.get("preset"), sc.get("intersections"), sc.get("spacing"), sc.get("demand_outbound"),
                        sc.get("demand_inbound"), sc.get("side_demand"), sc.get("duration"), sc.get("seed"),
                        result.get("warmup_s", 600)))
        lines.append("")
    lines.append("| strategy | mean delay (s/veh) | vs baseline | stops/veh | EB through delay (s) | WB through delay (s) "
                 "| vehicles (unfinished) | timing | run time (s) |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in result["rows"]:
        if r.get("error"):
            lines.append("| %s | failed: %s | | | | | | | %s |" % (r["strategy"], r["error"].replace("|", "/")[:200],
                                                               _f(r.get("seconds"))))
            continue
        if r.get("converged"):
            lines.append("| %s | converged: no new plan predicted enough gain; the previous iteration's timing stays "
                         "| | | | | | | %s |" % (r["strategy"], _f(r.get("seconds"))))
            continue
        ch = r.get("change_pct")
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["strategy"], _f(r["mean_delay_s"]), "–" if ch is None else "%+.1f %%" % ch, _f(r["mean_stops"], "%.2f"),
            _f(r["EB"]["mean_delay_s"]), _f(r["WB"]["mean_delay_s"]),
            "%d (%s)" % (r["vehicles"], r.get("unfinished", "?")), _timing(r.get("timing")),
            _f(r.get("seconds"))))
    return "\n".join(lines) + "\n"


def main(out, preset, strategies, iterations, warmup, launcher, replay_timeout, overrides):
    result = evaluate(out, preset, strategies, iterations, warmup, launcher, replay_timeout, overrides)
    print()
    print(markdown(result))
    print("written: %s, %s" % (os.path.join(out, "evaluation.md"), os.path.join(out, "evaluation.json")))
