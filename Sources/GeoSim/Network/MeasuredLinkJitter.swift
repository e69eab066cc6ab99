/// `--jitter measured`: each link's jitter fitted to the shape of its measured round-trip
/// percentiles, so tails are the link's own rather than one shape for every link.
///
/// The shapes are EC2 pings of 2013 (Bailis; `MeasuredLinkJitterData`, fitted by
/// scripts/fit-link-jitter.py): per link, the one-way jitter, in units of the link's
/// median round trip, whose two draws (there and back) give the measured quantiles over
/// the median. Applied to today's median (the catalog's, or `--rtt-matrix`'s), so the
/// median stays the catalog's and the tail keeps the measured proportions. Links without
/// a measurement (regions outside the eight of 2013, other clouds) keep the default
/// jitter.
public enum MeasuredLinkJitter {
    /// The largest fit error (relative, on the quantiles' excess over the median) a shape
    /// may have to be used. 15 of the 28 links of 2013 exceed it: their route changed for
    /// both directions at once (a bimodal body, e.g. eu-west-1–ap-southeast-1's p75 is
    /// 1.39 times its median), which independent one-way draws cannot reproduce; they keep
    /// the default jitter rather than a shape that is 10–60% off.
    public static let maximumFitError = 0.05

    /// The measured shape of the link between AWS regions `a` and `b` (codes), if any and
    /// if its fit is within `maximumFitError`.
    static func shape(_ a: String, _ b: String) -> (ratios: [Double], jitter: [Double], fitError: Double)? {
        MeasuredLinkJitterData.links.first { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) }
            .flatMap { $0.fitError <= maximumFitError ? ($0.ratios, $0.jitter, $0.fitError) : nil }
    }

    /// The round-trip quantile levels the shapes give (p50 … p99.999).
    public static let levels = [0.5, 0.75, 0.95, 0.99, 0.999, 0.9999, 0.99999]

    /// One-way jitter for a link whose median round trip is `median` (ns), from `jitter`.
    static func distribution(_ jitter: [Double], median: Nanoseconds) -> Distribution {
        .empirical(
            knots: zip(MeasuredLinkJitterData.probabilities, jitter).map { probability, value in
                Distribution.EmpiricalKnot(probability: probability, value: value * Double(median))
            })
    }

    /// One's own links fitted to their measured percentiles (`--rtt-matrix` long form):
    /// per unordered pair (i < j) the fitted jitter, or nil for the pair if its fit is
    /// worse than `maximumFitError`.
    public struct OwnShapes: Sendable {
        public var links: [(i: Int, j: Int, fit: JitterFit)]

        /// Fits every pair's shape.
        public init(_ shapes: [(i: Int, j: Int, levels: [Double], ratios: [Double])]) {
            links = shapes.map { ($0.i, $0.j, JitterFit.fit(levels: $0.levels, ratios: $0.ratios)) }
        }

        /// Pairs whose fit is too far off to use.
        public var rejected: Int { links.filter { $0.fit.error > maximumFitError }.count }
    }

    /// `topology` with a measured jitter on every link between regions that have one —
    /// one's own (`own`) first, else the 2013 catalog's — and how many of its region pairs
    /// got one, and how many of one's own.
    public static func applied(to topology: Topology, own: OwnShapes? = nil) -> (topology: Topology, measuredLinks: Int, ownLinks: Int) {
        var result = topology
        var measured = 0
        var ownLinks = 0
        let count = topology.regions.count
        for link in own?.links ?? [] where link.fit.error <= maximumFitError {
            let knots = zip(link.fit.probabilities, link.fit.values)
            for (from, to) in [(link.i, link.j), (link.j, link.i)] {
                let median = Double(topology.roundTrip(fromRegion: from, toRegion: to))
                result.linkJitter[from * count + to] = .empirical(knots: knots.map { .init(probability: $0, value: $1 * median) })
            }
            measured += 1
            ownLinks += 1
        }
        for i in 0..<count {
            for j in (i + 1)..<max(count, i + 1) {
                if own?.links.contains(where: { $0.i == i && $0.j == j && $0.fit.error <= maximumFitError }) == true { continue }
                guard let a = topology.regions[i].code, let b = topology.regions[j].code, let shape = shape(a, b) else { continue }
                result.linkJitter[i * count + j] = distribution(shape.jitter, median: topology.roundTrip(fromRegion: i, toRegion: j))
                result.linkJitter[j * count + i] = distribution(shape.jitter, median: topology.roundTrip(fromRegion: j, toRegion: i))
                measured += 1
            }
        }
        return (result, measured, ownLinks)
    }
}
