#!/usr/bin/env bash
# The self-check on three corridors at 20 % penetration / 5 s sampling (about 2 min).
# Usage: sim/selfcheck_corridors.sh [WORKDIR]; exit non-zero if any corridor fails the rule.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
w="${1:-$(mktemp -d)}"
mkdir -p "$w"
rc=0
run() {  # name, scenario options...
  local name="$1"; shift
  "$here/greenwave-sim" all --out "$w/$name" --penetration 0.2 --sampling 5 -- "$@" > "$w/$name.log" 2>&1 || rc=1
  echo "== $name: $*"
  sed -n '/^per approach/,/failed$/p' "$w/$name.log" | sed -n '1,/failed$/p'
  grep "AOG bins evaluated" "$w/$name.log"
  "$here/greenwave-sim" validate --truth "$w/$name/data" --measures "$w/$name/selfcheck.measures.jsonl" \
    --against all | grep "approach-bins evaluated" | sed 's/^/  against all vehicles: /'
}
run A --intersections 3 --spacing 300,450
run B --intersections 5 --spacing 250,400,600,350
run C --intersections 3 --spacing 400,350 --demand-outbound 700 --demand-inbound 900 --side-demand 400 --cycle 100 --seed 3
echo "outputs in $w"
exit $rc
