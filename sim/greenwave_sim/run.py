"""Run SUMO on a scenario with every output the bridge reads."""
import os
import subprocess


def sumo_env():
    """Environment with SUMO_HOME set (the share dir holding `tools`), as SUMO's binaries and tools expect."""
    env = dict(os.environ)
    if not env.get("SUMO_HOME"):
        for d in ("/usr/share/sumo", "/usr/local/share/sumo"):
            if os.path.isdir(os.path.join(d, "tools")):
                env["SUMO_HOME"] = d
                break
    return env


def run(scenario_dir, quiet=True, full=True):
    """Run the scenario.  full=False: tripinfo only (no trajectories, detectors or TLS states), for an evaluation run
    that is measured but not converted; several times faster."""
    if not full:
        cmd = ["sumo", "-c", "corridor.sumocfg", "--additional-files", "tls.add.xml",
               "--tripinfo-output", "tripinfo.xml", "--no-step-log", "true", "--duration-log.disable", "true"]
        if quiet:
            cmd += ["--no-warnings", "true"]
        subprocess.run(cmd, cwd=scenario_dir, check=True, env=sumo_env())
        return
    cmd = ["sumo", "-c", "corridor.sumocfg",
           "--fcd-output", "fcd.xml",            # every vehicle, every 1 s step (front bumper x/y, angle, speed)
           "--tripinfo-output", "tripinfo.xml",  # per-vehicle timeLoss/waitingCount (kept for reference)
           "--no-step-log", "true", "--duration-log.disable", "true"]
    with open(os.path.join(scenario_dir, "edgedata.add.xml"), "w") as f:
        f.write('<additional>\n  <edgeData id="ed15" period="900" file="edgedata.xml"/>\n</additional>\n')
    cmd += ["--additional-files", "tls.add.xml,det.add.xml,edgedata.add.xml"]
    if quiet:
        cmd += ["--no-warnings", "true"]
    subprocess.run(cmd, cwd=scenario_dir, check=True, env=sumo_env())
