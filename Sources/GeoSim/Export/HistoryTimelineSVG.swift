/// Draws operations of a recorded history as an SVG timeline, in the style of Knossos'
/// linear.svg and Porcupine's visualizations: one lane per process, each operation a bar
/// from its invocation to its completion (an operation of unknown outcome runs off the
/// right edge, dashed), the violating ones marked in red, and the others numbered in the
/// order the checker could linearize them.
///
/// The x axis is the order of events, not wall time: every distinct invocation or
/// completion position gets its own column, so short overlaps stay visible. The output
/// is deterministic (integer coordinates, fixed order) and self-contained (no scripts,
/// no fonts from the network).
public enum HistoryTimelineSVG {
    /// One operation to draw.
    public struct Bar: Sendable, Equatable {
        public var process: Int
        /// Positions of the invocation and completion in the history's event order; `end`
        /// nil for an unknown outcome.
        public var start: Int
        public var end: Int?
        /// What the bar says: `write 3`, `cas [1 2]`.
        public var label: String
        /// Drawn in red: the checker could not linearize it.
        public var violating: Bool
        /// Its place (1-based) in the longest valid order found; nil when not placed.
        public var order: Int?

        public init(process: Int, start: Int, end: Int?, label: String, violating: Bool, order: Int?) {
            self.process = process
            self.start = start
            self.end = end
            self.label = label
            self.violating = violating
            self.order = order
        }
    }

    /// What the two colours of finished bars mean: linearizability's reading by default.
    public struct Legend: Sendable {
        public var placed: String
        public var violating: String
        public static let linearizability = Legend(
            placed: "linearized (number: its place in the longest valid order)", violating: "cannot be linearized after that order")
        public static let cycle = Legend(placed: "", violating: "in the cycle (number: its place in the cycle)")
        public init(placed: String, violating: String) {
            self.placed = placed
            self.violating = violating
        }
    }

    /// The SVG document: `title` on top, then the lanes, then a legend. A process whose
    /// operations overlap (or one of unknown outcome, which never ends) gets as many rows
    /// as it needs, so no bar hides another.
    public static func render(title: String, subtitle: String, bars: [Bar], legend key: Legend = .linearizability) -> String {
        var positions = Set<Int>()
        for bar in bars {
            positions.insert(bar.start)
            if let end = bar.end { positions.insert(end) }
        }
        let columns = positions.sorted()
        var column: [Int: Int] = [:]
        for (index, position) in columns.enumerated() { column[position] = index }
        let processes = Array(Set(bars.map(\.process))).sorted()
        let rows = rowsPerBar(bars, column: column)
        var laneTop: [Int: Int] = [:]
        var laneRows: [Int: Int] = [:]
        for (index, bar) in bars.enumerated() { laneRows[bar.process] = max(laneRows[bar.process] ?? 1, rows[index] + 1) }
        let longestLabel = bars.map { $0.label.count + ($0.order.map { String($0).count + 2 } ?? 0) }.max() ?? 4
        let step = min(max(7 * longestLabel + 20, 48), 220)
        let left = 110
        let top = 64
        let rowHeight = 34
        var lanesBottom = top
        for process in processes {
            laneTop[process] = lanesBottom
            lanesBottom += (laneRows[process] ?? 1) * rowHeight + 10
        }
        let width = max(left + 40 + max(columns.count, 1) * step + 60, 640, 16 + 10 * title.count, 16 + 8 * subtitle.count)
        let height = max(lanesBottom, top + 44) + 80
        func x(_ position: Int) -> Int { left + 20 + (column[position] ?? 0) * step }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">
            <rect width="\(width)" height="\(height)" fill="#ffffff"/>
            <text x="16" y="24" font-size="15" font-weight="bold" fill="#222222">\(SVGChart.escape(title))</text>
            <text x="16" y="44" fill="#555555">\(SVGChart.escape(subtitle))</text>

            """
        for (index, process) in processes.enumerated() {
            let y = laneTop[process] ?? top
            let laneHeight = (laneRows[process] ?? 1) * rowHeight + 10
            let shade = index % 2 == 0 ? "#f4f6f8" : "#ffffff"
            out += "<rect x=\"0\" y=\"\(y)\" width=\"\(width)\" height=\"\(laneHeight)\" fill=\"\(shade)\"/>\n"
            out += "<text x=\"16\" y=\"\(y + 26)\" fill=\"#333333\">process \(process)</text>\n"
        }
        for (index, bar) in bars.enumerated() {
            let y = (laneTop[bar.process] ?? top) + 9 + rows[index] * rowHeight
            let x0 = x(bar.start)
            let x1 = bar.end.map(x) ?? (width - 24)
            let barWidth = max(x1 - x0, 10)
            let (fill, stroke) = bar.violating ? ("#f8d0cc", "#c0392b") : ("#d6e6f5", "#2f6fad")
            let dash = bar.end == nil ? " stroke-dasharray=\"5 3\"" : ""
            let strokeWidth = bar.violating ? 2 : 1
            out += "<g><title>\(SVGChart.escape(bar.label))\(bar.end == nil ? " (unknown outcome)" : "")</title>"
            out += "<rect x=\"\(x0)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"26\" rx=\"4\" fill=\"\(bar.end == nil ? "#ffffff" : fill)\" "
            out += "stroke=\"\(stroke)\" stroke-width=\"\(strokeWidth)\"\(dash)/>"
            let text = (bar.order.map { "\($0). " } ?? "") + bar.label
            out += "<text x=\"\(x0 + 5)\" y=\"\(y + 17)\" fill=\"\(bar.violating ? "#8e2418" : "#1c3f66")\">\(SVGChart.escape(text))</text></g>\n"
        }
        out += legend(key, y: max(lanesBottom, top + 44) + 18)
        out += "</svg>\n"
        return out
    }

    /// Per bar, its row within its process's lane: the first row whose last bar ends
    /// (label included) before this one starts; a bar of unknown outcome holds its row to
    /// the right edge.
    static func rowsPerBar(_ bars: [Bar], column: [Int: Int]) -> [Int] {
        let order = bars.indices.sorted { (bars[$0].process, bars[$0].start, $0) < (bars[$1].process, bars[$1].start, $1) }
        var rows = [Int](repeating: 0, count: bars.count)
        var rowEnds: [Int] = []
        var process: Int?
        for index in order {
            let bar = bars[index]
            if bar.process != process {
                rowEnds = []
                process = bar.process
            }
            let start = column[bar.start] ?? 0
            // A bar is at least one column wide, which its label needs.
            let end = bar.end.map { max(column[$0] ?? 0, start + 1) } ?? Int.max
            if let free = rowEnds.firstIndex(where: { $0 <= start }) {
                rows[index] = free
                rowEnds[free] = end
            } else {
                rows[index] = rowEnds.count
                rowEnds.append(end)
            }
        }
        return rows
    }

    /// The key to the colours, at height `y`.
    private static func legend(_ key: Legend, y: Int) -> String {
        var out = ""
        let entries: [(fill: String, stroke: String, dash: Bool, text: String)] = [
            ("#d6e6f5", "#2f6fad", false, key.placed),
            ("#f8d0cc", "#c0392b", false, key.violating),
            ("#ffffff", "#2f6fad", true, "unknown outcome (:info): may take effect any time after invocation, or never"),
        ].filter { !$0.text.isEmpty }
        for (index, entry) in entries.enumerated() {
            let rowY = y + index * 18
            out += "<rect x=\"16\" y=\"\(rowY)\" width=\"18\" height=\"12\" rx=\"2\" fill=\"\(entry.fill)\" stroke=\"\(entry.stroke)\""
            out += entry.dash ? " stroke-dasharray=\"4 2\"/>" : "/>"
            out += "<text x=\"40\" y=\"\(rowY + 10)\" fill=\"#444444\">\(SVGChart.escape(entry.text))</text>\n"
        }
        return out
    }
}
