// The sections of a run's export, each adding its tables, charts and section text to the
// bundle in the order the manifest, the notebook and the HTML page show them.
extension RunExport {
    /// Latency: the latency, latency CDF and availability tables (the manifest has always
    /// listed them together, in that order), the CDF charts of writes and reads, and the section.
    static func addLatency(to bundle: inout ExportBundle, _ report: Report) {
        bundle.tables += [latencyTable(report), latencyCDFTable(report), availabilityTable(report)]
        // A run without reads (transactions, write-only) draws no empty read chart.
        let operations = ["write", "read"].filter { $0 == "write" || report.totalReads.ok > 0 }
        bundle.charts += operations.map { operation in
            ExportChart(
                path: "charts/latency_cdf_\(operation)s.svg", title: "\(operation.capitalized) latency CDF by client region",
                xLabel: "\(operation) latency (ms)", yLabel: "fraction of \(operation)s ≤ latency",
                description: "The distribution of \(operation) latency (operations that ended ok), one line per client region.",
                table: "latency_cdf.csv", x: "latency_ms", y: "fraction", seriesBy: ["region"],
                filter: [("operation", operation)], xLog: true, yRange: 0...1)
        }
        bundle.sections.append(
            ExportSection(
                title: "Latency",
                text: "Latency of the operations that ended ok, by the client's region. Percentiles are nearest-rank, within 0.4% of the exact value.",
                tables: ["latency.csv"], charts: operations.map { "charts/latency_cdf_\($0)s.svg" }))
    }

    /// Availability: the share of operations that ended ok, the fault windows, and with a
    /// timeline its tables and charts.
    static func addAvailability(to bundle: inout ExportBundle, _ report: Report, faults: [Fault]) {
        var availability = ExportSection(
            title: "Availability",
            text: "The share of operations that ended ok; failed and unknown (timed-out) operations count against it.",
            tables: ["availability.csv"])
        let windows = faultTable(report, faults: faults)
        if let windows {
            bundle.tables.append(windows)
            availability.tables.append(windows.path)
        }
        if let timeline = report.timeline {
            addTimeline(to: &bundle, report, timeline: timeline, windows: windows, section: &availability)
        }
        bundle.sections.append(availability)
    }

    /// The timeline's tables and its charts of availability and p99 latency per second, shaded
    /// with the fault windows (when any has an end) and marked at leader changes.
    static func addTimeline(
        to bundle: inout ExportBundle, _ report: Report, timeline: [TimelineRow], windows: CSVTable?, section availability: inout ExportSection
    ) {
        let changes = leaderChangesTable(report, timeline: timeline)
        bundle.tables += [timelineTable(report, timeline: timeline), changes]
        if !changes.rows.isEmpty { availability.tables.append(changes.path) }
        let shading = windows?.rows.contains { $0[1] != nil } == true ? windows?.path : nil
        let timelineCharts: [(name: String, title: String, y: String, label: String, range: ClosedRange<Double>?)] = [
            ("availability", "Availability over time", "availability", "availability (fraction ok)", 0...1),
            ("write_p99", "Write p99 latency over time", "write_p99_ms", "write p99 latency (ms)", nil),
            ("read_p99", "Read p99 latency over time", "read_p99_ms", "read p99 latency (ms)", nil),
        ]
        for chart in timelineCharts {
            bundle.charts.append(
                ExportChart(
                    path: "charts/timeline_\(chart.name).svg", title: chart.title, xLabel: "simulated time (s)", yLabel: chart.label,
                    description:
                        "\(chart.title), one line per client region, per second of simulated time; shaded: fault windows; dashed: leader changes; gaps: seconds with no operation.",
                    table: "timeline.csv", x: "t_s", y: chart.y, seriesBy: ["region"], yRange: chart.range,
                    windows: shading, markers: changes.path))
            availability.charts.append("charts/timeline_\(chart.name).svg")
        }
    }

    /// Staleness and t-visibility: their tables, CDF and visibility charts, and sections.
    static func addStaleness(to bundle: inout ExportBundle, _ report: Report) {
        bundle.tables += [stalenessTable(report), stalenessCDFTable(report), visibilityTable(report)]
        bundle.charts.append(
            ExportChart(
                path: "charts/staleness_cdf.svg", title: "Read staleness (\(report.stalenessLabel) reads)",
                xLabel: "staleness (ms)", yLabel: "fraction of reads ≤ staleness",
                description:
                    "How stale reads were: time staleness is \(ReportText.stalenessDefinition) (0 for a fresh read), by read mode and client region.",
                table: "staleness_cdf.csv", x: "staleness_ms", y: "fraction", seriesBy: ["read_mode", "region"], yRange: 0...1))
        bundle.charts.append(
            ExportChart(
                path: "charts/visibility.svg", title: "t-visibility: P(read sees a write t after its commit)",
                xLabel: "t since commit (ms)", yLabel: "P(consistent)",
                description:
                    "The probability that a read starting t after a write's commit returned it, by client region and for all (t = 0 not drawn on the log axis).",
                table: "visibility.csv", x: "t_ms", y: "p_consistent", seriesBy: ["region"], xLog: true, yRange: 0...1))
        bundle.sections.append(
            ExportSection(
                title: "Staleness",
                text:
                    "Staleness of \(report.stalenessLabel) reads: time staleness is \(ReportText.stalenessDefinition), and versions how many versions it missed.",
                tables: ["staleness.csv"], charts: ["charts/staleness_cdf.svg"]))
        bundle.sections.append(
            ExportSection(
                title: "t-visibility",
                text:
                    "Each read is one sample: t is the time since its key's newest committed version, and it is consistent if it returned that version. Points are bins starting at t.",
                charts: ["charts/visibility.svg"]))
    }

    /// The cache tier: its tables by region and by popularity decile, and the hit-ratio chart.
    static func addCache(
        to bundle: inout ExportBundle, _ report: Report, cache: [(region: String, stats: CacheStats, readsWithout: OperationStats)]
    ) {
        bundle.tables += [cacheTable(report, cache: cache), cacheDecileTable(cache)]
        bundle.charts.append(
            ExportChart(
                path: "charts/cache_hit_ratio.svg", title: "Cache hit ratio by key popularity",
                xLabel: "key popularity decile (0 = the most popular tenth)", yLabel: "hit ratio (fraction)",
                description: "The share of cache lookups that hit, by popularity decile of the key, per region.",
                table: "cache_deciles.csv", x: "decile", y: "hit_ratio", seriesBy: ["region"], yRange: 0...1))
        bundle.sections.append(
            ExportSection(
                title: "Cache",
                text: "The cache tier in each client region, against the same run's reads without a cache.",
                tables: ["cache.csv"], charts: ["charts/cache_hit_ratio.svg"]))
    }
}
