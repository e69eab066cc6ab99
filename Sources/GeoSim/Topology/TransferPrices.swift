/// List prices for moving data between regions and between zones of one region, per
/// cloud, with their sources: what turns simulated bytes into dollars.
///
/// Copied from `shared/data/egress-prices.json` (each rule there names its source):
/// - **AWS**: charged by the *source* region, per GB; $0.01 between us-east-1 and
///   us-east-2, $0.02 out of North American and European regions, $0.08–0.147 out of
///   Asia-Pacific, the Middle East, South America and Africa (Infracost's golden tests,
///   priced from the AWS Price List API, 2024-09-25). Cross-AZ: $0.01 per GB in each
///   direction, so $0.02 per GB that crosses.
/// - **Azure**: plain inter-region bandwidth per GB, $0.02 within North America or
///   Europe, $0.08 within Asia or the Middle East and Africa, $0.16 out of South America
///   (a third-party quote); between continents $0.05 out of North America and Europe
///   (the low end of a $0.05–0.16 range, third-party). Cross-AZ: free (third-party, 2023).
/// - **GCP**: per GiB, charged at the source (since 2024-02-07): $0.02 within North
///   America or Europe, $0.08 within Asia and between continents, $0.14 within South
///   America, $0.10 to or from Indonesia and Oceania (Infracost's golden tests). Cross-zone
///   $0.01 per GiB (a third-party transcription of Google's page).
///
/// A region the sources do not price (a newer AWS region, a custom region) takes its
/// continent's figure and is marked `estimated`. List prices only: not a bill.
public struct TransferPrices: Sendable {
    public let provider: CloudCatalog.Provider
    /// Bytes in the unit prices are quoted per: 1e9 (GB) or 2^30 (GiB, GCP).
    public let bytesPerUnit: Double
    /// What a byte that crosses zones inside a region costs, per unit (both sides
    /// charged counted in).
    public let crossZonePerUnit: Double
    /// Where the figures come from, for the report.
    public let source: String

    public static func of(_ provider: CloudCatalog.Provider) -> TransferPrices {
        switch provider {
        case .aws:
            TransferPrices(
                provider: .aws, bytesPerUnit: 1e9, crossZonePerUnit: 0.02,
                source: "AWS list prices per GB by source region (Infracost golden tests, 2024-09-25); cross-AZ $0.01/GB each way")
        case .azure:
            TransferPrices(
                provider: .azure, bytesPerUnit: 1e9, crossZonePerUnit: 0,
                source: "Azure inter-region bandwidth per GB (third-party quotes; intercontinental at the $0.05 low end); cross-AZ free")
        case .gcp:
            TransferPrices(
                provider: .gcp, bytesPerUnit: 1_073_741_824, crossZonePerUnit: 0.01,
                source: "GCP inter-region transfer per GiB by continent (Infracost golden tests, since 2024-02-07); cross-zone $0.01/GiB")
        }
    }

    /// The price per unit of data sent from `from` to `to` (different regions), and
    /// whether it is a continent's figure standing in for one the sources lack.
    public func price(from: Region, to: Region) -> (perUnit: Double, estimated: Bool) {
        switch provider {
        case .aws: Self.aws(from: from, to: to)
        case .azure: Self.azure(from: from, to: to)
        case .gcp: Self.gcp(from: from, to: to)
        }
    }

    /// AWS prices by the source region's code, as its price list does.
    static func aws(from: Region, to: Region) -> (perUnit: Double, estimated: Bool) {
        let pair = [from.code ?? "", to.code ?? ""].sorted()
        if pair == ["us-east-1", "us-east-2"] { return (0.01, false) }
        if let code = from.code, let listed = awsBySource.first(where: { $0.codes.contains(code) }) { return (listed.price, false) }
        let continent = Continent(latitude: from.latitude, longitude: from.longitude)
        switch continent {
        case .northAmerica, .europe: return (0.02, true)
        case .asia: return (0.09, true)
        case .oceania: return (0.098, true)
        case .middleEast: return (0.1105, true)
        case .southAmerica: return (0.138, true)
        case .africa: return (0.147, true)
        }
    }

    /// AWS's per-source prices ($/GB) as the golden tests list them.
    static let awsBySource: [(codes: [String], price: Double)] = [
        (
            [
                "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "eu-central-1", "eu-north-1", "eu-south-1",
                "eu-west-1", "eu-west-2", "eu-west-3",
            ], 0.02
        ),
        (["ap-northeast-1", "ap-northeast-3", "ap-east-1", "ap-southeast-1"], 0.09),
        (["ap-northeast-2", "ap-southeast-5", "il-central-1"], 0.08),
        (["ap-south-1", "ap-south-2"], 0.086),
        (["ap-southeast-2"], 0.098),
        (["me-south-1"], 0.1105),
        (["sa-east-1"], 0.138),
        (["af-south-1"], 0.147),
    ]

    /// Azure prices by the two regions' continents.
    static func azure(from: Region, to: Region) -> (perUnit: Double, estimated: Bool) {
        let source = Continent(latitude: from.latitude, longitude: from.longitude)
        let destination = Continent(latitude: to.latitude, longitude: to.longitude)
        if source == .southAmerica { return (0.16, false) }
        if source == destination {
            switch source {
            case .northAmerica, .europe: return (0.02, false)
            default: return (0.08, source == .oceania)
            }
        }
        // Between continents only a range is published: its low end out of North America
        // and Europe, the same-continent Asian figure elsewhere.
        return source == .northAmerica || source == .europe ? (0.05, true) : (0.08, true)
    }

    /// GCP prices by the two regions' continents (Indonesia priced with Oceania).
    static func gcp(from: Region, to: Region) -> (perUnit: Double, estimated: Bool) {
        func oceanic(_ region: Region) -> Bool {
            Continent(latitude: region.latitude, longitude: region.longitude) == .oceania
                || Continent.isIndonesia(latitude: region.latitude, longitude: region.longitude)
        }
        if oceanic(from) || oceanic(to) { return (0.10, false) }
        let source = Continent(latitude: from.latitude, longitude: from.longitude)
        let destination = Continent(latitude: to.latitude, longitude: to.longitude)
        guard source == destination else { return (0.08, false) }
        switch source {
        case .northAmerica, .europe: return (0.02, false)
        case .asia: return (0.08, false)
        case .southAmerica: return (0.14, false)
        case .middleEast, .africa, .oceania: return (0.08, true)
        }
    }
}
