#!/usr/bin/env bash
# ./greenwave sim validate [--work DIR] [--against probes|all] [-- scenario options]
# Generates a corridor in SUMO, converts it to the contract's inputs, replays them through the pipeline on a
# private local stack, and checks probe delay and arrivals on green against SUMO's ground truth.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="" against="probes"
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work="$2"; shift 2 ;;
    --against) against="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; echo "scenario options: see 'sim/greenwave-sim scenario --help'"; exit 0 ;;
    *) break ;;
  esac
done
[ -n "$work" ] || work="$(mktemp -d "${TMPDIR:-/tmp}/greenwave-sim.XXXXXX")"
command -v sumo >/dev/null || { echo "SUMO is not installed: run sim/install.sh" >&2; exit 1; }
echo "greenwave sim validate: working in $work" >&2
"$repo/sim/greenwave-sim" all --out "$work/sim" -- "$@"
"$repo/greenwave" replay --input "$work/sim/data" --out "$work/out" --data-dir "$work/stack" \
  --kafka-port 0 --web-ui-port 0
"$repo/sim/greenwave-sim" validate --truth "$work/sim/data" --against "$against" \
  --measures "$work/out/probe.measures.jsonl" --aog "$work/out/signal.measures.jsonl"
