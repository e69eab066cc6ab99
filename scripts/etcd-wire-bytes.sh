#!/usr/bin/env bash
# Compares geosim's message sizes (WireSizes) with a real etcd's: a 3-member etcd cluster on
# loopback, N sequential puts of VALUE-byte values through the leader, and the bytes the
# leader sent each follower by etcd's own count (etcd_network_peer_sent_bytes_total: the
# marshalled raft messages, no TCP/HTTP framing), per put, against geosim's append to a
# follower without its 66 bytes of framing. Idle traffic (heartbeats) is measured over the
# same time and taken off. Not part of CI (needs etcd-server); docs/validation.md records a run.
#
#   scripts/etcd-wire-bytes.sh            # N=2000 VALUE=1000
#   N=1000 VALUE=200 scripts/etcd-wire-bytes.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
GEOSIM=${GEOSIM:-$repo/.build/release/geosim}
N=${N:-2000}
VALUE=${VALUE:-1000}
work=$(mktemp -d /dev/shm/geosim-etcd-bytes.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cluster="m0=http://127.0.0.1:23800,m1=http://127.0.0.1:23810,m2=http://127.0.0.1:23820"
for i in 0 1 2; do
  etcd --name "m$i" --data-dir "$work/m$i" \
    --listen-peer-urls "http://127.0.0.1:238${i}0" --initial-advertise-peer-urls "http://127.0.0.1:238${i}0" \
    --listen-client-urls "http://127.0.0.1:237${i}0" --advertise-client-urls "http://127.0.0.1:237${i}0" \
    --listen-metrics-urls "http://127.0.0.1:239${i}0" \
    --initial-cluster "$cluster" --initial-cluster-token geosim-bytes --initial-cluster-state new \
    --log-level error > "$work/m$i.log" 2>&1 &
  pids+=($!)
done

python3 - "$N" "$VALUE" "$GEOSIM" <<'PY'
import base64, http.client, json, re, subprocess, sys, time
n, value, geosim = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

def post(port, path, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    r = c.getresponse(); data = r.read(); c.close()
    return json.loads(data)

def status(port):
    return post(port, "/v3/maintenance/status", {})

for _ in range(100):
    try:
        if all(status(p).get("leader") for p in (23700, 23710, 23720)): break
    except Exception: pass
    time.sleep(0.2)
leader_id = status(23700)["leader"]
leader = next(p for p in (23700, 23710, 23720) if status(p)["header"]["member_id"] == leader_id)
metrics = leader + 200  # 239x0

def sent():
    c = http.client.HTTPConnection("127.0.0.1", metrics, timeout=10); c.request("GET", "/metrics")
    text = c.getresponse().read().decode(); c.close()
    return {m.group(1): float(m.group(2)) for m in re.finditer(r'etcd_network_peer_sent_bytes_total\{To="([0-9a-f]+)"\} ([0-9.e+]+)', text)}

# Idle: heartbeats only, over as long as the puts will take (measured below, then scaled).
t0, before = time.time(), sent(); time.sleep(3); idle_after, t1 = sent(), time.time()
idle_rate = {k: (idle_after[k] - before[k]) / (t1 - t0) for k in before}

conn = http.client.HTTPConnection("127.0.0.1", leader, timeout=10)
payload = base64.b64encode(b"x" * value).decode()
start_bytes, start = sent(), time.time()
for i in range(n):
    key = base64.b64encode(b"user%019d" % i).decode()  # 23 bytes, YCSB-like
    conn.request("POST", "/v3/kv/put", body=json.dumps({"key": key, "value": payload}), headers={"Content-Type": "application/json"})
    conn.getresponse().read()
elapsed, end_bytes = time.time() - start, sent()
per_put = {k: (end_bytes[k] - start_bytes[k] - idle_rate[k] * elapsed) / n for k in end_bytes}
etcd = sum(per_put.values()) / len(per_put)

# geosim: a 3-voter range, one write at a time, the leader's replication bytes to a follower per write.
out = subprocess.run([geosim, "--topology", "us-east,us-west,eu-central", "--duration", "20s", "--rate", "5", "--write-fraction", "1",
                      "--jitter", "none", "--value-size", str(value), "--format", "json"], capture_output=True, text=True, check=True).stdout
report = json.loads(out)
pair = next(p for p in report["traffic"]["pairs"] if p["from"] == "us-east" and p["to"] == "us-west")
writes = report["writes"]["total"]["ok"]
seconds = report["traffic"]["seconds"]
framing = 66
kinds = pair["by_kind_bytes_per_s"]
msgs = (kinds["replication"] + kinds["heartbeats"]) * seconds
geo_append = kinds["replication"] * seconds / writes - framing
print(f"etcd {n} puts of {value}-byte values, {elapsed:.1f}s: leader -> follower {etcd:.0f} bytes per put (per follower: " +
      ", ".join(f"{v:.0f}" for v in per_put.values()) + f"; idle {sum(idle_rate.values())/len(idle_rate):.0f} bytes/s)")
print(f"geosim append to a follower per write, without framing: {geo_append:.0f} bytes ({geo_append / etcd - 1:+.1%} against etcd)")
PY
