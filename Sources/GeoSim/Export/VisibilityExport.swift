/// The export of a `geosim visibility` experiment: the t-visibility curve, t₉₉.₉, and the
/// write and read latencies of the trials, as tables and charts.
///
/// Tables:
/// - `visibility.csv`: `t_ms, p_consistent` per grid t, in grid order;
/// - `visibility_summary.csv`: trials and `t_999_ms` (empty when no t reaches 99.9%);
/// - `latency.csv`: per operation (write, read) its count and latency percentiles;
/// - `latency_cdf.csv`: the latency CDF per operation.
public enum VisibilityExport {
    /// The files of the export directory.
    ///
    /// - Parameters:
    ///   - result: what the experiment measured.
    ///   - document: the `geosim.visibility/1` JSON text the command prints, exported as
    ///     `visibility.json` when given.
    ///   - scenario: the experiment's settings (key, text), for the manifest and headings.
    public static func files(
        result: VisibilityResult, document: String? = nil, scenario: [(key: String, value: String)] = [],
        seed: UInt64? = nil, version: String, extraTables: [CSVTable] = []
    ) -> [ExportFile] {
        bundle(result: result, document: document, scenario: scenario, seed: seed, version: version, extraTables: extraTables).files()
    }

    public static func bundle(
        result: VisibilityResult, document: String? = nil, scenario: [(key: String, value: String)] = [],
        seed: UInt64? = nil, version: String, extraTables: [CSVTable] = []
    ) -> ExportBundle {
        var bundle = ExportBundle(
            kind: "visibility", title: "geosim visibility: \(result.trials) trials", version: version,
            seed: seed, scenario: scenario)
        if let document {
            bundle.documents.append(
                ExportFile(
                    path: "visibility.json", contents: document, kind: "report",
                    description: "The experiment's result (schema geosim.visibility/1), as `--format json` prints it."))
        }

        var curve = CSVTable(
            path: "visibility.csv",
            description: "The t-visibility curve: per t of the grid, the share of trials whose read, started t after the write's commit, saw it.",
            columns: [
                .milliseconds("t_ms", "Time from the write's commit to the read's start."),
                .fraction("p_consistent", "Share of trials whose read returned the write (non-decreasing in t: the same trials at every t)."),
                .fraction("ci95_low", "Lower end of the 95% Wilson interval of p_consistent over the trials."),
                .fraction("ci95_high", "Upper end of the 95% Wilson interval of p_consistent over the trials."),
            ])
        for point in result.curve {
            // p is a count over the trials, so the count comes back exactly.
            let band = VisibilityCurve.wilson(successes: Int((point.pConsistent * Double(result.trials)).rounded()), trials: result.trials)
            curve.append([RunExport.ms(point.t), .number(point.pConsistent), .number(band.low), .number(band.high)])
        }

        var summary = CSVTable(
            path: "visibility_summary.csv", description: "The number of trials and t₉₉.₉, the least t at which at least 99.9% of reads are consistent.",
            columns: [
                .count("trials", "Trials (one write and one read each, evaluated at every t)."),
                .milliseconds("t_999_ms", "The least t with at least 99.9% consistent reads; empty when none reaches it."),
            ])
        summary.append([.integer(result.trials), result.t999.map(RunExport.ms)])

        var latency = CSVTable(
            path: "latency.csv", description: "Latency of the trials' writes (to the W-th acknowledgement) and reads (to the R-th response).",
            columns: [.text("operation", "`write` or `read`."), .count("count", "Operations measured.")] + RunExport.percentileColumns)
        var cdf = CSVTable(
            path: "latency_cdf.csv", description: "The latency CDF of the trials' writes and reads.",
            columns: [
                .text("operation", "`write` or `read`."),
                .milliseconds("latency_ms", "Latency."),
                .fraction("fraction", "Fraction of operations with latency at most latency_ms."),
            ])
        for (operation, histogram) in [("write", result.writeLatency), ("read", result.readLatency)] {
            latency.append([.text(operation), .integer(histogram.count)] + RunExport.percentiles(histogram))
            for point in ChartData.cdf(from: histogram, name: operation).points {
                cdf.append([.text(operation), .number(point.x), .number(point.y)])
            }
        }
        bundle.tables = [curve, summary, latency, cdf]

        // A log t axis only when the grid spans more than two decades: it cannot show t = 0.
        let positive = result.curve.map(\.t).filter { $0 > 0 }
        let logT = (positive.max().map(Double.init) ?? 0) > 100 * (positive.min().map(Double.init) ?? .infinity)
        bundle.charts = [
            ExportChart(
                path: "charts/visibility.svg", title: "t-visibility: P(read sees a write t after its commit)",
                xLabel: "t since commit (ms)", yLabel: "P(consistent)",
                description: "The share of reads that saw the write, against the time between the write's commit and the read's start"
                    + (logT && positive.count < result.curve.count ? " (t = 0 not drawn on the log axis)." : "."),
                table: "visibility.csv", x: "t_ms", y: "p_consistent", xLog: logT, yRange: 0...1),
            ExportChart(
                path: "charts/latency_cdf.svg", title: "Write and read latency CDF",
                xLabel: "latency (ms)", yLabel: "fraction of operations ≤ latency",
                description: "The distribution of the trials' write and read latencies.",
                table: "latency_cdf.csv", x: "latency_ms", y: "fraction", seriesBy: ["operation"], xLog: true, yRange: 0...1),
        ]
        bundle.sections = [
            ExportSection(
                title: "t-visibility", text: "PBS-style: a write, then a read t after its commit, many trials per t.",
                tables: ["visibility_summary.csv", "visibility.csv"], charts: ["charts/visibility.svg"]),
            ExportSection(title: "Latency", tables: ["latency.csv"], charts: ["charts/latency_cdf.svg"]),
        ]
        for table in extraTables { bundle.add(table) }
        return bundle
    }
}
