import Foundation

/// The traffic and cost part of the text report: a row per ordered pair of regions with
/// its rate by kind and its monthly transfer cost, then the bytes per operation and the
/// month's bill at the run's rate.
enum TrafficText {
    /// The columns shown by kind; the rest are summed under "other".
    static let shown: [TrafficClass] = [.replication, .acknowledgements, .heartbeats, .requests, .replies]

    static func lines(_ traffic: TrafficReport) -> [String] {
        let crossing = traffic.links.filter(\.crossesRegions)
        guard !crossing.isEmpty || !traffic.crossZone.isEmpty else {
            return ["", "Traffic: none between regions or zones" + perOperation(traffic)] + (traffic.nodeCostPerHour == nil ? [] : [costLine(traffic)])
        }
        // The figures take 60 columns; a pair's name that does not fit beside them in 80
        // gets a line of its own above them, so the columns stay aligned.
        let longest = crossing.map { $0.from.count + $0.to.count + 3 }.max() ?? 0
        let stacked = max(14, longest) + 60 > 80
        let nameWidth = stacked ? 14 : max(14, longest)
        var lines = ["", "Traffic between regions (KB/s by kind; $/month at \(traffic.provider.displayName) list prices)"]
        var header = ReportText.pad(stacked ? "" : "from > to", nameWidth, left: true) + ReportText.pad("total", 8)
        for kind in shown { header += ReportText.pad(columnName(kind), 7) }
        header += ReportText.pad("other", 7) + ReportText.pad("$/month", 10)
        lines.append(header)
        for link in crossing {
            let name = "\(link.from) > \(link.to)"
            if stacked { lines.append(name) }
            var row = ReportText.pad(stacked ? "" : name, nameWidth, left: true)
            row += ReportText.pad(kilobytes(link.totalBytes, traffic), 8)
            for kind in shown { row += ReportText.pad(kilobytes(link.bytes[kind.rawValue], traffic), 7) }
            let other = link.totalBytes - shown.reduce(0) { $0 + link.bytes[$1.rawValue] }
            row += ReportText.pad(kilobytes(other, traffic), 7) + ReportText.pad(dollars(link.usdPerMonth) + (link.estimated ? "*" : ""), 10)
            lines.append(row)
        }
        lines.append(
            "between regions: \(kilobytes(traffic.totalBytes(crossRegionOnly: true), traffic)) KB/s" + perOperation(traffic)
                + (traffic.hasEstimatedPrices ? "; * a continent's price stands in" : ""))
        lines.append(costLine(traffic))
        return lines
    }

    /// "; 2,345 bytes per operation (3,456 with in-region traffic)".
    static func perOperation(_ traffic: TrafficReport) -> String {
        guard let crossing = traffic.bytesPerOperation(crossRegionOnly: true), let all = traffic.bytesPerOperation(crossRegionOnly: false) else {
            return ""
        }
        return "; \(grouped(crossing.rounded())) bytes per op (\(grouped(all.rounded())) counting in-region)"
    }

    /// The month's bill: transfer, cross-zone, nodes.
    static func costLine(_ traffic: TrafficReport) -> String {
        var parts = ["\(dollars(traffic.transferUSDPerMonth)) between regions"]
        if !traffic.crossZone.isEmpty { parts.append("\(dollars(traffic.crossZoneUSDPerMonth)) across zones") }
        if let nodes = traffic.nodeUSDPerMonth, let price = traffic.nodeCostPerHour {
            parts.append("\(dollars(nodes)) for \(traffic.nodeCount) node\(traffic.nodeCount == 1 ? "" : "s") at \(hourly(price))/h")
        }
        let nodes = traffic.nodeCostPerHour == nil ? " (add --node-cost for nodes)" : ""
        if parts.count == 1 { return "Cost: \(dollars(traffic.totalUSDPerMonth))/month for transfer between regions" + nodes }
        return "Cost: \(dollars(traffic.totalUSDPerMonth))/month = " + parts.joined(separator: " + ") + nodes
    }

    static func columnName(_ kind: TrafficClass) -> String {
        switch kind {
        case .replication: "repl"
        case .acknowledgements: "acks"
        case .heartbeats: "beats"
        case .requests: "reqs"
        case .replies: "reply"
        default: kind.name
        }
    }

    /// Bytes over the run as KB/s (1 KB = 1000 bytes), one decimal.
    static func kilobytes(_ bytes: UInt64, _ traffic: TrafficReport) -> String {
        ReportText.fixed(traffic.perSecond(bytes) / 1000, decimals: 1)
    }

    /// `$1,234`, or `$12.34` below $100 (`cents` decimals then).
    static func dollars(_ amount: Double, cents: Int = 2) -> String {
        if amount >= 100 { return "$" + grouped(amount.rounded()) }
        return "$" + ReportText.fixed(amount, decimals: cents)
    }

    /// A node's hourly price with the digits it has: `$0.192`, `$0.1918`, `$0.000001`.
    static func hourly(_ price: Double) -> String {
        guard price > 0, price < 1 else { return dollars(price) }
        let decimals = min(9, max(3, Int((-log10(price)).rounded(.up)) + 3))
        var text = ReportText.fixed(price, decimals: decimals)
        while text.hasSuffix("0") && text.count > 5 { text.removeLast() }
        return "$" + text
    }

    /// A whole number with thousands separators: 1,234,567.
    static func grouped(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e18 else { return ReportText.fixed(value, decimals: 0) }
        let digits = String(Int64(value).magnitude)
        var text = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return (value < 0 ? "-" : "") + text
    }
}
