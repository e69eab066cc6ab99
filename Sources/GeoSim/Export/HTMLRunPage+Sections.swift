// The run page's sections for features that are off by default: the per-second timeline,
// caches, a primary's replicas, connection pools and transactions.
extension HTMLRunPage {
    /// The placement picture: regions on a world outline, roles, clients and round trips.
    static func placement(_ map: PlacementMap) -> HTMLPage.Section {
        let svg = HTMLReport.inlineSVG(PlacementSVG.render(map, idPrefix: "placement-"))
        let caption =
            "Where the replicas are: a filled dot for voters (replicas), an orange ring for the leaseholder's or primary's region, a green triangle for clients; lines join regions holding replicas, labelled with their round trip. Coastlines are approximate."
        return HTMLPage.Section(title: "Placement", blocks: [.chart(svg: svg, caption: caption)])
    }

    /// The timeline as the text report prints it, folded: per second the leader's region,
    /// then per region writes and reads ok / not ok, and the active faults.
    static func timelineTable(_ report: Report, timeline: [TimelineRow]) -> HTMLPage.Block {
        var columns: [CSVColumn] = [.seconds("t_s", "The end of the second."), .text("leader", "The leader's region at the second's end.")]
        for region in report.regions {
            columns.append(.text("\(region.name) writes", "Writes from \(region.name) that ended ok / not ok in the second."))
            columns.append(.text("\(region.name) reads", "Reads from \(region.name) that ended ok / not ok in the second."))
        }
        columns.append(.text("faults", "The faults active at the second's end."))
        var table = CSVTable(
            path: "timeline.csv", description: "Per second: the leader, then per region writes and reads as ok / not ok.", columns: columns)
        for row in timeline {
            var cells: [CSVTable.Value?] = [
                RunExport.seconds(row.end), .text(row.leaderRegion.map { $0 < report.regions.count ? report.regions[$0].name : "-" } ?? "-"),
            ]
            for index in report.regions.indices {
                guard index < row.cells.count else {
                    cells += [nil, nil]
                    continue
                }
                let cell = row.cells[index]
                cells.append(.text("\(cell.writesOK) / \(cell.writesFailed + cell.writesUnknown)"))
                cells.append(.text("\(cell.readsOK) / \(cell.readsFailed + cell.readsUnknown)"))
            }
            cells.append(row.activeFaults.isEmpty ? nil : .text(row.activeFaults.joined(separator: "; ")))
            table.append(cells)
        }
        return .folded(summary: "Timeline: \(timeline.count) seconds, per region writes and reads ok / not ok", table: table)
    }

    /// The cache: the text report's table (hits, stale hits, store reads with and without
    /// the cache, mean read latency with and without, break-even), its notes, the hit-ratio
    /// chart, and the export's full table folded.
    static func cacheSection(
        _ report: Report, cache: [(region: String, stats: CacheStats, readsWithout: OperationStats)], bundle: ExportBundle
    ) -> HTMLPage.Section {
        var table = CSVTable(
            path: "cache.csv", description: "The cache in each client region, against the same run without it.",
            columns: [
                .text("region", "Client region."),
                .fraction("hits", "Lookups served from the cache."),
                .fraction("stale", "Lookups that returned a version older than the newest committed one."),
                CSVColumn("store_reads_per_s", .number(decimals: 1), unit: "1/s", "Store reads the cache caused, per simulated second."),
                CSVColumn("store_reads_without_per_s", .number(decimals: 1), unit: "1/s", "Store reads per second without the cache."),
                .milliseconds("read_mean_ms", "Mean read latency with the cache."),
                .milliseconds("read_mean_without_ms", "Mean read latency of the same run without the cache."),
                .fraction("break_even", "The hit ratio below which the cache makes reads slower on average; empty: never."),
            ])
        let seconds = max(report.duration.seconds, 1e-9)
        for entry in cache {
            let meanWith = (report.regions.first { $0.name == entry.region }?.reads.latency.mean ?? 0) / 1e6
            let meanWithout = entry.readsWithout.latency.mean / 1e6
            let breakEven = meanWithout > 0 ? Double(report.cacheLookupCost) / 1e6 / meanWithout : .infinity
            let stats = entry.stats
            table.append([
                .text(entry.region), .number(stats.hitRatio),
                .number(stats.lookups == 0 ? 0 : Double(stats.staleHits) / Double(stats.lookups)),
                .number(Double(stats.storeReads) / seconds), .number(Double(entry.readsWithout.count) / seconds),
                .number(meanWith), .number(meanWithout), breakEven <= 1 ? .number(breakEven) : nil,
            ])
        }
        var total = CacheStats()
        for entry in cache { total.merge(entry.stats) }
        var blocks: [HTMLPage.Block] = [
            .paragraph("The cache tier in each client region, against the same run's reads without a cache."),
            .table(table),
            .list([
                "Cache staleness p99: \(ReportText.milliseconds(total.staleness.percentile(0.99))) ms (time staleness of the hits: \(ReportText.stalenessDefinition)).",
                "Stampede peak: \(total.stampedePeak) concurrent misses for one key.",
                "Hottest key: \(report.hotKeyExpiryFetches) store reads in the second after it expired.",
            ]),
        ]
        if let chart = bundle.charts.first(where: { $0.path == "charts/cache_hit_ratio.svg" }) { blocks.append(HTMLPage.chart(bundle, chart)) }
        if let full = bundle.table("cache.csv") { blocks.append(.folded(summary: "Every cache figure (cache.csv)", table: full)) }
        return HTMLPage.Section(title: "Cache", blocks: blocks)
    }

    /// A primary's replicas: replay lag by region, promotions, and the replica lag p99
    /// per second when the timeline was recorded.
    static func replicaLag(_ report: Report, bundle: ExportBundle) -> HTMLPage.Section {
        var table = CSVTable(
            path: "replica_lag", description: "Replay lag of each region's replica: commit at the primary to apply at the replica.",
            columns: [
                .text("region", "The replica's region."), .milliseconds("p50_ms", "Median lag."), .milliseconds("p99_ms", "99th percentile lag."),
                .milliseconds("max_ms", "Largest lag."),
            ])
        for entry in report.replicaLag where !entry.lag.isEmpty {
            table.append([.text(entry.region)] + [0.5, 0.99].map { RunExport.ms(entry.lag.percentile($0)) } + [RunExport.ms(entry.lag.max)])
        }
        var facts = ["Promotions: \(report.promotions); acknowledged writes lost at promotion: \(report.lostAcknowledgedWrites)."]
        if report.replicaLogForgotten > 0 {
            facts.append(
                "Replica log: the primary forgot the commit times of \(report.replicaLogForgotten) entries a replica had not applied (it keeps \(report.replicaLogLimit); --limit replica-log=N keeps more); their replay lag is not measured."
            )
        }
        var blocks: [HTMLPage.Block] = [.table(table), .list(facts)]
        if report.timeline != nil {
            var chart = ExportChart(
                path: "charts/timeline_replica_lag.svg", title: "Replica lag p99 over time", xLabel: "simulated time (s)",
                yLabel: "replica lag p99 (ms)", description: "Replay lag p99 of each region's replica, per second; shaded: fault windows.",
                table: "timeline.csv", x: "t_s", y: "replica_lag_p99_ms", seriesBy: ["region"])
            if bundle.table("faults.csv")?.rows.contains(where: { $0.count > 1 && $0[1] != nil }) == true { chart.windows = "faults.csv" }
            chart.markers = "leader_changes.csv"
            blocks.append(HTMLPage.chart(bundle, chart))
        }
        return HTMLPage.Section(title: "Replication lag", blocks: blocks)
    }

    /// Connection pools by region, as the text report lists them.
    static func pools(_ report: Report) -> HTMLPage.Section {
        var table = CSVTable(
            path: "pools", description: "Connection pools by client region.",
            columns: [
                .text("region", "Client region."),
                CSVColumn("in_use", .number(decimals: 1), unit: nil, "Mean connections in use."),
                .fraction("utilization", "Mean connections in use over the pool's size."),
                .milliseconds("wait_p99_ms", "99th percentile wait for a connection."),
                .milliseconds("pooler_p99_ms", "99th percentile wait at the pooler."),
                .count("timeouts", "Operations that waited past --pool-timeout."),
                .count("limit", "Operations refused by --max-connections."),
            ])
        let seconds = max(report.endTime.seconds, 1e-9)
        for entry in report.pools {
            let inUse = entry.stats.busyIntegral / 1e9 / seconds
            table.append([
                .text(entry.region), .number(inUse), report.poolSize.map { .number(inUse / Double(max($0, 1))) },
                RunExport.ms(entry.stats.poolWait.percentile(0.99)), RunExport.ms(entry.stats.poolerWait.percentile(0.99)),
                .integer(entry.stats.poolTimeouts), .integer(entry.stats.connectionLimitFailures),
            ])
        }
        return HTMLPage.Section(title: "Connection pools", blocks: [.table(table)])
    }

    /// The text report's transaction lines after its table: what it ran, aborts by cause,
    /// lock waits, the hottest keys, what dominated the latency.
    static func transactionFacts(_ report: Report, _ transactions: TransactionReport) -> [String] {
        let lines = TransactionText.lines(transactions, nameWidth: 12)
        var facts = lines.first.map { [$0] } ?? []
        facts += lines.dropFirst(2 + transactions.regions.count)
        facts.append("The latency tables above count read-write transactions as writes and read-only ones as reads, first issue to commit.")
        return facts
    }
}
