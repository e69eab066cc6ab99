import Foundation

/// What sizes the bytes a run sends and prices what it costs: the value size of every
/// read and write, and the price of a node hour when the user gives one.
public struct TrafficSettings: Sendable, Equatable {
    /// Bytes of every value written and read (`--value-size`). YCSB's core workloads
    /// store 10 fields of 100 bytes, hence 1000.
    public var valueBytes = 1000
    /// US dollars per node per hour (`--node-cost`); nil: the estimate prices transfer only.
    public var nodeCostPerHour: Double?

    public init() {}

    /// Hours in a month as the clouds' monthly estimates count them (8760 / 12).
    public static let hoursPerMonth = 730.0

    /// What is wrong with a `--node-cost` text `parseNodeCost` refuses, in a few words.
    public static func nodeCostProblem(_ text: String) -> String {
        var body = text.trimmingCharacters(in: .whitespaces).lowercased()
        if body.hasPrefix("$") { body.removeFirst() }
        guard let slash = body.firstIndex(of: "/") else { return "no period: write /h or /month after the price (hourly and monthly prices differ 730×)" }
        let period = body[body.index(after: slash)...]
        guard ["h", "hr", "hour", "mo", "month"].contains(period) else { return "unknown period '/\(period)': use /h (hour) or /month" }
        guard let amount = NumberText.decimal(String(body[..<slash])), amount.isFinite else { return "'\(body[..<slash])' is not a number of US dollars" }
        return amount < 0 ? "a price cannot be negative" : "at most 1e9 dollars per period"
    }

    /// Parses `--node-cost`: `0.192/h`, `140/month` (also `/hour`, `/mo`), with an
    /// optional leading `$`; returns dollars per hour. A bare number is refused: hourly
    /// and monthly prices differ by 730×.
    public static func parseNodeCost(_ text: String) -> Double? {
        var body = text.trimmingCharacters(in: .whitespaces).lowercased()
        if body.hasPrefix("$") { body.removeFirst() }
        guard let slash = body.firstIndex(of: "/") else { return nil }
        guard let amount = NumberText.decimal(String(body[..<slash])), amount.isFinite, amount >= 0, amount <= 1e9 else { return nil }
        switch body[body.index(after: slash)...] {
        case "h", "hr", "hour": return amount
        case "mo", "month": return amount / hoursPerMonth
        default: return nil
        }
    }
}
