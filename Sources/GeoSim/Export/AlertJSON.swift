/// The `alerts` member of the JSON report (`--alerts`): the rules, every alert evaluated
/// (with its firings, empty when it never fired) and the slow-operation log. Times are
/// run seconds (`_s`), latencies milliseconds (`_ms`), fractions 0…1.
extension AlertReport {
    public var jsonValue: JSONValue {
        .object([
            ("source", .string(source)),
            ("rules", .array(rules.map(ruleJSON))),
            ("instances", .array(instances.map(instanceJSON))),
            ("fired", .number(Double(fired.count))),
            ("slow_operations", slowJSON),
        ])
    }

    /// A rule: its condition (`threshold_ms` for latency metrics, `threshold` otherwise),
    /// `for_s`, `window_s` (null: one second), scope (`each_region`, `all` or a region's
    /// name), severity, summary.
    func ruleJSON(_ rule: AlertRule) -> JSONValue {
        let threshold: (key: String, value: JSONValue) =
            rule.metric.unit == .duration
            ? ("threshold_ms", Report.milliseconds(Nanoseconds(rule.threshold.rounded()))) : ("threshold", .rounded(rule.threshold, decimals: 9))
        let scope: String
        switch rule.scope {
        case .eachRegion: scope = "each_region"
        case .all: scope = "all"
        case .region(let region): scope = regionNames[region]
        }
        return .object([
            ("name", .string(rule.name)),
            ("metric", .string(rule.metric.rawValue)),
            ("comparison", .string(rule.comparison.rawValue)),
            threshold,
            ("expression", .string(rule.expression)),
            ("for_s", .rounded(rule.holdFor.seconds, decimals: 9)),
            ("window_s", rule.window.map { .rounded($0.seconds, decimals: 9) } ?? .null),
            ("scope", .string(scope)),
            ("severity", .string(rule.severity)),
            ("summary", .string(rule.summary)),
        ])
    }

    /// One alert: rule name, scope (a region or `all`), evaluations with data, firings.
    func instanceJSON(_ instance: AlertInstance) -> JSONValue {
        .object([
            ("rule", .string(rules[instance.rule].name)),
            ("scope", .string(scopeName(instance))),
            ("samples", .number(Double(instance.samples))),
            ("firings", .array(instance.firings.map(AlertReport.firingJSON))),
        ])
    }

    /// A firing: pending, fired and resolved (null: still firing at the end) in run
    /// seconds, and the nearest preceding fault with the detection delay.
    static func firingJSON(_ firing: AlertInstance.Firing) -> JSONValue {
        .object([
            ("pending_s", .rounded(firing.pendingSince.seconds, decimals: 9)),
            ("fired_s", .rounded(firing.firedAt.seconds, decimals: 9)),
            ("resolved_s", firing.resolvedAt.map { .rounded($0.seconds, decimals: 9) } ?? .null),
            ("fault", firing.faultLabel.map { .string($0) } ?? .null),
            ("fault_start_s", firing.faultStart.map { .rounded($0.seconds, decimals: 9) } ?? .null),
            ("detection_delay_s", firing.detectionDelay.map { .rounded($0.seconds, decimals: 9) } ?? .null),
        ])
    }

    /// The slow-operation log: threshold, count, capacity, and the kept ones, slowest first.
    var slowJSON: JSONValue {
        .object([
            ("threshold_ms", Report.milliseconds(slowThreshold)),
            ("count", .number(Double(slowCount))),
            ("keep", .number(Double(slowKept))),
            (
                "operations",
                .array(
                    slowOperations.map { operation in
                        .object([
                            ("start_s", .rounded(operation.start.seconds, decimals: 9)),
                            ("region", .string(regionNames[operation.region])),
                            ("kind", .string(operation.isWrite ? "write" : "read")),
                            ("outcome", .string(operation.outcome.rawValue)),
                            ("latency_ms", Report.milliseconds(operation.latency)),
                            ("attempts", .number(Double(operation.attempts))),
                            ("phases_ms", .object(operation.phases.map { ($0.name, Report.milliseconds($0.duration)) })),
                        ])
                    })
            ),
        ])
    }
}
