/// The text report's transaction section (`--txn`): per region committed, aborted by
/// cause, attempts per commit and latency; lock waits; the hottest keys with their
/// throughput ceilings; and what dominated the latency.
enum TransactionText {
    static func lines(_ report: TransactionReport, nameWidth: Int) -> [String] {
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String { ReportText.pad(text, width, left: left) }
        let ms = ReportText.milliseconds
        var lines = [
            "Transactions (\(report.shape), \(report.isolation), \(report.lockingReads ? "locking reads" : "plain reads, locking writes"), \(commitText(report.commitProtocol)))",
            pad("", nameWidth + 2, left: true) + pad("committed", 10) + pad("aborted", 8) + pad("att/commit", 11) + pad("p50", 8)
                + pad("p90", 8) + pad("p99", 8) + pad("wait p50", 9) + pad("wait p99", 9),
        ]
        for region in report.regions {
            let aborted = region.aborted.reduce(0) { $0 + $1.count }
            lines.append(
                pad(region.name, nameWidth + 2, left: true) + pad(String(region.committed), 10) + pad(String(aborted), 8)
                    + pad(ReportText.fixed(region.attemptsPerCommit, decimals: 2), 11) + pad(ms(region.latency.percentile(0.5)), 8)
                    + pad(ms(region.latency.percentile(0.9)), 8) + pad(ms(region.latency.percentile(0.99)), 8)
                    + pad(region.lockWait.isEmpty ? "-" : ms(region.lockWait.percentile(0.5)), 9)
                    + pad(region.lockWait.isEmpty ? "-" : ms(region.lockWait.percentile(0.99)), 9))
        }
        let causes = summed(report.regions.map(\.aborted))
        let retried = summed(report.regions.map(\.retried))
        lines.append(
            "Aborted for good: " + causes.map { "\($0.count) \($0.cause)" }.joined(separator: ", ") + "; retried attempts: "
                + retried.map { "\($0.count) \($0.cause)" }.joined(separator: ", "))
        let waits = report.lockWaits
        lines.append(
            "Lock waits: \(waits.count) (p50 \(ms(waits.percentile(0.5))) ms, p99 \(ms(waits.percentile(0.99))) ms), \(report.deadlocks) deadlocks"
                + (report.uncertaintyRestarts > 0 ? "; \(report.uncertaintyRestarts) snapshot reads restarted above an uncertain version" : ""))
        if !report.hottestKeys.isEmpty {
            let keys = report.hottestKeys.prefix(5).map { key in
                "key \(key.key): \(ms(key.totalWait)) ms waited" + (key.ceilingPerSecond.map { ", ceiling \(ReportText.formatCount(($0).rounded()))/s" } ?? "")
            }
            lines.append("Hottest keys: " + keys.joined(separator: "; "))
        }
        lines.append(dominantLine(report))
        return lines
    }

    /// How the commit is described in the section's title.
    static func commitText(_ protocol: String) -> String {
        switch `protocol` {
        case "parallel": "parallel commits"
        case "2pc": "two-phase commit"
        default: "commit at the primary"
        }
    }

    /// Per cause, the sum over regions.
    static func summed(_ rows: [[(cause: String, count: Int)]]) -> [(cause: String, count: Int)] {
        guard let first = rows.first else { return [] }
        return first.indices.map { index in (first[index].cause, rows.reduce(0) { $0 + $1[index].count }) }
    }

    /// What dominated: lock waits when they are most of the mean latency, retries when
    /// commits take many attempts, else the round trips the protocol makes.
    static func dominantLine(_ report: TransactionReport) -> String {
        let latency = report.latency
        guard latency.count > 0, latency.mean > 0 else { return "Latency: no transaction committed." }
        let waitPerCommit = report.lockWaits.mean * Double(report.lockWaits.count) / Double(latency.count)
        let share = min(1, waitPerCommit / latency.mean)
        let attempts = report.regions.reduce(0.0) { $0 + $1.attemptsPerCommit * Double($1.committed) } / Double(max(report.committed, 1))
        if share >= 0.5 { return "Latency dominated by lock waits: \(ReportText.formatPercent(share, decimals: 0)) of the mean." }
        if attempts >= 1.5 { return "Latency dominated by retries: \(ReportText.fixed(attempts, decimals: 2)) attempts per commit." }
        let trips =
            switch report.commitProtocol {
            case "primary": "statements to the primary, then its commit"
            case "2pc": "reads to each leaseholder, then two consensus rounds"
            default: "reads to each leaseholder, then a consensus round"
            }
        return "Latency dominated by round trips (\(trips)); lock waits \(ReportText.formatPercent(share, decimals: 0)) of the mean."
    }
}
