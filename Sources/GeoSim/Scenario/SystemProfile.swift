/// A real system's documented defaults, applied as a group (`--profile`): timers, the
/// election's safety switches, the strong-read path, leases, leader placement, closed
/// timestamps and clock bounds. A profile only replaces defaults: a flag given on the
/// command line (before or after `--profile`) or a scenario-file key keeps its value.
/// Every value is cited in docs/profiles.md.
public enum SystemProfile: String, Sendable, CaseIterable {
    /// etcd v3.5 server defaults.
    case etcd
    /// CockroachDB (pkg/base/config.go, cluster settings) defaults.
    case cockroachdb
    /// Raft as in Ongaro and Ousterhout's 2014 paper: no PreVote, no CheckQuorum, no
    /// leases; a read exchanges heartbeats with a majority (§8).
    case raftPaper = "raft-paper"

    /// The settings it gives, as (flag, value) pairs in the command line's grammar, so a
    /// profile means exactly what the flags mean. A disk is hardware, not a default of the
    /// software: `--fsync` is the disk each system's own guide recommends.
    public var settings: [(flag: String, value: String)] {
        switch self {
        case .etcd:
            return [
                ("--heartbeat", "100ms"), ("--election-timeout", "1s"), ("--pre-vote", "on"), ("--check-quorum", "on"),
                ("--strong-reads", "read-index"), ("--leader-preference", "off"), ("--quiesce", "off"), ("--fsync", "2ms"),
            ]
        case .cockroachdb:
            return [
                ("--heartbeat", "1s"), ("--election-timeout", "2s"), ("--pre-vote", "on"), ("--check-quorum", "on"),
                ("--strong-reads", "lease"), ("--leader-preference", "on"), ("--closed-ts-target", "3s"),
                ("--closed-ts-interval", "200ms"), ("--max-clock-offset", "500ms"), ("--quiesce", "on"),
                ("--fsync", #"{"uniform": {"min": "1ms", "max": "2ms"}}"#),
            ]
        case .raftPaper:
            return [
                ("--heartbeat", "75ms"), ("--election-timeout", "150ms"), ("--pre-vote", "off"), ("--check-quorum", "off"),
                ("--strong-reads", "read-index"), ("--leader-preference", "off"), ("--quiesce", "off"), ("--fsync", "0ms"),
            ]
        }
    }
}
