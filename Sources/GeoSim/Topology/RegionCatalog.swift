/// The built-in regions: 32 AWS regions with coordinates and the median round trip between
/// every pair, compiled in from `shared/data/regions.json` (see `RegionCatalogData`).
///
/// Source: the cloudping.co p50-over-one-year data set, each pair averaged over both
/// directions; figures are exact to 0.1 ms. Region ids are indices into `regions`
/// (catalog order); the round-trip matrix is symmetric and its diagonal holds the source's
/// median round trip inside one region (cross-zone figures are a `Topology` setting).
public enum RegionCatalog {
    /// All catalog regions in catalog order (US, Canada, Mexico, South America, Europe,
    /// Middle East, Africa, Asia-Pacific). `name` is the alias if there is one, else the code.
    public static var regions: [Region] { CloudCatalog.aws.regions }

    /// The number of catalog regions (32).
    public static var count: Int { RegionCatalogData.regions.count }

    /// The catalog's median round trip between regions `from` and `to` (catalog indices,
    /// each in 0..<count), in exact integer nanoseconds: 64.1 ms → 64_100_000. For
    /// `from == to` it is the median round trip inside that region.
    public static func roundTrip(from: Int, to: Int) -> Nanoseconds { CloudCatalog.aws.roundTrip(from: from, to: to) }

    /// The catalog index of a region named by its alias (`us-east`) or AWS code
    /// (`us-east-1`), ignoring case and surrounding spaces; nil when there is none.
    public static func index(named name: String) -> Int? { CloudCatalog.aws.index(named: name) }

    /// Every name a catalog region answers to: aliases (and codes of regions without one)
    /// first, then the codes, so that suggestions prefer the short names.
    static var allNames: [String] { CloudCatalog.aws.allNames }

    /// The catalog index of `name`, or a usage error that suggests the closest name
    /// ("Unknown region 'us-esat'." / "Did you mean 'us-east'?"), names the other cloud's
    /// catalog a name belongs to, or else says how to list the regions.
    public static func resolve(_ name: String) throws(UsageError) -> Int { try CloudCatalog.aws.resolve(name) }

    /// The text printed by `geosim regions [--from REGION]`: a header line, a table no
    /// wider than 80 columns (code, alias, city; with `from`, also the median round trip
    /// from that region in ms, the fiber speed-of-light floor in ms and their ratio, rows
    /// sorted by round trip then code), and a footnote on the data source. Without `from`
    /// the rows are in catalog order. Ends with a newline. `catalog` is AWS's unless
    /// `--catalog` names another.
    public static func listing(from: String?, catalog: CloudCatalog = .aws) throws(UsageError) -> String {
        var lines: [String] = []
        let origin: Int?
        let regions = catalog.regions
        let isAWS = catalog.provider == .aws
        if let from {
            let index = try catalog.resolve(from)
            origin = index
            let region = regions[index]
            lines.append("Round trips from \(region.name) (\(region.code ?? region.name), \(region.city)), nearest first:")
        } else {
            origin = nil
            lines.append(
                isAWS
                    ? "\(count) built-in regions; name them by alias or code: --topology us-east,eu-west-2"
                    : "\(regions.count) \(catalog.provider.displayName) regions; name them by alias or code with --catalog \(catalog.provider.rawValue)")
        }
        lines.append("")

        let order = origin.map { sortedByRoundTrip(from: $0, catalog: catalog) } ?? Array(regions.indices)
        // AWS's cities fit 15 columns; other clouds' names run longer.
        let cityWidth = isAWS ? 15 : min(max(15, (regions.map(\.city.count).max() ?? 0) + 1), 32)
        let codeWidth = isAWS ? 16 : max(16, (regions.map { ($0.code ?? $0.name).count }.max() ?? 0) + 1)
        var header = pad("CODE", codeWidth) + pad("ALIAS", 14) + pad("CITY", cityWidth)
        if origin != nil {
            header += padLeft("RTT ms", 8) + padLeft("FLOOR ms", 10) + padLeft("RATIO", 8)
        }
        lines.append(trimTrailingSpaces(header))
        for index in order {
            let region = regions[index]
            var row =
                pad(region.code ?? region.name, codeWidth) + pad(region.alias ?? "-", 14)
                + pad(region.city.count < cityWidth ? region.city : String(region.city.prefix(cityWidth - 2)) + "…", cityWidth)
            if let origin {
                let rtt = simulatedRoundTrip(from: origin, to: index, catalog: catalog)
                let floor = index == origin ? 0 : PhysicsFloor.fiberRoundTrip(from: regions[origin], to: region)
                let ratio: String
                if floor > 0 {
                    let hundredths = (rtt * 100 + floor / 2) / floor
                    ratio = "\(hundredths / 100).\(twoDigits(hundredths % 100))x"
                } else {
                    ratio = "-"
                }
                row += padLeft(tenthsOfMillisecond(rtt) + (index == origin ? "*" : ""), 8) + padLeft(tenthsOfMillisecond(floor), 10) + padLeft(ratio, 8)
            }
            lines.append(trimTrailingSpaces(row))
        }
        lines.append("")
        if let origin {
            lines.append("RTT: \(isAWS ? "median" : catalog.statistic) round trip between regions, as runs use it.")
            let name = regions[origin].name
            let diagonal = catalog.roundTrip(from: origin, to: origin)
            let intra = diagonal > 0 ? tenthsOfMillisecond(diagonal) + " ms" : "not published"
            lines.append(
                "* Inside \(name) runs use \(tenthsOfMillisecond(Topology.defaultCrossZoneRoundTrip)) ms between zones, "
                    + "\(tenthsOfMillisecond(Topology.defaultSameZoneRoundTrip)) ms inside one zone")
            lines.append("  (cross_zone_rtt in a topology file), not the catalog's median inside the")
            lines.append("  region (\(intra)).")
            lines.append("FLOOR: 2 x great-circle distance / 204,000 km/s, the fastest light in fiber")
            lines.append("can make the round trip. RATIO: RTT / FLOOR.")
        }
        if isAWS {
            lines.append("Source: cloudping.co, median (p50) of a year of pings between AWS regions,")
            lines.append("each pair averaged over both directions (2025 or later snapshot).")
        } else {
            lines.append("Source: \(catalog.source),")
            lines.append("the \(catalog.statistic) round trip of each pair.")
        }
        lines.append("Coordinates are approximate city locations, used only for the fiber floor.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The catalog indices sorted by round trip from `origin` (the simulated figure, so
    /// `origin` itself comes first), ties by code.
    public static func sortedByRoundTrip(from origin: Int, catalog: CloudCatalog = .aws) -> [Int] {
        catalog.regions.indices.sorted { a, b in
            let left = simulatedRoundTrip(from: origin, to: a, catalog: catalog)
            let right = simulatedRoundTrip(from: origin, to: b, catalog: catalog)
            if left != right { return left < right }
            return (catalog.regions[a].code ?? "") < (catalog.regions[b].code ?? "")
        }
    }

    /// The round trip a run uses between `from` and `to` (catalog indices), ns: the
    /// catalog's median between two regions; inside one region the default cross-zone
    /// round trip (`Topology.defaultCrossZoneRoundTrip`), since runs never use the
    /// catalog's diagonal.
    public static func simulatedRoundTrip(from: Int, to: Int, catalog: CloudCatalog = .aws) -> Nanoseconds {
        from == to ? Topology.defaultCrossZoneRoundTrip : catalog.roundTrip(from: from, to: to)
    }

    /// `text` padded with spaces on the right to `width` characters (never truncated).
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// `text` padded with spaces on the left to `width` characters (never truncated).
    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }

    /// A duration as milliseconds with one decimal, rounded to nearest: 92_800_000 → "92.8".
    static func tenthsOfMillisecond(_ duration: Nanoseconds) -> String {
        let tenths = (duration + 50 * .microsecond) / (100 * .microsecond)
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `text` without trailing spaces (table rows end at their last column).
    static func trimTrailingSpaces(_ text: String) -> String {
        var slice = Substring(text)
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
