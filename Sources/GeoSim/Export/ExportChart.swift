/// One chart of an export, described by the table it draws from rather than by points:
/// which CSV, which columns are x and y, which columns split the rows into lines, which
/// rows to keep. geosim draws the SVG from that description (`spec(tables:)`), and the
/// notebook redraws the same chart from the same CSV with matplotlib, so the picture and
/// the data cannot drift apart.
///
/// Optional extras, also drawn from tables of the export:
/// - `windows`: a table with columns `start_s`, `end_s`, `label` (seconds), drawn as shaded
///   spans (fault windows);
/// - `markers`: a table with columns `t_s`, `label` (seconds), drawn as dashed verticals
///   (leader changes).
public struct ExportChart: Sendable {
    /// The SVG's path in the export, e.g. `charts/latency_cdf_writes.svg`.
    public var path: String
    public var title: String
    /// Axis labels carry their unit: "latency (ms)".
    public var xLabel: String
    public var yLabel: String
    /// One sentence on what the chart shows, for the manifest and the notebook.
    public var description: String
    /// The CSV the chart draws (its path in the export).
    public var table: String
    /// The x and y columns.
    public var x: String
    public var y: String
    /// Columns whose values split the rows into lines, named "value / value" (or
    /// "column=value, …" with `namesSeriesColumns`); empty for one line named after `y`.
    /// Lines appear in the order their first row appears.
    public var seriesBy: [String]
    /// Name lines by column and value (`leader=us-east`), where the values alone would not
    /// say what they are (a sweep's other flags).
    public var namesSeriesColumns = false
    /// Keep only rows whose column equals the value (compared as text).
    public var filter: [(column: String, value: String)]
    /// A column holding the half-width of a confidence band around y (drawn y ± it).
    public var bandHalfWidth: String?
    /// A logarithmic x axis; rows with x ≤ 0 are left out of the drawing.
    public var xLog: Bool
    /// x values are names (drawn in order of first appearance), not numbers.
    public var xCategorical: Bool
    /// Sort each line's points by x (sweeps, whose points come in the order given).
    public var sortX: Bool
    /// A fixed y range (0…1 for fractions); nil fits the data.
    public var yRange: ClosedRange<Double>?
    /// The path of a windows table (`start_s`, `end_s`, `label`), if any.
    public var windows: String?
    /// The path of a markers table (`t_s`, `label`), if any.
    public var markers: String?
    /// Above this many markers, they are drawn without labels (the labels would pile up).
    public var maxMarkerLabels: Int

    public init(
        path: String, title: String, xLabel: String, yLabel: String, description: String,
        table: String, x: String, y: String, seriesBy: [String] = [],
        filter: [(column: String, value: String)] = [], bandHalfWidth: String? = nil,
        xLog: Bool = false, xCategorical: Bool = false, sortX: Bool = false,
        yRange: ClosedRange<Double>? = nil, windows: String? = nil, markers: String? = nil,
        maxMarkerLabels: Int = 8
    ) {
        self.path = path
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.description = description
        self.table = table
        self.x = x
        self.y = y
        self.seriesBy = seriesBy
        self.filter = filter
        self.bandHalfWidth = bandHalfWidth
        self.xLog = xLog
        self.xCategorical = xCategorical
        self.sortX = sortX
        self.yRange = yRange
        self.windows = windows
        self.markers = markers
        self.maxMarkerLabels = maxMarkerLabels
    }

    /// The chart's name without folder and extension (`latency_cdf_writes`).
    public var name: String {
        var base = Substring(path)
        if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
        if base.hasSuffix(".svg") { base = base.dropLast(4) }
        return String(base)
    }

    /// What to draw, read from `tables` (matched by path). A missing table or column
    /// gives a chart without lines rather than an error: the export still lists the chart.
    public func spec(tables: [CSVTable]) -> ChartSpec {
        var chart = ChartSpec(title: title, xLabel: xLabel, yLabel: yLabel, series: [], xLog: xLog, yRange: yRange)
        if let source = tables.first(where: { $0.path == table }) {
            let drawn = lines(from: source)
            chart.series = drawn.series
            chart.xCategories = drawn.categories
        }
        if let windows, let source = tables.first(where: { $0.path == windows }),
            let start = source.columnIndex("start_s"), let end = source.columnIndex("end_s")
        {
            let label = source.columnIndex("label")
            chart.shadedWindows = source.rows.compactMap { row in
                guard let from = row[start]?.numeric, let to = row[end]?.numeric else { return nil }
                return (from, to, label.flatMap { row[$0]?.text } ?? "")
            }
        }
        if let markers, let source = tables.first(where: { $0.path == markers }), let at = source.columnIndex("t_s") {
            let label = source.columnIndex("label")
            let labelled = source.rows.count <= maxMarkerLabels
            chart.markers = source.rows.compactMap { row in
                guard let x = row[at]?.numeric else { return nil }
                return (x, labelled ? label.flatMap { row[$0]?.text } ?? "" : "")
            }
        }
        return chart
    }

    /// The lines of the chart (and the categories of a categorical x axis).
    func lines(from source: CSVTable) -> (series: [LineSeries], categories: [String]?) {
        guard let xColumn = source.columnIndex(x), let yColumn = source.columnIndex(y) else { return ([], xCategorical ? [] : nil) }
        let groupColumns = seriesBy.compactMap { source.columnIndex($0) }
        let filters = filter.compactMap { condition in source.columnIndex(condition.column).map { ($0, condition.value) } }
        let bandColumn = bandHalfWidth.flatMap { source.columnIndex($0) }
        let rows = source.rows.filter { row in filters.allSatisfy { row[$0.0]?.text == $0.1 } }

        var categories: [String] = []
        if xCategorical {
            for row in rows {
                let name = row[xColumn]?.text ?? ""
                if !categories.contains(name) { categories.append(name) }
            }
        }
        // Group rows into lines in order of first appearance (no Dictionary: its order
        // changes from run to run).
        var keys: [String] = []
        var grouped: [[[CSVTable.Value?]]] = []
        for row in rows {
            let names = seriesBy.filter { source.columnIndex($0) != nil }
            let key =
                groupColumns.isEmpty
                ? yLabel
                : namesSeriesColumns
                    ? zip(names, groupColumns).map { "\($0)=\(row[$1]?.text ?? "")" }.joined(separator: ", ")
                    : groupColumns.map { row[$0]?.text ?? "" }.joined(separator: " / ")
            if let index = keys.firstIndex(of: key) {
                grouped[index].append(row)
            } else {
                keys.append(key)
                grouped.append([row])
            }
        }
        var series: [LineSeries] = []
        for (key, group) in zip(keys, grouped) {
            var points: [(x: Double, y: Double, half: Double?)] = group.compactMap { row in
                let xValue: Double?
                if xCategorical {
                    xValue = categories.firstIndex(of: row[xColumn]?.text ?? "").map(Double.init)
                } else {
                    xValue = row[xColumn]?.numeric
                }
                guard let xValue else { return nil }
                // A missing y stays in as NaN: it breaks the line (a gap in the data).
                return (xValue, row[yColumn]?.numeric ?? .nan, bandColumn.flatMap { row[$0]?.numeric })
            }
            if sortX {
                points = points.enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }.map(\.element)
            }
            let banded = points.filter { $0.y.isFinite && $0.half != nil }
            let band: [(x: Double, low: Double, high: Double)]? =
                banded.count >= 2
                ? banded.map { ($0.x, $0.y - ($0.half ?? 0), $0.y + ($0.half ?? 0)) } : nil
            series.append(LineSeries(name: key, points: points.map { ($0.x, $0.y) }, band: band))
        }
        return (series, xCategorical ? categories : nil)
    }
}
