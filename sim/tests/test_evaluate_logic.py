"""apply/evaluate without SUMO: plan selection and checks, offset conversion, tripinfo metrics, the table writer."""
import json
import os
import shutil
import tempfile
import unittest

from _path import SIM  # noqa: F401
from greenwave_sim import evaluate, metrics, plans

START_0700 = {"start_epoch_ms": 1715583600000}  # 2024-05-13T07:00:00Z: 25200 s after midnight UTC

TRIPINFO = """<tripinfos>
    <tripinfo id="out.0" depart="100.00" departLane="w_j1_0" departDelay="0.00" arrival="300.00" arrivalLane="j3_e_1" duration="200.00" waitingCount="3" timeLoss="50.00"/>
    <tripinfo id="out.1" depart="700.00" departLane="w_j1_1" departDelay="0.00" arrival="900.00" arrivalLane="j3_e_0" duration="200.00" waitingCount="2" timeLoss="40.00"/>
    <tripinfo id="out.2" depart="705.00" departLane="w_j1_0" departDelay="10.00" arrival="905.00" arrivalLane="j3_e_0" duration="200.00" waitingCount="0" timeLoss="10.00"/>
    <tripinfo id="in.0" depart="800.00" departLane="e_j3_0" departDelay="0.00" arrival="950.00" arrivalLane="j1_w_0" duration="150.00" waitingCount="1" timeLoss="30.00"/>
    <tripinfo id="nb1.0" depart="650.00" departLane="s1_j1_0" departDelay="0.00" arrival="700.00" arrivalLane="j1_n1_0" duration="50.00" waitingCount="1" timeLoss="12.00"/>
</tripinfos>
"""
# planned departures: out.0 at 100 (warm-up), out.1 700, out.2 695 (inserted 10 s late), in.0 800, nb1.0 650, and one
# vehicle (sb1.0) that never finished
ROUTES = """<routes>
  <vehicle id="out.0" type="car" depart="100" departLane="0"><route edges="w_j1 j1_j2 j2_j3 j3_e"/></vehicle>
  <vehicle id="nb1.0" type="car" depart="650" departLane="0"><route edges="s1_j1 j1_n1"/></vehicle>
  <vehicle id="out.2" type="car" depart="695" departLane="0"><route edges="w_j1 j1_j2 j2_j3 j3_e"/></vehicle>
  <vehicle id="out.1" type="car" depart="700" departLane="1"><route edges="w_j1 j1_j2 j2_j3 j3_e"/></vehicle>
  <vehicle id="in.0" type="car" depart="800" departLane="0"><route edges="e_j3 j3_j2 j2_j1 j1_w"/></vehicle>
  <vehicle id="sb1.0" type="car" depart="3500" departLane="0"><route edges="n1_j1 j1_s1"/></vehicle>
</routes>
"""


def plan(dev, eff, cycle, offset, g2, g4, plan_id=None):
    return {"plan_id": plan_id or "c-%s-%d" % (dev, eff), "device_id": dev, "effective_at": eff, "cycle_s": cycle,
            "offset_s": offset, "coordinated_phases": [2, 6],
            "phases": [{"phase": p, "green_s": g, "yellow_s": 4, "red_clear_s": 1}
                       for p, g in ((2, g2), (6, g2), (4, g4), (8, g4))]}


class PlanSelectionTest(unittest.TestCase):
    def test_latest_plan_per_device_or_the_one_in_force_at_a_time(self):
        ps = [plan("101", 2000, 90, 0, 50, 30), plan("101", 1000, 100, 5, 60, 30), plan("102", 1500, 90, 20, 50, 30)]
        latest = plans.select(ps)
        self.assertEqual(latest["101"]["effective_at"], 2000)
        self.assertEqual(latest["102"]["offset_s"], 20)
        at = plans.select(ps, at=1200)
        self.assertEqual(at["101"]["cycle_s"], 100)
        self.assertNotIn("102", at)  # its first plan starts later

    def test_read_plans_skips_bad_lines(self):
        d = tempfile.mkdtemp()
        try:
            p = os.path.join(d, "p.jsonl")
            with open(p, "w") as f:
                f.write(json.dumps(plan("101", 1, 90, 0, 50, 30)) + "\n\nnot json\n{\"device_id\": \"102\"}\n")
            self.assertEqual([x["device_id"] for x in plans.read_plans(p)], ["101"])
        finally:
            shutil.rmtree(d)

    def test_check_timing_durations_and_refusals(self):
        self.assertEqual(plans.check_timing("101", plan("101", 0, 90, 0, 50, 30)), [50, 4, 1, 30, 4, 1])
        with self.assertRaisesRegex(SystemExit, "cycle is 100"):
            plans.check_timing("101", plan("101", 0, 100, 0, 50, 30))
        odd = plan("101", 0, 90, 0, 50, 30)
        odd["phases"][1]["green_s"] = 45
        with self.assertRaisesRegex(SystemExit, "phase 6"):
            plans.check_timing("101", odd)
        no_side = plan("101", 0, 90, 0, 50, 30)
        no_side["phases"] = no_side["phases"][:2]
        with self.assertRaisesRegex(SystemExit, "phases 2 and 4"):
            plans.check_timing("101", no_side)

    def test_offset_conversion_both_ways(self):
        # 25200 s after midnight; cycle 80: 25200 mod 80 = 0 -> same offset; cycle 90: 25200 mod 90 = 0; cycle 70: 0
        self.assertEqual(plans.sumo_offset(30, 80, START_0700), 30)
        start_0701 = {"start_epoch_ms": START_0700["start_epoch_ms"] + 60000}  # 25260 s: 25260 mod 80 = 60
        self.assertEqual(plans.sumo_offset(30, 80, start_0701), 50)   # (30 - 60) mod 80
        self.assertEqual(plans.network_offset(50, 80, start_0701), 30)
        for off in range(0, 80, 7):
            self.assertEqual(plans.network_offset(plans.sumo_offset(off, 80, start_0701), 80, start_0701), off)

    def test_timings_from_a_sumo_tool_output(self):
        meta = dict(START_0700, network={"intersections": [
            {"device_id": "101", "sumo_tls": "j1", "sumo_offset_s": 0,
             "sumo_program": [{"duration": d, "state": "x"} for d in (55, 4, 1, 55, 4, 1)]}]})
        t = plans.timings_from_sumo(meta, {"j1": {"durations": [35, 4, 1, 16, 4, 1], "offset": 25.68}})["101"]
        self.assertEqual((t["cycle_s"], t["offset_s"]), (61, (26 + 25200) % 61))
        self.assertEqual(plans.check_timing("101", t), [35, 4, 1, 16, 4, 1])
        only_offset = plans.timings_from_sumo(meta, {"j1": {"durations": None, "offset": 71.15}})["101"]
        self.assertEqual((only_offset["cycle_s"], only_offset["offset_s"]), (120, 71))


class MetricsTest(unittest.TestCase):
    def setUp(self):
        self.d = tempfile.mkdtemp()
        self.trip, self.rou = os.path.join(self.d, "tripinfo.xml"), os.path.join(self.d, "corridor.rou.xml")
        with open(self.trip, "w") as f:
            f.write(TRIPINFO)
        with open(self.rou, "w") as f:
            f.write(ROUTES)

    def tearDown(self):
        shutil.rmtree(self.d)

    def test_means_exclude_warmup_and_count_unfinished(self):
        m = metrics.measure(self.trip, 600, self.rou)
        # kept: out.1 (40), out.2 (10 + 10 s insertion wait; planned 695), in.0 (30), nb1.0 (12); out.0 is warm-up
        self.assertEqual(m["vehicles"], 4)
        self.assertEqual(m["mean_delay_s"], round((40 + 20 + 30 + 12) / 4.0, 2))
        self.assertEqual(m["mean_stops"], round((2 + 0 + 1 + 1) / 4.0, 2))
        self.assertEqual(m["EB"], {"vehicles": 2, "mean_delay_s": 30.0, "mean_stops": 1.0})
        self.assertEqual(m["WB"], {"vehicles": 1, "mean_delay_s": 30.0, "mean_stops": 1.0})
        self.assertEqual(m["unfinished"], 1)  # sb1.0 planned, no tripinfo

    def test_warmup_uses_the_planned_departure(self):
        # out.2 planned at 695, inserted at 705: with a 700 s warm-up it is out, although it departed after 700
        m = metrics.measure(self.trip, 700, self.rou)
        self.assertEqual(m["EB"]["vehicles"], 1)

    def test_through_direction_needs_the_whole_main_street(self):
        self.assertEqual(metrics.through_direction({"from_edge": "w_j1", "to_edge": "j3_e"}), "EB")
        self.assertEqual(metrics.through_direction({"from_edge": "e_j3", "to_edge": "j1_w"}), "WB")
        self.assertIsNone(metrics.through_direction({"from_edge": "s1_j1", "to_edge": "j1_n1"}))
        self.assertIsNone(metrics.through_direction({"from_edge": "w_j1", "to_edge": "j1_n1"}))


class TableTest(unittest.TestCase):
    def rows(self):
        def row(name, delay, eb, wb):
            return {"strategy": name, "mean_delay_s": delay, "mean_stops": 1.234, "vehicles": 100, "unfinished": 0,
                    "EB": {"mean_delay_s": eb}, "WB": {"mean_delay_s": wb},
                    "timing": {"cycle_s": 90, "offsets_s": [0, 22, 54]}, "seconds": 3.0}
        rows = [row("baseline", 60.0, 90.0, 80.0), row("coordinator", 45.0, 40.0, None),
                {"strategy": "pipeline (iteration 1)", "error": "replay failed | exit 1", "seconds": 1.0}]
        evaluate.add_changes(rows)
        return rows

    def test_change_against_the_baseline(self):
        rows = self.rows()
        self.assertNotIn("change_pct", rows[0])
        self.assertEqual(rows[1]["change_pct"], -25.0)
        self.assertNotIn("change_pct", rows[2])

    def test_markdown_rows_and_columns(self):
        md = evaluate.markdown({"rows": self.rows()})
        lines = md.strip().split("\n")
        self.assertTrue(lines[0].startswith("| strategy | mean delay (s/veh) | vs baseline | stops/veh | EB through"))
        self.assertEqual(len(lines), 5)
        self.assertEqual(lines[2], "| baseline | 60.0 | – | 1.23 | 90.0 | 80.0 | 100 (0) | C 90, offsets 0,22,54 | 3.0 |")
        self.assertIn("| coordinator | 45.0 | -25.0 % | 1.23 | 40.0 | – |", lines[3])
        self.assertIn("failed: replay failed / exit 1", lines[4])  # no stray column separator
        self.assertEqual(len({l.count("|") for l in lines}), 1)

    def test_preset_overrides(self):
        o = evaluate.scenario_options("c5", ["--seed", "3", "--cycle", "100", "--spacing", "300,300,300,300"])
        self.assertEqual((o["seed"], o["cycle"], o["spacing"], o["intersections"]), (3, 100, "300,300,300,300", 5))
        with self.assertRaises(SystemExit):
            evaluate.scenario_options("c3", ["--bogus", "1"])


if __name__ == "__main__":
    unittest.main()
