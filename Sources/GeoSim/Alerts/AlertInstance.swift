/// What one alert did during a run: one rule, for one client region (or all regions, or
/// the cluster), with each time it fired and resolved.
public struct AlertInstance: Sendable, Equatable {
    /// One firing: pending from `pendingSince`, firing from `firedAt`, resolved at
    /// `resolvedAt` (nil: still firing when the run ended). Times are evaluation instants
    /// (ends of simulated seconds, ns).
    public struct Firing: Sendable, Equatable {
        public var pendingSince: Nanoseconds
        public var firedAt: Nanoseconds
        public var resolvedAt: Nanoseconds?
        /// The fault that most recently started at or before `firedAt` (its label and
        /// start, ns), if any: "would my alerts have caught this outage, and how late?"
        public var faultLabel: String?
        public var faultStart: Nanoseconds?

        public init(pendingSince: Nanoseconds, firedAt: Nanoseconds, resolvedAt: Nanoseconds?, faultLabel: String? = nil, faultStart: Nanoseconds? = nil) {
            self.pendingSince = pendingSince
            self.firedAt = firedAt
            self.resolvedAt = resolvedAt
            self.faultLabel = faultLabel
            self.faultStart = faultStart
        }

        /// From the fault's start to the firing (ns): the detection delay.
        public var detectionDelay: Nanoseconds? { faultStart.map { firedAt - $0 } }

        /// Whether the alert was firing during the second ending at `end`.
        public func isFiring(atSecondEnding end: Nanoseconds) -> Bool {
            end >= firedAt && (resolvedAt.map { end < $0 } ?? true)
        }
    }

    /// Index into the rule set's `rules`.
    public var rule: Int
    /// The client region it watches (index into the topology's regions); nil for all
    /// regions together or a cluster-wide metric.
    public var region: Int?
    public var firings: [Firing]
    /// Evaluations at which the metric had a value (0: no data, so it could not fire).
    public var samples: Int

    public init(rule: Int, region: Int?, firings: [Firing], samples: Int) {
        self.rule = rule
        self.region = region
        self.firings = firings
        self.samples = samples
    }
}
