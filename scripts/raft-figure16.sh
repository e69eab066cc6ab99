#!/usr/bin/env bash
# Reproduces Figure 16 of the Raft paper (Ongaro and Ousterhout, 2014; Ongaro's
# dissertation, chapter 9, "Real-world implementation on a LAN") with `--profile raft-paper`:
# five servers on a LAN, the leader crashed at a random point of its heartbeat interval,
# the time until a new leader commits, per election-timeout range.
#
# The paper's testbed: LogCabin on five servers, gigabit Ethernet, one SSD each; the
# heartbeat is half the minimum election timeout; the crash falls uniformly within the
# heartbeat interval. Here: one region (us-east) of five zones 0.2 ms apart, a disk with a constant
# FSYNC per write (a candidate's and a voter's term and vote are durable before their
# messages leave), 2 writes/s so the followers' timers start from a heartbeat, and ten
# crash times spread over one heartbeat interval, REPLICATES runs (seeds) each.
#
#   scripts/raft-figure16.sh                       # 1000 trials per row, FSYNC=2ms
#   FSYNC=5ms REPLICATES=10 scripts/raft-figure16.sh
#
# Needs a release build (`swift build -c release`) and python3. Prints a Markdown table:
# median, mean, p90 and max of `failover_max_s` (crash to the new leader's first commit),
# and how many trials had no leader by the end of the run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
GEOSIM=${GEOSIM:-$here/../.build/release/geosim}
FSYNC=${FSYNC:-2ms}
RTT=${RTT:-0.2ms}
REPLICATES=${REPLICATES:-100}
[[ -x $GEOSIM ]] || { echo "no geosim binary at $GEOSIM: run swift build -c release" >&2; exit 66; }

topology=$(mktemp --suffix .json)
trap 'rm -f "$topology"' EXIT
printf '{"regions": [{"name": "us-east", "nodes": 5, "zones": 5}], "cross_zone_rtt": "%s"}\n' "$RTT" >"$topology"

# row TIMEOUT HEARTBEAT_MS DURATION: one line of the table.
row() {
  local timeout=$1 heartbeat_ms=$2 duration=$3
  local crashes
  crashes=$(python3 -c "print(','.join('us-east/a@%.4fs' % (10 + k * $heartbeat_ms / 10000) for k in range(10)))")
  "$GEOSIM" sweep --topology "$topology" --profile raft-paper --election-timeout "$timeout" \
    --heartbeat "${heartbeat_ms}ms" --fsync "$FSYNC" --duration "$duration" --rate 2 --write-fraction 1 \
    --jitter none --vary "crash=$crashes" --replicates "$REPLICATES" --format jsonl |
    python3 -c '
import json, statistics, sys
rows = [json.loads(line) for line in sys.stdin]
done = sorted(r["failover_max_s"] for r in rows if r["failover_max_s"] is not None)
cell = lambda s: "%.0f ms" % (s * 1000)
if done:
    p90 = done[max(0, int(0.9 * len(done)) - 1)]
    stats = [cell(statistics.median(done)), cell(statistics.mean(done)), cell(p90), cell(done[-1])]
else:
    stats = ["—"] * 4
print("| %s | %d | %s | %d |" % (sys.argv[1], len(rows), " | ".join(stats), len(rows) - len(done)))
' "$timeout"
}

echo "fsync $FSYNC, LAN round trip $RTT, $((REPLICATES * 10)) trials per row"
echo
echo "| election timeout | trials | median | mean | p90 | max | no leader by the end |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
row 150ms..150ms 75 40s
row 150ms..151ms 75 40s
row 150ms..155ms 75 12s
row 150ms..175ms 75 12s
row 150ms..200ms 75 12s
row 150ms..300ms 75 12s
row 12ms..24ms 6 12s
row 25ms..50ms 12.5 12s
row 50ms..100ms 25 12s
row 100ms..200ms 50 12s
