#!/usr/bin/env bash
# Rebuilds sim/samples/corridor3 (the demo's SUMO-made traffic input). Deterministic for a given SUMO version (1.15).
# corridor3/ holds only replay inputs (network.json + <topic>.jsonl.gz); truth/ and scenario/ are beside them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gw="$here/../greenwave-sim"
work="$(mktemp -d)"
out="$here/corridor3"
"$gw" scenario --out "$work" --intersections 3 --spacing 300,450 --lanes 2 --speed 13.9 \
  --demand-outbound 900 --demand-inbound 500 --side-demand 300 --cycle 90 --duration 3600 --seed 1 \
  --start 2024-05-13T07:00:00Z
"$gw" run --scenario "$work"
rm -rf "$out"; mkdir -p "$out/scenario" "$out/truth"
"$gw" convert --scenario "$work" --out "$out" --penetration 0.2 --sampling 5 --gps-noise 3 --seed 1 --gzip
mv "$out/probes.csv" "$out/conversion.json" "$out/truth/"
"$gw" truth --scenario "$work" --out "$out/truth"
gzip -9 -n -f "$out/truth/truth_traversals.csv"
"$gw" selfcheck --input "$out" --out "$out/truth/selfcheck.measures.jsonl"
"$gw" validate --truth "$out/truth" --measures "$out/truth/selfcheck.measures.jsonl" \
  --aog "$out/truth/selfcheck.measures.jsonl" > "$out/truth/selfcheck.txt"
# the scenario's inputs (not SUMO's outputs), so the run can be repeated
cp "$work"/corridor.nod.xml "$work"/corridor.edg.xml "$work"/corridor.net.xml "$work"/corridor.rou.xml \
   "$work"/corridor.sumocfg "$work"/tls.add.xml "$work"/det.add.xml "$work"/scenario.json "$out/scenario/"
# drop the "generated on <date>" comment netconvert writes, so a rebuild gives the same bytes
/usr/bin/python3 - "$out/scenario/corridor.net.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
open(p, "w").write(re.sub(r"<!-- generated on .*?-->\n", "", s, count=1, flags=re.S))
PY
rm -rf "$work"
du -sh "$out"
