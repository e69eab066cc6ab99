/// A cloud provider's built-in regions and the round trip between every pair
/// (`--catalog aws|azure|gcp`), each with its statistic and source:
///
/// - aws: 32 regions, median (P50) over a year, cloudping.co (`RegionCatalog`);
/// - azure: 54 regions, P95 over 30 days, Microsoft's Azure network round-trip latency
///   statistics of 2026-07-30 (each pair the mean of its two directions);
/// - gcp: 41 regions, median over a 4-hour window, Google Cloud's Performance Dashboard
///   of 2023-11-27 (three restricted regions without published coordinates left out).
///
/// Regions answer to their code and, where geosim gives one, a short alias shared across
/// providers for the same place (`us-east` is AWS us-east-1, Azure eastus, GCP
/// us-east4), so `--topology us-east,us-west,eu-central` works with every catalog.
public struct CloudCatalog: Sendable {
    public enum Provider: String, Sendable, CaseIterable {
        case aws, azure, gcp

        /// "AWS", "Azure", "GCP".
        public var displayName: String {
            switch self {
            case .aws: "AWS"
            case .azure: "Azure"
            case .gcp: "GCP"
            }
        }
    }

    public let provider: Provider
    public let regions: [Region]
    /// Row-major round trips in tenths of a millisecond.
    private let tenths: [Int32]
    /// The statistic the round trips are: "P50" or "P95".
    public let statistic: String
    /// Where the figures come from, and when.
    public let source: String

    public static let aws = CloudCatalog(
        provider: .aws, entries: RegionCatalogData.regions, tenths: RegionCatalogData.roundTripTenthsOfMillisecond, statistic: "P50",
        source: "cloudping.co, median over one year")
    public static let azure = CloudCatalog(
        provider: .azure, entries: AzureCatalogData.regions, tenths: AzureCatalogData.roundTripTenthsOfMillisecond, statistic: "P95",
        source: "Microsoft's Azure network round-trip latency statistics, 2026-07-30")
    public static let gcp = CloudCatalog(
        provider: .gcp, entries: GCPCatalogData.regions, tenths: GCPCatalogData.roundTripTenthsOfMillisecond, statistic: "P50",
        source: "Google Cloud Performance Dashboard, 2023-11-27")

    private init(
        provider: Provider, entries: [(code: String, alias: String?, city: String, latitude: Double, longitude: Double)], tenths: [Int32],
        statistic: String, source: String
    ) {
        self.provider = provider
        regions = entries.map { entry in
            Region(
                name: entry.alias ?? entry.code, code: entry.code, alias: entry.alias, city: entry.city, latitude: entry.latitude,
                longitude: entry.longitude)
        }
        self.tenths = tenths
        self.statistic = statistic
        self.source = source
    }

    /// The catalog of `provider`.
    public static func of(_ provider: Provider) -> CloudCatalog {
        switch provider {
        case .aws: aws
        case .azure: azure
        case .gcp: gcp
        }
    }

    /// "AWS catalog, P50 round trips (cloudping.co, median over one year)".
    public var description: String {
        "\(provider.displayName) catalog, \(statistic) round trips (\(source))"
    }

    /// The round trip between catalog regions `from` and `to` (indices), ns.
    public func roundTrip(from: Int, to: Int) -> Nanoseconds {
        Nanoseconds(tenths[from * regions.count + to]) * 100 * .microsecond
    }

    /// The index of the region called `name` (alias or code, ignoring case and spaces).
    public func index(named name: String) -> Int? {
        let wanted = name.trimmingSpaces.lowercased()
        guard !wanted.isEmpty else { return nil }
        return regions.firstIndex { $0.code == wanted || $0.alias == wanted }
    }

    /// Every name a region answers to: aliases (and codes of regions without one) first.
    var allNames: [String] { regions.map(\.name) + regions.compactMap { $0.alias == nil ? nil : $0.code } }

    /// The index of `name`, or a usage error that names the catalog that has it (a GCP
    /// code given to the AWS catalog) or else suggests a close name.
    public func resolve(_ name: String) throws(UsageError) -> Int {
        if let index = index(named: name) { return index }
        let trimmed = name.trimmingSpaces
        guard !trimmed.isEmpty else { throw UsageError("Empty region name.", hint: "Run 'geosim regions' to list them.") }
        if let other = Provider.allCases.first(where: { $0 != provider && CloudCatalog.of($0).index(named: trimmed) != nil }) {
            throw UsageError(
                "Unknown region '\(trimmed.excerpt())' in the \(provider.displayName) catalog; it is one of \(other.displayName)'s regions.",
                hint: "Add --catalog \(other.rawValue) (every region of one topology comes from one catalog).")
        }
        let listing = provider == .aws ? "Run 'geosim regions' to list them." : "Known: \(allNames.prefix(12).joined(separator: ", ")), …"
        let hint = Suggestion.closest(to: trimmed, among: allNames).map { "Did you mean '\($0)'?" } ?? listing
        throw UsageError("Unknown region '\(trimmed.excerpt())'.", hint: hint)
    }
}
