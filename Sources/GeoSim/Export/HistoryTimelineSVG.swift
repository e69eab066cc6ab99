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

    /// The SVG document: `title` on top, then the lanes, then a legend.
    public static func render(title: String, subtitle: String, bars: [Bar]) -> String {
        var positions = Set<Int>()
        for bar in bars {
            positions.insert(bar.start)
            if let end = bar.end { positions.insert(end) }
        }
        let columns = positions.sorted()
        var column: [Int: Int] = [:]
        for (index, position) in columns.enumerated() { column[position] = index }
        let processes = Array(Set(bars.map(\.process))).sorted()
        var lane: [Int: Int] = [:]
        for (index, process) in processes.enumerated() { lane[process] = index }
        let longestLabel = bars.map { $0.label.count + ($0.order.map { String($0).count + 2 } ?? 0) }.max() ?? 4
        let step = min(max(7 * longestLabel + 20, 48), 220)
        let left = 110
        let top = 64
        let laneHeight = 44
        let width = max(left + 40 + max(columns.count, 1) * step + 60, 640)
        let height = top + max(processes.count, 1) * laneHeight + 80
        func x(_ position: Int) -> Int { left + 20 + (column[position] ?? 0) * step }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">
            <rect width="\(width)" height="\(height)" fill="#ffffff"/>
            <text x="16" y="24" font-size="15" font-weight="bold" fill="#222222">\(SVGChart.escape(title))</text>
            <text x="16" y="44" fill="#555555">\(SVGChart.escape(subtitle))</text>

            """
        for (index, process) in processes.enumerated() {
            let y = top + index * laneHeight
            let shade = index % 2 == 0 ? "#f4f6f8" : "#ffffff"
            out += "<rect x=\"0\" y=\"\(y)\" width=\"\(width)\" height=\"\(laneHeight)\" fill=\"\(shade)\"/>\n"
            out += "<text x=\"16\" y=\"\(y + laneHeight / 2 + 4)\" fill=\"#333333\">process \(process)</text>\n"
        }
        for bar in bars {
            let y = top + (lane[bar.process] ?? 0) * laneHeight + 9
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
        out += legend(y: top + max(processes.count, 1) * laneHeight + 18)
        out += "</svg>\n"
        return out
    }

    /// The key to the colours, at height `y`.
    private static func legend(y: Int) -> String {
        var out = ""
        let entries: [(fill: String, stroke: String, dash: Bool, text: String)] = [
            ("#d6e6f5", "#2f6fad", false, "linearized (number: its place in the longest valid order)"),
            ("#f8d0cc", "#c0392b", false, "cannot be linearized after that order"),
            ("#ffffff", "#2f6fad", true, "unknown outcome (:info): may take effect any time after invocation, or never"),
        ]
        for (index, entry) in entries.enumerated() {
            let rowY = y + index * 18
            out += "<rect x=\"16\" y=\"\(rowY)\" width=\"18\" height=\"12\" rx=\"2\" fill=\"\(entry.fill)\" stroke=\"\(entry.stroke)\""
            out += entry.dash ? " stroke-dasharray=\"4 2\"/>" : "/>"
            out += "<text x=\"40\" y=\"\(rowY + 10)\" fill=\"#444444\">\(SVGChart.escape(entry.text))</text>\n"
        }
        return out
    }
}
