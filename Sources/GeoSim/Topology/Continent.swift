/// The part of the world a region is in, as the clouds' transfer prices group them.
///
/// Told from the region's coordinates with coarse boxes: good enough for every cloud
/// region there is (they sit in a few dozen metros, far from the boxes' edges), and the
/// same rule serves custom regions from a topology file.
public enum Continent: String, Sendable, CaseIterable {
    case northAmerica = "North America"
    case southAmerica = "South America"
    case europe = "Europe"
    case middleEast = "Middle East"
    case africa = "Africa"
    case asia = "Asia"
    case oceania = "Oceania"

    /// The continent of a point (degrees).
    public init(latitude: Double, longitude: Double) {
        if longitude < -30 {
            // Mexico City sits at 19° N, São Paulo at 23° S, Bogotá at 5° N.
            self = latitude > 12 ? .northAmerica : .southAmerica
        } else if longitude < 60 {
            if latitude >= 36 && longitude < 45 {
                self = .europe
            } else if longitude >= 32 || (latitude >= 12 && longitude >= 30) {
                self = .middleEast
            } else {
                self = .africa
            }
        } else if latitude < -10 || (longitude > 160 && latitude < 0) {
            self = .oceania
        } else {
            self = .asia
        }
    }

    /// Whether a point lies in Indonesia, which GCP prices with Oceania.
    static func isIndonesia(latitude: Double, longitude: Double) -> Bool {
        latitude > -11 && latitude < 6 && longitude > 95 && longitude < 141
    }
}
