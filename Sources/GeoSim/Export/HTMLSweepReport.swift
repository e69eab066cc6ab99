/// The HTML page of a sweep (`geosim report --html FILE --from DIR`, DIR written by
/// `geosim sweep --out DIR` or `geosim merge`): the per-point summary, then for each swept
/// flag every metric that has a figure against the flag's values (mean over the
/// replicates, its 95% confidence interval as a band, one line per combination of the
/// other flags' values). Shares are drawn in percent.
public enum HTMLSweepReport {
    /// Metrics that are fractions 0…1, shown as percentages.
    static let fractionMetrics: Set<String> = [
        "availability", "availability_reads", "availability_writes", "local_read_share", "cache_hit_ratio", "txn_abort_fraction",
    ]

    /// The page of `rows` (any order), swept over `axes` (flag names without dashes, in
    /// `--vary` order); `source` names where they were read from.
    public static func render(rows: [SweepRow], axes: [String], source: String, version: String) -> String {
        HTMLReport.render(page(rows: rows, axes: axes, source: source, version: version))
    }

    static func page(rows: [SweepRow], axes: [String], source: String, version: String) -> HTMLPage {
        let scenario: [(key: String, value: String)] = [
            ("source", source), ("runs", String(rows.count)), ("swept flags", axes.map { "--" + $0 }.joined(separator: ", ")),
        ]
        let bundle = SweepExport.bundle(rows: rows, axes: axes, scenario: scenario, version: version)
        var page = HTMLPage(title: bundle.title, meta: "geosim \(version) · sweep", version: version)
        page.scenario = scenario
        page.summary = ["\(rows.count) run\(rows.count == 1 ? "" : "s") read from \(source)."]
        let summary = SweepSummary(rows: rows.sorted { ($0.point, $0.replicate) < ($1.point, $1.replicate) })
        let measured = SweepMetrics.names.enumerated().filter { index, _ in
            summary.points.contains { index < $0.statistics.count && $0.statistics[index] != nil }
        }.map(\.element)
        page.sections.append(
            HTMLPage.Section(
                title: "Summary",
                blocks: [
                    .paragraph(
                        "Per point of the grid: each measured metric's mean over the replicates ± the half-width of its 95% confidence interval (Student's t)."),
                    .table(summaryTable(summary, axes: axes, metrics: measured)),
                ]))
        for (axisIndex, axis) in axes.enumerated() {
            let values = summary.points.compactMap { axisIndex < $0.vary.count ? $0.vary[axisIndex] : nil }
            let numeric = !values.isEmpty && values.allSatisfy { Double($0.trimmingSpaces).map(\.isFinite) == true }
            let others = axes.enumerated().filter { $0.offset != axisIndex }.map(\.element)
            var section = HTMLPage.Section(
                title: "Against --" + axis,
                blocks: [
                    .paragraph(
                        "Each metric against --\(axis)" + (others.isEmpty ? "" : ", one line per value of " + others.map { "--" + $0 }.joined(separator: ", "))
                            + "; shaded: the 95% confidence interval of the mean over the replicates.")
                ])
            for metric in measured {
                var chart = ExportChart(
                    path: "charts/sweep_\(ExportBundle.identifier(metric))_by_\(ExportBundle.identifier(axis)).svg",
                    title: metricName(metric) + " by " + axis,
                    xLabel: SweepExport.axisLabel(axis), yLabel: metricLabel(metric),
                    description: "Mean \(metricName(metric)) over the replicates against --\(axis), with its 95% confidence band.",
                    table: "sweep_summary.csv", x: axis, y: metric + "_mean", seriesBy: others,
                    bandHalfWidth: metric + "_ci95", xCategorical: !numeric, sortX: numeric)
                chart.namesSeriesColumns = true
                var spec = chart.spec(tables: bundle.tables)
                if fractionMetrics.contains(metric) { spec = HTMLPage.percent(spec) }
                let svg = SVGChart.render(spec, idPrefix: "chart-" + ExportBundle.identifier(chart.name) + "-")
                section.blocks.append(.chart(svg: HTMLReport.inlineSVG(svg), caption: chart.description))
            }
            page.sections.append(section)
        }
        return page
    }

    /// Per point: the swept values, the replicates, and each metric as "mean ± half-width"
    /// (shares in percent); one column per metric keeps the table narrow.
    static func summaryTable(_ summary: SweepSummary, axes: [String], metrics: [String]) -> CSVTable {
        var columns: [CSVColumn] = [.count("point", "The point's index in the grid.")]
        columns += axes.map { CSVColumn.text($0, "The value of --\($0) at this point.") }
        columns.append(.count("replicates", "Runs at the point."))
        for metric in metrics {
            let label = metricLabel(metric)
            let unit = fractionMetrics.contains(metric) ? "%" : label.range(of: " (").map { String(label[$0.upperBound...].dropLast()) }
            let name = metricName(metric).replacingOccurrences(of: " ", with: "_")
            columns.append(CSVColumn(name, .number(decimals: 3), unit: unit, "Mean \(metric) ± the half-width of its 95% interval."))
        }
        var table = CSVTable(path: "sweep_summary.csv", description: "Per point: mean ± 95% confidence half-width of each metric.", columns: columns)
        for point in summary.points {
            var cells: [CSVTable.Value?] = [.integer(point.point)]
            cells += axes.indices.map { $0 < point.vary.count ? .text(point.vary[$0]) : nil }
            cells.append(.integer(point.replicates))
            for metric in metrics {
                let statistic = SweepMetrics.index(of: metric).flatMap { $0 < point.statistics.count ? point.statistics[$0] : nil }
                cells.append(statistic.map { .text(figure($0.mean, half: $0.halfWidth, metric: metric)) })
            }
            table.append(cells)
        }
        return table
    }

    /// "mean ± half" with decimals suiting the metric (percent for shares).
    static func figure(_ mean: Double, half: Double?, metric: String) -> String {
        let scale = fractionMetrics.contains(metric) ? 100.0 : 1
        let decimals = fractionMetrics.contains(metric) ? 2 : (mean * scale).magnitude < 10 ? 2 : 1
        return ReportText.fixed(mean * scale, decimals: decimals) + (half.map { " ± " + ReportText.fixed($0 * scale, decimals: decimals) } ?? "")
    }

    /// A metric's name in words, without its unit: "write latency p99".
    static func metricName(_ metric: String) -> String {
        let label = metricLabel(metric)
        guard let open = label.range(of: " (") else { return label }
        return String(label[..<open.lowerBound])
    }

    /// A metric's name in words with its unit: `writes_p99_ms` → "write latency p99 (ms)".
    static func metricLabel(_ metric: String) -> String {
        let named: [String: String] = [
            "availability": "availability (fraction ok)", "availability_reads": "read availability (fraction ok)",
            "availability_writes": "write availability (fraction ok)", "ops": "operations ended (count)",
            "elections": "elections (count)", "failover_max_s": "longest failover (s)", "leaderless_s": "time without a leader (s)",
            "staleness_p99_ms": "read staleness p99 (ms)", "local_read_share": "reads served in the client's region (fraction)",
            "cache_hit_ratio": "cache hit ratio (fraction)", "txn_p99_ms": "transaction latency p99 (ms)",
            "txn_abort_fraction": "transactions given up (fraction)", "txn_committed_per_s": "commits per second",
        ]
        if let label = named[metric] { return label }
        let parts = metric.split(separator: "_").map(String.init)
        guard parts.count == 3, parts[2] == "ms" else { return metric }
        let operation = parts[0] == "writes" ? "write" : parts[0] == "reads" ? "read" : parts[0]
        return "\(operation) latency \(parts[1] == "p999" ? "p99.9" : parts[1]) (ms)"
    }
}
