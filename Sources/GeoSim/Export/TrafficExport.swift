// The traffic and cost tables of a run's export.

extension RunExport {
    /// Traffic and cost: bytes per second by pair and kind (`traffic.csv`), and the month's
    /// bill by pair, zone crossing and nodes (`cost.csv`).
    static func addTraffic(to bundle: inout ExportBundle, _ traffic: TrafficReport) {
        bundle.tables += [trafficTable(traffic), costTable(traffic)]
        bundle.sections.append(
            ExportSection(
                title: "Traffic and cost",
                text:
                    "Bytes sent between regions by message kind, sized from the value size (\(traffic.valueBytes) bytes), headers and framing; "
                    + "priced at the run's rate, 730 hours a month, at list prices: \(traffic.priceSource).",
                tables: ["traffic.csv", "cost.csv"]))
    }

    static func trafficTable(_ traffic: TrafficReport) -> CSVTable {
        var table = CSVTable(
            path: "traffic.csv", description: "Per ordered region pair (from, to; the same region for traffic inside it) and message kind: the rate sent.",
            columns: [
                .text("from", "Sending region."),
                .text("to", "Receiving region (the same as `from` inside a region)."),
                .text("kind", "Message kind: \(TrafficClass.allCases.map(\.name).joined(separator: ", "))."),
                CSVColumn("bytes_per_s", .number(decimals: 3), unit: "bytes/s", "Bytes sent per simulated second, framing included."),
                CSVColumn("bytes_per_op", .number(decimals: 3), unit: "bytes", "Those bytes per client operation that ended; empty without operations."),
            ])
        for link in traffic.links {
            for kind in TrafficClass.allCases where link.bytes[kind.rawValue] > 0 {
                let bytes = link.bytes[kind.rawValue]
                table.append([
                    .text(link.from), .text(link.to), .text(kind.name), .number(traffic.perSecond(bytes)),
                    traffic.operations > 0 ? .number(Double(bytes) / Double(traffic.operations)) : nil,
                ])
            }
        }
        return table
    }

    static func costTable(_ traffic: TrafficReport) -> CSVTable {
        var table = CSVTable(
            path: "cost.csv",
            description:
                "What the run's traffic and nodes cost a month at list prices: a row per region pair with traffic, per region with cross-zone traffic, the nodes, and the total.",
            columns: [
                .text("item", "`transfer`, `cross_zone`, `nodes` or `total`."),
                .text("from", "Sending region (empty for nodes and the total)."),
                .text("to", "Receiving region (empty for nodes and the total)."),
                CSVColumn("bytes_per_s", .number(decimals: 3), unit: "bytes/s", "Bytes per simulated second priced on this row."),
                CSVColumn("usd_per_unit", .number(decimals: 4), unit: "USD", "Price per GB (GiB on GCP); for nodes, per node hour."),
                .text("price_estimated", "`true` when a continent's price stands in for a region the sources do not list."),
                CSVColumn("usd_per_month", .number(decimals: 2), unit: "USD", "US dollars a month (730 hours) at the run's rate."),
            ])
        for link in traffic.links where link.crossesRegions {
            table.append([
                .text("transfer"), .text(link.from), .text(link.to), .number(traffic.perSecond(link.totalBytes)), .number(link.pricePerUnit),
                .text(link.estimated ? "true" : "false"), .number(link.usdPerMonth),
            ])
        }
        for zone in traffic.crossZone {
            table.append([
                .text("cross_zone"), .text(zone.region), .text(zone.region), .number(traffic.perSecond(zone.bytes)), .number(traffic.crossZonePerUnit),
                .text("false"), .number(zone.usdPerMonth),
            ])
        }
        if let perHour = traffic.nodeCostPerHour, let monthly = traffic.nodeUSDPerMonth {
            table.append([.text("nodes"), nil, nil, nil, .number(perHour), .text("false"), .number(monthly)])
        }
        table.append([.text("total"), nil, nil, nil, nil, .text(traffic.hasEstimatedPrices ? "true" : "false"), .number(traffic.totalUSDPerMonth)])
        return table
    }
}
