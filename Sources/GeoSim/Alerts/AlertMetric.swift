/// A per-second series an alert rule watches, read from the run's timeline rows
/// (`TimelineRow`), named like a Prometheus metric.
///
/// Units: availabilities and pool utilization are fractions 0…1; latencies and lag are
/// nanoseconds (written with a unit in rule files: `"250ms"`); leader changes are counts.
public enum AlertMetric: String, Sendable, CaseIterable {
    /// Operations (reads and writes) that ended ok over all that ended, in the window.
    case availability
    case writeAvailability = "write_availability"
    case readAvailability = "read_availability"
    /// p99 latency of the writes (reads) that ended ok in the second.
    case writeP99 = "write_p99"
    case readP99 = "read_p99"
    /// Primaries: p99 replay lag of the entries a region's replica applied in the second.
    /// Raft: the lag of the region's most lagging live replica behind its range's commits,
    /// at one-second resolution (`FollowerLagSampler`).
    case replicaLag = "replica_lag"
    /// Connections in use over the pool size, averaged over the window (`--pool-size`).
    case poolUtilization = "pool_utilization"
    /// Times a replica became leader (or a replica was promoted), summed over the window.
    case leaderChanges = "leader_changes"

    /// How a threshold of this metric is written and printed.
    public enum Unit: Sendable { case fraction, duration, count }

    public var unit: Unit {
        switch self {
        case .availability, .writeAvailability, .readAvailability, .poolUtilization: return .fraction
        case .writeP99, .readP99, .replicaLag: return .duration
        case .leaderChanges: return .count
        }
    }

    /// Whether a window (`[1m]`) may fold several seconds into one value: sums of counts
    /// and averages can be folded; a p99 of p99s cannot, so latency rules take `for` only.
    public var allowsWindow: Bool { unit != .duration }

    /// Whether the metric has a value per client region (all but leader changes, which
    /// are the cluster's).
    public var isRegional: Bool { self != .leaderChanges }

    /// The names a rule file may use, in documentation order.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The value of the metric for `regions` over the rows `rows` (one or more seconds,
    /// oldest first); nil when there is no sample (no operation ended, no pool, no lag
    /// recorded), which never satisfies a condition (as an absent Prometheus series).
    func value(_ rows: ArraySlice<TimelineRow>, regions: [Int]) -> Double? {
        switch self {
        case .availability: return Self.okShare(rows, regions: regions, writes: true, reads: true)
        case .writeAvailability: return Self.okShare(rows, regions: regions, writes: true, reads: false)
        case .readAvailability: return Self.okShare(rows, regions: regions, writes: false, reads: true)
        case .writeP99, .readP99, .replicaLag:
            // One second (no window); several regions: the worst region's. A p99 of 0 is
            // no sample (nothing ended ok); a Raft lag of 0 is a sample.
            guard let row = rows.last else { return nil }
            let values = regions.compactMap { region -> Nanoseconds? in
                let cell = row.cells[region]
                if self == .replicaLag, let lag = cell.raftLag { return lag }
                let p99 = self == .writeP99 ? cell.writeP99 : self == .readP99 ? cell.readP99 : cell.replicaLagP99
                return p99 > 0 ? p99 : nil
            }
            return values.max().map(Double.init)
        case .poolUtilization:
            var sum = 0.0
            var samples = 0
            for row in rows {
                for region in regions {
                    if let share = row.cells[region].poolUtilization {
                        sum += share
                        samples += 1
                    }
                }
            }
            return samples > 0 ? sum / Double(samples) : nil
        case .leaderChanges:
            return Double(rows.reduce(0) { $0 + $1.leaderChanges })
        }
    }

    /// Ok operations over all that ended in `rows` and `regions`; nil when none ended.
    private static func okShare(_ rows: ArraySlice<TimelineRow>, regions: [Int], writes: Bool, reads: Bool) -> Double? {
        var ok = 0
        var all = 0
        for row in rows {
            for region in regions {
                let cell = row.cells[region]
                if writes {
                    ok += cell.writesOK
                    all += cell.writesOK + cell.writesFailed + cell.writesUnknown
                }
                if reads {
                    ok += cell.readsOK
                    all += cell.readsOK + cell.readsFailed + cell.readsUnknown
                }
            }
        }
        return all > 0 ? Double(ok) / Double(all) : nil
    }
}
