/// The parts of one HTML page before they are written (`HTMLReport.render(_:)` writes
/// them): a heading, warnings, a summary, the scenario's settings, then sections of
/// paragraphs, tables and charts. Run, sweep and plan pages fill it from their own data;
/// any export bundle converts to one (`init(bundle:)`).
public struct HTMLPage: Sendable {
    /// One piece of a section, in the order shown.
    public enum Block: Sendable {
        /// A paragraph of plain text (escaped when written).
        case paragraph(String)
        /// Short facts, one per item.
        case list([String])
        /// A table with human headings (`HTMLReport.heading`), in a scrolling wrapper.
        case table(CSVTable)
        /// A table shown folded, under a summary line (long per-second rows).
        case folded(summary: String, table: CSVTable)
        /// An inline SVG chart with its caption.
        case chart(svg: String, caption: String)
    }

    /// A heading and what sits under it.
    public struct Section: Sendable {
        public var title: String
        public var blocks: [Block]

        public init(title: String, blocks: [Block] = []) {
            self.title = title
            self.blocks = blocks
        }
    }

    public var title: String
    /// The line under the title: version, seed, kind.
    public var meta: String
    public var version: String
    /// Warnings shown above everything (a run stopped early, safety violations).
    public var notices: [String] = []
    /// Sentences that say what was run, under the title.
    public var summary: [String] = []
    public var scenario: [(key: String, value: String)] = []
    public var sections: [Section] = []
    /// Sentences for the page's end (definitions, engine counts).
    public var footer: [String] = []

    public init(title: String, meta: String, version: String) {
        self.title = title
        self.meta = meta
        self.version = version
    }

    /// The page of an export bundle: its scenario, then each of its sections with its
    /// text, tables and charts (fractions drawn as percentages).
    public init(bundle: ExportBundle) {
        self.init(
            title: bundle.title,
            meta: "geosim \(bundle.version)" + (bundle.seed.map { " · seed \($0)" } ?? "") + " · \(bundle.kind)",
            version: bundle.version)
        scenario = bundle.scenario
        sections = bundle.sections.map { Self.section($0, of: bundle) }.filter { !$0.blocks.isEmpty }
    }

    /// An export section as a page section.
    static func section(_ section: ExportSection, of bundle: ExportBundle) -> Section {
        var blocks: [Block] = section.text.isEmpty ? [] : [.paragraph(section.text)]
        for path in section.tables {
            guard let table = bundle.table(path) else { continue }
            // A long table (one row per second) is shown folded, so the charts stay in view.
            blocks.append(table.rows.count > maxOpenRows ? .folded(summary: "\(table.description) (\(table.rows.count) rows)", table: table) : .table(table))
        }
        for path in section.charts {
            guard let exported = bundle.charts.first(where: { $0.path == path }) else { continue }
            // A chart with nothing to draw (reads p99 of a run without reads) is left out.
            let spec = exported.spec(tables: bundle.tables)
            guard spec.series.contains(where: { $0.points.contains { $0.y.isFinite } }) else { continue }
            blocks.append(chart(bundle, exported))
        }
        guard blocks.contains(where: { if case .paragraph = $0 { false } else { true } }) else { return Section(title: section.title) }
        return Section(title: section.title, blocks: blocks)
    }

    /// Tables longer than this are shown folded.
    static let maxOpenRows = 25

    /// A chart of the bundle, drawn for the page: a y column of fractions becomes percent.
    static func chart(_ bundle: ExportBundle, _ chart: ExportChart) -> Block {
        var spec = chart.spec(tables: bundle.tables)
        let unit = bundle.table(chart.table).flatMap { table in table.columnIndex(chart.y).map { table.columns[$0].unit } } ?? nil
        if unit == "fraction" || chart.yRange == 0...1 { spec = percent(spec) }
        let svg = SVGChart.render(spec, idPrefix: "chart-" + ExportBundle.identifier(chart.name) + "-")
        return .chart(svg: HTMLReport.inlineSVG(svg), caption: chart.description)
    }

    /// `spec` with its y values, bands and range times 100 and its y label in percent;
    /// the axis stays within 0…100 (a fitted range is clamped to it).
    public static func percent(_ spec: ChartSpec) -> ChartSpec {
        var scaled = spec
        scaled.series = spec.series.map { line in
            var percent = LineSeries(
                name: line.name, points: line.points.map { ($0.x, $0.y * 100) },
                band: line.band?.map { ($0.x, $0.low * 100, $0.high * 100) })
            percent.isReference = line.isReference
            return percent
        }
        scaled.yRange = spec.yRange.map { ($0.lowerBound * 100)...($0.upperBound * 100) }
        scaled.yClamp = 0...100
        scaled.yLabel = percentLabel(spec.yLabel)
        return scaled
    }

    /// An axis label of fractions said in percent: "availability (fraction ok)" becomes
    /// "availability (% ok)", "fraction of reads ≤ staleness" "% of reads ≤ staleness".
    static func percentLabel(_ label: String) -> String {
        if label.contains("(fraction") { return label.replacingOccurrences(of: "(fraction", with: "(%") }
        if label.hasPrefix("fraction of") { return "%" + label.dropFirst("fraction".count) }
        return label + " (%)"
    }
}
