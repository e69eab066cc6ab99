/// The export of one run (`geosim run --export DIR`): `report.json`, `placement.svg` (the
/// placement picture, `PlacementSVG`), tidy CSV tables, SVG charts drawn from those tables,
/// `manifest.json` and `geosim.ipynb`.
///
/// Tables (latencies in ms, times in s, fractions 0…1; `all` rows sum the regions):
/// - `latency.csv`: per operation and client region, outcomes and latency percentiles;
/// - `latency_cdf.csv`: the latency CDF of each operation and region;
/// - `availability.csv`: per region, the share of operations that ended ok, longest outages;
/// - with `--timeline`: `timeline.csv` (per second and region), `leader_changes.csv`;
/// - with faults: `faults.csv` (label, start, end);
/// - when staleness is measured: `staleness.csv`, `staleness_cdf.csv`, `visibility.csv`;
/// - with a cache: `cache.csv`, `cache_deciles.csv`.
public enum RunExport {
    /// The files of the export directory (see the type's note).
    ///
    /// - Parameters:
    ///   - report: the run's report.
    ///   - scenario: the settings to record (key, text), in the order to show them; empty
    ///     takes `scenarioDescription(report)`.
    ///   - version: the geosim version.
    ///   - faults: the run's fault schedule, for exact fault windows; without it the
    ///     windows come from the timeline, to the second.
    ///   - extraTables: more tables to export (listed in the manifest, loaded by the notebook).
    public static func files(
        report: Report, scenario: [(key: String, value: String)] = [], version: String,
        faults: [Fault] = [], extraTables: [CSVTable] = []
    ) -> [ExportFile] {
        bundle(report: report, scenario: scenario, version: version, faults: faults, extraTables: extraTables).files()
    }

    /// The run's tables, charts and sections, before they are written (`files()` of the
    /// result is `files(report:...)`; `HTMLReport.render` draws the same bundle).
    public static func bundle(
        report: Report, scenario: [(key: String, value: String)] = [], version: String,
        faults: [Fault] = [], extraTables: [CSVTable] = []
    ) -> ExportBundle {
        var bundle = ExportBundle(
            kind: "run", title: "geosim run: " + report.regions.map(\.name).joined(separator: ", "),
            version: version, seed: report.seed,
            scenario: scenario.isEmpty ? scenarioDescription(report) : scenario,
            documents: [
                ExportFile(
                    path: "report.json", contents: report.json, kind: "report",
                    description: "The run's report (schema geosim.report/1), as `--format json` prints it.")
            ])
        if let map = report.placementMap {
            bundle.documents.append(
                ExportFile(
                    path: PlacementSVG.path, contents: PlacementSVG.render(map), kind: "picture",
                    description:
                        "Where the replicas, leaseholders and clients are: the regions on a world outline, with the round trips between regions holding replicas."
                ))
        }

        addLatency(to: &bundle, report)
        addAvailability(to: &bundle, report, faults: faults)
        if report.measuresStaleness { addStaleness(to: &bundle, report) }
        if let cache = report.cache { addCache(to: &bundle, report, cache: cache) }
        if let transactions = report.transactions { addTransactions(to: &bundle, transactions) }
        if let traffic = report.traffic { addTraffic(to: &bundle, traffic) }
        if let alerts = report.alerts { addAlerts(to: &bundle, report, alerts: alerts) }
        for table in extraTables { bundle.add(table) }
        return bundle
    }

    /// The run's settings as the report records them, for the manifest and page headers.
    public static func scenarioDescription(_ report: Report) -> [(key: String, value: String)] {
        var settings: [(key: String, value: String)] = [
            ("regions", report.regions.map(\.name).joined(separator: ",")),
            ("replicas", String(report.replicas)),
            ("replication", report.replicationMode),
            ("seed", String(report.seed)),
            ("duration", DurationText.format(report.duration)),
            ("rate", JSONWriter.format(report.rate) + " ops/s"),
            ("write-fraction", JSONWriter.format(report.writeFraction)),
            ("keys", String(report.keyCount)),
            ("key-dist", report.keyPopularity),
            ("jitter", report.jitter),
            ("read-mode", report.readMode),
            ("locality", report.locality),
        ]
        if let survival = report.survival { settings.append(("survival", survival)) }
        if let leader = report.leaderRegion { settings.append(("leader at end", leader)) }
        if !report.faults.isEmpty { settings.append(("faults", report.faults.joined(separator: "; "))) }
        return settings
    }

    // MARK: - Tables

    typealias Value = CSVTable.Value

    static func ms(_ value: Nanoseconds) -> Value { .number(Double(value) / 1e6) }
    static func seconds(_ value: Nanoseconds) -> Value { .number(Double(value) / 1e9) }

    /// p50, p90, p99, p99.9, max, mean in ms; missing when no value was recorded.
    static func percentiles(_ histogram: LatencyHistogram) -> [Value?] {
        guard !histogram.isEmpty else { return Array(repeating: nil, count: 6) }
        return [0.5, 0.9, 0.99, 0.999].map { ms(histogram.percentile($0)) } + [ms(histogram.max), .number(histogram.mean / 1e6)]
    }

    static let percentileColumns: [CSVColumn] = [
        .milliseconds("p50_ms", "Median latency of the operations that ended ok."),
        .milliseconds("p90_ms", "90th percentile latency."),
        .milliseconds("p99_ms", "99th percentile latency."),
        .milliseconds("p999_ms", "99.9th percentile latency."),
        .milliseconds("max_ms", "Largest latency."),
        .milliseconds("mean_ms", "Mean latency."),
    ]

    static func latencyTable(_ report: Report) -> CSVTable {
        var table = CSVTable(
            path: "latency.csv", description: "Per operation and client region (and all regions): outcomes and latency percentiles.",
            columns: [
                .text("region", "Client region, or `all`."),
                .text("operation", "`write` or `read`."),
                .count("count", "Operations that ended, whichever way."),
                .count("ok", "Operations that ended ok."),
                .count("failed", "Operations known not to have been applied."),
                .count("unknown", "Operations the client gave up on (a write may still have been applied)."),
            ] + percentileColumns + [
                .milliseconds(
                    "floor_ms",
                    "Writes: the least latency physics allows for this placement (light in fiber to the nearest majority and back); empty for reads and `all`."),
                .fraction("availability", "Share of the operations that ended ok; empty when none ended."),
            ])
        for operation in ["write", "read"] {
            let isWrite = operation == "write"
            // Writes of a region have a physics floor; reads and `all` have none.
            let rows = report.regions.map { ($0.name, isWrite ? $0.writes : $0.reads, isWrite ? $0.placementFloor : nil) }
            for (region, stats, floor) in rows + [("all", isWrite ? report.totalWrites : report.totalReads, nil)] {
                table.append(
                    [
                        .text(region), .text(operation), .integer(stats.count), .integer(stats.ok),
                        .integer(stats.failed), .integer(stats.unknown),
                    ] + percentiles(stats.latency) + [floor.map(ms), stats.measuredAvailability.map(Value.number)])
            }
        }
        return table
    }

    static func latencyCDFTable(_ report: Report) -> CSVTable {
        var table = CSVTable(
            path: "latency_cdf.csv",
            description: "The latency CDF of each operation and client region: the fraction of ok operations at or below each latency.",
            columns: [
                .text("region", "Client region."),
                .text("operation", "`write` or `read`."),
                .milliseconds("latency_ms", "Latency."),
                .fraction("fraction", "Fraction of the ok operations with latency at most latency_ms."),
            ])
        for operation in ["write", "read"] {
            for row in report.regions {
                let histogram = operation == "write" ? row.writes.latency : row.reads.latency
                for point in ChartData.cdf(from: histogram, name: row.name).points {
                    table.append([.text(row.name), .text(operation), .number(point.x), .number(point.y)])
                }
            }
        }
        return table
    }

    static func availabilityTable(_ report: Report) -> CSVTable {
        var table = CSVTable(
            path: "availability.csv", description: "Per client region (and all): the share of operations that ended ok, and the longest outages.",
            columns: [
                .text("region", "Client region, or `all`."),
                .fraction("writes_availability", "Share of writes that ended ok; empty when none ended."),
                .fraction("reads_availability", "Share of reads that ended ok; empty when none ended."),
                .seconds("longest_write_outage_s", "The longest stretch in which every write from the region failed or timed out."),
                .seconds("longest_read_outage_s", "The same for reads."),
            ])
        for row in report.regions {
            table.append([
                .text(row.name), row.writes.measuredAvailability.map(CSVTable.Value.number), row.reads.measuredAvailability.map(CSVTable.Value.number),
                seconds(row.longestWriteOutage), seconds(row.longestReadOutage),
            ])
        }
        table.append([
            .text("all"), report.totalWrites.measuredAvailability.map(CSVTable.Value.number),
            report.totalReads.measuredAvailability.map(CSVTable.Value.number),
            seconds(report.regions.map(\.longestWriteOutage).max() ?? 0),
            seconds(report.regions.map(\.longestReadOutage).max() ?? 0),
        ])
        return table
    }

    /// `faults.csv`: exact windows from `faults`, else windows read off the timeline (to the
    /// second), else the labels alone. Nil when the run had no fault.
    static func faultTable(_ report: Report, faults: [Fault]) -> CSVTable? {
        guard !faults.isEmpty || !report.faults.isEmpty else { return nil }
        var table = CSVTable(
            path: "faults.csv", description: "The fault schedule: each fault's label (as written) and its window.",
            columns: [
                .text("label", "The fault as the user wrote it (flag and value)."),
                .seconds("start_s", "When the fault began (simulated time)."),
                .seconds("end_s", "When it ended (the run's end for a fault without end)."),
            ])
        if !faults.isEmpty {
            for fault in faults {
                table.append([.text(fault.label), seconds(fault.start), seconds(fault.end ?? report.duration)])
            }
            return table
        }
        guard let timeline = report.timeline, !timeline.isEmpty else {
            for label in report.faults { table.append([.text(label), nil, nil]) }
            return table
        }
        // Row i reports the faults active at its end; a run of rows i…j where a fault is
        // active becomes the window [end of i, end of j + 1 s].
        for label in report.faults {
            var index = 0
            var found = false
            while index < timeline.count {
                guard timeline[index].activeFaults.contains(label) else {
                    index += 1
                    continue
                }
                var last = index
                while last + 1 < timeline.count, timeline[last + 1].activeFaults.contains(label) { last += 1 }
                let end = last + 1 < timeline.count ? timeline[last + 1].end : timeline[last].end
                table.append([.text(label), seconds(timeline[index].end), seconds(end)])
                found = true
                index = last + 1
            }
            if !found { table.append([.text(label), nil, nil]) }
        }
        return table
    }

    static func timelineTable(_ report: Report, timeline: [TimelineRow]) -> CSVTable {
        var table = CSVTable(
            path: "timeline.csv",
            description: "Per second of simulated time and client region: outcomes of the operations that ended in that second, the leader, the active faults.",
            columns: [
                .seconds("t_s", "The end of the second (simulated time)."),
                .text("region", "Client region."),
                .count("writes_ok", "Writes that ended ok in this second."),
                .count("writes_failed", "Writes that failed."),
                .count("writes_unknown", "Writes the client gave up on."),
                .count("reads_ok", "Reads that ended ok."),
                .count("reads_failed", "Reads that failed."),
                .count("reads_unknown", "Reads the client gave up on."),
                .fraction("availability", "Share of the operations ending in this second that ended ok; empty when none ended."),
                .milliseconds("write_p99_ms", "p99 latency of the writes that ended ok; empty when none."),
                .milliseconds("read_p99_ms", "p99 latency of the reads that ended ok; empty when none."),
                .milliseconds("replica_lag_p99_ms", "Primary replication: p99 replay lag of this region's replica; empty otherwise."),
                .text("leader_region", "The live leader's region at the second's end; empty when none leads."),
                .text("active_faults", "Labels of the faults active at the second's end, separated by `; `."),
                .count(
                    "alerts_firing", "With --alerts: alerts firing at the second's end whose scope covers the region (its own and cluster-wide); empty without."
                ),
            ])
        for row in timeline {
            for (index, cell) in row.cells.enumerated() where index < report.regions.count {
                let ended = cell.writesOK + cell.writesFailed + cell.writesUnknown + cell.readsOK + cell.readsFailed + cell.readsUnknown
                table.append([
                    seconds(row.end), .text(report.regions[index].name),
                    .integer(cell.writesOK), .integer(cell.writesFailed), .integer(cell.writesUnknown),
                    .integer(cell.readsOK), .integer(cell.readsFailed), .integer(cell.readsUnknown),
                    ended == 0 ? nil : .number(Double(cell.writesOK + cell.readsOK) / Double(ended)),
                    cell.writesOK == 0 ? nil : ms(cell.writeP99),
                    cell.readsOK == 0 ? nil : ms(cell.readP99),
                    report.usesPrimary ? ms(cell.replicaLagP99) : nil,
                    row.leaderRegion.flatMap { $0 < report.regions.count ? .text(report.regions[$0].name) : nil },
                    row.activeFaults.isEmpty ? nil : .text(row.activeFaults.joined(separator: "; ")),
                    report.alerts.map { .integer($0.firingCount(atSecondEnding: row.end, region: index)) },
                ])
            }
        }
        return table
    }

    static func leaderChangesTable(_ report: Report, timeline: [TimelineRow]) -> CSVTable {
        var table = CSVTable(
            path: "leader_changes.csv", description: "Each change of the leader's region seen at a second's end (from the timeline).",
            columns: [
                .seconds("t_s", "The end of the second in which the change was seen."),
                .text("leader_region", "The new leader's region; empty when no leader."),
                .text("previous_region", "The previous leader's region; empty when there was none."),
                .text("label", "A short label for charts."),
            ])
        func name(_ region: Int?) -> String? { region.flatMap { $0 < report.regions.count ? report.regions[$0].name : nil } }
        for (previous, row) in zip(timeline, timeline.dropFirst()) where previous.leaderRegion != row.leaderRegion {
            let now = name(row.leaderRegion)
            table.append([
                seconds(row.end), now.map { .text($0) }, name(previous.leaderRegion).map { .text($0) },
                .text(now.map { "leader → " + $0 } ?? "no leader"),
            ])
        }
        return table
    }

    static func stalenessTable(_ report: Report) -> CSVTable {
        var table = CSVTable(
            path: "staleness.csv", description: "Per client region (and all): how stale the reads were.",
            columns: [
                .text("region", "Client region, or `all`."),
                .text("read_mode", "The read mode (or replication mode) the figures describe."),
                .count("reads", "Reads measured."),
                .count("stale", "Reads that missed at least one committed version."),
                .fraction("stale_fraction", "stale / reads."),
                .milliseconds("time_p50_ms", "Median time staleness (0 for a fresh read)."),
                .milliseconds("time_p99_ms", "99th percentile time staleness."),
                .milliseconds("time_max_ms", "Largest time staleness."),
                .milliseconds("time_mean_ms", "Mean time staleness."),
                .count("versions_p99", "99th percentile of the versions missed."),
                .count("versions_max", "Most versions missed."),
                .fraction("local_fraction", "Share of reads served by a replica in the client's region."),
                .fraction("fallback_fraction", "Share of reads sent to the leader because the local replica could not meet the bound."),
            ])
        let rows = report.regions.map { ($0.name, $0.staleness) } + [("all", report.totalStaleness)]
        for (region, stats) in rows {
            let empty = stats.reads == 0
            table.append([
                .text(region), .text(report.stalenessLabel), .integer(stats.reads), .integer(stats.stale),
                empty ? nil : .number(stats.staleFraction),
                empty ? nil : ms(stats.time.percentile(0.5)), empty ? nil : ms(stats.time.percentile(0.99)),
                empty ? nil : ms(stats.time.max), empty ? nil : .number(stats.time.mean / 1e6),
                empty ? nil : .integer(Int(stats.versions.percentile(0.99))), empty ? nil : .integer(Int(stats.versions.max)),
                empty ? nil : .number(stats.localFraction), empty ? nil : .number(Double(stats.fellBack) / Double(stats.reads)),
            ])
        }
        return table
    }

    static func stalenessCDFTable(_ report: Report) -> CSVTable {
        var table = CSVTable(
            path: "staleness_cdf.csv", description: "The CDF of read time staleness per read mode and client region.",
            columns: [
                .text("read_mode", "The read mode (or replication mode)."),
                .text("region", "Client region."),
                .milliseconds("staleness_ms", "Time staleness."),
                .fraction("fraction", "Fraction of reads with staleness at most staleness_ms."),
            ])
        for row in report.regions {
            for point in ChartData.cdf(from: row.staleness.time, name: row.name).points {
                table.append([.text(report.stalenessLabel), .text(row.name), .number(point.x), .number(point.y)])
            }
        }
        return table
    }

    static func visibilityTable(_ report: Report) -> CSVTable {
        var table = CSVTable(
            path: "visibility.csv", description: "t-visibility per client region (and all): reads binned by the time since their key's newest commit.",
            columns: [
                .text("region", "Client region, or `all`."),
                .milliseconds("t_ms", "The bin's lower edge: time since the newest commit of the read's key."),
                .count("samples", "Reads in the bin."),
                .count("consistent", "Reads in the bin that returned the newest version."),
                .fraction(
                    "p_consistent",
                    "The monotone estimate: the non-decreasing curve closest to the bins' consistent / samples, weighted by samples (isotonic regression)."),
                .fraction("p_observed", "consistent / samples of this bin alone (not monotone in t: bins are noisy)."),
                .fraction("ci95_low", "Lower end of the 95% Wilson interval of p_observed."),
                .fraction("ci95_high", "Upper end of the 95% Wilson interval of p_observed."),
            ])
        let rows = report.regions.map { ($0.name, $0.visibility) } + [("all", report.totalVisibility)]
        for (region, curve) in rows {
            for point in curve.estimates {
                table.append([
                    .text(region), ms(point.t), .integer(point.samples), .integer(point.consistent), .number(point.monotone),
                    .number(point.observed), .number(point.low), .number(point.high),
                ])
            }
        }
        return table
    }

    static func cacheTable(_ report: Report, cache: [(region: String, stats: CacheStats, readsWithout: OperationStats)]) -> CSVTable {
        var table = CSVTable(
            path: "cache.csv", description: "Per client region (and all): the cache's figures, and the reads of the same run without a cache.",
            columns: [
                .text("region", "Client region, or `all`."),
                .count("lookups", "Cache lookups."),
                .count("hits", "Lookups served from the cache."),
                .fraction("hit_ratio", "hits / lookups."),
                .count("stale_hits", "Hits that returned a version older than the newest committed one."),
                .count("store_reads", "Store reads the cache caused (misses that fetched)."),
                CSVColumn("store_reads_per_s", .number(decimals: 3), unit: "1/s", "Store reads per simulated second."),
                .milliseconds("staleness_p50_ms", "Median time staleness of the hits."),
                .milliseconds("staleness_p99_ms", "99th percentile time staleness of the hits."),
                .milliseconds("staleness_max_ms", "Largest time staleness of a hit."),
                .milliseconds("read_p50_without_cache_ms", "Median read latency of the same run without a cache."),
                .milliseconds("read_p99_without_cache_ms", "99th percentile read latency without a cache."),
                .fraction("break_even_hit_ratio", "The hit ratio at which the cache's lookup cost is repaid; empty without a baseline."),
                .count("stampede_peak", "Most store fetches under way at once for one key."),
            ])
        let seconds = Swift.max(report.duration.seconds, 1e-9)
        var total = CacheStats()
        var totalWithout = OperationStats()
        var rows = cache
        for entry in cache {
            total.merge(entry.stats)
            totalWithout.merge(entry.readsWithout)
        }
        rows.append(("all", total, totalWithout))
        for entry in rows {
            let stats = entry.stats
            let without = entry.readsWithout.latency
            table.append([
                .text(entry.region), .integer(stats.lookups), .integer(stats.hits),
                stats.lookups == 0 ? nil : .number(stats.hitRatio), .integer(stats.staleHits), .integer(stats.storeReads),
                .number(Double(stats.storeReads) / seconds),
                stats.staleness.isEmpty ? nil : ms(stats.staleness.percentile(0.5)),
                stats.staleness.isEmpty ? nil : ms(stats.staleness.percentile(0.99)),
                stats.staleness.isEmpty ? nil : ms(stats.staleness.max),
                without.isEmpty ? nil : ms(without.percentile(0.5)),
                without.isEmpty ? nil : ms(without.percentile(0.99)),
                without.mean > 0 ? .number(Double(report.cacheLookupCost) / without.mean) : nil,
                .integer(stats.stampedePeak),
            ])
        }
        return table
    }

    static func cacheDecileTable(_ cache: [(region: String, stats: CacheStats, readsWithout: OperationStats)]) -> CSVTable {
        var table = CSVTable(
            path: "cache_deciles.csv", description: "Cache lookups and hits per region and key-popularity decile (0: the most popular tenth of keys).",
            columns: [
                .text("region", "Client region."),
                CSVColumn("decile", .integer, "Key popularity decile, 0 (most popular) to 9."),
                .count("lookups", "Lookups of keys in the decile."),
                .count("hits", "Hits among them."),
                .fraction("hit_ratio", "hits / lookups; empty without lookups."),
            ])
        for entry in cache {
            for decile in 0..<Swift.min(entry.stats.lookupsByDecile.count, entry.stats.hitsByDecile.count) {
                let lookups = entry.stats.lookupsByDecile[decile]
                let hits = entry.stats.hitsByDecile[decile]
                table.append([
                    .text(entry.region), .integer(decile), .integer(lookups), .integer(hits),
                    lookups == 0 ? nil : .number(Double(hits) / Double(lookups)),
                ])
            }
        }
        return table
    }
}
