/// One timed fault: what breaks, from when, until when. Faults are data: a schedule is a
/// list of them, read from flags, files or drawn by `--chaos`, and the network and the
/// replicas consult it as simulated time passes.
public struct Fault: Equatable, Sendable {
    /// The largest slowdown multiplier a flag or fault file may give: a link a million
    /// times slower (a 70 ms hop taking 19 hours) is as good as cut, and the limit keeps
    /// latency × multiplier a number of nanoseconds. (Overlapping slowdowns multiply; the
    /// network caps their product.)
    public static let maximumSlowdown = 1e6
    /// A set of places a fault applies to.
    public enum Target: Equatable, Sendable {
        /// Every replica of a region and the region's clients (index into `Topology.regions`).
        case region(Int)
        /// One replica (index into `Topology.nodes`).
        case node(Int)
    }

    public enum Kind: Equatable, Sendable {
        /// No message crosses between `sideA` and `sideB`, either way. An empty `sideB`
        /// means "everything not in `sideA`" (an isolation).
        case partition(sideA: [Target], sideB: [Target])
        /// Messages from `from` to `to` are dropped; the other direction works.
        case oneWay(from: [Target], to: [Target])
        /// The replicas stop: they drop every message and their timers stop. At the end
        /// they restart with their persistent state (term, vote, log) and nothing else.
        /// A region target is a whole-region outage.
        case crash(Target)
        /// Messages between the sides (both ways) take `multiplier` × their latency plus
        /// `addedDelay` (ns). The parsers take multipliers from 1 to `maximumSlowdown`.
        case slow(sideA: [Target], sideB: [Target], multiplier: Double, addedDelay: Nanoseconds)
        /// Each message between the sides (or anywhere, when both are empty) is lost with
        /// this probability.
        case loss(probability: Double, sideA: [Target], sideB: [Target])
        /// Each message between the sides (or anywhere) is delivered twice with this probability.
        case duplicate(probability: Double, sideA: [Target], sideB: [Target])
        /// The replica's clock is off by `offset` (ns, signed) and runs fast (drift > 0) or
        /// slow by `drift` (a rate: 0.001 is 1 ms per second). Drift changes how fast its
        /// timers fire.
        case clock(node: Int, offset: Nanoseconds, drift: Double)
    }

    public var kind: Kind
    /// When the fault begins (ns of simulated time).
    public var start: Nanoseconds
    /// When it ends; nil for "until the end of the run".
    public var end: Nanoseconds?
    /// How the user wrote it (flag text or file path), for reports and error messages.
    public var label: String

    public init(kind: Kind, start: Nanoseconds, end: Nanoseconds?, label: String) {
        self.kind = kind
        self.start = start
        self.end = end
        self.label = label
    }

    /// Whether the fault is in force at `time`.
    public func isActive(at time: Nanoseconds) -> Bool {
        time >= start && (end.map { time < $0 } ?? true)
    }
}
