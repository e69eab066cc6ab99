#!/usr/bin/env python3
"""Clients and measurements for scripts/validate-etcd.sh (etcd v3 JSON gateway, stdlib only).

  etcd_bench.py load --endpoint HOST:PORT --region R --ops N --out FILE
      One persistent HTTP/1.1 keep-alive connection to the region's local member;
      sequential closed loop alternating POST /v3/kv/put and a linearizable
      POST /v3/kv/range (no "serializable": etcd runs a ReadIndex round) of the key just
      written. N operations of each kind after --warmup pairs; latencies in ms to FILE.
  etcd_bench.py leader --members JSON
      Prints the region whose member leads (asks every member's /v3/maintenance/status).
  etcd_bench.py move-leader --members JSON --to REGION
      Moves leadership to REGION's member (POST /v3/maintenance/transfer-leadership on
      the leader) and waits until every member agrees.
  etcd_bench.py failover --members JSON --control SOCK --victim R --probe R --trials N --out FILE
      Per trial: leader on R (moved there first); isolate the leader at the proxy; time (a) until a surviving member reports a new leader and
      (b) until a put issued from --probe's local member after the cut succeeds. Puts are
      launched every 25 ms on fresh connections (each may wait up to 10 s), so (b) is not
      quantized by a client timeout. Then heal and wait for the old leader to rejoin.
      --hold S: keep it cut off until S s after the cut, then heal and record for 8 s the
      leaders the probe's member names and the longest gap between successful puts.
  etcd_bench.py metrics --members JSON
      WAL fsync and backend commit means per member, from /metrics.
  etcd_bench.py summarize --etcd DIR --geosim FILE --geosim-failover FILES... --out FILE
      The comparison table (markdown) of etcd vs geosim per region.

--members is JSON {"us-east": "10.77.0.11:2379", ...}.
"""

import argparse
import base64
import http.client
import json
import os
import socket
import sys
import threading
import time


def b64(s):
    return base64.b64encode(s.encode()).decode()


class Conn:
    """A keep-alive connection to one member's gateway; reconnects on failure."""

    def __init__(self, endpoint, timeout=10.0):
        host, port = endpoint.rsplit(":", 1)
        self.host, self.port, self.timeout = host, int(port), timeout
        self.c = None

    def post(self, path, body):
        if self.c is None:
            self.c = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.c.connect()
            self.c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.c.request("POST", path, body=json.dumps(body),
                           headers={"Content-Type": "application/json"})
            r = self.c.getresponse()
            data = r.read()
        except Exception:
            self.close()
            raise
        if r.status != 200:
            raise RuntimeError("HTTP %d: %s" % (r.status, data[:200]))
        out = json.loads(data or b"{}")
        if "error" in out:
            raise RuntimeError(str(out)[:200])
        return out

    def close(self):
        if self.c is not None:
            try:
                self.c.close()
            except Exception:
                pass
        self.c = None


def pct(xs, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(q / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


# ---------------------------------------------------------------- load

def cmd_load(a):
    conn = Conn(a.endpoint)
    value = b64("v" * a.value_size)
    puts, gets, errors = [], [], []
    total = a.warmup + a.ops
    t_start = time.time()
    for i in range(total):
        key = b64("%s/k%06d" % (a.region, i % a.keys))
        for kind in ("put", "get"):
            t = time.perf_counter()
            try:
                if kind == "put":
                    conn.post("/v3/kv/put", {"key": key, "value": value})
                else:
                    r = conn.post("/v3/kv/range", {"key": key})
                    if not r.get("kvs"):
                        raise RuntimeError("read did not see the write just acknowledged")
            except Exception as e:  # recorded, not retried: a failed op is not a sample
                errors.append("%s: %s" % (kind, e))
                continue
            ms = (time.perf_counter() - t) * 1000.0
            if i >= a.warmup:
                (puts if kind == "put" else gets).append(ms)
    out = {"region": a.region, "endpoint": a.endpoint, "start": t_start, "end": time.time(),
           "put_ms": puts, "get_ms": gets, "errors": errors}
    with open(a.out, "w") as f:
        json.dump(out, f)
    print("%s: %d puts p50 %.1f p90 %.1f | %d gets p50 %.1f p90 %.1f | %d errors | %.0f s"
          % (a.region, len(puts), pct(puts, 50), pct(puts, 90), len(gets), pct(gets, 50),
             pct(gets, 90), len(errors), out["end"] - t_start))


# ---------------------------------------------------------------- leadership

def status(endpoint, timeout=1.0):
    c = Conn(endpoint, timeout=timeout)
    try:
        return c.post("/v3/maintenance/status", {})
    finally:
        c.close()


def member_ids(members):
    ids = {}
    for region, ep in members.items():
        ids[region] = status(ep)["header"]["member_id"]
    return ids


def leader_region(members, ids=None, only=None):
    """The region every asked member names as leader, or None if they disagree/none."""
    ids = ids or member_ids(members)
    by_id = {v: k for k, v in ids.items()}
    seen = set()
    for region, ep in members.items():
        if only and region not in only:
            continue
        try:
            seen.add(by_id.get(status(ep).get("leader", "0")))
        except Exception:
            return None
    return seen.pop() if len(seen) == 1 else None


def move_leader(members, to, deadline_s=30.0):
    ids = member_ids(members)
    end = time.time() + deadline_s
    while time.time() < end:
        cur = leader_region(members, ids)
        if cur == to:
            return True
        if cur is not None:
            try:
                Conn(members[cur]).post("/v3/maintenance/transfer-leadership",
                                        {"targetID": ids[to]})
            except Exception as e:
                print("move-leader: %s" % e, file=sys.stderr)
        time.sleep(0.5)
    return False


def cmd_leader(a):
    print(leader_region(json.loads(a.members)) or "none")


def cmd_move_leader(a):
    members = json.loads(a.members)
    ok = move_leader(members, a.to)
    print("leader now: %s" % leader_region(members))
    sys.exit(0 if ok else 1)


# ---------------------------------------------------------------- failover

def control(path, command):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall((command + "\n").encode())
    ans = b""
    while not ans.endswith(b"\n"):
        ch = s.recv(4096)
        if not ch:
            break
        ans += ch
    s.close()
    return ans.decode().strip()


def failover_trial(members, ctl, victim, probe, ids, hold_s=0.0):
    survivors = [r for r in members if r != victim]
    by_id = {v: k for k, v in ids.items()}
    res = {"new_leader": None, "leader_s": None, "put_s": None}
    lock = threading.Lock()
    stop = threading.Event()

    def watch(region):
        while not stop.is_set():
            try:
                st = status(members[region], timeout=0.5)
                lid = st.get("leader", "0")
                if lid not in ("0", ids[victim]) and lid in by_id:
                    now = time.perf_counter()
                    with lock:
                        if res["leader_s"] is None:
                            res["leader_s"] = now - t0
                            res["new_leader"] = by_id[lid]
            except Exception:
                pass
            time.sleep(0.01)

    def put_once(n):
        c = Conn(members[probe], timeout=10.0)
        try:
            c.post("/v3/kv/put", {"key": b64("failover/%d" % n), "value": b64("x")})
            now = time.perf_counter()
            with lock:
                if res["put_s"] is None or now - t0 < res["put_s"]:
                    res["put_s"] = now - t0
        except Exception:
            pass
        finally:
            c.close()

    t0 = time.perf_counter()
    ans = control(ctl, "isolate %s" % victim)
    watchers = [threading.Thread(target=watch, args=(r,), daemon=True) for r in survivors]
    for w in watchers:
        w.start()
    n = 0
    threads = []
    while time.perf_counter() - t0 < 15.0:
        with lock:
            done = res["put_s"] is not None and res["leader_s"] is not None
        if done:
            break
        th = threading.Thread(target=put_once, args=(n,), daemon=True)
        th.start()
        threads.append(th)
        n += 1
        time.sleep(0.025)
    stop.set()
    res["proxy"] = ans
    res["put_attempts"] = n
    if hold_s > 0:
        # Keep the old leader cut off until hold_s after the cut (without PreVote it keeps
        # campaigning, raising its term), then heal and watch what its return does.
        time.sleep(max(0.0, t0 + hold_s - time.perf_counter()))
        res.update(after_heal(members, ctl, probe, ids))
    else:
        control(ctl, "heal")
    return res


def after_heal(members, ctl, probe, ids, watch_s=8.0):
    """Heals, then for watch_s: the leader the probe's member names every ~20 ms (changes
    only) and puts from the probe every 50 ms; returns the leader sequence, the time with
    no leader named, and the longest gap between successful puts (s)."""
    by_id = {v: k for k, v in ids.items()}
    ok_times = []
    lock = threading.Lock()
    stop = threading.Event()

    def putter(n):
        c = Conn(members[probe], timeout=10.0)
        try:
            c.post("/v3/kv/put", {"key": b64("heal/%d" % n), "value": b64("x")})
            with lock:
                ok_times.append(time.perf_counter() - th)
        except Exception:
            pass
        finally:
            c.close()

    def put_loop():
        n = 0
        while not stop.is_set():
            threading.Thread(target=putter, args=(n,), daemon=True).start()
            n += 1
            time.sleep(0.05)

    th = time.perf_counter()
    control(ctl, "heal")
    pl = threading.Thread(target=put_loop, daemon=True)
    pl.start()
    seq, none_s, last, last_t = [], 0.0, "?", 0.0
    while time.perf_counter() - th < watch_s:
        try:
            lid = status(members[probe], timeout=0.5).get("leader", "0")
            cur = by_id.get(lid, "none")
        except Exception:
            cur = "unreachable"
        now = time.perf_counter() - th
        if last == "none":
            none_s += now - last_t
        if cur != last:
            seq.append((round(now, 3), cur))
        last, last_t = cur, now
        time.sleep(0.02)
    stop.set()
    time.sleep(1.0)  # let puts issued near the end finish
    with lock:
        ts = sorted(t for t in ok_times if t <= watch_s)
    gaps = [b - a for a, b in zip([0.0] + ts, ts + [watch_s])]
    return {"heal_leaders": seq, "heal_no_leader_s": round(none_s, 3),
            "heal_longest_put_gap_s": round(max(gaps), 3) if gaps else None,
            "heal_puts_ok": len(ts)}


def cmd_failover(a):
    members = json.loads(a.members)
    ids = member_ids(members)
    trials = []
    for t in range(a.trials):
        if not move_leader(members, a.victim):
            print("trial %d: could not move the leader to %s" % (t + 1, a.victim), file=sys.stderr)
            continue
        time.sleep(2.0)  # steady state: every follower heartbeated for a while
        r = failover_trial(members, a.control, a.victim, a.probe, ids, a.hold)
        r["trial"] = t + 1
        trials.append(r)
        print("trial %d: new leader %s after %s s; first put from %s %s s after the cut (%d attempts)"
              % (t + 1, r["new_leader"],
                 "%.3f" % r["leader_s"] if r["leader_s"] is not None else "-", a.probe,
                 "%.3f" % r["put_s"] if r["put_s"] is not None else "-", r["put_attempts"]),
              flush=True)
        if a.hold > 0:
            print("  healed at %.1f s: leaders seen %s; no leader for %.3f s; longest gap between "
                  "puts from %s %.3f s (%d ok)" % (a.hold, r["heal_leaders"], r["heal_no_leader_s"],
                                                  a.probe, r["heal_longest_put_gap_s"], r["heal_puts_ok"]),
                  flush=True)
        # Let the old leader rejoin (it must learn the new term) before the next trial.
        end = time.time() + 20
        while time.time() < end and leader_region(members, ids) is None:
            time.sleep(0.2)
        time.sleep(1.0)
    with open(a.out, "w") as f:
        json.dump({"victim": a.victim, "probe": a.probe, "trials": trials}, f, indent=1)


# ---------------------------------------------------------------- metrics

def cmd_metrics(a):
    members = json.loads(a.members)
    out = {}
    for region, ep in members.items():
        host, port = ep.rsplit(":", 1)
        c = http.client.HTTPConnection(host, int(port), timeout=5)
        c.request("GET", "/metrics")
        text = c.getresponse().read().decode()
        c.close()
        vals = {}
        for line in text.splitlines():
            for name in ("etcd_disk_wal_fsync_duration_seconds",
                         "etcd_disk_backend_commit_duration_seconds"):
                for suffix in ("_sum", "_count"):
                    if line.startswith(name + suffix + " "):
                        vals[name + suffix] = float(line.split()[1])
        m = {}
        for name in ("etcd_disk_wal_fsync_duration_seconds",
                     "etcd_disk_backend_commit_duration_seconds"):
            cnt = vals.get(name + "_count", 0)
            m[name.replace("etcd_disk_", "").replace("_duration_seconds", "") + "_mean_ms"] = (
                round(vals.get(name + "_sum", 0) / cnt * 1000, 3) if cnt else None)
            m[name.replace("etcd_disk_", "").replace("_duration_seconds", "") + "_count"] = int(cnt)
        out[region] = m
    print(json.dumps(out))


# ---------------------------------------------------------------- summary

def cmd_summarize(a):
    regions = a.regions.split(",")
    g = json.load(open(a.geosim))
    lines = []
    lines.append("| region | etcd put p50 / p90 | geosim write p50 / p90 | ratio geosim/etcd p50 / p90 "
                 "| etcd lin. get p50 / p90 | geosim read p50 / p90 | ratio geosim/etcd p50 / p90 "
                 "| samples etcd put/get, geosim w/r |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for r in regions:
        e = json.load(open(os.path.join(a.etcd, "load-%s.json" % r)))
        gw = g["writes"]["by_region"][r]
        gr = g["reads"]["by_region"][r]
        ep50, ep90 = pct(e["put_ms"], 50), pct(e["put_ms"], 90)
        eg50, eg90 = pct(e["get_ms"], 50), pct(e["get_ms"], 90)
        w50, w90 = gw["latency_ms"]["p50"], gw["latency_ms"]["p90"]
        r50, r90 = gr["latency_ms"]["p50"], gr["latency_ms"]["p90"]
        lines.append("| %s | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f "
                     "| %d/%d, %d/%d |" % (
                         r, ep50, ep90, w50, w90, w50 / ep50, w90 / ep90, eg50, eg90, r50, r90,
                         r50 / eg50, r90 / eg90, len(e["put_ms"]), len(e["get_ms"]),
                         gw["count"], gr["count"]))
        if e["errors"]:
            lines.append("|  | (%d etcd errors, first: %s) |||||||" % (len(e["errors"]), e["errors"][0][:80]))
    if a.failover and os.path.exists(a.failover):
        f = json.load(open(a.failover))
        lines.append("")
        lines.append("Failover (isolate the %s leader at the proxy; probe client in %s):" % (f["victim"], f["probe"]))
        lines.append("")
        lines.append("| trial | etcd: new leader | etcd: new leader seen (s) | etcd: first put from %s (s) |" % f["probe"])
        lines.append("|---|---|---|---|")
        for t in f["trials"]:
            lines.append("| %d | %s | %s | %s |" % (
                t["trial"], t["new_leader"],
                "%.3f" % t["leader_s"] if t["leader_s"] is not None else "-",
                "%.3f" % t["put_s"] if t["put_s"] is not None else "-"))
        if any("heal_leaders" in t for t in f["trials"]):
            lines.append("")
            lines.append("After the heal (old leader cut off for the hold, then back), 8 s watched from %s:" % f["probe"])
            lines.append("")
            lines.append("| trial | leaders named by %s's member (s after heal: leader) | no leader named (s) "
                         "| longest gap between successful puts (s) |" % f["probe"])
            lines.append("|---|---|---|---|")
            for t in f["trials"]:
                if "heal_leaders" in t:
                    lines.append("| %d | %s | %s | %s |" % (
                        t["trial"], ", ".join("%s: %s" % (x, y) for x, y in t["heal_leaders"]),
                        t["heal_no_leader_s"], t["heal_longest_put_gap_s"]))
    if a.geosim_failover:
        lines.append("")
        lines.append("| geosim seed | failover (s): last quorum contact -> new leader's first commit "
                     "| elections in the run | all failovers_s (later ones: leader changes "
                     "after the heal) |")
        lines.append("|---|---|---|---|")
        for path in a.geosim_failover:
            gf = json.load(open(path))
            fo = gf["raft"].get("failovers_s") or []
            lines.append("| %s | %s | %s | %s |" % (gf["seed"], fo[0] if fo else "-",
                                                    gf["raft"].get("elections"), fo))
    text = "\n".join(lines) + "\n"
    with open(a.out, "w") as fh:
        fh.write(text)
    print(text)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("load")
    s.add_argument("--endpoint", required=True)
    s.add_argument("--region", required=True)
    s.add_argument("--ops", type=int, default=500)
    s.add_argument("--warmup", type=int, default=10)
    s.add_argument("--keys", type=int, default=1000)
    s.add_argument("--value-size", type=int, default=64)
    s.add_argument("--out", required=True)
    s.set_defaults(f=cmd_load)
    s = sub.add_parser("leader")
    s.add_argument("--members", required=True)
    s.set_defaults(f=cmd_leader)
    s = sub.add_parser("move-leader")
    s.add_argument("--members", required=True)
    s.add_argument("--to", required=True)
    s.set_defaults(f=cmd_move_leader)
    s = sub.add_parser("failover")
    s.add_argument("--members", required=True)
    s.add_argument("--control", required=True)
    s.add_argument("--victim", required=True)
    s.add_argument("--probe", required=True)
    s.add_argument("--trials", type=int, default=6)
    s.add_argument("--hold", type=float, default=0.0,
                   help="keep the old leader cut off this long after the cut, then heal and "
                        "watch (0: heal as soon as a put succeeded)")
    s.add_argument("--out", required=True)
    s.set_defaults(f=cmd_failover)
    s = sub.add_parser("metrics")
    s.add_argument("--members", required=True)
    s.set_defaults(f=cmd_metrics)
    s = sub.add_parser("summarize")
    s.add_argument("--etcd", required=True)
    s.add_argument("--geosim", required=True)
    s.add_argument("--regions", default="us-east,us-west,eu-central")
    s.add_argument("--failover")
    s.add_argument("--probe", default="us-west")
    s.add_argument("--geosim-failover", nargs="*", default=[])
    s.add_argument("--out", required=True)
    s.set_defaults(f=cmd_summarize)
    a = p.parse_args()
    a.f(a)


if __name__ == "__main__":
    main()
