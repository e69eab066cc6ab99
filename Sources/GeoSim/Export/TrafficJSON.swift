/// The `traffic` and `cost` members of `geosim.report/1`: bytes per second by ordered
/// region pair and kind, bytes per operation, and the month's bill at list prices.
extension TrafficReport {
    public var jsonValue: JSONValue {
        func rate(_ bytes: UInt64) -> JSONValue { .rounded(perSecond(bytes), decimals: 3) }
        let pairs = links.map { link -> JSONValue in
            .object([
                ("from", .string(link.from)),
                ("to", .string(link.to)),
                ("bytes_per_s", rate(link.totalBytes)),
                ("by_kind_bytes_per_s", .object(TrafficClass.allCases.map { ($0.name, rate(link.bytes[$0.rawValue])) })),
                ("messages_per_s", .rounded(perSecond(link.messages), decimals: 3)),
                ("usd_per_unit", .number(link.pricePerUnit)),
                ("price_estimated", .bool(link.estimated)),
                ("usd_per_month", .rounded(link.usdPerMonth, decimals: 2)),
            ])
        }
        return .object([
            ("value_bytes", .number(Double(valueBytes))),
            ("seconds", .rounded(seconds, decimals: 9)),
            ("operations", .number(Double(operations))),
            ("cross_region_bytes_per_s", rate(totalBytes(crossRegionOnly: true))),
            ("bytes_per_s", rate(totalBytes(crossRegionOnly: false))),
            ("cross_region_bytes_per_op", bytesPerOperation(crossRegionOnly: true).map { .rounded($0, decimals: 1) } ?? .null),
            ("bytes_per_op", bytesPerOperation(crossRegionOnly: false).map { .rounded($0, decimals: 1) } ?? .null),
            ("cross_region_by_kind_bytes_per_s", .object(TrafficClass.allCases.map { ($0.name, rate(bytes(of: $0, crossRegionOnly: true))) })),
            ("cross_zone_bytes_per_s", .object(crossZone.map { ($0.region, rate($0.bytes)) })),
            ("pairs", .array(pairs)),
        ])
    }

    /// `cost`: US dollars a month at the run's rate.
    public var costJSON: JSONValue {
        .object([
            ("provider", .string(provider.rawValue)),
            ("price_source", .string(priceSource)),
            ("bytes_per_unit", .number(bytesPerUnit)),
            ("hours_per_month", .number(TrafficSettings.hoursPerMonth)),
            ("transfer_usd_per_month", .rounded(transferUSDPerMonth, decimals: 2)),
            ("cross_zone_usd_per_month", .rounded(crossZoneUSDPerMonth, decimals: 2)),
            ("nodes", .number(Double(nodeCount))),
            ("node_usd_per_hour", nodeCostPerHour.map { .number($0) } ?? .null),
            ("node_usd_per_month", nodeUSDPerMonth.map { .rounded($0, decimals: 2) } ?? .null),
            ("total_usd_per_month", .rounded(totalUSDPerMonth, decimals: 2)),
            ("prices_estimated", .bool(hasEstimatedPrices)),
        ])
    }
}
