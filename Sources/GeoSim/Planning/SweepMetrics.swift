/// The flat figures a sweep records for each run, in a fixed order (the order of CSV
/// columns; JSON rows sort their keys). Latencies are milliseconds rounded to 3 decimals,
/// and the read and write percentiles are exact order statistics of the run's latencies
/// when it kept them (`ExactLatencies`; sweeps do), so that replicates whose percentiles
/// share a histogram bucket still differ and their confidence interval is honest;
/// availabilities are fractions (0..1) rounded to 6 decimals, nil for reads (writes)
/// when no read (write) ended; `ops` counts operations
/// that ended (ok, failed or unknown). A latency is nil (null in JSON, empty in CSV)
/// when no operation of its kind ended ok. The Raft and read figures follow (so a sweep
/// over seeds can study failover): elections, the longest failover and the leaderless
/// time in seconds (nil without a failover), read staleness p99 in ms and the share of
/// reads served in the client's region (nil when reads are not measured), and the cache
/// hit ratio (nil without a cache). With transactions (`--txn`): their committed p99 in
/// ms, the share of transactions that gave up, and commits per simulated second of the
/// run's duration (nil without transactions). Then the traffic: bytes per second between
/// regions, bytes per operation (all traffic; nil without operations), and US dollars a
/// month at list prices for transfer (between regions and zones) and in all (with nodes
/// when `--node-cost` is given) — `TrafficReport`.
public enum SweepMetrics {
    public static let names: [String] = [
        "availability", "availability_reads", "availability_writes", "ops",
        "reads_mean_ms", "reads_p50_ms", "reads_p90_ms", "reads_p99_ms", "reads_p999_ms",
        "writes_mean_ms", "writes_p50_ms", "writes_p90_ms", "writes_p99_ms", "writes_p999_ms",
        "elections", "failover_max_s", "leaderless_s", "staleness_p99_ms", "local_read_share", "cache_hit_ratio",
        "txn_p99_ms", "txn_abort_fraction", "txn_committed_per_s",
        "cross_region_bytes_per_s", "bytes_per_op", "transfer_usd_per_month", "cost_usd_per_month",
    ]

    /// The position of metric `name` in `names`.
    public static func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The figures of one run's report, in `names` order; read and write percentiles from
    /// `exact` where it holds every latency of their kind, else from the histograms.
    public static func measure(_ report: Report, exact: ExactLatencies? = nil) -> [Double?] {
        let writes = report.totalWrites
        let reads = report.totalReads
        let ended = writes.count + reads.count
        let overall = ended == 0 ? 1 : Double(writes.ok + reads.ok) / Double(ended)
        let fractions = [0.5, 0.9, 0.99, 0.999]
        func latency(_ stats: OperationStats, exact values: [Nanoseconds]?) -> [Double?] {
            guard stats.ok > 0 else { return [nil, nil, nil, nil, nil] }
            let histogram = stats.latency
            let percentiles =
                values.flatMap { $0.count == stats.ok ? ExactLatencies.percentiles($0, fractions) : nil }
                ?? fractions.map { histogram.percentile($0) }
            return [milliseconds(histogram.mean)] + percentiles.map { milliseconds(Double($0)) }
        }
        let exactReads = exact.flatMap { $0.readsComplete ? $0.reads : nil }
        let exactWrites = exact.flatMap { $0.writesComplete ? $0.writes : nil }
        return [
            rounded(overall, 6), reads.measuredAvailability.map { rounded($0, 6) }, writes.measuredAvailability.map { rounded($0, 6) },
            Double(ended),
        ]
            + latency(reads, exact: exactReads) + latency(writes, exact: exactWrites) + leadershipAndReads(report)
            + transactionFigures(report) + trafficFigures(report)
    }

    /// Bytes between regions per second, bytes per operation, and the month's cost.
    static func trafficFigures(_ report: Report) -> [Double?] {
        guard let traffic = report.traffic else { return [nil, nil, nil, nil] }
        return [
            rounded(traffic.crossRegionBytesPerSecond, 3), traffic.bytesPerOperation(crossRegionOnly: false).map { rounded($0, 3) },
            rounded(traffic.transferUSDPerMonth + traffic.crossZoneUSDPerMonth, 2), rounded(traffic.totalUSDPerMonth, 2),
        ]
    }

    /// Transactions' committed p99, the share given up, and commits per second.
    static func transactionFigures(_ report: Report) -> [Double?] {
        guard let transactions = report.transactions else { return [nil, nil, nil] }
        let ended = transactions.committed + transactions.aborted
        let latency = transactions.latency
        return [
            latency.count > 0 ? milliseconds(Double(latency.percentile(0.99))) : nil,
            ended > 0 ? rounded(Double(transactions.aborted) / Double(ended), 6) : nil,
            report.duration > 0 ? rounded(Double(transactions.committed) / report.duration.seconds, 3) : nil,
        ]
    }

    /// Elections, failover, leaderless time, staleness, local reads and cache hits.
    static func leadershipAndReads(_ report: Report) -> [Double?] {
        let failovers = report.usesPrimary ? report.primaryFailovers : report.failovers
        let failover = failovers.max().map { rounded(Double($0) / 1e9, 3) }
        let staleness = report.totalStaleness
        let measured = report.measuresStaleness && staleness.reads > 0
        let cacheTotals = report.cache.map { rows in rows.reduce((hits: 0, lookups: 0)) { ($0.hits + $1.stats.hits, $0.lookups + $1.stats.lookups) } }
        let hitRatio = cacheTotals.flatMap { $0.lookups > 0 ? rounded(Double($0.hits) / Double($0.lookups), 6) : nil }
        return [
            Double(report.elections), failover, report.usesPrimary ? nil : rounded(Double(report.leaderlessTime) / 1e9, 3),
            measured ? milliseconds(Double(staleness.time.percentile(0.99))) : nil, measured ? rounded(staleness.localFraction, 6) : nil,
            hitRatio,
        ]
    }

    /// ns → ms, 3 decimals.
    static func milliseconds(_ nanoseconds: Double) -> Double? { rounded(nanoseconds / 1e6, 3) }

    /// `value` rounded half away from zero on its shortest decimal digits.
    static func rounded(_ value: Double, _ decimals: Int) -> Double {
        if case .number(let number) = JSONValue.rounded(value, decimals: decimals) { return number }
        return value
    }
}
