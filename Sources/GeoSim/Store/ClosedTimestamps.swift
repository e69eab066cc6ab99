/// Closed timestamps as followers see them. The leaseholder promises that it will
/// propose no write at or below a closed timestamp; it publishes (timestamp, its last log
/// index) every interval, and a follower may serve reads at that timestamp once it has
/// applied through that index.
struct ClosedTimestamps {
    /// One publication waiting for its index to be applied.
    struct Pending {
        var timestamp: Nanoseconds
        var index: UInt64
    }

    /// Per replica: the closed timestamp it may serve at now (ns on the leaseholder's clock).
    private(set) var active: [Nanoseconds]
    /// Per replica: publications received, oldest first (bounded: older ones are dropped
    /// once a newer one becomes active).
    private var pending: [[Pending]]

    init(replicas: Int) {
        active = Array(repeating: Int64.min, count: replicas)
        pending = Array(repeating: [], count: replicas)
    }

    /// Replica `replica` received a publication.
    mutating func received(_ publication: Pending, at replica: Int, appliedIndex: UInt64) {
        if publication.index <= appliedIndex {
            active[replica] = max(active[replica], publication.timestamp)
        } else if pending[replica].count < 64 {
            pending[replica].append(publication)
        }
    }

    /// Replica `replica` applied through `appliedIndex`: publications waiting for it
    /// become active.
    mutating func applied(through appliedIndex: UInt64, at replica: Int) {
        guard !pending[replica].isEmpty else { return }
        var kept = 0
        for publication in pending[replica] {
            if publication.index <= appliedIndex {
                active[replica] = max(active[replica], publication.timestamp)
            } else {
                pending[replica][kept] = publication
                kept += 1
            }
        }
        pending[replica].removeLast(pending[replica].count - kept)
    }

    /// A replica restarted: what it had is volatile.
    mutating func reset(replica: Int) {
        active[replica] = Int64.min
        pending[replica].removeAll()
    }
}
