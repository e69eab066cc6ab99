/// The report's `transactions` section (`--txn`), in geosim.report/1's conventions:
/// durations in ms, counts as numbers, causes by name.
extension TransactionReport {
    var jsonValue: JSONValue {
        let ms = Report.milliseconds
        func counts(_ rows: [(cause: String, count: Int)]) -> JSONValue { .object(rows.map { ($0.cause, .number(Double($0.count))) }) }
        func latencyJSON(_ histogram: LatencyHistogram) -> JSONValue {
            .object([
                ("p50", ms(histogram.percentile(0.5))), ("p90", ms(histogram.percentile(0.9))), ("p99", ms(histogram.percentile(0.99))),
                ("max", ms(histogram.isEmpty ? 0 : histogram.max)), ("mean", .rounded(histogram.mean / 1e6, decimals: 3)),
            ])
        }
        let regionMembers: [(key: String, value: JSONValue)] = regions.map { region in
            (
                region.name,
                .object([
                    ("committed", .number(Double(region.committed))), ("aborted", counts(region.aborted)), ("retried", counts(region.retried)),
                    ("attempts_per_commit", .rounded(region.attemptsPerCommit, decimals: 4)), ("latency_ms", latencyJSON(region.latency)),
                    (
                        "lock_wait_ms",
                        .object([
                            ("count", .number(Double(region.lockWait.count))), ("p50", ms(region.lockWait.percentile(0.5))),
                            ("p99", ms(region.lockWait.percentile(0.99))),
                        ])
                    ),
                ])
            )
        }
        let keys: [JSONValue] = hottestKeys.map { key in
            .object([
                ("key", .number(Double(key.key))), ("total_wait_ms", ms(key.totalWait)), ("waits", .number(Double(key.waits))),
                ("ceiling_per_s", key.ceilingPerSecond.map { .rounded($0, decimals: 3) } ?? .null),
            ])
        }
        return .object([
            ("shape", .string(shape)), ("isolation", .string(isolation)), ("locking_reads", .bool(lockingReads)),
            ("commit", .string(commitProtocol)), ("uncertainty_restarts", .number(Double(uncertaintyRestarts))),
            ("committed", .number(Double(committed))), ("aborted", .number(Double(aborted))), ("latency_ms", latencyJSON(latency)),
            ("by_region", .object(regionMembers)),
            (
                "lock_wait_ms",
                .object([
                    ("count", .number(Double(lockWaits.count))), ("mean", .rounded(lockWaits.mean / 1e6, decimals: 3)),
                    ("p50", ms(lockWaits.percentile(0.5))), ("p99", ms(lockWaits.percentile(0.99))),
                ])
            ),
            ("deadlocks", .number(Double(deadlocks))), ("lock_hold_mean_ms", .rounded(meanLockHold / 1e6, decimals: 3)),
            ("hottest_keys", .array(keys)),
        ])
    }
}
