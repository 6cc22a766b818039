"""greenwave-sim: scenario | run | convert | truth | selfcheck | validate | apply | evaluate | all."""
import argparse
import os
import sys


def main(argv=None):
    p = argparse.ArgumentParser(prog="greenwave-sim", description="SUMO bridge of greenwave")
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("scenario", help="write a corridor scenario (net, routes, TLS programs, detectors)")
    s.add_argument("--out", required=True)
    s.add_argument("--intersections", type=int, default=3)
    s.add_argument("--spacing", default="300,450", help="metres between consecutive intersections (one value = all)")
    s.add_argument("--lanes", type=int, default=2, help="main-street lanes per direction (side streets: 1)")
    s.add_argument("--speed", type=float, default=13.9, help="speed limit, m/s")
    s.add_argument("--demand-outbound", type=float, default=900, help="EB veh/h")
    s.add_argument("--demand-inbound", type=float, default=500, help="WB veh/h")
    s.add_argument("--side-demand", type=float, default=300, help="veh/h per side-street approach")
    s.add_argument("--cycle", type=float, default=90)
    s.add_argument("--splits", default=None, help="split of phases 2/6 (green+yellow+red clear, s), per intersection "
                                                   "or one value; default 60%% of the cycle")
    s.add_argument("--offsets", default=None, help="offset_s per intersection (start of phase-2 green after cycle "
                                                    "zero = midnight UTC); default EB progression at --speed")
    s.add_argument("--duration", type=int, default=3600, help="demand duration, s (the run adds 300 s to clear)")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--start", default="2024-05-13T07:00:00Z", help="UTC time of simulation t=0")
    s.add_argument("--advance", type=float, default=100.0, help="advance detector distance upstream, m")
    s.add_argument("--zone", type=float, default=250.0, help="delay zone length, m (capped at link length - 20)")
    s.add_argument("--clear", type=int, default=300, help="seconds the run goes on after the demand")
    s.add_argument("--fixed-departures", action="store_true",
                   help="list every vehicle (departure, lane, speed factor drawn from --seed) instead of SUMO random "
                        "flows: identical vehicles whatever the signal programs")

    r = sub.add_parser("run", help="run SUMO with all outputs")
    r.add_argument("--scenario", required=True)

    c = sub.add_parser("convert", help="SUMO outputs -> signal.events, vehicle.positions, network.json")
    c.add_argument("--scenario", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--penetration", type=float, default=0.2)
    c.add_argument("--sampling", type=float, default=5)
    c.add_argument("--gps-noise", type=float, default=3.0, help="Gaussian sigma per axis, m")
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--gzip", action="store_true", help="write *.jsonl.gz")

    t = sub.add_parser("truth", help="ground truth per approach and 15-min bin from the full trajectories")
    t.add_argument("--scenario", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--probes", default=None, help="probes.csv of a conversion (default OUT/probes.csv)")

    k = sub.add_parser("selfcheck", help="independent Python estimator over converted files -> measures JSON lines")
    k.add_argument("--input", required=True, help="a convert output directory")
    k.add_argument("--out", required=True, help="measures file to write")

    v = sub.add_parser("validate", help="compare measures with truth; exit 1 on failure")
    v.add_argument("--scenario", required=False, help="scenario dir (truth files read from --truth or here)")
    v.add_argument("--truth", default=None, help="directory with truth_delay.csv / truth_aog.csv")
    v.add_argument("--measures", default=None, help="probe-delay records (JSON lines)")
    v.add_argument("--aog", default=None, help="signal.measures records of measure arrivals_on_green (JSON lines)")
    v.add_argument("--min-samples", type=int, default=20)
    v.add_argument("--against", choices=["probes", "all"], default="probes")

    ap = sub.add_parser("apply", help="copy a scenario with timing plans (signal.timing-plans JSON lines) in force")
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--plans", required=True, help="JSON lines of signal.timing-plans records")
    ap.add_argument("--out", required=True, help="the new scenario directory")
    ap.add_argument("--at", default=None, help="use the plans in force at this time (epoch ms or YYYY-MM-DDTHH:MM:SSZ); "
                                               "default: each device's latest plan by effective_at")

    ev = sub.add_parser("evaluate", help="baseline vs the pipeline's plans vs SUMO's tlsCycleAdaptation/tlsCoordinator "
                                         "on one scenario: OUT/evaluation.md and OUT/evaluation.json")
    ev.add_argument("--out", required=True)
    ev.add_argument("--preset", choices=["c3", "c5"], default="c3", help="corridor preset (README: Evaluation)")
    ev.add_argument("--strategies", default="baseline,pipeline,cycle-adaptation,coordinator,adaptation+coordinator",
                    help="comma-separated subset of the strategies")
    ev.add_argument("--iterations", type=int, default=2, help="pipeline iterations (plans from the previous run)")
    ev.add_argument("--warmup", type=float, default=600, help="vehicles departing earlier are not measured, s")
    ev.add_argument("--greenwave", default=None, help="the greenwave launcher (default: the repo's, beside sim/)")
    ev.add_argument("--replay-timeout", type=float, default=1800, help="seconds per ./greenwave replay")
    ev.add_argument("scenario_args", nargs=argparse.REMAINDER,
                    help="after --: scenario options overriding the preset (e.g. -- --seed 2 --cycle 100)")

    a = sub.add_parser("all", help="scenario + run + convert + truth + selfcheck + validate: OUT/scenario, OUT/data (replay "
                                 "input + truth), OUT/selfcheck.measures.jsonl")
    a.add_argument("--out", required=True)
    a.add_argument("--penetration", type=float, default=0.2)
    a.add_argument("--sampling", type=float, default=5)
    a.add_argument("--against", choices=["probes", "all"], default="probes")
    a.add_argument("scenario_args", nargs=argparse.REMAINDER, help="after --: scenario options")

    args = p.parse_args(argv)
    from . import convert, run, scenario, selfcheck, truth, validate
    from . import evaluate, plans

    if args.cmd == "scenario":
        scenario.build(args.out, args.intersections, args.spacing, args.lanes, args.speed, args.demand_outbound,
                       args.demand_inbound, args.side_demand, args.cycle, args.splits, args.offsets, args.duration,
                       args.seed, args.start, advance_m=args.advance, zone_m=args.zone,
                       fixed_departures=args.fixed_departures, clear_s=args.clear)
        print("scenario written to %s" % args.out)
    elif args.cmd == "run":
        run.run(args.scenario)
    elif args.cmd == "convert":
        info = convert.convert(args.scenario, args.out, args.penetration, args.sampling, args.gps_noise, args.seed,
                               args.gzip)
        print("%(signal_events)d signal events, %(positions)d positions of %(probe_vehicles)d probe vehicles" % info)
    elif args.cmd == "truth":
        summ, aog = truth.truth(args.scenario, args.out, args.probes)
        print("%d approach-bins, %d AOG bins written to %s" % (len(summ), len(aog), args.out))
    elif args.cmd == "selfcheck":
        selfcheck.write(args.input, args.out)
    elif args.cmd == "validate":
        tdir = args.truth or args.scenario
        if not tdir or not (args.measures or args.aog):
            p.error("validate needs --scenario or --truth, and --measures and/or --aog")
        sys.exit(validate.validate(tdir, args.measures, args.aog, args.min_samples, args.against))
    elif args.cmd == "apply":
        at = args.at
        if at is not None and not at.isdigit():
            at = int(scenario.parse_utc(at).timestamp() * 1000)
        meta, chosen = plans.apply(args.scenario, args.plans, args.out, None if at is None else int(at))
        for dev in meta["network"]["intersections"]:
            t = dev["timing"]
            print("%s  cycle %s  offset %s  green 2/6 %s  green 4/8 %s  %s" % (
                dev["device_id"], t["cycle_s"], t["offset_s"], t["phases"][0]["green_s"], t["phases"][2]["green_s"],
                chosen[dev["device_id"]].get("plan_id", "") if dev["device_id"] in chosen else "(scenario's timing)"))
        print("scenario with the plans written to %s" % args.out)
    elif args.cmd == "evaluate":
        sargs = [x for x in args.scenario_args if x != "--"]
        evaluate.main(args.out, args.preset, [s.strip() for s in args.strategies.split(",") if s.strip()],
                      args.iterations, args.warmup, args.greenwave, args.replay_timeout, sargs)
    elif args.cmd == "all":
        sargs = [x for x in args.scenario_args if x != "--"]
        sd, dd = os.path.join(args.out, "scenario"), os.path.join(args.out, "data")
        main(["scenario", "--out", sd] + sargs)
        run.run(sd)
        convert.convert(sd, dd, args.penetration, args.sampling)
        truth.truth(sd, dd)
        m = os.path.join(args.out, "selfcheck.measures.jsonl")  # outside data/: replay publishes every *.jsonl there
        selfcheck.write(dd, m)
        sys.exit(validate.validate(dd, m, m, against=args.against))
