/// Two runs' figures side by side (`geosim diff`): each figure's values, its change and
/// whether that change is better, worse or neither, the significant changes first.
///
/// A figure is a number in a report, named by its path (`writes.by_region.us-east.
/// latency_ms.p99`). Which way is better follows from the name: latencies, staleness,
/// lag, outages, failover, waits, aborts, restarts, failures and utilization are better
/// lower; availability, successes, hit ratios and throughput better higher; counts of
/// work (operations, messages, events) and settings are neither.
public enum FigureComparison {
    /// Which way a change went.
    public enum Direction: String, Sendable, Equatable {
        case better, worse
        /// Changed, but neither better nor worse (a count of work, a setting).
        case changed
        case same
        /// Within both confidence intervals: not told apart from noise.
        case noise
    }

    /// One figure of both sides.
    public struct Row: Sendable, Equatable {
        public var name: String
        public var a: Double?
        public var b: Double?
        /// Confidence half-widths (95%) when the figures are means over replicates.
        public var ciA: Double?
        public var ciB: Double?
        public var direction: Direction
        /// Whether the change is at least the threshold (relative), or a figure present
        /// on one side only.
        public var significant: Bool

        /// b − a; nil when either is missing.
        public var change: Double? { a.flatMap { a in b.map { $0 - a } } }
        /// (b − a) / |a|; nil when a is missing or 0.
        public var relative: Double? {
            guard let a, let b, a != 0 else { return nil }
            return (b - a) / abs(a)
        }
    }

    /// The rows for the figures of `a` and `b` (name, value; nil a missing value), in
    /// `a`'s order then `b`'s extra names, sorted significant first, then by the size of
    /// the relative change (largest first), then by name. `threshold` is the smallest
    /// relative change counted as significant (0.05 = 5%).
    public static func compare(
        _ a: [(name: String, value: Double?, ci: Double?)], _ b: [(name: String, value: Double?, ci: Double?)], threshold: Double
    ) -> [Row] {
        var slotOfB: [String: Int] = [:]
        for (index, figure) in b.enumerated() where slotOfB[figure.name] == nil { slotOfB[figure.name] = index }
        var seen = Set<String>()
        var rows: [Row] = []
        for figure in a where seen.insert(figure.name).inserted {
            let other = slotOfB[figure.name].map { b[$0] }
            rows.append(row(figure.name, figure.value, other?.value, ciA: figure.ci, ciB: other?.ci, threshold: threshold))
        }
        for figure in b where seen.insert(figure.name).inserted {
            rows.append(row(figure.name, nil, figure.value, ciA: nil, ciB: figure.ci, threshold: threshold))
        }
        return rows.enumerated().sorted { left, right in
            let (l, r) = (left.element, right.element)
            if l.significant != r.significant { return l.significant }
            let (lm, rm) = (abs(l.relative ?? (l.change == 0 ? 0 : .infinity)), abs(r.relative ?? (r.change == 0 ? 0 : .infinity)))
            if lm != rm { return lm > rm }
            return left.offset < right.offset
        }.map(\.element)
    }

    static func row(_ name: String, _ a: Double?, _ b: Double?, ciA: Double?, ciB: Double?, threshold: Double) -> Row {
        var row = Row(name: name, a: a, b: b, ciA: ciA, ciB: ciB, direction: .same, significant: false)
        guard let a, let b else {
            row.direction = a == nil && b == nil ? .same : .changed
            row.significant = (a == nil) != (b == nil)
            return row
        }
        guard a != b else { return row }
        // A change smaller than both intervals: the replicates cannot tell the two apart.
        if let ciA, let ciB, abs(b - a) <= ciA, abs(b - a) <= ciB {
            row.direction = .noise
            return row
        }
        row.significant = a == 0 || abs(b - a) / abs(a) >= threshold
        switch lowerIsBetter(name) {
        case .some(true): row.direction = b < a ? .better : .worse
        case .some(false): row.direction = b > a ? .better : .worse
        case .none: row.direction = .changed
        }
        return row
    }

    /// Whether a figure named `name` is better lower (true), higher (false), or neither.
    static func lowerIsBetter(_ name: String) -> Bool? {
        let leaf = name.split(separator: ".").last.map(String.init) ?? name
        let words = name.lowercased()
        let higher = ["availability", "hit_ratio", "hit_rate", "committed_per_s", "throughput", "local_read_share"]
        if higher.contains(where: { words.contains($0) }) { return false }
        if leaf == "ok" { return false }
        let lower = [
            "latency", "_ms", "staleness", "lag", "outage", "failover", "leaderless", "wait", "abort", "restart", "failed", "unknown",
            "timeout", "utilization", "elections", "dropped", "lost", "stale", "_s", "usd", "cost", "bytes",
        ]
        if lower.contains(where: { words.contains($0) }) { return true }
        return nil
    }

    /// The settings (strings and booleans) of two JSON documents that differ, as
    /// `name: a → b`, in `a`'s document order (`-` for one missing on a side).
    public static func differingSettings(_ a: JSONValue, _ b: JSONValue) -> [String] {
        func settings(_ json: JSONValue) -> [(name: String, text: String)] {
            var out: [(name: String, text: String)] = []
            func walk(_ value: JSONValue, _ path: String) {
                switch value {
                case .string(let text): out.append((path, text))
                case .bool(let flag): out.append((path, flag ? "true" : "false"))
                case .object(let members): for member in members { walk(member.value, path.isEmpty ? member.key : path + "." + member.key) }
                case .array(let items): for (index, item) in items.enumerated() { walk(item, path + "[\(index)]") }
                case .number, .null: break
                }
            }
            walk(json, "")
            return out
        }
        let (left, right) = (settings(a), settings(b))
        var lines: [String] = []
        for setting in left {
            let other = right.first { $0.name == setting.name }?.text
            if other != setting.text { lines.append("\(setting.name): \(setting.text) → \(other ?? "-")") }
        }
        for setting in right where !left.contains(where: { $0.name == setting.name }) { lines.append("\(setting.name): - → \(setting.text)") }
        return lines
    }

    /// The numbers of a JSON document as named figures, depth first in document order:
    /// `a.b[2].c`. Strings and booleans are left out (they are settings, not figures);
    /// `null` is a missing value.
    public static func figures(of json: JSONValue) -> [(name: String, value: Double?, ci: Double?)] {
        var out: [(name: String, value: Double?, ci: Double?)] = []
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .number(let number): out.append((path, number, nil))
            case .null: out.append((path, nil, nil))
            case .object(let members): for member in members { walk(member.value, path.isEmpty ? member.key : path + "." + member.key) }
            case .array(let items): for (index, item) in items.enumerated() { walk(item, path + "[\(index)]") }
            case .bool, .string: break
            }
        }
        walk(json, "")
        return out
    }
}
