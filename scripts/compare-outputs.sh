#!/usr/bin/env bash
# Byte-for-byte comparison of two geosim binaries over a fixed set of scenarios that
# covers every mode and feature: text and JSON reports, exports, sweeps, plans and checks.
# Use it around any change that should not change results (a refactor, a speed-up).
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY
#
# Exit 0 when every output is identical; otherwise prints the scenarios that differ
# (with the first lines of the diff) and exits 1.
set -uo pipefail
if [[ $# -ne 2 ]]; then echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 64; fi
old=$1
new=$2
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t3="--topology us-east,us-west,eu-central"
t5="--topology us-east,us-west,eu-central,ap-northeast,sa-east"

scenarios=(
  "run $t3"
  "run $t3 --format json"
  "run $t3 --format csv --duration 20s"
  "run $t5 --replicas-per-region 3 --ranges 50 --locality row --duration 20s"
  "run $t3 --locality global --read-mode strong --duration 20s"
  "run $t3 --read-mode bounded --session read-your-writes,monotonic-reads --duration 20s"
  "run $t3 --read-mode exact --duration 20s"
  "run $t3 --read-mode nearest --strong-reads read-index --duration 20s"
  "run $t3 --crash us-east@5s..15s --partition 'us-east|us-west,eu-central@20s..25s' --duration 40s"
  "run $t3 --chaos --seed 7 --duration 40s"
  "run $t3 --cache-ttl 5s --cache-invalidation global --cache-fill xfetch --cache-swr 1s --duration 20s"
  "run $t3 --replication primary-async --duration 20s"
  "run $t3 --replication primary-sync --crash us-east@5s..10s --duration 20s"
  "run $t3 --replication leaderless --duration 20s"
  "run $t3 --request-shape n+1:5 --retries 2 --duration 20s"
  "run $t3 --replication primary-sync --crash us-east@5s..10s --promotion-delay 2s --pool-size 4 --max-connections 10 --duration 20s --timeline"
  "run $t3 --pool-size 2 --pooler 2 --rate 800 --duration 10s"
  "run $t3 --pool-size 1 --pool-timeout 5ms --rate 3000 --duration 5s"
  "run $t3 --replication leaderless --read-repair --anti-entropy 1s --read-mode nearest --duration 10s"
  "run $t3 --cache-ttl 5s --cache-fill singleflight --cache-invalidation local --request-lookups 3 --duration 10s --format json"
  "run $t3 --faults $here/topologies/faults-example.json --duration 5m"
  "run --topology $here/topologies/five-region-global.json --duration 20s"
  "sweep $t3 --vary rate=500,1000 --duration 10s"
  "plan $t3 --slo 'p99 write < 250ms' --vary rate=500..4000 --duration 10s"
  "check $t3 --seeds 4 --jobs 1"
  "check $t3 --locality row --read-mode exact --session read-your-writes --seeds 3 --jobs 1"
  "visibility --scenario $here/topologies/three-region-us-eu.json $t3 --trials 200"
)

status=0
index=0
for words in "${scenarios[@]}"; do
  index=$((index + 1))
  for side in old new; do
    binary=$old; [[ $side == new ]] && binary=$new
    mkdir -p "$work/$side/$index"
    # eval: a scenario's words may hold quoted values with spaces (an SLO).
    (cd "$work/$side/$index" && eval "\"\$binary\" $words" > stdout.txt 2> stderr.txt; echo "exit $?" > exit.txt)
    if [[ $words == run* ]]; then
      (cd "$work/$side/$index" && eval "\"\$binary\" $words --export export" > /dev/null 2>&1)
    fi
  done
  if ! diff -r "$work/old/$index" "$work/new/$index" > "$work/diff-$index.txt" 2>&1; then
    echo "DIFFERS: geosim $words"
    head -20 "$work/diff-$index.txt" | sed 's/^/    /'
    status=1
  else
    echo "same:    geosim $words ($(cat "$work/new/$index/exit.txt"))"
  fi
done
exit $status
