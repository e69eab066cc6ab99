/// The random delay added to a message on top of half the round trip of its link.
public enum Jitter: Equatable, Sendable {
    /// No jitter: every message takes exactly half the round trip (latencies become exact
    /// arithmetic, which the tests rely on).
    case none
    /// The default: right-skewed and proportional to the link, lognormal with median
    /// `fraction` × the one-way base and log-standard-deviation `sigma`. Long links wobble
    /// more in absolute terms, as measured WAN latencies do.
    case proportional(fraction: Double, sigma: Double)
    /// The same distribution on every link, whatever its length.
    case distribution(Distribution)

    /// The default jitter: lognormal, median 5% of the one-way base, sigma 0.5 (mean ≈ 5.7%).
    public static let standard = Jitter.proportional(fraction: 0.05, sigma: 0.5)

    /// Parses `none`, `default`, a duration (constant jitter) or a distribution as JSON.
    public static func parse(_ text: String) throws(InputError) -> Jitter {
        switch text.trimmingSpaces {
        case "none": return .none
        case "default": return .standard
        default: return .distribution(try Distribution.parse(commandLineText: text))
        }
    }

    /// How the setting is written on the command line.
    public var description: String {
        switch self {
        case .none: return "none"
        case .proportional(let fraction, let sigma):
            return self == .standard ? "default" : "lognormal(median \(fraction) x base, sigma \(sigma))"
        case .distribution(let distribution): return JSONWriter.string(distribution.jsonValue, pretty: false)
        }
    }
}
