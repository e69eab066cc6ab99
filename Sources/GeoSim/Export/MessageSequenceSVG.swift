/// Draws the messages between replicas during a window as a message-sequence (Lamport)
/// diagram: one vertical lane per node, time running down, each message an arrow from
/// its sending instant on the sender's lane to its arrival on the receiver's; a message
/// the network lost stops halfway at a cross. A shaded band marks the offending
/// operations' span. Deterministic and self-contained, like `HistoryTimelineSVG`.
///
/// Time runs down in order, not to scale: every send gets a row of its own (with its
/// instant at the left), and an arrival sits between the rows of the sends around it, so
/// no two labels share a row however bursty the traffic.
public enum MessageSequenceSVG {
    /// Lane spacing, the height of a send's row, and where the first row is (px).
    static let laneWidth = 170
    static let rowHeight = 15
    static let top = 70
    static let left = 90

    /// The SVG document for `trace` between `nodes` (names by node index), with the
    /// span `highlight` (ns) shaded.
    public static func render(title: String, trace: MessageTrace, nodes: [String], highlight: ClosedRange<Nanoseconds>?) -> String {
        let messages = trace.messages.filter { $0.from < nodes.count && $0.to < nodes.count }.enumerated()
            .sorted { ($0.element.sent, $0.offset) < ($1.element.sent, $1.offset) }.map(\.element)
        let window = trace.window
        // Knots of the time-to-height map: the window's start, each send's row, the end.
        var knots: [(time: Nanoseconds, y: Int)] = [(window.lowerBound, top)]
        for (row, message) in messages.enumerated() { knots.append((max(message.sent, knots[knots.count - 1].time), top + (row + 1) * rowHeight)) }
        let bottom = top + (messages.count + 2) * rowHeight
        knots.append((max(window.upperBound, knots[knots.count - 1].time), bottom))
        func y(_ time: Nanoseconds) -> Int {
            let next = SortedSearch.firstIndex(in: knots.count) { knots[$0].time > time }
            guard next > 0 else { return top }
            guard next < knots.count else { return bottom }
            let (a, b) = (knots[next - 1], knots[next])
            let fraction = Double(time - a.time) / Double(max(b.time - a.time, 1))
            return a.y + Int(fraction * Double(b.y - a.y))
        }
        let width = max(left + laneWidth * max(nodes.count, 1), 16 + 9 * title.count)
        let height = bottom + 30
        func x(_ node: Int) -> Int { left + laneWidth / 2 + laneWidth * node }
        var svg = SVGText()
        svg.line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"ui-monospace, Menlo, Consolas, monospace\" font-size=\"10\">"
        )
        svg.line(
            "<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#335\"/></marker></defs>"
        )
        svg.line("<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")
        svg.line("<text x=\"12\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(SVGChart.escape(title))</text>")
        let shown =
            trace.dropped == 0 ? "\(trace.messages.count) messages" : "the first \(trace.messages.count) messages of \(trace.messages.count + trace.dropped)"
        svg.line(
            "<text x=\"12\" y=\"40\" fill=\"#555\">\(shown) between replicas, \(DurationText.format(window.lowerBound))–\(DurationText.format(window.upperBound)); time runs down, one row per send (not to scale)</text>"
        )
        if let highlight {
            svg.line(
                "<rect x=\"0\" y=\"\(y(highlight.lowerBound))\" width=\"\(width)\" height=\"\(max(y(highlight.upperBound) - y(highlight.lowerBound), 2))\" fill=\"#fdecea\"/>"
            )
        }
        for (node, name) in nodes.enumerated() {
            svg.line("<line x1=\"\(x(node))\" y1=\"\(top)\" x2=\"\(x(node))\" y2=\"\(bottom)\" stroke=\"#999\"/>")
            svg.line("<text x=\"\(x(node))\" y=\"\(top - 8)\" text-anchor=\"middle\" font-size=\"12\">\(SVGChart.escape(name))</text>")
        }
        var lastStamp = ""
        for (row, message) in messages.enumerated() {
            let stamp = HistoryText.milliseconds(message.sent)
            if stamp != lastStamp {
                svg.line("<text x=\"6\" y=\"\(top + (row + 1) * rowHeight + 3)\" fill=\"#777\">\(stamp)</text>")
                lastStamp = stamp
            }
            arrow(message, row: top + (row + 1) * rowHeight, into: &svg, x: x, y: y)
        }
        svg.line("</svg>")
        return svg.text
    }

    /// One message's arrow (or, lost, a dashed half arrow ending in a cross) and label.
    static func arrow(_ message: MessageTrace.Message, row y1: Int, into svg: inout SVGText, x: (Int) -> Int, y: (Nanoseconds) -> Int) {
        let x1 = x(message.from)
        let label =
            "<text x=\"\(x1 + (x(message.to) > x1 ? 4 : -4))\" y=\"\(y1 - 2)\" text-anchor=\"\(x(message.to) > x1 ? "start" : "end")\" fill=\"#335\">\(SVGChart.escape(message.label))</text>"
        guard let arrival = message.arrival else {
            let (x2, y2) = ((x1 + x(message.to)) / 2, y1 + 12)
            svg.line("<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"#c0392b\" stroke-dasharray=\"3,2\"/>")
            svg.line("<text x=\"\(x2)\" y=\"\(y2 + 4)\" text-anchor=\"middle\" fill=\"#c0392b\" font-size=\"12\">×</text>")
            svg.line(label)
            return
        }
        svg.line("<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x(message.to))\" y2=\"\(max(y(arrival), y1 + 4))\" stroke=\"#335\" marker-end=\"url(#arrow)\"/>")
        svg.line(label)
    }
}
