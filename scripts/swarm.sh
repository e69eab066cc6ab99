#!/usr/bin/env bash
# Property-test swarm: `geosim check` over every Raft configuration geosim can check,
# and `geosim run --chaos` over the replication modes `check` does not cover yet
# (primaries, leaderless), on seed ranges the test suite never uses.
#
#   scripts/swarm.sh [FIRST_SEED] [SEEDS_PER_CONFIG] [JOBS]
#
# Prints one line per configuration; exits 1 if any seed broke an invariant or any run
# failed. Failing seeds print their replay and shrunk commands (see the log folder).
set -uo pipefail
cd "$(dirname "$0")/.."
first=${1:-50000}
seeds=${2:-200}
jobs=${3:-2}
binary=${GEOSIM:-.build/release/geosim}
[ -x "$binary" ] || swift build -c release --product geosim >&2 || exit 2
logs=${SWARM_LOGS:-$(mktemp -d)}
topology="--topology us-east,us-west,eu-central"
five="--topology us-east,us-west,eu-central,ap-northeast,sa-east"

checks=(
  "$topology"
  "$topology --strong-reads read-index"
  "$topology --read-mode exact --session read-your-writes"
  "$topology --read-mode exact --session monotonic-reads"
  "$topology --read-mode bounded --session read-your-writes"
  "$topology --read-mode bounded --session monotonic-reads"
  "$topology --read-mode nearest"
  "$topology --locality row"
  "$topology --locality row --replicas-per-region 3"
  "$topology --locality global"
  "$topology --locality global --read-mode strong"
  "$topology --replicas-per-region 3 --strong-reads read-index"
  "$five --locality row --read-mode exact --session read-your-writes"
  "$topology --cache-ttl 5s --cache-invalidation global"
  "$topology --cache-ttl 5s --cache-fill singleflight --session read-your-writes"
  "$topology --cache-ttl 2s --cache-swr 1s --cache-fill xfetch"
)
runs=(
  "$topology --replication primary-sync"
  "$topology --replication primary-async"
  "$topology --replication leaderless"
)

status=0
index=0
for config in "${checks[@]}"; do
  index=$((index + 1))
  log="$logs/check-$index.txt"
  # shellcheck disable=SC2086
  $binary check $config --seed "$first" --seeds "$seeds" --jobs "$jobs" > "$log" 2>&1
  code=$?
  echo "check $config: exit $code, $(grep -m1 '^passed' "$log")"
  [ $code -eq 0 ] || status=1
done
for config in "${runs[@]}"; do
  failures=0
  for seed in $(seq "$first" $((first + seeds / 10 - 1))); do
    # shellcheck disable=SC2086
    $binary run $config --chaos --seed "$seed" --duration 30s > /dev/null 2>> "$logs/runs.txt" || failures=$((failures + 1))
  done
  echo "run --chaos $config: $((seeds / 10)) seeds, $failures failed"
  [ $failures -eq 0 ] || status=1
done
echo "logs: $logs"
exit $status
