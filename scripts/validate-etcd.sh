#!/usr/bin/env bash
# Validates geosim against a real etcd (issue 17): a 3-member etcd cluster, one member per
# network namespace (us-east, us-west, eu-central), peer traffic through a user-space delay
# proxy that adds geosim's own catalog round trips, one client per region on its local
# member; then the same topology and workload in geosim, side by side. Results and raw data
# go to $OUT; docs/validation.md records a run.
#
#   sudo scripts/validate-etcd.sh                 # defaults: tmpfs data dirs, 500 ops/kind/region
#   sudo DATA_MEDIUM=disk OPS=300 TRIALS=3 scripts/validate-etcd.sh
#   COMPARE_ONLY=/tmp/geosim-validate-etcd/RUN scripts/validate-etcd.sh   # geosim side only, again
#
# Needs root (namespaces, apt-get) and a few minutes. NOT part of CI (.ci/run).
# Env: GEOSIM (binary), OPS (puts and gets per region), TRIALS (failover repetitions),
#      DATA_MEDIUM (tmpfs: /dev/shm, or disk: /var/tmp), OUT (results dir), PYTHON,
#      RTT_SCALE (multiplies the catalog round trips; 0 = calibration: no added delay),
#      GEOSIM_CMD (the geosim model, see below), COMPARE_ONLY (see above), HOLD (failover:
#      keep the old leader cut off HOLD whole seconds, then heal and watch its return; geosim
#      isolates it as long).
# Safe to re-run: it first removes what an earlier run of it left (its namespaces, bridge,
# and the processes running inside its namespaces), and cleans up on exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
GEOSIM=${GEOSIM:-$repo/.build/release/geosim}
[[ -x $GEOSIM ]] || GEOSIM=/tmp/new/geosim
OPS=${OPS:-500}
TRIALS=${TRIALS:-6}
HOLD=${HOLD:-0}           # failover: whole seconds the old leader stays cut off (0: heal at once)
DATA_MEDIUM=${DATA_MEDIUM:-tmpfs}
OUT=${OUT:-/tmp/geosim-validate-etcd/$(date +%Y%m%d-%H%M%S)-$DATA_MEDIUM}
PYTHON=${PYTHON:-python3}
export PYTHONDONTWRITEBYTECODE=1
RTT_SCALE=${RTT_SCALE:-1}

REGIONS=(us-east us-west eu-central)
TOPOLOGY=$(IFS=,; echo "${REGIONS[*]}")
LEADER=us-east            # where the etcd leader is put before measuring (and geosim's --leader)
PROBE=us-west             # failover: the region whose client times the first successful put
SUBNET=10.77.0
BRIDGE=gsbr0
PROXY_IP=$SUBNET.1
RUN_DIR=/run/geosim-etcd
CONTROL=$RUN_DIR/proxy.sock

# The geosim model of this testbed, in ONE variable. `--profile etcd` sets etcd's documented
# defaults (heartbeat 100 ms, election timeout 1000 ms randomized in [T, 2T), CheckQuorum,
# ReadIndex reads, no leader preference; docs/profiles.md) but models etcd v3.5+, where
# PreVote is on; Debian's etcd is 3.4 (`--pre-vote` defaults to false), hence --pre-vote off.
# Flags given next to a profile win over it. Before the profile existed this was:
#   --heartbeat 100ms --election-timeout 1s --strong-reads read-index   (with PreVote on
#   and leader preference on, geosim's defaults then).
# Workload: one sequential client per region (closed loop, no think time), half puts,
# uniform keys; --jitter none because the proxy adds a constant delay.
# The profile's disk is etcd's recommended one (2 ms per fsync); the testbed's data dirs are
# on tmpfs by default, where an fsync costs microseconds, hence --fsync 0ms there. With
# DATA_MEDIUM=disk, set FSYNC to what `fio --fdatasync=1` measures on /var/tmp.
if [[ $DATA_MEDIUM == tmpfs ]]; then FSYNC=${FSYNC:-0ms}; else FSYNC=${FSYNC:-2ms}; fi
GEOSIM_CMD=${GEOSIM_CMD:-"run --topology $TOPOLOGY --profile etcd --pre-vote off --fsync $FSYNC --leader $LEADER \
--clients 1 --think-time 0ms --write-fraction 0.5 --key-dist uniform --jitter none --duration 120s --format json"}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

# ------------------------------------------------------------------ geosim
# Runs geosim on the same topology and workload and writes $OUT/results.md next to the
# etcd data in $OUT. COMPARE_ONLY=DIR redoes only this on an earlier run's DIR (no root).
compare() {
  log "geosim: $GEOSIM_ID"
  log "geosim $GEOSIM_CMD"
  # shellcheck disable=SC2086
  "$GEOSIM" $GEOSIM_CMD >"$OUT/geosim.json"
  local gfail=() s
  for s in $(seq "$TRIALS"); do
    # shellcheck disable=SC2086
    "$GEOSIM" $GEOSIM_CMD --seed "$s" --isolate "$LEADER@30s..$((30 + (HOLD > 0 ? HOLD : 30)))s" >"$OUT/geosim-failover-$s.json"
    gfail+=("$OUT/geosim-failover-$s.json")
  done
  "$PYTHON" "$here/etcd_bench.py" summarize --etcd "$OUT" --geosim "$OUT/geosim.json" --regions "$TOPOLOGY" \
    --failover "$OUT/failover.json" --probe "$PROBE" --geosim-failover "${gfail[@]}" --out "$OUT/results.md"
  {
    cat "$OUT/testbed.txt"
    echo "geosim: $GEOSIM_ID"
    echo "geosim command: $GEOSIM $GEOSIM_CMD"
  } | tee -a "$OUT/results.md"
}
GEOSIM_ID="$GEOSIM ($("$GEOSIM" --version), sha256 $(sha256sum "$GEOSIM" | cut -c1-12), built $(date -r "$GEOSIM" '+%F %T'); repo HEAD $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
if [[ -n ${COMPARE_ONLY:-} ]]; then
  OUT=$COMPARE_ONLY
  [[ -f $OUT/testbed.txt ]] || { echo "$OUT has no testbed.txt: not a results directory" >&2; exit 66; }
  TRIALS=$("$PYTHON" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['trials']))" "$OUT/failover.json" 2>/dev/null || echo "$TRIALS")
  compare
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then echo "validate-etcd.sh: needs root (network namespaces)" >&2; exit 77; fi
mkdir -p "$OUT" "$RUN_DIR"

case $DATA_MEDIUM in
  tmpfs) DATA_ROOT=/dev/shm/geosim-etcd ;;
  disk) DATA_ROOT=/var/tmp/geosim-etcd ;;
  *) echo "DATA_MEDIUM must be tmpfs or disk" >&2; exit 64 ;;
esac

# ------------------------------------------------------------------ cleanup
cleanup() {
  set +e
  # Only what this script started: the proxy (pid file) and processes inside its namespaces.
  if [[ -f $RUN_DIR/proxy.pid ]]; then kill "$(cat "$RUN_DIR/proxy.pid")" 2>/dev/null; rm -f "$RUN_DIR/proxy.pid"; fi
  for r in "${REGIONS[@]}"; do
    if ip netns list | grep -qw "gs-$r"; then
      for p in $(ip netns pids "gs-$r"); do kill "$p" 2>/dev/null; done
    fi
  done
  sleep 1
  for r in "${REGIONS[@]}"; do
    if ip netns list | grep -qw "gs-$r"; then
      for p in $(ip netns pids "gs-$r"); do kill -9 "$p" 2>/dev/null; done
      ip netns del "gs-$r"
    fi
  done
  ip link del "$BRIDGE" 2>/dev/null
  rm -rf "$DATA_ROOT" "$CONTROL"
}
cleanup
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ etcd
if ! command -v etcd >/dev/null || ! command -v etcdctl >/dev/null; then
  log "installing etcd-server and etcd-client (Debian)"
  apt-get install -y etcd-server etcd-client >"$OUT/apt.log" 2>&1 \
    || { apt-get update >>"$OUT/apt.log" 2>&1 && apt-get install -y etcd-server etcd-client >>"$OUT/apt.log" 2>&1; }
fi
ETCD_VERSION=$(etcd --version | head -1)
log "$ETCD_VERSION; $(etcdctl version 2>/dev/null | head -1); geosim: $GEOSIM_ID"

# ------------------------------------------------------------------ round trips from geosim
# `geosim regions --from A` prints CODE ALIAS CITY... RTT FLOOR RATIO; the RTT is the
# catalog median geosim itself uses.
rtt() { "$GEOSIM" regions --from "$1" | awk -v b="$2" '$2 == b { print $(NF-2) }'; }
declare -A RTT
for a in "${REGIONS[@]}"; do for b in "${REGIONS[@]}"; do
  [[ $a == "$b" ]] && continue
  RTT[$a,$b]=$(rtt "$a" "$b")
  [[ -n ${RTT[$a,$b]} ]] || { echo "no round trip $a-$b from geosim" >&2; exit 1; }
  # RTT_SCALE=0: a calibration run, etcd and the proxy with no added delay.
  RTT[$a,$b]=$(awk -v r="${RTT[$a,$b]}" -v s="$RTT_SCALE" 'BEGIN { print r * s }')
done; done
log "round trips (ms, from geosim regions, x$RTT_SCALE): us-east-us-west ${RTT[us-east,us-west]}, us-east-eu-central ${RTT[us-east,eu-central]}, us-west-eu-central ${RTT[us-west,eu-central]}"

# ------------------------------------------------------------------ network
ip link add "$BRIDGE" type bridge
ip addr add "$PROXY_IP/24" dev "$BRIDGE"
ip link set "$BRIDGE" up
declare -A IP
i=0
for r in "${REGIONS[@]}"; do
  IP[$r]=$SUBNET.$((11 + i))
  ip netns add "gs-$r"
  ip link add "gsh$i" type veth peer name "gsn$i"
  ip link set "gsh$i" master "$BRIDGE" up
  ip link set "gsn$i" netns "gs-$r"
  ip -n "gs-$r" link set "gsn$i" name eth0
  ip -n "gs-$r" addr add "${IP[$r]}/24" dev eth0
  ip -n "gs-$r" link set eth0 up
  ip -n "gs-$r" link set lo up
  i=$((i + 1))
done
log "namespaces: $(for r in "${REGIONS[@]}"; do printf 'gs-%s=%s ' "$r" "${IP[$r]}"; done)bridge $BRIDGE=$PROXY_IP"

# ------------------------------------------------------------------ delay proxy
{
  printf '{"listen_ip": "%s", "control": "%s", "members": {' "$PROXY_IP" "$CONTROL"
  i=0; sep=""
  for r in "${REGIONS[@]}"; do
    printf '%s"%s": {"ip": "%s", "peer_port": 2380, "proxy_port": %d}' "$sep" "$r" "${IP[$r]}" $((23800 + i))
    sep=", "; i=$((i + 1))
  done
  printf '}, "rtt_ms": {'
  sep=""
  for a in "${REGIONS[@]}"; do
    printf '%s"%s": {' "$sep" "$a"; sep2=""
    for b in "${REGIONS[@]}"; do [[ $a == "$b" ]] && continue; printf '%s"%s": %s' "$sep2" "$b" "${RTT[$a,$b]}"; sep2=", "; done
    printf '}'; sep=", "
  done
  printf '}}\n'
} >"$OUT/proxy.json"
"$PYTHON" "$here/etcd_delay_proxy.py" "$OUT/proxy.json" >"$OUT/proxy.log" 2>&1 &
echo $! >"$RUN_DIR/proxy.pid"
for _ in $(seq 50); do [[ -S $CONTROL ]] && break; sleep 0.1; done
[[ -S $CONTROL ]] || { echo "proxy did not start: $(cat "$OUT/proxy.log")" >&2; exit 1; }

# ------------------------------------------------------------------ etcd cluster
initial=""; i=0
for r in "${REGIONS[@]}"; do initial+="${initial:+,}$r=http://$PROXY_IP:$((23800 + i))"; i=$((i + 1)); done
MEMBERS="{"; sep=""
for r in "${REGIONS[@]}"; do MEMBERS+="$sep\"$r\": \"${IP[$r]}:2379\""; sep=", "; done
MEMBERS+="}"
ENDPOINTS=$(for r in "${REGIONS[@]}"; do printf '%s' "http://${IP[$r]}:2379,"; done); ENDPOINTS=${ENDPOINTS%,}
mkdir -p "$DATA_ROOT"
log "data dirs under $DATA_ROOT ($(stat -f -c %T "$DATA_ROOT"), medium=$DATA_MEDIUM)"
i=0
for r in "${REGIONS[@]}"; do
  ip netns exec "gs-$r" etcd --name "$r" --data-dir "$DATA_ROOT/$r" \
    --listen-peer-urls "http://${IP[$r]}:2380" \
    --initial-advertise-peer-urls "http://$PROXY_IP:$((23800 + i))" \
    --listen-client-urls "http://${IP[$r]}:2379" --advertise-client-urls "http://${IP[$r]}:2379" \
    --initial-cluster "$initial" --initial-cluster-token geosim-validate --initial-cluster-state new \
    --heartbeat-interval 100 --election-timeout 1000 >"$OUT/etcd-$r.log" 2>&1 &
  i=$((i + 1))
done
for _ in $(seq 100); do
  ETCDCTL_API=3 etcdctl --endpoints "$ENDPOINTS" endpoint health >/dev/null 2>&1 && break
  sleep 0.3
done
ETCDCTL_API=3 etcdctl --endpoints "$ENDPOINTS" endpoint health 2>&1 | tee -a "$OUT/run.log" >&2
ETCDCTL_API=3 etcdctl --endpoints "$ENDPOINTS" endpoint status -w table 2>&1 | tee -a "$OUT/run.log" >&2
bench() { "$PYTHON" "$here/etcd_bench.py" "$@"; }
first_leader=$(bench leader --members "$MEMBERS")
log "leader after bootstrap: $first_leader; moving it to $LEADER"
{
  echo "etcd: $ETCD_VERSION; data dirs: $DATA_ROOT ($DATA_MEDIUM, $(stat -f -c %T "$DATA_ROOT")); leader after bootstrap: $first_leader, moved to $LEADER"
  echo "round trips (ms, geosim catalog x$RTT_SCALE): $(for a in "${REGIONS[@]}"; do for b in "${REGIONS[@]}"; do [[ $a < "$b" ]] && printf '%s-%s %s; ' "$a" "$b" "${RTT[$a,$b]}"; done; done)"
} >"$OUT/testbed.txt"
bench move-leader --members "$MEMBERS" --to "$LEADER" | tee -a "$OUT/run.log" >&2
sleep 2

# ------------------------------------------------------------------ steady-state latency
log "load: $OPS puts + $OPS linearizable gets per region, one sequential keep-alive client per region"
pids=()
for r in "${REGIONS[@]}"; do
  ip netns exec "gs-$r" "$PYTHON" "$here/etcd_bench.py" load --endpoint "${IP[$r]}:2379" --region "$r" \
    --ops "$OPS" --out "$OUT/load-$r.json" 2>&1 | tee -a "$OUT/run.log" >&2 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
log "leader after the load: $(bench leader --members "$MEMBERS")"
bench metrics --members "$MEMBERS" | tee "$OUT/etcd-metrics.json" | tee -a "$OUT/run.log" >&2

# ------------------------------------------------------------------ failover
if [[ $TRIALS -gt 0 ]]; then
  log "failover: $TRIALS trials, isolating the $LEADER leader at the proxy, probe in $PROBE"
  ip netns exec "gs-$PROBE" "$PYTHON" "$here/etcd_bench.py" failover --members "$MEMBERS" --control "$CONTROL" \
    --victim "$LEADER" --probe "$PROBE" --trials "$TRIALS" --hold "$HOLD" --out "$OUT/failover.json" 2>&1 | tee -a "$OUT/run.log" >&2
fi

compare
log "results in $OUT"
