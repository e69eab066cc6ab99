/// The HTML page of one run: what the text report says (`ReportText`), in its order, as
/// sections of tables, facts and charts, with the export's charts and tables where it has
/// them. Latencies in ms, shares in percent.
enum HTMLRunPage {
    /// The page of `report`, drawing on `bundle` (its export) for charts and tables.
    static func page(_ report: Report, bundle: ExportBundle) -> HTMLPage {
        var page = HTMLPage(
            title: bundle.title, meta: "geosim \(bundle.version) · seed \(report.seed) · run", version: bundle.version)
        page.notices = notices(report)
        page.summary = summary(report)
        page.scenario = bundle.scenario
        func exported(_ title: String) -> HTMLPage.Section? {
            bundle.sections.first { $0.title == title }.map { HTMLPage.section($0, of: bundle) }
        }
        if let map = report.placementMap { page.sections.append(placement(map)) }
        page.sections.append(latency(report, bundle: bundle))
        if var availability = exported("Availability") {
            if let timeline = report.timeline { availability.blocks.append(timelineTable(report, timeline: timeline)) }
            page.sections.append(availability)
        }
        if let alerts = report.alerts, var section = exported("Alerts") {
            // The text report's lines: what fired, when, how late; then the export's tables.
            let facts = AlertText.lines(alerts).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            section.blocks.insert(.list(facts), at: min(1, section.blocks.count))
            page.sections.append(section)
        }
        page.sections.append(elections(report))
        if report.measuresStaleness {
            if var staleness = exported("Staleness") {
                staleness.blocks[0] = .paragraph("Staleness of \(report.stalenessLabel) reads. " + stalenessNote)
                page.sections.append(staleness)
            }
            if let visibility = exported("t-visibility") { page.sections.append(visibility) }
        }
        if let cache = report.cache { page.sections.append(cacheSection(report, cache: cache, bundle: bundle)) }
        if report.usesPrimary { page.sections.append(replicaLag(report, bundle: bundle)) }
        if !report.pools.isEmpty { page.sections.append(pools(report)) }
        if let transactions = report.transactions, var section = exported("Transactions") {
            section.blocks.insert(.list(transactionFacts(report, transactions)), at: min(1, section.blocks.count))
            page.sections.append(section)
        }
        if let traffic = report.traffic, var section = exported("Traffic and cost") {
            section.blocks.insert(.list(trafficFacts(traffic)), at: min(1, section.blocks.count))
            page.sections.append(section)
        }
        page.sections.append(load(report))
        page.footer = footer(report)
        return page
    }

    /// The traffic's headline figures, as the text report's last two traffic lines say them.
    static func trafficFacts(_ traffic: TrafficReport) -> [String] {
        let rate = TrafficText.kilobytes(traffic.totalBytes(crossRegionOnly: true), traffic)
        return ["Between regions: \(rate) KB/s" + TrafficText.perOperation(traffic).replacingOccurrences(of: "; ", with: ", "), TrafficText.costLine(traffic)]
    }

    /// The one definition of time staleness, as the text report words it.
    static let stalenessNote =
        "Time staleness (ms): \(ReportText.stalenessDefinition); 0 for a read that missed nothing. Versions: how many newer versions the read missed."

    /// Warnings the text report puts first or last: a run stopped early, capped draws,
    /// safety violations.
    static func notices(_ report: Report) -> [String] {
        var notices: [String] = []
        if let limit = report.limitReached {
            notices.append(
                "STOPPED EARLY at \(DurationText.format(limit.at)): \(limit.detail). The figures cover the run up to then; raise the limit with --limit \(limit.name)=VALUE."
            )
        }
        if !report.cappedDraws.isEmpty {
            let counts = report.cappedDraws.map { "\($0.count) \($0.source)" }.joined(separator: ", ")
            notices.append(
                "CAPPED DRAWS: \(counts) longer than the run's horizon (\(DurationText.format(report.horizon))) and cut to it.")
        }
        notices += report.safetyViolations.map { "SAFETY VIOLATION: " + $0 }
        return notices
    }

    /// What was run, as the text report's header says it.
    static func summary(_ report: Report) -> [String] {
        let names = report.regions.map(\.name).joined(separator: ", ")
        var lines: [String] = []
        if let quorums = report.quorums {
            lines.append("Leaderless, N=\(quorums.n) R=\(quorums.r) W=\(quorums.w), \(report.replicas) nodes in \(names); last writer wins.")
        } else if report.usesPrimary {
            let primary = report.primaryNode.map { "primary \($0)" } ?? "no primary"
            lines.append("\(report.replicationMode), \(report.replicas) nodes in \(names); \(primary), every other node a replica.")
        } else {
            let leader = report.leaderRegion.map { "leader \($0) (term \(report.term))" } ?? "no leader"
            let goal = report.survival.map { "\($0) survival" } ?? "every replica votes"
            lines.append(
                "Raft, \(report.replicas) replica\(report.replicas == 1 ? "" : "s") in \(names); \(report.rangeCount) range\(report.rangeCount == 1 ? "" : "s"), \(report.locality) locality, \(goal); \(leader)."
            )
            for placement in report.placements {
                let nonVoters = placement.nonVoters.isEmpty ? "" : "; non-voting " + placement.nonVoters.joined(separator: ", ")
                lines.append("Home \(placement.home): voters " + placement.voters.joined(separator: ", ") + nonVoters + ".")
            }
        }
        if let profile = report.profile { lines.append("Profile \(profile): its documented defaults (docs/profiles.md), flags given win.") }
        let mix = report.transactions.map { "transactions \($0.shape)" } ?? "\(ReportText.formatPercent(report.writeFraction)) writes"
        lines.append(
            "\(DurationText.format(report.duration)) simulated, \(ReportText.formatCount(report.rate)) ops/s, \(mix), \(report.keyCount) keys \(report.keyPopularity), jitter \(report.jitter), seed \(report.seed)."
        )
        return lines
    }

    /// Latency: writes against the floor and reads by region, their CDFs and tails.
    static func latency(_ report: Report, bundle: ExportBundle) -> HTMLPage.Section {
        var blocks: [HTMLPage.Block] = [
            .paragraph(
                "Latency of the operations that ended ok, by the client's region. Percentiles are nearest-rank, within 0.4% of the exact value. Floor: the least write latency physics allows for this placement."
            ),
            .table(operationTable(report, writes: true)),
            .table(operationTable(report, writes: false)),
        ]
        if let section = bundle.sections.first(where: { $0.title == "Latency" }) {
            blocks += section.charts.compactMap { path in bundle.charts.first { $0.path == path }.map { HTMLPage.chart(bundle, $0) } }
        }
        for writes in [true, false] where writes || report.totalReads.ok > 0 {
            let spec = TailChart.spec(report, writes: writes)
            let name = writes ? "write" : "read"
            blocks.append(
                .chart(
                    svg: HTMLReport.inlineSVG(SVGChart.render(spec, idPrefix: "chart-tail-\(name)s-")),
                    caption:
                        "The tail of \(name) latency, HdrHistogram style: percentile on a log axis (50%, 90%, 99%, 99.9%, 99.99% equally spaced), latency on a log axis; a line ends where its region has too few \(name)s for a higher percentile."
                ))
        }
        return HTMLPage.Section(title: "Latency", blocks: blocks)
    }

    /// The writes (with the floor) or reads table of the text report.
    static func operationTable(_ report: Report, writes: Bool) -> CSVTable {
        var columns: [CSVColumn] = [
            .text("region", "Client region, or all."),
            .count("ok", "Operations that ended ok."),
            .count("failed", "Operations known not to have been applied."),
            .count("unknown", "Operations the client gave up on."),
        ]
        columns += RunExport.percentileColumns.dropLast()
        if writes { columns.append(.milliseconds("floor_ms", "The least write latency physics allows for this placement (see the footer).")) }
        var table = CSVTable(
            path: "latency.csv", description: writes ? "Writes, by client region." : "Reads, by client region.", columns: columns)
        var rows = report.regions.map { (name: $0.name, stats: writes ? $0.writes : $0.reads, floor: Optional($0.placementFloor)) }
        if rows.count > 1 { rows.append(("all", writes ? report.totalWrites : report.totalReads, nil)) }
        for row in rows {
            let cells: [CSVTable.Value?] = [.text(row.name), .integer(row.stats.ok), .integer(row.stats.failed), .integer(row.stats.unknown)]
            table.append(cells + RunExport.percentiles(row.stats.latency).dropLast() + [row.floor.map { RunExport.ms($0) }])
        }
        return table
    }

    /// Elections and failover: Raft's elections, leaderless time and longest failover, or
    /// a primary's promotions and the writes they lost.
    static func elections(_ report: Report) -> HTMLPage.Section {
        var facts: [String] = []
        if report.replicationMode == "raft" {
            facts.append("Elections: \(report.elections); leader changes: \(report.leaderChanges).")
            facts.append("Time without a leader: \(ReportText.fixed(report.leaderlessTime.seconds, decimals: 2)) s.")
            if let worst = report.failovers.max() {
                facts.append("Longest failover: \(ReportText.fixed(worst.seconds, decimals: 2)) s (\(report.failovers.count) in all).")
            }
            facts.append("Strong reads served by \(report.strongReads).")
            if report.raftSnapshots > 0 {
                facts.append(
                    "Raft snapshots: \(report.raftSnapshots), to followers more than \(report.raftLogLimit) committed entries behind (--limit raft-log=N keeps more log)."
                )
            }
        } else if report.usesPrimary {
            facts.append("Promotions: \(report.promotions); acknowledged writes lost at promotion: \(report.lostAcknowledgedWrites).")
            if let longest = report.primaryFailovers.max() {
                facts.append("Longest failover: \(DurationText.format(longest)) (crash to promotion).")
            }
        } else {
            facts.append("Leaderless replication: no leader, so no elections and no failover.")
        }
        if let leader = report.leaderRegion { facts.append("Leader at the end: \(leader).") }
        if !report.faults.isEmpty { facts.append("Faults: " + report.faults.joined(separator: "; ") + ".") }
        return HTMLPage.Section(title: "Elections and failover", blocks: [.list(facts)])
    }

    /// The busiest nodes: each node's share of time busy (CPU, and disk when modelled),
    /// busiest first, and the saturated ones named.
    static func load(_ report: Report) -> HTMLPage.Section {
        guard !report.utilization.isEmpty else { return HTMLPage.Section(title: "Busiest nodes") }
        let disks = report.diskUtilization ?? []
        var columns: [CSVColumn] = [.text("node", "The node."), .fraction("busy", "Share of the run its cores were busy.")]
        if !disks.isEmpty { columns.append(.fraction("disk_busy", "Share of the run its disk spent in fsyncs.")) }
        var table = CSVTable(path: "utilization", description: "Nodes by utilization, busiest first.", columns: columns)
        let ordered = report.utilization.enumerated().sorted { ($1.element.share, $0.offset) < ($0.element.share, $1.offset) }.map(\.element)
        for entry in ordered.prefix(maxLoadRows) {
            let disk = disks.first { $0.node == entry.node }.map { CSVTable.Value.number($0.share) }
            table.append([.text(entry.node), .number(entry.share)] + (disks.isEmpty ? [] : [disk]))
        }
        var facts: [String] = []
        if let busiest = ordered.first {
            facts.append("Busiest node: \(busiest.node), \(ReportText.formatPercent(busiest.share, decimals: 1)) busy.")
        }
        let saturated = report.utilization.filter { $0.share > 0.9 }.map(\.node)
        if !saturated.isEmpty { facts.append("SATURATED (over 90% busy): " + saturated.joined(separator: ", ") + ".") }
        if let busiestDisk = disks.max(by: { $0.share < $1.share }) {
            let mean = disks.reduce(0) { $0 + $1.share } / Double(max(disks.count, 1))
            facts.append(
                "Disks: busiest \(busiestDisk.node), \(ReportText.formatPercent(busiestDisk.share, decimals: 1)) in fsyncs; mean \(ReportText.formatPercent(mean, decimals: 1))."
            )
        }
        if ordered.count > maxLoadRows { facts.append("\(ordered.count - maxLoadRows) less busy nodes not listed.") }
        return HTMLPage.Section(title: "Busiest nodes", blocks: [.list(facts), .table(table)])
    }

    /// The most nodes the utilization table lists.
    static let maxLoadRows = 12

    /// The text report's footer: what the floor is, and the engine's counts.
    static func footer(_ report: Report) -> [String] {
        let target = report.usesPrimary ? "the primary" : "the nearest majority"
        var engine =
            "\(report.events) events, \(report.messages) messages, \(report.committedEntries) entries committed; in-flight operations drained by \(ReportText.fixed(report.endTime.seconds, decimals: 3)) s."
        if let wall = report.wallSeconds { engine += " Wall \(ReportText.fixed(wall, decimals: 3)) s." }
        return [
            "Floor: the least write latency physics allows for this placement: light in fiber (204,000 km/s) from the client's region to \(target) and back.",
            engine,
        ]
    }
}
