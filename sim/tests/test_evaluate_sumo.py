"""apply and evaluate with SUMO: plans in force in the simulation, SUMO's tools on the c3 preset, the closed loop."""
import json
import os
import shutil
import tempfile
import unittest

import _path  # noqa: F401  (puts sim/ on the import path)
from greenwave_sim import convert, evaluate, plans, run, scenario

HAVE_SUMO = shutil.which("sumo") and shutil.which("netconvert")
SKIP = "SUMO not installed: apt-get install sumo sumo-tools (or sim/install.sh)"
START = "2024-05-13T07:01:00Z"  # not on a cycle boundary: the SUMO offset differs from offset_s
START_MS = 1715583660000


def jsonl(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def plan(dev, eff, cycle, offset, g2, g4):
    return {"plan_id": "t-%s-%d" % (dev, eff), "device_id": dev, "effective_at": eff, "cycle_s": cycle,
            "offset_s": offset, "coordinated_phases": [2, 6],
            "phases": [{"phase": p, "green_s": g, "yellow_s": y, "red_clear_s": r}
                       for p, g, y, r in ((2, g2, 4, 1), (6, g2, 4, 1), (4, g4, 3, 2), (8, g4, 3, 2))]}


@unittest.skipUnless(HAVE_SUMO, SKIP)
class ApplyTest(unittest.TestCase):
    """A plan applied, SUMO run and converted: phase 2 starts green at the plan's offset and greens last as planned."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="gwapply-")
        cls.base = os.path.join(cls.tmp, "base")
        scenario.build(cls.base, intersections=3, spacing="300,520", duration=900, cycle=120, splits="60",
                       offsets="0", start=START, fixed_departures=True)
        # an older plan (in force first) and the latest one; device 103 keeps the scenario's timing
        cls.old = [plan("101", START_MS, 100, 10, 50, 40), plan("102", START_MS, 100, 40, 50, 40)]
        cls.new = [plan("101", START_MS + 600000, 80, 5, 41, 29), plan("102", START_MS + 600000, 80, 61, 45, 25)]
        cls.plan_file = os.path.join(cls.tmp, "plans.jsonl")
        with open(cls.plan_file, "w") as f:
            for p in cls.old + cls.new:
                f.write(json.dumps(p) + "\n")
        cls.sd, cls.dd = os.path.join(cls.tmp, "applied"), os.path.join(cls.tmp, "data")
        plans.apply(cls.base, cls.plan_file, cls.sd)
        run.run(cls.sd)
        convert.convert(cls.sd, cls.dd)
        with open(os.path.join(cls.dd, "network.json")) as f:
            cls.net = {d["device_id"]: d["timing"] for d in json.load(f)["intersections"]}
        cls.events = jsonl(os.path.join(cls.dd, "signal.events.jsonl"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def phase_intervals(self, dev, phase):
        """(begin green, begin yellow, begin red clearance, end red clearance) times in s of each full cycle."""
        ev = [(e["ts"] / 1000.0, e["code"]) for e in self.events
              if e["device_id"] == dev and e["param"] == phase and e["code"] in (1, 8, 10, 11)]
        out, cur = [], None
        for t, code in ev:
            if code == 1:
                cur = [t]
            elif cur is not None:
                cur.append(t)
                if code == 11:
                    out.append(tuple(cur))
                    cur = None
        return out

    def test_network_json_describes_the_applied_timing(self):
        for p in self.new:
            t = self.net[p["device_id"]]
            self.assertEqual((t["cycle_s"], t["offset_s"]), (p["cycle_s"], p["offset_s"]))
            for ph in t["phases"]:
                ref = next(x for x in p["phases"] if x["phase"] == ph["phase"])
                self.assertEqual((ph["green_s"], ph["yellow_s"], ph["red_clear_s"]),
                                 (ref["green_s"], ref["yellow_s"], ref["red_clear_s"]))
                self.assertIn("min_green_s", ph)  # the inventory's bounds stay
        self.assertEqual((self.net["103"]["cycle_s"], self.net["103"]["offset_s"]), (120, 0))

    def test_phase_2_starts_green_at_the_offset_and_greens_last_as_planned(self):
        for p in self.new + [plan("103", 0, 120, 0, 55, 55)]:
            dev, cycle = p["device_id"], p["cycle_s"]
            g2, g4 = p["phases"][0]["green_s"], p["phases"][2]["green_s"]
            for phase, green, yellow, red in ((2, g2, 4, 1), (6, g2, 4, 1)) + (((4, g4, 3, 2), (8, g4, 3, 2))
                                                                               if dev != "103" else ()):
                iv = self.phase_intervals(dev, phase)
                self.assertGreaterEqual(len(iv), 900 // cycle - 1, (dev, phase))
                for g, y, r, end in iv:
                    self.assertEqual((y - g, r - y, end - r), (green, yellow, red), (dev, phase, g))
            starts = [e["ts"] for e in self.events if e["device_id"] == dev and e["param"] == 2 and e["code"] == 1]
            self.assertGreater(len(starts), 5)
            self.assertEqual({(ts // 1000) % cycle for ts in starts}, {p["offset_s"]}, dev)

    def test_at_selects_the_plan_in_force_then(self):
        out = os.path.join(self.tmp, "at")
        meta, chosen = plans.apply(self.base, self.plan_file, out, at=START_MS + 1000)
        self.assertEqual({d: p["cycle_s"] for d, p in chosen.items()}, {"101": 100, "102": 100})
        dev = {d["device_id"]: d for d in meta["network"]["intersections"]}
        self.assertEqual(dev["102"]["timing"]["offset_s"], 40)
        # 07:01 = 25260 s after midnight; 25260 mod 100 = 60; SUMO offset = (40 - 60) mod 100
        self.assertEqual(dev["102"]["sumo_offset_s"], 80)
        with open(os.path.join(out, "tls.add.xml")) as f:
            self.assertIn('<tlLogic id="j2" type="static" programID="greenwave" offset="80">', f.read())

    def test_plans_for_unknown_devices_are_refused(self):
        bad = os.path.join(self.tmp, "bad.jsonl")
        with open(bad, "w") as f:
            f.write(json.dumps(plan("999", 0, 80, 0, 41, 29)) + "\n")
        with self.assertRaisesRegex(SystemExit, "999"):
            plans.apply(self.base, bad, os.path.join(self.tmp, "bad"))


@unittest.skipUnless(HAVE_SUMO, SKIP)
class SumoToolStrategiesTest(unittest.TestCase):
    """The baseline and SUMO's tools on the c3 preset (full hour, about 10 s)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="gweval-")
        cls.result = evaluate.evaluate(cls.tmp, "c3", ["baseline", "cycle-adaptation", "coordinator",
                                                       "adaptation+coordinator"], log=lambda m: None)
        cls.rows = {r["strategy"]: r for r in cls.result["rows"]}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_every_strategy_ran_on_the_same_vehicles(self):
        self.assertEqual(list(self.rows), ["baseline", "cycle-adaptation", "coordinator", "adaptation+coordinator"])
        planned = set()
        for r in self.rows.values():
            self.assertNotIn("error", r)
            planned.add(r["vehicles"] + r["unfinished"])
            self.assertGreater(r["EB"]["vehicles"], 500)
            self.assertGreater(r["WB"]["vehicles"], 250)
        self.assertEqual(len(planned), 1)

    def test_the_tools_changed_the_timing_and_the_delay(self):
        base = self.rows["baseline"]
        self.assertEqual(base["timing"], {"cycle_s": 120, "offsets_s": [0, 0, 0], "green_main_s": [55, 55, 55]})
        ca, co, both = self.rows["cycle-adaptation"], self.rows["coordinator"], self.rows["adaptation+coordinator"]
        self.assertTrue(60 <= ca["timing"]["cycle_s"] < 120, ca["timing"])
        self.assertEqual(len(set(ca["timing"]["offsets_s"])), 1)     # offsets kept (all equal, as the baseline's)
        self.assertEqual(co["timing"]["cycle_s"], 120)
        self.assertGreater(len(set(co["timing"]["offsets_s"])), 1)   # coordinated
        self.assertEqual(both["timing"]["cycle_s"], ca["timing"]["cycle_s"])
        for r in (ca, co, both):
            self.assertLess(r["mean_delay_s"], base["mean_delay_s"], r["strategy"])
            self.assertLess(r["change_pct"], 0)

    def test_outputs_written(self):
        with open(os.path.join(self.tmp, "evaluation.json")) as f:
            self.assertEqual(len(json.load(f)["rows"]), 4)
        with open(os.path.join(self.tmp, "evaluation.md")) as f:
            md = f.read()
        for name in self.rows:
            self.assertIn("| %s |" % name, md)


# A stand-in for ./greenwave replay: plans for every device of the input's network.json, with the cycle 20 s
# shorter than the timing it sees (so each iteration must read the previous run's conversion), offsets for EB
# progression at 13.9 m/s, splits 2/3 main, 1/3 side, effective at 07:00; and a later plan (09:00) to be ignored.
FAKE_REPLAY = r"""#!/usr/bin/python3
import json, os, sys
args = dict(zip(sys.argv[2::2], sys.argv[3::2]))
assert sys.argv[1] == "replay", sys.argv
assert args["--kafka-port"] == "0" and args["--web-ui-port"] == "0" and not os.path.exists(args["--data-dir"]), args
net = json.load(open(os.path.join(args["--input"], "network.json")))
os.makedirs(args["--out"])
links = net["corridors"][0]["link_length_m"]
with open(os.path.join(args["--out"], "signal.timing-plans.jsonl"), "w") as f:
    x = 0.0
    for i, d in enumerate(net["intersections"]):
        x += links[i - 1] if i else 0.0
        c = d["timing"]["cycle_s"] - 20
        g2 = round((c - 10) * 2 / 3)
        plan = {"plan_id": "fake-%s-%d" % (d["device_id"], c), "device_id": d["device_id"],
                "effective_at": 1715583600000, "cycle_s": c, "offset_s": round(x / 13.9) % c,
                "coordinated_phases": [2, 6],
                "phases": [{"phase": p, "green_s": g, "yellow_s": 4, "red_clear_s": 1}
                           for p, g in ((2, g2), (6, g2), (4, c - 10 - g2), (8, c - 10 - g2))]}
        f.write(json.dumps(plan) + "\n")
        # a re-plan after the demand (from the empty clearance tail): not the one to evaluate
        later = dict(plan, plan_id=plan["plan_id"] + "-late", effective_at=1715590800000, cycle_s=60, offset_s=0,
                     phases=[dict(p, green_s=25) for p in plan["phases"]])
        f.write(json.dumps(later) + "\n")
"""


@unittest.skipUnless(HAVE_SUMO, SKIP)
class ClosedLoopPlumbingTest(unittest.TestCase):
    """The loop with a stand-in replay: each iteration converts the previous run and applies the plans it gets."""

    def test_iterations_feed_each_run_to_the_planner(self):
        tmp = tempfile.mkdtemp(prefix="gwfake-")
        try:
            fake = os.path.join(tmp, "fake-greenwave")
            with open(fake, "w") as f:
                f.write(FAKE_REPLAY)
            os.chmod(fake, 0o755)
            res = evaluate.evaluate(os.path.join(tmp, "o"), "c3", ["baseline", "pipeline"], iterations=2,
                                    launcher=fake, overrides=["--duration", "1200"], log=lambda m: None)
            rows = res["rows"]
            self.assertEqual([r["strategy"] for r in rows],
                             ["baseline", "pipeline (iteration 1)", "pipeline (iteration 2)"], rows)
            self.assertEqual([r["timing"]["cycle_s"] for r in rows], [120, 100, 80])
            self.assertEqual(rows[2]["timing"]["offsets_s"], [0, 22, 59])
            for r in rows:
                self.assertGreater(r["vehicles"], 300)
            # the second iteration's input is the first iteration's run, converted
            with open(os.path.join(tmp, "o", "pipeline-2", "data", "network.json")) as f:
                self.assertEqual(json.load(f)["intersections"][0]["timing"]["cycle_s"], 100)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_a_replay_that_sends_no_plan_during_the_demand_has_converged(self):
        tmp = tempfile.mkdtemp(prefix="gwfake-")
        try:
            fake = os.path.join(tmp, "quiet-greenwave")
            with open(fake, "w") as f:  # a replay whose planner found nothing better: an empty plans file
                f.write('#!/bin/sh\nwhile [ "$1" != "--out" ]; do shift; done\nmkdir -p "$2"\n'
                        ': > "$2/signal.timing-plans.jsonl"\n')
            os.chmod(fake, 0o755)
            res = evaluate.evaluate(os.path.join(tmp, "o"), "c3", ["baseline", "pipeline"], iterations=2,
                                    launcher=fake, overrides=["--duration", "900"], log=lambda m: None)
            self.assertEqual(len(res["rows"]), 2)
            self.assertTrue(res["rows"][1]["converged"])
            self.assertNotIn("error", res["rows"][1])
            with open(os.path.join(tmp, "o", "evaluation.md")) as f:
                self.assertIn("| pipeline (iteration 1) | converged:", f.read())
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_a_failing_replay_is_a_failed_row(self):
        tmp = tempfile.mkdtemp(prefix="gwfake-")
        try:
            fake = os.path.join(tmp, "failing-greenwave")
            with open(fake, "w") as f:
                f.write("#!/bin/sh\necho broken >&2\nexit 2\n")
            os.chmod(fake, 0o755)
            res = evaluate.evaluate(os.path.join(tmp, "o"), "c3", ["baseline", "pipeline"], iterations=2,
                                    launcher=fake, overrides=["--duration", "900"], log=lambda m: None)
            self.assertEqual(len(res["rows"]), 2)
            self.assertIn("exit code 2", res["rows"][1]["error"])
            with open(os.path.join(tmp, "o", "evaluation.md")) as f:
                self.assertIn("| pipeline (iteration 1) | failed:", f.read())
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


# The closed loop with the real pipeline (baseline -> ./greenwave replay -> plans -> SUMO) is a Java test,
# deploy/local/src/test/java/greenwave/cli/GreenWaveClosedLoopTest.java: it runs this build's classes, so it never makes the
# launcher rebuild the project in the middle of a Maven run.


if __name__ == "__main__":
    unittest.main()
