/// The alerts section of a report: the rules, what each alert did during the run, and the
/// slow-operation log. Made after the run from the per-second timeline.
public struct AlertReport: Sendable {
    public var rules: [AlertRule]
    /// `built-in` or the rules file's path.
    public var source: String
    /// Every (rule, scope) evaluated, in rule order, then region order.
    public var instances: [AlertInstance]
    /// The topology's region names, for the instances' `region` indices.
    public var regionNames: [String]
    public var slowThreshold: Nanoseconds
    public var slowKept: Int
    /// Slow operations seen, and the slowest kept, slowest first.
    public var slowCount: Int
    public var slowOperations: [SlowOperation]

    public init(
        ruleSet: AlertRuleSet, rows: [TimelineRow], regionNames: [String], faults: [Fault], slowCount: Int, slowOperations: [SlowOperation]
    ) {
        rules = ruleSet.rules
        source = ruleSet.source
        instances = AlertEvaluator.evaluate(ruleSet.rules, rows: rows, regionCount: regionNames.count, faults: faults)
        self.regionNames = regionNames
        slowThreshold = ruleSet.slowThreshold
        slowKept = ruleSet.slowKept
        self.slowCount = slowCount
        self.slowOperations = slowOperations
    }

    /// The instances that fired at least once.
    public var fired: [AlertInstance] { instances.filter { !$0.firings.isEmpty } }

    /// The names of the rules none of whose instances fired, with `(no data)` after those
    /// whose metric had no value at any evaluation.
    public var quietRules: [String] {
        rules.indices.compactMap { index in
            let own = instances.filter { $0.rule == index }
            guard own.allSatisfy({ $0.firings.isEmpty }) else { return nil }
            return own.allSatisfy({ $0.samples == 0 }) ? "\(rules[index].name) (no data)" : rules[index].name
        }
    }

    /// The instance's scope as printed: a region's name, or `all`.
    public func scopeName(_ instance: AlertInstance) -> String {
        instance.region.map { regionNames[$0] } ?? "all"
    }

    /// How many alerts were firing at the evaluation ending the second at `end` whose
    /// scope covers `region` (its own and the all-region or cluster-wide ones).
    public func firingCount(atSecondEnding end: Nanoseconds, region: Int) -> Int {
        instances.reduce(0) { count, instance in
            let covers = instance.region == nil || instance.region == region
            return count + (covers && instance.firings.contains { $0.isFiring(atSecondEnding: end) } ? 1 : 0)
        }
    }
}
