"""The greenwave-sim wrapper and the validate command's exit codes."""
import os
import shutil
import subprocess
import tempfile
import unittest

from _path import SIM

GW = os.path.join(SIM, "greenwave-sim")


@unittest.skipUnless(shutil.which("sumo"), "SUMO not installed: apt-get install sumo sumo-tools (or sim/install.sh)")
class CliTest(unittest.TestCase):
    def test_help_lists_the_subcommands(self):
        out = subprocess.run([GW, "--help"], capture_output=True, text=True, check=True).stdout
        for cmd in ("scenario", "run", "convert", "truth", "selfcheck", "validate", "apply", "evaluate", "all"):
            self.assertIn(cmd, out)

    def test_validate_exit_codes(self):
        d = tempfile.mkdtemp()
        try:
            with open(os.path.join(d, "truth_delay.csv"), "w") as f:
                f.write("approach_id,bin_start,vehicles,mean_delay_s,p85_delay_s,mean_stops,max_queue_m,"
                        "mean_time_loss_s,probe_vehicles,probe_mean_delay_s\n101-EB,0,100,20,30,1,10,20,20,20.5\n")
            good, bad = os.path.join(d, "good.jsonl"), os.path.join(d, "bad.jsonl")
            with open(good, "w") as f:
                f.write('{"measure":"probe_approach_delay","approach_id":"101-EB","bin_start":0,"samples":20,'
                        '"mean_delay_s":22.0}\n')
            with open(bad, "w") as f:
                f.write('{"approach_id":"101-EB","bin_start":0,"samples":20,"mean_delay_s":30.0}\n')
            self.assertEqual(subprocess.run([GW, "validate", "--truth", d, "--measures", good],
                                            capture_output=True).returncode, 0)
            r = subprocess.run([GW, "validate", "--truth", d, "--measures", bad], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("FAIL", r.stdout)
        finally:
            shutil.rmtree(d)

    def test_install_script_is_a_no_op_when_sumo_is_there(self):
        r = subprocess.run([os.path.join(SIM, "install.sh")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertIn("already installed", r.stdout)


if __name__ == "__main__":
    unittest.main()
