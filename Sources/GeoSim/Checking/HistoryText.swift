/// Renders operations for people, one line each:
/// `client 3  write k=17 v=5   [12.000ms, 74.310ms] ok`.
public enum HistoryText {
    /// The operations one per line, their time intervals aligned, in the given order.
    public static func render(_ operations: [HistoryOperation]) -> String {
        let heads = operations.map(head)
        let width = heads.map(\.count).max() ?? 0
        var lines: [String] = []
        lines.reserveCapacity(operations.count)
        for (operation, head) in zip(operations, heads) {
            let padding = String(repeating: " ", count: width - head.count)
            lines.append("\(head)\(padding)   \(interval(operation)) \(outcome(operation))")
        }
        return lines.joined(separator: "\n")
    }

    /// One operation on one line.
    public static func line(_ operation: HistoryOperation) -> String {
        "\(head(operation))   \(interval(operation)) \(outcome(operation))"
    }

    /// `client 3  write k=17 v=5`.
    static func head(_ operation: HistoryOperation) -> String {
        let kind = operation.kind == .write ? "write" : "read "
        var text = "client \(operation.client)  \(kind) k=\(operation.key) v=\(operation.value)"
        if operation.kind == .read, operation.mode != .strong {
            text += " (\(operation.mode.rawValue)\(operation.bound.map { " within " + DurationText.format($0) } ?? ""))"
        }
        return text
    }

    /// `[12.000ms, 74.310ms]`, or `[12.000ms, ?]` without a completion time.
    static func interval(_ operation: HistoryOperation) -> String {
        let end = operation.completed.map(milliseconds) ?? "?"
        return "[\(milliseconds(operation.invoked)), \(end)]"
    }

    static func outcome(_ operation: HistoryOperation) -> String {
        switch operation.outcome {
        case .ok: "ok"
        case .failed: "failed"
        case .unknown: "unknown"
        }
    }

    /// A time in milliseconds with exactly three decimals (truncated to the microsecond),
    /// in integer arithmetic: `12.000ms`.
    public static func milliseconds(_ time: Nanoseconds) -> String {
        let magnitude = time.magnitude
        let whole = magnitude / 1_000_000
        let micros = (magnitude % 1_000_000) / 1_000
        var fraction = String(micros)
        while fraction.count < 3 { fraction = "0" + fraction }
        return "\(time < 0 ? "-" : "")\(whole).\(fraction)ms"
    }
}
