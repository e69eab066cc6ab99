/// The export's transaction tables (`--txn`): outcomes per region, and the hottest keys.
extension RunExport {
    static func addTransactions(to bundle: inout ExportBundle, _ transactions: TransactionReport) {
        var outcomes = CSVTable(
            path: "transactions.csv", description: "Per client region: transactions committed and given up (by cause), attempts and latency.",
            columns: [
                .text("region", "Client region."),
                .count("committed", "Transactions that committed."),
                .count("aborted_deadlock", "Given up after a deadlock (the last attempt's cause)."),
                .count("aborted_conflict", "Given up after a failed read refresh (without locking reads)."),
                .count("aborted_failed", "Given up after a refusal (no leaseholder, an election under way)."),
                .count("aborted_timeout", "Timed out: whether it committed is unknown."),
                .count("retried_attempts", "Attempts that aborted and were retried."),
                CSVColumn("attempts_per_commit", .number(decimals: 4), unit: nil, "Mean attempts per committed transaction."),
                .milliseconds("latency_p50_ms", "Median latency of committed transactions, first issue to commit."),
                .milliseconds("latency_p90_ms", "90th percentile latency of committed transactions."),
                .milliseconds("latency_p99_ms", "99th percentile latency of committed transactions."),
                .count("lock_waits", "Lock waits of the region's transactions that ended in a grant."),
                .milliseconds("lock_wait_p50_ms", "Median lock wait, queueing to grant (empty without waits)."),
                .milliseconds("lock_wait_p99_ms", "99th percentile lock wait (empty without waits)."),
            ])
        for region in transactions.regions {
            let latency = region.latency
            outcomes.append(
                [.text(region.name), .integer(region.committed)] + region.aborted.map { .integer($0.count) }
                    + [
                        .integer(region.retried.reduce(0) { $0 + $1.count }), .number(region.attemptsPerCommit),
                        latency.isEmpty ? nil : ms(latency.percentile(0.5)), latency.isEmpty ? nil : ms(latency.percentile(0.9)),
                        latency.isEmpty ? nil : ms(latency.percentile(0.99)), .integer(region.lockWait.count),
                        region.lockWait.isEmpty ? nil : ms(region.lockWait.percentile(0.5)),
                        region.lockWait.isEmpty ? nil : ms(region.lockWait.percentile(0.99)),
                    ])
        }
        var keys = CSVTable(
            path: "hot_keys.csv", description: "The keys with the most lock wait, most first: each one's waits and throughput ceiling.",
            columns: [
                .count("key", "The key."),
                .milliseconds("total_wait_ms", "Time transactions spent waiting for its lock, summed."),
                .count("waits", "Lock waits on it."),
                CSVColumn("ceiling_per_s", .number(decimals: 3), unit: "1/s", "One over its mean lock hold: the most commits a second it allows."),
            ])
        for key in transactions.hottestKeys {
            keys.append([.integer(key.key), ms(key.totalWait), .integer(key.waits), key.ceilingPerSecond.map { .number($0) }])
        }
        bundle.tables += [outcomes, keys, timelineTable(transactions)]
        bundle.charts += [
            ExportChart(
                path: "charts/lock_wait.svg", title: "Lock wait per second", xLabel: "t (s)", yLabel: "lock wait ended in the second (ms, summed)",
                description: "Time transactions spent waiting for locks, summed over the waits that ended in each second.",
                table: "transactions_timeline.csv", x: "t_s", y: "lock_wait_ms"),
            ExportChart(
                path: "charts/aborts.svg", title: "Aborted attempts per second", xLabel: "t (s)", yLabel: "aborted attempts",
                description: "Transaction attempts that aborted in each second, retried or not.",
                table: "transactions_timeline.csv", x: "t_s", y: "aborts"),
        ]
        bundle.sections.append(
            ExportSection(
                title: "Transactions",
                text:
                    "Transactions (\(transactions.shape), \(transactions.isolation)): outcomes per region, the keys whose locks were waited on most with the throughput each allows, and lock waits and aborts second by second.",
                tables: ["transactions.csv", "hot_keys.csv", "transactions_timeline.csv"], charts: ["charts/lock_wait.svg", "charts/aborts.svg"]))
    }

    /// Per simulated second: lock wait ended in it and aborted attempts.
    static func timelineTable(_ transactions: TransactionReport) -> CSVTable {
        var table = CSVTable(
            path: "transactions_timeline.csv", description: "Per simulated second: the lock waits that ended in it (summed) and the attempts that aborted.",
            columns: [
                .count("t_s", "The second's end (s)."),
                .milliseconds("lock_wait_ms", "Lock wait of the waits that ended in the second, summed."),
                .count("aborts", "Attempts that aborted in the second, retried or not."),
            ])
        let seconds = max(transactions.lockWaitBySecond.count, transactions.abortsBySecond.count)
        for second in 0..<seconds {
            let wait = second < transactions.lockWaitBySecond.count ? transactions.lockWaitBySecond[second] : 0
            let aborts = second < transactions.abortsBySecond.count ? transactions.abortsBySecond[second] : 0
            table.append([.integer(second + 1), ms(wait), .integer(aborts)])
        }
        return table
    }
}
