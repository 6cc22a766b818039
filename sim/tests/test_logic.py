"""Pure-Python logic: traversal geometry, delay/stops, validation rules. No SUMO needed."""
import io
import json
import os
import tempfile
import unittest

from _path import SIM  # noqa: F401
from greenwave_sim import geo, selfcheck, signal, truth, validate


def drive(stop_at=None, stop_s=0.0, v=13.9, dt=1.0, start=-400.0, end=100.0):
    """A vehicle driving east along y=0 towards a stop bar at x=0, optionally stopped at x=stop_at for stop_s."""
    out, t, x, stopped = [], 0.0, start, 0.0
    while x < end:
        speed = v
        if stop_at is not None and x >= stop_at and stopped < stop_s:
            speed, stopped = 0.0, stopped + dt
        out.append((t, x, 0.0, 90.0, speed))
        nx = x + speed * dt
        if stop_at is not None and x < stop_at < nx and stopped < stop_s:
            nx = stop_at  # brake exactly at the stop position
        x = nx
        t += dt
    return out


class TraversalTest(unittest.TestCase):
    def test_free_flow_has_no_delay(self):
        tr = truth.traversals(drive(), (0.0, 0.0), 90.0, 250.0)
        self.assertEqual(len(tr), 1)
        te, tc, _, _ = tr[0]
        self.assertAlmostEqual(tc - te, 250.0 / 13.9, places=6)

    def test_stop_adds_its_duration_and_counts_once(self):
        s = drive(stop_at=-2.0, stop_s=30.0)
        (te, tc, i0, i1), = truth.traversals(s, (0.0, 0.0), 90.0, 250.0)
        self.assertAlmostEqual((tc - te) - 250.0 / 13.9, 30.0, delta=1.01)
        stops, queue = truth.stops_and_queue(s, i0, i1, (0.0, 0.0), 90.0)
        self.assertEqual(stops, 1)
        self.assertGreater(queue, 0.0)

    def test_wrong_heading_is_not_a_traversal(self):
        s = [(t, x, y, 0.0, v) for t, x, y, h, v in drive()]
        self.assertEqual(truth.traversals(s, (0.0, 0.0), 90.0, 250.0), [])

    def test_selfcheck_ignores_jitter_across_the_stop_bar(self):
        # stopped 1 m before the bar, noisy samples jitter past it; the pass is the final departure
        pts = [(0, -300.0, True, 13.9), (5000, -230.0, True, 13.9), (10000, -1.0, True, 0.0),
               (15000, 0.8, True, 0.0), (20000, -0.5, True, 0.0), (25000, 20.0, True, 8.0), (30000, 80.0, True, 13.9)]
        (ke, kc), = selfcheck._passes(pts, 250.0, 10.0)
        self.assertEqual((ke, kc), (1, 5))

    def test_percentile_is_linear(self):
        self.assertAlmostEqual(truth.percentile([0, 10], 85), 8.5)

    def test_geo_round_trip_and_bearing(self):
        lat, lon = geo.xy_to_latlon(300.0, -40.0)
        x, y = geo.latlon_to_xy(lat, lon)
        self.assertAlmostEqual(x, 300.0, places=6)
        self.assertAlmostEqual(y, -40.0, places=6)
        self.assertAlmostEqual(geo.bearing_of(1, 0), 90.0)
        self.assertAlmostEqual(geo.bearing_of(0, -1), 180.0)

    def test_signal_events_table(self):
        self.assertEqual(signal.nema_state(0, 2), "G")
        self.assertEqual(signal.nema_state(1, 6), "Y")
        self.assertEqual(signal.nema_state(2, 2), "R")
        self.assertEqual(signal.nema_state(3, 4), "G")
        self.assertEqual(signal.nema_state(0, 8), "R")
        codes = sorted(c for k in signal.EVENTS_AT for _, cs in signal.EVENTS_AT[k] for c in cs)
        self.assertEqual(codes, sorted([0, 1, 7, 8, 9, 10, 11, 12] * 2))


class ValidateTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        with open(os.path.join(self.dir, "truth_delay.csv"), "w") as f:
            f.write("approach_id,bin_start,vehicles,mean_delay_s,p85_delay_s,mean_stops,max_queue_m,"
                    "probe_vehicles,probe_mean_delay_s\n"
                    "101-EB,1000,200,40.0,60,0.5,30,40,42.0\n"
                    "101-WB,1000,100,10.0,20,0.5,30,25,11.0\n")
        with open(os.path.join(self.dir, "truth_aog.csv"), "w") as f:
            f.write("device_id,phase,bin_start,total_arrivals,green_arrivals,percent_aog\n101,2,1000,100,60,0.6\n")

    def run_validate(self, recs, **kw):
        p = os.path.join(self.dir, "m.jsonl")
        with open(p, "w") as f:
            for r in recs:
                f.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
        buf = io.StringIO()
        rc = validate.validate(self.dir, measures=p if "aog" not in kw else None,
                               aog=p if kw.pop("aog", False) else None, out=buf, **kw)
        return rc, buf.getvalue()

    def test_pass_within_15_percent(self):
        rc, out = self.run_validate([{"measure": "probe_approach_delay", "approach_id": "101-EB", "bin_start": 1000,
                                      "samples": 40, "mean_delay_s": 48.0},
                                     {"measure": "link_travel_time", "approach_id": "101-EB", "bin_start": 1000,
                                      "samples": 40, "mean_delay_s": 99.0},
                                     "not json", {"approach_id": "101-WB", "bin_start": "1000", "samples": 25,
                                                  "mean_delay_s": 13.9}])
        self.assertEqual(rc, 0, out)

    def test_fail_outside_tolerance(self):
        rc, out = self.run_validate([{"approach_id": "101-EB", "bin_start": 1000, "samples": 40, "mean_delay_s": 49.0}])
        self.assertEqual(rc, 1)
        self.assertIn("FAIL", out)

    def test_three_seconds_floor_and_min_samples(self):
        rc, _ = self.run_validate([{"approach_id": "101-WB", "bin_start": 1000, "samples": 25, "mean_delay_s": 14.2},
                                   {"approach_id": "101-EB", "bin_start": 1000, "samples": 19, "mean_delay_s": 99}])
        self.assertEqual(rc, 1)  # 14.2 vs 11.0 is 3.2 s > max(3, 1.65); the 19-sample bin is skipped
        rc, _ = self.run_validate([{"approach_id": "101-WB", "bin_start": 1000, "samples": 25, "mean_delay_s": 13.9}])
        self.assertEqual(rc, 0)

    def test_against_all_vehicles(self):
        rec = [{"approach_id": "101-EB", "bin_start": 1000, "samples": 40, "mean_delay_s": 46.5}]
        self.assertEqual(self.run_validate(rec, against="all")[0], 1)
        self.assertEqual(self.run_validate(rec, against="probes")[0], 0)

    def test_unknown_bin_fails_and_nothing_fails(self):
        self.assertEqual(self.run_validate([{"approach_id": "9-EB", "bin_start": 1000, "samples": 40,
                                             "mean_delay_s": 1}])[0], 1)
        self.assertEqual(self.run_validate([])[0], 1)

    def test_aog(self):
        ok = {"measure": "arrivals_on_green", "device_id": "101", "phase": 2, "bin_start": 1000,
              "total_actuations": 101, "green_actuations": 61}
        self.assertEqual(self.run_validate([ok], aog=True)[0], 0)
        bad = dict(ok, green_actuations=70)
        self.assertEqual(self.run_validate([bad], aog=True)[0], 1)
        other = dict(ok, phase=6)  # the truth's phase-2 bin has green arrivals but no record
        self.assertEqual(self.run_validate([ok, other], aog=True)[0], 1)


if __name__ == "__main__":
    unittest.main()
