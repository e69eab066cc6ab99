/// Draws the messages between replicas during a window as a message-sequence (Lamport)
/// diagram: one vertical lane per node, time running down, each message an arrow from
/// its sending instant on the sender's lane to its arrival on the receiver's; a message
/// the network lost stops halfway at a cross. A shaded band marks the offending
/// operations' span. Deterministic and self-contained, like `HistoryTimelineSVG`.
public enum MessageSequenceSVG {
    /// Lane spacing, and the height the window's time spans (px).
    static let laneWidth = 170
    static let height = 900
    static let top = 70

    /// The SVG document for `trace` between `nodes` (names by node index), with the
    /// span `highlight` (ns) shaded.
    public static func render(title: String, trace: MessageTrace, nodes: [String], highlight: ClosedRange<Nanoseconds>?) -> String {
        let width = 80 + laneWidth * max(nodes.count, 1)
        let window = trace.window
        let span = Double(max(window.upperBound - window.lowerBound, 1))
        func y(_ time: Nanoseconds) -> Int {
            top + Int(Double(min(max(time, window.lowerBound), window.upperBound) - window.lowerBound) / span * Double(height))
        }
        func x(_ node: Int) -> Int { 80 + laneWidth / 2 + laneWidth * node }
        var svg = SVGText()
        svg.line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(top + height + 40)\" font-family=\"ui-monospace, Menlo, Consolas, monospace\" font-size=\"10\">"
        )
        svg.line(
            "<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#335\"/></marker></defs>"
        )
        svg.line("<rect width=\"\(width)\" height=\"\(top + height + 40)\" fill=\"#ffffff\"/>")
        svg.line("<text x=\"12\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(SVGChart.escape(title))</text>")
        let shown =
            trace.dropped == 0 ? "\(trace.messages.count) messages" : "the first \(trace.messages.count) messages of \(trace.messages.count + trace.dropped)"
        svg.line(
            "<text x=\"12\" y=\"40\" fill=\"#555\">\(shown) between replicas, \(DurationText.format(window.lowerBound))–\(DurationText.format(window.upperBound)); time runs down</text>"
        )
        if let highlight {
            svg.line(
                "<rect x=\"0\" y=\"\(y(highlight.lowerBound))\" width=\"\(width)\" height=\"\(max(y(highlight.upperBound) - y(highlight.lowerBound), 2))\" fill=\"#fdecea\"/>"
            )
        }
        for (node, name) in nodes.enumerated() {
            svg.line("<line x1=\"\(x(node))\" y1=\"\(top)\" x2=\"\(x(node))\" y2=\"\(top + height)\" stroke=\"#999\"/>")
            svg.line("<text x=\"\(x(node))\" y=\"\(top - 8)\" text-anchor=\"middle\" font-size=\"12\">\(SVGChart.escape(name))</text>")
        }
        for tick in 0...10 {
            let time = window.lowerBound + Nanoseconds(Double(tick) / 10 * span)
            svg.line("<text x=\"6\" y=\"\(y(time) + 3)\" fill=\"#777\">\(SVGChart.escape(DurationText.format(time)))</text>")
        }
        for message in trace.messages where message.from < nodes.count && message.to < nodes.count {
            arrow(message, into: &svg, x: x, y: y)
        }
        svg.line("</svg>")
        return svg.text
    }

    /// One message's arrow (or, lost, a dashed half arrow ending in a cross) and label.
    static func arrow(_ message: MessageTrace.Message, into svg: inout SVGText, x: (Int) -> Int, y: (Nanoseconds) -> Int) {
        let (x1, y1) = (x(message.from), y(message.sent))
        let label =
            "<text x=\"\(x1 + (x(message.to) > x1 ? 4 : -4))\" y=\"\(y1 - 2)\" text-anchor=\"\(x(message.to) > x1 ? "start" : "end")\" fill=\"#335\">\(SVGChart.escape(message.label))</text>"
        guard let arrival = message.arrival else {
            let (x2, y2) = ((x1 + x(message.to)) / 2, y1 + 12)
            svg.line("<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"#c0392b\" stroke-dasharray=\"3,2\"/>")
            svg.line("<text x=\"\(x2)\" y=\"\(y2 + 4)\" text-anchor=\"middle\" fill=\"#c0392b\" font-size=\"12\">×</text>")
            svg.line(label)
            return
        }
        svg.line("<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x(message.to))\" y2=\"\(y(arrival))\" stroke=\"#335\" marker-end=\"url(#arrow)\"/>")
        svg.line(label)
    }
}
