import Foundation

/// A place replicas and clients can live: a built-in cloud region from `RegionCatalog` or
/// a custom one declared in a topology file.
///
/// Coordinates are in degrees (latitude −90…90, longitude −180…180) and serve only for
/// great-circle distances and the speed-of-light floor; simulated latencies come from the
/// round-trip tables, never from the coordinates.
public struct Region: Equatable, Sendable {
    /// The name used in reports and on the command line: the catalog alias when there is
    /// one (`us-east`), else the AWS code (`eu-west-2`), or a custom region's own name.
    public var name: String
    /// The AWS region code (`us-east-1`); nil for a custom region.
    public var code: String?
    /// The short catalog alias (`us-east`); nil when the region has none.
    public var alias: String?
    /// A human-readable place ("N. Virginia"); may be empty for a custom region.
    public var city: String
    /// Degrees north (negative south), −90…90.
    public var latitude: Double
    /// Degrees east (negative west), −180…180.
    public var longitude: Double

    public init(
        name: String, code: String? = nil, alias: String? = nil, city: String,
        latitude: Double, longitude: Double
    ) {
        self.name = name
        self.code = code
        self.alias = alias
        self.city = city
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Mean Earth radius in kilometres, as used by the haversine formula below.
    public static let earthRadiusKilometres = 6371.0

    /// The great-circle distance to `other` in kilometres (haversine on a sphere of radius
    /// 6371 km). Symmetric, zero for the same coordinates, at most about 20,015 km.
    public func greatCircleKilometres(to other: Region) -> Double {
        let radians = Double.pi / 180
        let phi1 = latitude * radians
        let phi2 = other.latitude * radians
        let deltaPhi = (other.latitude - latitude) * radians
        let deltaLambda = (other.longitude - longitude) * radians
        let sinHalfPhi = Foundation.sin(deltaPhi / 2)
        let sinHalfLambda = Foundation.sin(deltaLambda / 2)
        let a = sinHalfPhi * sinHalfPhi + Foundation.cos(phi1) * Foundation.cos(phi2) * sinHalfLambda * sinHalfLambda
        // Rounding can push `a` a hair outside [0, 1] for antipodal points.
        let clamped = min(max(a, 0), 1)
        return 2 * Region.earthRadiusKilometres * Foundation.asin(clamped.squareRoot())
    }
}
