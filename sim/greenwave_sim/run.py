"""Run SUMO on a scenario with every output the bridge reads."""
import os
import subprocess


def run(scenario_dir, quiet=True):
    cmd = ["sumo", "-c", "corridor.sumocfg",
           "--fcd-output", "fcd.xml",            # every vehicle, every 1 s step (front bumper x/y, angle, speed)
           "--tripinfo-output", "tripinfo.xml",  # per-vehicle timeLoss/waitingCount (kept for reference)
           "--no-step-log", "true", "--duration-log.disable", "true"]
    with open(os.path.join(scenario_dir, "edgedata.add.xml"), "w") as f:
        f.write('<additional>\n  <edgeData id="ed15" period="900" file="edgedata.xml"/>\n</additional>\n')
    cmd += ["--additional-files", "tls.add.xml,det.add.xml,edgedata.add.xml"]
    if quiet:
        cmd += ["--no-warnings", "true"]
    subprocess.run(cmd, cwd=scenario_dir, check=True)
