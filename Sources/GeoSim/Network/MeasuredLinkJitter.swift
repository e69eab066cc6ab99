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

    /// `topology` with a measured jitter on every link between regions that have one, and
    /// how many of its region pairs got one.
    public static func applied(to topology: Topology) -> (topology: Topology, measuredLinks: Int) {
        var result = topology
        var measured = 0
        let count = topology.regions.count
        for i in 0..<count {
            for j in (i + 1)..<max(count, i + 1) {
                guard let a = topology.regions[i].code, let b = topology.regions[j].code, let shape = shape(a, b) else { continue }
                result.linkJitter[i * count + j] = distribution(shape.jitter, median: topology.roundTrip(fromRegion: i, toRegion: j))
                result.linkJitter[j * count + i] = distribution(shape.jitter, median: topology.roundTrip(fromRegion: j, toRegion: i))
                measured += 1
            }
        }
        return (result, measured)
    }
}
