/// The per-second timeline: per client region, the operations that ended in each second
/// of simulated time (ok, failed, unknown), their p99 latency and the replicas' replay lag.
///
/// Invariant: one row per closed second, in time order.
struct TimelineRecorder {
    private(set) var rows: [TimelineRow] = []
    private var cells: [TimelineRow.Cell]
    private var writeLatency: [LatencyHistogram]
    private var readLatency: [LatencyHistogram]
    private var replicaLag: [LatencyHistogram]

    init(regions: Int) {
        cells = Array(repeating: TimelineRow.Cell(), count: regions)
        writeLatency = Array(repeating: LatencyHistogram(), count: regions)
        readLatency = writeLatency
        replicaLag = writeLatency
    }

    /// An operation from `region` ended this second.
    mutating func record(region: Int, isWrite: Bool, ok: Bool, unknown: Bool, latency: Nanoseconds) {
        if isWrite {
            if ok {
                cells[region].writesOK += 1
                writeLatency[region].record(latency)
            } else if unknown {
                cells[region].writesUnknown += 1
            } else {
                cells[region].writesFailed += 1
            }
        } else {
            if ok {
                cells[region].readsOK += 1
                readLatency[region].record(latency)
            } else if unknown {
                cells[region].readsUnknown += 1
            } else {
                cells[region].readsFailed += 1
            }
        }
    }

    /// A replica in `region` applied an entry `lag` after its commit (ns).
    mutating func recordReplicaLag(region: Int, _ lag: Nanoseconds) { replicaLag[region].record(lag) }

    /// Closes the second ending at `end` with the leader's region and the faults in force.
    mutating func closeSecond(end: Nanoseconds, leaderRegion: Int?, activeFaults: [String]) {
        for region in cells.indices {
            cells[region].writeP99 = writeLatency[region].percentile(0.99)
            cells[region].readP99 = readLatency[region].percentile(0.99)
            cells[region].replicaLagP99 = replicaLag[region].percentile(0.99)
            replicaLag[region] = LatencyHistogram()
        }
        rows.append(TimelineRow(end: end, leaderRegion: leaderRegion, activeFaults: activeFaults, cells: cells))
        for region in cells.indices {
            cells[region] = TimelineRow.Cell()
            writeLatency[region] = LatencyHistogram()
            readLatency[region] = LatencyHistogram()
        }
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        zip(rows, rows.dropFirst()).contains { $0.end >= $1.end } ? ["timeline rows out of time order"] : []
    }
}
