/// How `--chaos` draws random faults: how often, how long, and which kinds.
///
/// The defaults: 2 faults per simulated minute, 10 s mean duration, every kind with weight 1.
public struct ChaosSettings: Equatable, Sendable {
    /// A kind of random fault.
    public enum Kind: String, CaseIterable, Equatable, Sendable {
        /// Cut one region (one node, in a single-region topology) off from the rest.
        case isolate
        /// Crash one node; it restarts at the fault's end.
        case crash
        /// Split the regions (nodes, in a single-region topology) into two random,
        /// non-empty sides.
        case partition
        /// Drop messages from one random side to the other only.
        case oneWay = "one-way"
        /// Slow the link between two regions (nodes) by a factor of 2 to 10.
        case slow
        /// Lose 5 % to 50 % of all messages.
        case loss
    }

    /// One kind and its relative weight (≥ 0; a weight of 0 disables the kind).
    public struct WeightedKind: Equatable, Sendable {
        public var kind: Kind
        public var weight: Double

        public init(_ kind: Kind, weight: Double = 1) {
            self.kind = kind
            self.weight = weight
        }
    }

    /// Mean number of faults per simulated minute (> 0): the rate of the Poisson arrivals.
    public var faultsPerMinute: Double
    /// Mean fault duration, ns (> 0); durations are exponential, at least 1 s, and end by
    /// the end of the run.
    public var meanDuration: Nanoseconds
    /// The kinds drawn from, with weights; at least one weight must be > 0.
    public var kinds: [WeightedKind]

    public init(
        faultsPerMinute: Double = 2, meanDuration: Nanoseconds = 10 * .second,
        kinds: [WeightedKind] = Kind.allCases.map { WeightedKind($0) }
    ) {
        self.faultsPerMinute = faultsPerMinute
        self.meanDuration = meanDuration
        self.kinds = kinds
    }

    /// The mean number of faults drawn over `duration` ns (the Poisson process's mean),
    /// before any are drawn: `RunLimits` refuses a rate that would exceed the `faults`
    /// limit, so an absurd rate costs nothing.
    public func expectedFaults(over duration: Nanoseconds) -> Double {
        max(0, faultsPerMinute) * Double(max(0, duration)) / 60e9
    }
}
