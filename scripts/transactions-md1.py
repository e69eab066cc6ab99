#!/usr/bin/env python3
# A hot key under transactions (--txn rmw:1 on one key, fixed 20 ms hold, jitter and
# service times off) against M/D/1: mean lock wait per transaction vs rho*H/(2(1-rho)),
# and the committed ceiling past saturation vs 1/H. Needs a release build.
import json, subprocess, sys
import os
g = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "geosim")
base = ["run", "--topology", "us-east", "--replicas-per-region", "3", "--txn", "rmw:1", "--txn-hold", "20ms", "--keys", "1",
        "--jitter", "none", "--service-time", "0ms", "--timeout", "60s", "--format", "json"]
def run(rate, duration):
    out = subprocess.run([g] + base + ["--rate", str(rate), "--duration", duration], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["transactions"]
h = run(0.2, "60s")["lock_hold_mean_ms"]
print("lock hold H = %.3f ms" % h)
for rho in (0.3, 0.5, 0.6, 0.8):
    t = run(rho / (h / 1000), "1200s")
    w = t["lock_wait_ms"]
    mean = w["mean"] * w["count"] / t["committed"]
    theory = rho * h / (2 * (1 - rho))
    print("rho %.1f: mean lock wait %.3f ms, M/D/1 %.3f ms, ratio %.3f (%d transactions)" % (rho, mean, theory, mean / theory, t["committed"]))
t = run(2 / (h / 1000), "60s")
print("overload 2/H: ceiling of hottest key %.2f/s vs 1/H %.2f/s" % (t["hottest_keys"][0]["ceiling_per_s"], 1000 / h))
