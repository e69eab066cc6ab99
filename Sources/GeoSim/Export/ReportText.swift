/// The default, human-readable form of a report: a header, one table for writes and one
/// for reads with a row per client region, and a footer. Fits 80 columns for region
/// names up to 14 characters.
public enum ReportText {
    public static func render(_ report: Report) -> String {
        let names = report.regions.map(\.name)
        let nameWidth = max(12, names.map(\.count).max() ?? 0)
        var lines = headerLines(report)
        lines.append("")
        lines.append(
            contentsOf: table(
                title: "Writes (ms)", rows: report.regions.map { ($0.name, $0.writes, $0.placementFloor) },
                total: report.totalWrites, nameWidth: nameWidth, showFloor: true))
        lines.append("")
        lines.append(
            contentsOf: table(
                title: "Reads (ms)", rows: report.regions.map { ($0.name, $0.reads, 0) },
                total: report.totalReads, nameWidth: nameWidth, showFloor: false))
        if report.measuresStaleness {
            lines.append("")
            lines.append(contentsOf: stalenessLines(report, nameWidth: nameWidth))
        }
        lines += availabilityLines(report, nameWidth: nameWidth)
        if let cache = report.cache { lines += cacheLines(report, cache: cache, nameWidth: nameWidth) }
        if report.usesPrimary { lines += replicaLagLines(report, nameWidth: nameWidth) }
        lines.append("")
        lines += raftLines(report)
        if !report.faults.isEmpty {
            lines.append("Faults: " + report.faults.joined(separator: "; "))
        }
        if !report.pools.isEmpty { lines += poolLines(report, nameWidth: nameWidth) }
        if let transactions = report.transactions {
            lines += TransactionText.lines(transactions, nameWidth: nameWidth)
            lines.append("(the write rows above are the read-write transactions, the read rows the read-only ones, first issue to commit)")
        }
        if let busiest = report.utilization.max(by: { $0.share < $1.share }) {
            let saturated = report.utilization.filter { $0.share > 0.9 }.map(\.node)
            var line = "Busiest node: \(busiest.node), \(formatPercent(busiest.share, decimals: 1)) busy"
            if !saturated.isEmpty { line += "; SATURATED (over 90%): " + saturated.joined(separator: ", ") }
            lines.append(line)
        }
        if let disks = report.diskUtilization, let busiest = disks.max(by: { $0.share < $1.share }) {
            let mean = disks.reduce(0) { $0 + $1.share } / Double(max(disks.count, 1))
            lines.append(
                "Disks: busiest \(busiest.node), \(formatPercent(busiest.share, decimals: 1)) in fsyncs; mean \(formatPercent(mean, decimals: 1))")
        }
        if let traffic = report.traffic { lines += TrafficText.lines(traffic) }
        for violation in report.safetyViolations { lines.append("SAFETY VIOLATION: " + violation) }
        if let alerts = report.alerts { lines += AlertText.lines(alerts) }
        if let timeline = report.timeline {
            lines.append("")
            lines.append(contentsOf: timelineLines(timeline, regions: names))
        }
        lines += footerLines(report)
        // Control characters from names and labels are escaped, so that the terminal shows
        // them instead of obeying them; anything still wider than 80 columns wraps,
        // continuations indented.
        let fitted = lines.map(\.terminalSafe).flatMap { line in
            line.count <= 80 ? [line] : HelpTextWrap.wrap(line, width: 78).enumerated().map { $0 == 0 ? $1 : "  " + $1 }
        }
        return fitted.joined(separator: "\n") + "\n"
    }

    /// A long header line wrapped at 78 columns, continuations indented.
    private static func wrapped(_ text: String) -> [String] {
        HelpTextWrap.wrap(text, width: 78).enumerated().map { $0 == 0 ? $1 : "  " + $1 }
    }

    /// What was run: the replication and placement, the workload, and warnings about the
    /// run itself (stopped early, draws capped).
    private static func headerLines(_ report: Report) -> [String] {
        var lines: [String] = []
        // A run cut short says so before anything else: its figures cover only part of it.
        if let limit = report.limitReached {
            lines += wrapped(
                "STOPPED EARLY at \(DurationText.format(limit.at)): \(limit.detail). The figures cover the run up to then; raise the limit with --limit \(limit.name)=VALUE."
            )
        }
        let names = report.regions.map(\.name)
        if let quorums = report.quorums {
            lines += wrapped(
                "geosim: leaderless, N=\(quorums.n) R=\(quorums.r) W=\(quorums.w), \(report.replicas) nodes in \(names.joined(separator: ", ")); last writer wins"
            )
        } else if report.usesPrimary {
            let primary = report.primaryNode.map { "primary \($0)" } ?? "no primary"
            lines += wrapped(
                "geosim: \(report.replicationMode), \(report.replicas) nodes in \(names.joined(separator: ", ")); \(primary), every other node a replica")
        } else {
            let leader = report.leaderRegion.map { "leader \($0) (term \(report.term))" } ?? "no leader"
            lines += wrapped("geosim: Raft, \(report.replicas) replica\(report.replicas == 1 ? "" : "s") in \(names.joined(separator: ", "))")
            let goal = report.survival.map { "\($0) survival" } ?? "every replica votes"
            lines += wrapped("\(report.rangeCount) range\(report.rangeCount == 1 ? "" : "s"), \(report.locality) locality, \(goal); \(leader)")
        }
        for placement in report.placements where report.replicationMode == "raft" {
            let nonVoters = placement.nonVoters.isEmpty ? "" : "; non-voting " + placement.nonVoters.joined(separator: ", ")
            let text = "home \(placement.home): voters " + placement.voters.joined(separator: ", ") + nonVoters
            lines.append(contentsOf: HelpTextWrap.wrap(text, width: 76).enumerated().map { ($0 == 0 ? "  " : "    ") + $1 })
        }
        if let profile = report.profile { lines += wrapped("profile \(profile): its documented defaults (docs/profiles.md), flags given win") }
        let mix = report.transactions.map { "transactions \($0.shape)" } ?? "\(formatPercent(report.writeFraction)) writes"
        lines += wrapped("\(DurationText.format(report.duration)) simulated, \(formatCount(report.rate)) ops/s, \(mix), seed \(report.seed)")
        lines += wrapped("\(report.keyCount) keys \(report.keyPopularity), jitter \(report.jitter)")
        if let source = report.roundTripSource { lines += wrapped("round trips: \(source)") }
        if !report.cappedDraws.isEmpty {
            let counts = report.cappedDraws.map { "\($0.count) \($0.source)" }.joined(separator: ", ")
            lines += wrapped(
                "CAPPED DRAWS: \(counts) draw\(report.cappedDraws.count == 1 && report.cappedDraws[0].count == 1 ? " was" : "s were") longer than the run's horizon (\(DurationText.format(report.horizon)): its duration plus the longest an operation can drain) and cut to it; the run ends before any of them does."
            )
        }
        return lines
    }

    /// Availability (percent) and the longest outage (seconds) by region, shown only when
    /// something failed or a fault was injected.
    private static func availabilityLines(_ report: Report, nameWidth: Int) -> [String] {
        let troubled = !report.faults.isEmpty || report.regions.contains { $0.writes.ok < $0.writes.count || $0.reads.ok < $0.reads.count }
        guard troubled else { return [] }
        var lines = [""]
        lines.append(pad("Availability", nameWidth, left: true) + pad("writes", 9) + pad("reads", 9) + pad("longest outage", 16))
        for row in report.regions {
            lines.append(
                pad(row.name, nameWidth, left: true) + pad(availabilityText(row.writes.measuredAvailability, decimals: 2), 9)
                    + pad(availabilityText(row.reads.measuredAvailability, decimals: 2), 9)
                    + pad(fixed(row.longestOutage.seconds, decimals: 1) + "s", 16))
        }
        if report.regions.contains(where: { $0.writes.count == 0 || $0.reads.count == 0 }) {
            lines.append("(n/a: no operation of that kind ended in the region)")
        }
        return lines
    }

    /// The cache by region: hit and stale ratios, store reads per second with and without
    /// it, mean read latency (ms) with and without it, and the break-even hit ratio.
    private static func cacheLines(
        _ report: Report, cache: [(region: String, stats: CacheStats, readsWithout: OperationStats)], nameWidth: Int
    ) -> [String] {
        var lines = [""]
        lines.append(
            pad("Cache", nameWidth, left: true) + pad("hits", 8) + pad("stale", 8) + pad("store/s", 9)
                + pad("w/o/s", 9) + pad("read ms", 9) + pad("w/o ms", 9) + pad("break-even", 11))
        let seconds = max(report.duration.seconds, 1e-9)
        for entry in cache {
            let region = report.regions.first { $0.name == entry.region }
            let meanWith = (region?.reads.latency.mean ?? 0) / 1e6
            let meanWithout = entry.readsWithout.latency.mean / 1e6
            let breakEven = meanWithout > 0 ? Double(report.cacheLookupCost) / 1e6 / meanWithout : .infinity
            lines.append(
                pad(entry.region, nameWidth, left: true)
                    + pad(formatPercent(entry.stats.hitRatio, decimals: 1), 8)
                    + pad(formatPercent(entry.stats.lookups == 0 ? 0 : Double(entry.stats.staleHits) / Double(entry.stats.lookups), decimals: 1), 8)
                    + pad(fixed(Double(entry.stats.storeReads) / seconds, decimals: 1), 9)
                    + pad(fixed(Double(entry.readsWithout.count) / seconds, decimals: 1), 9)
                    + pad(fixed(meanWith, decimals: 2), 9) + pad(fixed(meanWithout, decimals: 2), 9)
                    + pad(breakEven <= 1 ? formatPercent(breakEven, decimals: 1) : "never", 11))
        }
        var total = CacheStats()
        for entry in cache { total.merge(entry.stats) }
        lines.append("(read ms: mean read latency with the cache; w/o: the same run without it;")
        lines.append("break-even: the hit ratio below which the cache makes reads slower on average)")
        lines.append(
            "Cache staleness p99 \(milliseconds(total.staleness.percentile(0.99))) ms; stampede peak: "
                + "\(total.stampedePeak) concurrent misses;")
        lines.append("hottest key: \(report.hotKeyExpiryFetches) store reads in the second after it expired")
        return lines
    }

    /// A primary's replicas: lag (ms) by region, promotions, and writes lost to them.
    private static func replicaLagLines(_ report: Report, nameWidth: Int) -> [String] {
        var lines = [""]
        lines.append(pad("Replica lag (ms)", nameWidth + 4, left: true) + pad("p50", 9) + pad("p99", 9) + pad("max", 9))
        for entry in report.replicaLag where !entry.lag.isEmpty {
            lines.append(
                pad(entry.region, nameWidth + 4, left: true) + pad(milliseconds(entry.lag.percentile(0.5)), 9)
                    + pad(milliseconds(entry.lag.percentile(0.99)), 9) + pad(milliseconds(entry.lag.max), 9))
        }
        var promotions = "Promotions: \(report.promotions); acknowledged writes lost at promotion: \(report.lostAcknowledgedWrites)"
        if let longest = report.primaryFailovers.max() { promotions += "; failover \(DurationText.format(longest)) (crash to promotion, longest)" }
        lines.append(promotions)
        if report.replicaLogForgotten > 0 {
            lines.append(
                "Replica log: the primary forgot the commit times of \(report.replicaLogForgotten) entries a replica had not "
                    + "applied (limit replica-log: it keeps \(report.replicaLogLimit); --limit replica-log=N keeps more); "
                    + "a replica behind them reads as stale, and their replay lag is not measured")
        }
        return lines
    }

    /// Raft's elections, leaderless time and failovers (seconds), and its snapshots; none
    /// for the other replication modes.
    private static func raftLines(_ report: Report) -> [String] {
        guard report.replicationMode == "raft" else { return [] }
        var raft =
            "Raft: \(report.elections) election\(report.elections == 1 ? "" : "s"), "
            + "\(report.leaderChanges) leader change\(report.leaderChanges == 1 ? "" : "s"), "
            + "leaderless \(fixed(report.leaderlessTime.seconds, decimals: 2))s"
        if let worst = report.failovers.max() { raft += ", failover \(fixed(worst.seconds, decimals: 2))s (longest)" }
        raft += "; strong reads by \(report.strongReads)"
        var lines = [raft]
        if report.raftSnapshots > 0 {
            lines.append(
                "Raft snapshots: \(report.raftSnapshots), to followers more than \(report.raftLogLimit) committed entries "
                    + "behind (limit raft-log: the leader keeps no more log for them; --limit raft-log=N keeps more)")
        }
        return lines
    }

    /// Connection pools by region: mean connections in use, utilization, waits (ms), and
    /// the operations refused by a timeout or the connection limit.
    private static func poolLines(_ report: Report, nameWidth: Int) -> [String] {
        var lines = [""]
        lines.append(
            pad("Pools", nameWidth, left: true) + pad("in use", 8) + pad("util", 7) + pad("wait p99", 10)
                + pad("pooler p99", 11) + pad("timeouts", 9) + pad("limit", 7))
        let seconds = max(report.endTime.seconds, 1e-9)
        for entry in report.pools {
            let inUse = entry.stats.busyIntegral / 1e9 / seconds
            lines.append(
                pad(entry.region, nameWidth, left: true) + pad(fixed(inUse, decimals: 1), 8)
                    + pad(report.poolSize.map { formatPercent(inUse / Double($0), decimals: 0) } ?? "-", 7)
                    + pad(milliseconds(entry.stats.poolWait.percentile(0.99)), 10)
                    + pad(milliseconds(entry.stats.poolerWait.percentile(0.99)), 11)
                    + pad(String(entry.stats.poolTimeouts), 9) + pad(String(entry.stats.connectionLimitFailures), 7))
        }
        lines.append("(timeouts: waited past --pool-timeout; limit: refused by --max-connections)")
        return lines
    }

    /// What "floor" means, and the engine's counts (and speed, when measured).
    private static func footerLines(_ report: Report) -> [String] {
        var lines = [""]
        lines.append("floor: the least write latency physics allows for this placement: light in")
        if report.usesPrimary {
            lines.append("fiber (204,000 km/s) from the client's region to the primary and back.")
        } else {
            lines.append("fiber (204,000 km/s) from the client's region to the nearest majority and back.")
        }
        var footer =
            "\(report.events) events, \(report.messages) messages, \(report.committedEntries) entries committed; "
            + "in-flight operations drained by \(fixed(report.endTime.seconds, decimals: 3))s"
        if let wall = report.wallSeconds {
            footer += "; wall \(fixed(wall, decimals: 3))s, \(formatCount((Double(report.events) / max(wall, 1e-9)).rounded())) events/s"
        }
        lines.append(footer)
        return lines
    }

    private static func table(
        title: String, rows: [(String, OperationStats, Nanoseconds)], total: OperationStats,
        nameWidth: Int, showFloor: Bool
    ) -> [String] {
        var header = pad(title, nameWidth, left: true) + pad("ok", 8) + pad("failed", 7) + pad("unknown", 8)
        for label in ["p50", "p90", "p99", "p99.9", "max"] { header += pad(label, 7) }
        if showFloor { header += pad("floor", 7) }
        var lines = [header.trailingSpacesRemoved]
        func row(_ name: String, _ stats: OperationStats, floor: Nanoseconds?) -> String {
            var line =
                pad(name, nameWidth, left: true) + pad(String(stats.ok), 8) + pad(String(stats.failed), 7)
                + pad(String(stats.unknown), 8)
            let histogram = stats.latency
            for value in [
                histogram.percentile(0.5), histogram.percentile(0.9), histogram.percentile(0.99),
                histogram.percentile(0.999), histogram.isEmpty ? 0 : histogram.max,
            ] {
                line += pad(histogram.isEmpty ? "-" : milliseconds(value), 7)
            }
            if let floor { line += pad(milliseconds(floor), 7) }
            return line
        }
        for (name, stats, floor) in rows { lines.append(row(name, stats, floor: showFloor ? floor : nil)) }
        if rows.count > 1 { lines.append(row("all", total, floor: nil)) }
        return lines
    }

    /// Milliseconds with precision that suits the magnitude: 0.84, 66.3, 1234.
    static func milliseconds(_ value: Nanoseconds) -> String {
        let ms = Double(value) / 1e6
        if ms < 10 { return fixed(ms, decimals: 2) }
        if ms < 1000 { return fixed(ms, decimals: 1) }
        return fixed(ms, decimals: 0)
    }

    /// A fixed-point rendering that does not depend on the C locale.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return value.description }
        let integer = Int64(scaled)
        let whole = integer / Int64(scale)
        var fraction = String(integer % Int64(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        let sign = value < 0 && integer != 0 ? "-" : ""
        return decimals == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    static func formatCount(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : fixed(value, decimals: 1)
    }

    static func formatPercent(_ fraction: Double) -> String {
        formatCount((fraction * 1000).rounded() / 10) + "%"
    }

    /// Per region: reads served nearby, fallen back to the leaseholder, stale, and the
    /// time staleness p50/p99/max; then the t-visibility curve.
    static func stalenessLines(_ report: Report, nameWidth: Int) -> [String] {
        var lines = [
            "Staleness (\(report.stalenessLabel))",
            pad("", nameWidth + 2, left: true) + pad("local", 8) + pad("fallback", 9)
                + pad("stale", 8) + pad("p50", 9) + pad("p99", 9) + pad("max", 9) + pad("vers", 6),
        ]
        func row(_ name: String, _ stats: StalenessStats) -> String {
            pad(name, nameWidth + 2, left: true) + pad(formatPercent(stats.localFraction, decimals: 1), 8)
                + pad(formatPercent(stats.reads == 0 ? 0 : Double(stats.fellBack) / Double(stats.reads), decimals: 1), 9)
                + pad(formatPercent(stats.staleFraction, decimals: 1), 8)
                + pad(milliseconds(stats.time.percentile(0.5)), 9) + pad(milliseconds(stats.time.percentile(0.99)), 9)
                + pad(milliseconds(stats.time.isEmpty ? 0 : stats.time.max), 9)
                + pad(String(stats.versions.percentile(0.99)), 6)
        }
        for region in report.regions { lines.append(row(region.name, region.staleness)) }
        lines.append(row("all", report.totalStaleness))
        lines += HelpTextWrap.wrap("(time staleness in ms: \(stalenessDefinition); vers: p99 of versions missed)", width: 80)
        let points = report.totalVisibility.points
        if !points.isEmpty {
            let text = points.map { "\(DurationText.format($0.t)) \(formatPercent($0.probability, decimals: 0))" }.joined(separator: ", ")
            lines.append("t-visibility (P(a read t after a commit sees it), t and up; monotone estimate):")
            lines.append(contentsOf: HelpTextWrap.wrap(text, width: 76).map { "  " + $0 })
        }
        return lines
    }

    /// What time staleness is, in the words every report uses (text, HTML, export).
    static let stalenessDefinition = "now minus the commit time of the oldest version a read missed"

    static func formatPercent(_ fraction: Double, decimals: Int) -> String {
        fixed(fraction * 100, decimals: decimals) + "%"
    }

    /// An availability as text: a percentage (`99.95%`), `n/a` when nothing was measured.
    /// Every command's text shows availability this way; JSON and CSV carry the fraction.
    static func availabilityText(_ fraction: Double?, decimals: Int) -> String {
        fraction.map { formatPercent($0, decimals: decimals) } ?? "n/a"
    }

    /// A mean availability and the half-width of its interval, both in percent:
    /// `99.950% ± 0.020%` (no ± without a half-width).
    static func availabilityText(mean: Double, halfWidth: Double?, decimals: Int) -> String {
        formatPercent(mean, decimals: decimals) + (halfWidth.map { " ± " + formatPercent($0, decimals: decimals) } ?? "")
    }

    /// A rate (ops/s) as a person writes it: no decimals when whole (`2000`), else at most
    /// two (`1051.56`).
    static func rateText(_ rate: Double) -> String {
        if case .number(let rounded) = JSONValue.rounded(rate, decimals: 2) { return JSONWriter.format(rounded) }
        return JSONWriter.format(rate)
    }

    /// One line per second: the leader's region, then per region the writes and reads
    /// that ended ok / not ok in that second.
    static func timelineLines(_ rows: [TimelineRow], regions: [String]) -> [String] {
        var lines = ["Timeline (per second: writes ok/not-ok, reads ok/not-ok)"]
        lines.append(pad("t", 7) + "  " + pad("leader", 12, left: true) + regions.map { pad($0, 18) }.joined())
        for row in rows {
            var line =
                pad(fixed(row.end.seconds, decimals: 0) + "s", 7) + "  "
                + pad(row.leaderRegion.map { regions[$0] } ?? "-", 12, left: true)
            for cell in row.cells {
                let writes = "\(cell.writesOK)/\(cell.writesFailed + cell.writesUnknown)"
                let reads = "\(cell.readsOK)/\(cell.readsFailed + cell.readsUnknown)"
                line += pad(writes + " " + reads, 18)
            }
            if !row.activeFaults.isEmpty { line += "  *" }
            lines.append(line)
        }
        lines.append("(* = a fault is active)")
        return lines
    }

    static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + padding : padding + text
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
