#!/usr/bin/env python3
"""A user-space TCP delay proxy for etcd peer traffic (used by scripts/validate-etcd.sh).

The kernel here has no `tc netem`, so inter-region latency is added in user space. The
proxy listens once per etcd member (the member's advertised peer URL points at that
listener) and forwards to the member's real peer address. The member on the other end
of a connection is recognised by its source IP, so every ordered pair (A, B) gets its own
one-way delay, RTT(A, B) / 2, applied to the bytes in BOTH directions of the connection.

Delay model: every chunk read from a socket is stamped with arrival time + delay and
written out when that time comes (a reader and a writer thread per direction). Chunks of
one direction leave in arrival order (the delay is constant per direction, so due times
are monotonic): no reordering, no throughput limit, no loss. TCP_NODELAY is set on every socket so Nagle never holds a
small chunk back. Timers are time.sleep (nanosleep), typically ~0.1-0.4 ms late per hop on
a loaded 2-core machine; asyncio was tried first, but epoll rounds waits up to whole
milliseconds and it added 2-5 ms per round trip under load. Measure it: --selftest 64.1.

Control socket (UNIX, one command per line, answer "ok ..." / "err ..."):
  isolate NAME   cut every link of member NAME: open connections to or from it are
                 aborted and new ones are closed on accept (a partition, as etcd sees it)
  heal           undo every isolation
  status         list isolated members and open connections

Config (JSON): {"listen_ip": "10.77.0.1",
                "control": "/run/geosim-etcd/proxy.sock",
                "members": {"us-east": {"ip": "10.77.0.11", "peer_port": 2380,
                                         "proxy_port": 23800}, ...},
                "rtt_ms": {"us-east": {"us-west": 64.1, ...}, ...}}
No third-party packages.
"""

import json
import os
import queue
import socket
import sys
import threading
import time


def nodelay(sock):
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass


class Link:
    """One proxied TCP connection (src member -> dst member): two delayed pumps, each a
    reader thread stamping chunks and a writer thread sending them when due."""

    def __init__(self, proxy, src, dst, down, up, delay_s):
        self.proxy, self.src, self.dst = proxy, src, dst
        self.socks = (down, up)
        self.closed = False
        self.lock = threading.Lock()
        for a, b in ((down, up), (up, down)):
            q = queue.SimpleQueue()
            threading.Thread(target=self.read_side, args=(a, q, delay_s), daemon=True).start()
            threading.Thread(target=self.write_side, args=(b, q), daemon=True).start()

    def read_side(self, sock, q, delay_s):
        try:
            while True:
                data = sock.recv(65536)
                q.put((time.monotonic() + delay_s, data))
                if not data:
                    return
        except OSError:
            q.put((0.0, b""))

    def write_side(self, sock, q):
        try:
            while True:
                due, data = q.get()
                if not data or self.closed:
                    break
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)  # nanosleep: ~0.1 ms late, not epoll's 1 ms rounding
                sock.sendall(data)
        except OSError:
            pass
        self.close()

    def close(self):
        with self.lock:
            if self.closed:
                return
            self.closed = True
        for s in self.socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass
        self.proxy.forget(self)


class Proxy:
    def __init__(self, cfg):
        self.cfg = cfg
        self.members = cfg["members"]
        self.by_ip = {m["ip"]: name for name, m in self.members.items()}
        self.rtt = cfg["rtt_ms"]
        self.isolated = set()
        self.links = set()
        self.accepted = 0
        self.lock = threading.Lock()

    def one_way_s(self, a, b):
        if a is None or a == b:
            return 0.0
        return float(self.rtt[a][b]) / 2000.0

    def forget(self, link):
        with self.lock:
            self.links.discard(link)

    def cut(self, name):
        with self.lock:
            return name in self.isolated

    def handle(self, dst, down, addr):
        src = self.by_ip.get(addr[0])
        with self.lock:
            self.accepted += 1
        if self.cut(dst) or self.cut(src):
            down.close()
            return
        m = self.members[dst]
        try:
            up = socket.create_connection((m["ip"], m["peer_port"]), timeout=5)
            up.settimeout(None)
        except OSError:
            down.close()
            return
        nodelay(down)
        nodelay(up)
        link = Link(self, src, dst, down, up, self.one_way_s(src, dst))
        with self.lock:
            self.links.add(link)
        if self.cut(dst) or self.cut(src):  # isolated while connecting
            link.close()

    def listen(self, dst, ip, port):
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((ip, port))
        ls.listen(128)
        self.bound = getattr(self, "bound", {})
        self.bound[dst] = ls.getsockname()[1]

        def loop():
            while True:
                down, addr = ls.accept()
                threading.Thread(target=self.handle, args=(dst, down, addr), daemon=True).start()
        threading.Thread(target=loop, daemon=True).start()

    def command(self, words):
        if len(words) == 2 and words[0] == "isolate" and words[1] in self.members:
            name = words[1]
            with self.lock:
                self.isolated.add(name)
                cut = [l for l in self.links if name in (l.src, l.dst)]
            for l in cut:
                l.close()
            return "ok isolated %s at %.6f, cut %d connections" % (name, time.time(), len(cut))
        if words == ["heal"]:
            with self.lock:
                self.isolated.clear()
            return "ok healed at %.6f" % time.time()
        if words == ["status"]:
            with self.lock:
                return "ok isolated=%s links=%d accepted=%d" % (
                    ",".join(sorted(self.isolated)) or "-", len(self.links), self.accepted)
        return "err unknown command"

    def serve_control(self, path):
        if os.path.exists(path):
            os.unlink(path)
        cs = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        cs.bind(path)
        cs.listen(16)
        while True:
            c, _ = cs.accept()
            try:
                f = c.makefile("rwb")
                for line in f:
                    words = line.decode().split()
                    if words:
                        f.write((self.command(words) + "\n").encode())
                        f.flush()
            except OSError:
                pass
            finally:
                c.close()

    def run(self):
        for name, m in self.members.items():
            self.listen(name, self.cfg["listen_ip"], m["proxy_port"])
        print("proxy up: %s" % json.dumps({n: m["proxy_port"] for n, m in self.members.items()}),
              flush=True)
        self.serve_control(self.cfg["control"])


def control_command(path, command):
    """Sends one control command; returns the answer line (used by the other helpers)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall((command + "\n").encode())
    answer = b""
    while not answer.endswith(b"\n"):
        chunk = s.recv(4096)
        if not chunk:
            break
        answer += chunk
    s.close()
    return answer.decode().strip()


def selftest(delay_ms=50.0, n=200):
    """Echo server behind a proxy with one pair at RTT 2*delay_ms: prints the measured
    round trip over n small messages (expected: 2*delay_ms plus timer slack)."""
    es = socket.socket()
    es.bind(("127.0.0.1", 0))
    es.listen(4)

    def echo():
        c, _ = es.accept()
        nodelay(c)
        while True:
            d = c.recv(65536)
            if not d:
                break
            c.sendall(d)
    threading.Thread(target=echo, daemon=True).start()
    cfg = {"listen_ip": "127.0.0.1",
           "members": {"a": {"ip": "127.0.0.2", "peer_port": 0, "proxy_port": 0},
                       "b": {"ip": "127.0.0.1", "peer_port": es.getsockname()[1], "proxy_port": 0}},
           "rtt_ms": {"a": {"b": 2 * delay_ms}, "b": {"a": 2 * delay_ms}}}
    p = Proxy(cfg)
    p.listen("b", "127.0.0.1", 0)
    c = socket.socket()
    c.bind(("127.0.0.2", 0))
    c.connect(("127.0.0.1", p.bound["b"]))
    nodelay(c)
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        c.sendall(b"x" * 64)
        got = 0
        while got < 64:
            got += len(c.recv(64 - got))
        samples.append((time.perf_counter() - t) * 1000)
    c.close()
    samples.sort()
    print("selftest: target RTT %.1f ms; measured p50 %.2f p90 %.2f max %.2f ms"
          % (2 * delay_ms, samples[n // 2], samples[int(n * 0.9)], samples[-1]))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "--selftest":
        rtt = float(sys.argv[2]) if len(sys.argv) > 2 else 100.0
        selftest(delay_ms=rtt / 2)
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--control":
        print(control_command(os.environ.get("PROXY_CONTROL", "/run/geosim-etcd/proxy.sock"),
                              sys.argv[2]))
        return
    if len(sys.argv) != 2:
        print("usage: etcd_delay_proxy.py CONFIG.json | --selftest [RTT_MS] | --control COMMAND", file=sys.stderr)
        sys.exit(64)
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    Proxy(cfg).run()


if __name__ == "__main__":
    main()
