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
    /// The cumulative figures at the last closed second: leader changes, and per region
    /// the pools' connection·ns in use.
    private var leaderChangesSoFar = 0
    private var poolBusySoFar: [Double]

    init(regions: Int) {
        cells = Array(repeating: TimelineRow.Cell(), count: regions)
        writeLatency = Array(repeating: LatencyHistogram(), count: regions)
        readLatency = writeLatency
        replicaLag = writeLatency
        poolBusySoFar = Array(repeating: 0, count: regions)
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
    /// `leaderChanges` is the run's count so far; `pools`, when pools have a size, each
    /// region's connection·ns in use so far and that size; `raftLag`, per region, the lag
    /// of its most lagging Raft replica (nil: none there).
    mutating func closeSecond(
        end: Nanoseconds, leaderRegion: Int?, activeFaults: [String], leaderChanges: Int = 0, pools: (busy: [Double], size: Int)? = nil,
        raftLag: [Nanoseconds?]? = nil
    ) {
        let start = rows.last?.end ?? 0
        for region in cells.indices {
            cells[region].writeP99 = writeLatency[region].percentile(0.99)
            cells[region].readP99 = readLatency[region].percentile(0.99)
            cells[region].replicaLagP99 = replicaLag[region].percentile(0.99)
            replicaLag[region] = LatencyHistogram()
            if let pools, end > start, pools.size > 0, region < pools.busy.count {
                cells[region].poolUtilization = (pools.busy[region] - poolBusySoFar[region]) / (Double(pools.size) * Double(end - start))
                poolBusySoFar[region] = pools.busy[region]
            }
            if let raftLag, region < raftLag.count { cells[region].raftLag = raftLag[region] }
        }
        var row = TimelineRow(end: end, leaderRegion: leaderRegion, activeFaults: activeFaults, cells: cells)
        row.leaderChanges = leaderChanges - leaderChangesSoFar
        leaderChangesSoFar = leaderChanges
        rows.append(row)
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
