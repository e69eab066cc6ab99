import Foundation

/// Where the text of an SVG chart lands, computed from the SVG geosim writes (no browser):
/// each `<text>` element's box from its x, y, font size, anchor and length at 0.6 em per
/// character (the estimate the chart's layout uses, generous for sans-serif digits), and
/// the dashed marker lines. The HTML tests check that no two boxes overlap and that no
/// marker line runs through a label.
struct SVGLayout {
    struct Box: CustomStringConvertible {
        var text: String
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double

        func overlaps(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }

        var description: String { "'\(text)' [\(Int(left))…\(Int(right)) × \(Int(top))…\(Int(bottom))]" }
    }

    var boxes: [Box] = []
    /// Marker lines: x, and their top and bottom.
    var markers: [(x: Double, top: Double, bottom: Double)] = []
    /// The y-axis tick labels (right-aligned text left of the plot), as numbers.
    var yTickValues: [Double] = []

    init(_ svg: String) {
        for element in Self.elements(svg, tag: "text") {
            // The rotated y-axis label runs along the axis, clear of everything else.
            guard element.attributes["transform"] == nil else { continue }
            let size = Double(element.attributes["font-size"] ?? "12") ?? 12
            let x = Double(element.attributes["x"] ?? "") ?? 0
            let y = Double(element.attributes["y"] ?? "") ?? 0
            let width = Double(Self.unescaped(element.content).count) * size * 0.6
            let left: Double
            switch element.attributes["text-anchor"] {
            case "middle": left = x - width / 2
            case "end":
                left = x - width
                if let value = Double(Self.unescaped(element.content)) { yTickValues.append(value) }
            default: left = x
            }
            // The baseline sits at y: ascenders reach about 0.8 em above it, descenders 0.2 below.
            boxes.append(Box(text: Self.unescaped(element.content), left: left, right: left + width, top: y - 0.8 * size, bottom: y + 0.2 * size))
        }
        for element in Self.elements(svg, tag: "line") where element.attributes["class"] == "chart-marker" {
            let x = Double(element.attributes["x1"] ?? "") ?? 0
            let y1 = Double(element.attributes["y1"] ?? "") ?? 0
            let y2 = Double(element.attributes["y2"] ?? "") ?? 0
            markers.append((x, min(y1, y2), max(y1, y2)))
        }
    }

    /// Pairs of text boxes that overlap.
    var overlaps: [(Box, Box)] {
        var found: [(Box, Box)] = []
        for (index, box) in boxes.enumerated() {
            for other in boxes[(index + 1)...] where box.overlaps(other) { found.append((box, other)) }
        }
        return found
    }

    /// Labels a marker line runs through.
    var struckLabels: [Box] {
        boxes.filter { box in markers.contains { $0.x > box.left && $0.x < box.right && $0.top < box.bottom && $0.bottom > box.top } }
    }

    /// The elements `<tag …>content</tag>` (or self-closing) of `svg`, with their attributes.
    static func elements(_ svg: String, tag: String) -> [(attributes: [String: String], content: String)] {
        var result: [(attributes: [String: String], content: String)] = []
        var rest = Substring(svg)
        while let start = rest.range(of: "<\(tag) ") {
            rest = rest[start.upperBound...]
            guard let close = rest.firstIndex(of: ">") else { break }
            let head = rest[..<close]
            var content = ""
            rest = rest[rest.index(after: close)...]
            if !head.hasSuffix("/"), let end = rest.range(of: "</\(tag)>") {
                content = String(rest[..<end.lowerBound])
                rest = rest[end.upperBound...]
            }
            result.append((attributes(String(head)), content))
        }
        return result
    }

    /// name="value" pairs.
    static func attributes(_ head: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(head)
        while let equals = rest.range(of: "=\"") {
            let name = rest[..<equals.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            rest = rest[equals.upperBound...]
            guard let quote = rest.firstIndex(of: "\"") else { break }
            result[name] = String(rest[..<quote])
            rest = rest[rest.index(after: quote)...]
        }
        return result
    }

    /// Text with its entities as single characters.
    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
