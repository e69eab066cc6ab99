/// The export of a sweep (`geosim sweep --export DIR`): every row, the per-point summary
/// with 95% confidence intervals, and for each swept flag the main metrics against its
/// values (mean, with the confidence interval as a band; one line per combination of the
/// other flags' values).
///
/// Tables:
/// - `sweep_rows.csv`: `point, replicate, seed, <flags…>, <metrics…>` (the columns of
///   `rows.csv`, metrics as in `SweepMetrics`);
/// - `sweep_summary.csv`: `point, <flags…>, replicates, <metric>_mean, <metric>_ci95, …`
///   (ci95: the half-width of the 95% interval, Student's t; empty with one replicate).
public enum SweepExport {
    /// The metrics drawn against each swept flag, with their axis labels.
    static let chartedMetrics: [(metric: String, label: String)] = [
        ("writes_p50_ms", "write latency p50 (ms)"),
        ("writes_p99_ms", "write latency p99 (ms)"),
        ("reads_p50_ms", "read latency p50 (ms)"),
        ("reads_p99_ms", "read latency p99 (ms)"),
        ("availability", "availability (fraction ok)"),
    ]

    /// The files of the export directory.
    ///
    /// - Parameters:
    ///   - rows: the sweep's rows, any order (written in (point, replicate) order).
    ///   - axes: the swept flags' names (without dashes), in `--vary` order, matching `SweepRow.vary`.
    ///   - scenario: the base scenario's settings (key, text), for the manifest and headings.
    ///   - seed: the sweep's base seed.
    public static func files(
        rows: [SweepRow], axes: [String], scenario: [(key: String, value: String)] = [],
        seed: UInt64? = nil, version: String, extraTables: [CSVTable] = []
    ) -> [ExportFile] {
        bundle(rows: rows, axes: axes, scenario: scenario, seed: seed, version: version, extraTables: extraTables).files()
    }

    public static func bundle(
        rows: [SweepRow], axes: [String], scenario: [(key: String, value: String)] = [],
        seed: UInt64? = nil, version: String, extraTables: [CSVTable] = []
    ) -> ExportBundle {
        let sorted = rows.sorted { ($0.point, $0.replicate) < ($1.point, $1.replicate) }
        let summary = SweepSummary(rows: sorted)
        var bundle = ExportBundle(
            kind: "sweep", title: "geosim sweep" + (axes.isEmpty ? "" : " over " + axes.joined(separator: " × ")),
            version: version, seed: seed, scenario: scenario)
        bundle.tables = [rowsTable(sorted, axes: axes), summaryTable(summary, axes: axes)]

        var sections: [ExportSection] = [
            ExportSection(
                title: "Summary",
                text: "Per point of the grid: the mean of each metric over the replicates and the half-width of its 95% confidence interval (Student's t).",
                tables: [])
        ]
        // The summary table is wide (two columns per metric); the page shows a narrower
        // view of the charted metrics, the CSV keeps everything.
        let view = summaryView(summary, axes: axes)
        bundle.tables.append(view)
        sections[0].tables = [view.path]

        for (axisIndex, axis) in axes.enumerated() {
            let values = summary.points.compactMap { axisIndex < $0.vary.count ? $0.vary[axisIndex] : nil }
            let numeric = !values.isEmpty && values.allSatisfy { Double($0.trimmingSpaces).map(\.isFinite) == true }
            let others = axes.enumerated().filter { $0.offset != axisIndex }.map(\.element)
            var section = ExportSection(
                title: "Against " + axis,
                text: "Each metric against --\(axis)" + (others.isEmpty ? "" : ", one line per value of " + others.map { "--" + $0 }.joined(separator: ", "))
                    + "; shaded: the 95% confidence interval of the mean.")
            for chart in chartedMetrics {
                let path = "charts/sweep_\(ExportBundle.identifier(chart.metric))_by_\(ExportBundle.identifier(axis)).svg"
                var drawn = ExportChart(
                    path: path,
                    title: chart.label.replacingOccurrences(of: " (ms)", with: "").replacingOccurrences(of: " (fraction ok)", with: "") + " by " + axis,
                    xLabel: axisLabel(axis), yLabel: chart.label,
                    description: "Mean \(chart.metric) over the replicates against --\(axis), with its 95% confidence band.",
                    table: "sweep_summary.csv", x: axis, y: chart.metric + "_mean", seriesBy: others,
                    bandHalfWidth: chart.metric + "_ci95", xCategorical: !numeric, sortX: numeric)
                drawn.namesSeriesColumns = true
                bundle.charts.append(drawn)
                section.charts.append(path)
            }
            sections.append(section)
        }
        bundle.sections = sections
        for table in extraTables { bundle.add(table) }
        return bundle
    }

    /// The x-axis label of a swept flag, with its unit where the values have none (a
    /// duration's values carry theirs).
    static func axisLabel(_ axis: String) -> String {
        switch axis {
        case "rate": return "rate (ops/s)"
        case "write-fraction": return "write fraction (0..1)"
        case "keys": return "keys (count)"
        case "replicas-per-region": return "replicas per region (count)"
        case "cores": return "cores per node (count)"
        case "clients": return "closed-loop users per region (count)"
        case "pool-size", "max-connections", "pooler": return axis + " (connections)"
        case "retries": return "retries (count)"
        default: return "--" + axis
        }
    }

    /// A metric's column: latencies ms (3 decimals), availabilities fractions (6), counts.
    static func metricColumn(_ name: String, suffix: String = "", description: String) -> CSVColumn {
        if name.hasSuffix("_ms") { return .milliseconds(name + suffix, description) }
        if name.hasPrefix("availability") { return .fraction(name + suffix, description) }
        return CSVColumn(name + suffix, suffix.isEmpty ? .integer : .number(decimals: 3), unit: "count", description)
    }

    static func rowsTable(_ rows: [SweepRow], axes: [String]) -> CSVTable {
        var columns: [CSVColumn] = [
            .count("point", "The point's index in the grid (first flag slowest)."),
            .count("replicate", "The replicate, from 0."),
            CSVColumn("seed", .integer, "The seed this run used."),
        ]
        columns += axes.map { CSVColumn.text($0, "The value of --\($0) at this point, as given.") }
        columns += SweepMetrics.names.map { metricColumn($0, description: "The run's \($0); empty when there is no figure.") }
        var table = CSVTable(
            path: "sweep_rows.csv", description: "One row per run of the sweep: its point, replicate, seed, flag values and metrics.", columns: columns)
        for row in rows {
            let vary: [CSVTable.Value?] = axes.indices.map { $0 < row.vary.count ? .text(row.vary[$0]) : nil }
            let metrics: [CSVTable.Value?] = SweepMetrics.names.indices.map { index in
                index < row.metrics.count ? row.metrics[index].map { .number($0) } : nil
            }
            table.append([.integer(row.point), .integer(row.replicate), .integer(Int(clamping: row.seed))] + vary + metrics)
        }
        return table
    }

    static func summaryTable(_ summary: SweepSummary, axes: [String]) -> CSVTable {
        var columns: [CSVColumn] = [.count("point", "The point's index in the grid.")]
        columns += axes.map { CSVColumn.text($0, "The value of --\($0) at this point, as given.") }
        columns.append(.count("replicates", "Rows found for the point."))
        for name in SweepMetrics.names {
            columns.append(metricColumn(name, suffix: "_mean", description: "Mean \(name) over the replicates that had a figure."))
            columns.append(metricColumn(name, suffix: "_ci95", description: "Half-width of the 95% confidence interval of the mean; empty with one replicate."))
        }
        var table = CSVTable(
            path: "sweep_summary.csv", description: "Per point: each metric's mean over the replicates and its 95% confidence half-width.", columns: columns)
        for point in summary.points {
            var cells: [CSVTable.Value?] = [.integer(point.point)]
            cells += axes.indices.map { $0 < point.vary.count ? .text(point.vary[$0]) : nil }
            cells.append(.integer(point.replicates))
            for index in SweepMetrics.names.indices {
                let statistic = index < point.statistics.count ? point.statistics[index] : nil
                cells.append(statistic.map { .number($0.mean) })
                cells.append(statistic?.halfWidth.map { .number($0) })
            }
            table.append(cells)
        }
        return table
    }

    /// `sweep_table.csv`: the charted metrics per point as "mean" and "ci95" columns, narrow
    /// enough to read on a page.
    static func summaryView(_ summary: SweepSummary, axes: [String]) -> CSVTable {
        var columns: [CSVColumn] = [.count("point", "The point's index in the grid.")]
        columns += axes.map { CSVColumn.text($0, "The value of --\($0) at this point, as given.") }
        columns.append(.count("replicates", "Rows found for the point."))
        for chart in chartedMetrics {
            columns.append(metricColumn(chart.metric, description: "Mean \(chart.metric) over the replicates."))
            columns.append(metricColumn(chart.metric, suffix: "_ci95", description: "Half-width of its 95% confidence interval."))
        }
        var table = CSVTable(path: "sweep_table.csv", description: "Per point: the main metrics, mean and 95% confidence half-width.", columns: columns)
        for point in summary.points {
            var cells: [CSVTable.Value?] = [.integer(point.point)]
            cells += axes.indices.map { $0 < point.vary.count ? .text(point.vary[$0]) : nil }
            cells.append(.integer(point.replicates))
            for chart in chartedMetrics {
                let statistic = SweepMetrics.index(of: chart.metric).flatMap { $0 < point.statistics.count ? point.statistics[$0] : nil }
                cells.append(statistic.map { .number($0.mean) })
                cells.append(statistic?.halfWidth.map { .number($0) })
            }
            table.append(cells)
        }
        return table
    }
}
