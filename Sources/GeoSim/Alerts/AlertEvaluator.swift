/// Evaluates alerting rules over a run's per-second timeline after the run, the way
/// Prometheus evaluates them every interval: no cost while the simulation runs, and the
/// same rows always give the same alerts.
public enum AlertEvaluator {
    /// Every rule's alerts over `rows` (in time order, one per simulated second), one
    /// instance per rule and scope: per client region for `eachRegion` rules, in region
    /// order. Firings are attributed to the latest fault of `faults` starting at or before
    /// them.
    public static func evaluate(_ rules: [AlertRule], rows: [TimelineRow], regionCount: Int, faults: [Fault] = []) -> [AlertInstance] {
        var instances: [AlertInstance] = []
        let everyRegion = Array(0..<regionCount)
        for (index, rule) in rules.enumerated() {
            switch rule.scope {
            case .all:
                instances.append(evaluate(rule, index: index, rows: rows, regions: everyRegion, region: nil, faults: faults))
            case .region(let region):
                instances.append(evaluate(rule, index: index, rows: rows, regions: [region], region: region, faults: faults))
            case .eachRegion:
                for region in everyRegion {
                    instances.append(evaluate(rule, index: index, rows: rows, regions: [region], region: region, faults: faults))
                }
            }
        }
        return instances
    }

    /// One rule over `regions`: pending when the condition first holds, firing once it has
    /// held for `holdFor`, resolved at the first evaluation where it does not hold.
    static func evaluate(_ rule: AlertRule, index: Int, rows: [TimelineRow], regions: [Int], region: Int?, faults: [Fault]) -> AlertInstance {
        var firings: [AlertInstance.Firing] = []
        var samples = 0
        var pendingSince: Nanoseconds?
        var firedAt: Nanoseconds?
        let windowSeconds = rule.windowSeconds
        for position in rows.indices {
            let value = rule.metric.value(rows[max(0, position - windowSeconds + 1)...position], regions: regions)
            if value != nil { samples += 1 }
            let at = rows[position].end
            if let value, rule.comparison.holds(value, rule.threshold) {
                let since = pendingSince ?? at
                pendingSince = since
                if firedAt == nil, at - since >= rule.holdFor { firedAt = at }
            } else {
                if let since = pendingSince, let fired = firedAt {
                    firings.append(firing(since, fired, resolvedAt: at, faults: faults))
                }
                pendingSince = nil
                firedAt = nil
            }
        }
        if let since = pendingSince, let fired = firedAt { firings.append(firing(since, fired, resolvedAt: nil, faults: faults)) }
        return AlertInstance(rule: index, region: region, firings: firings, samples: samples)
    }

    /// A firing, with the latest fault that started at or before it (the later one in
    /// schedule order on a tie).
    static func firing(_ since: Nanoseconds, _ fired: Nanoseconds, resolvedAt: Nanoseconds?, faults: [Fault]) -> AlertInstance.Firing {
        var cause: Fault?
        for fault in faults where fault.start <= fired && fault.start >= (cause?.start ?? Nanoseconds.min) { cause = fault }
        return AlertInstance.Firing(pendingSince: since, firedAt: fired, resolvedAt: resolvedAt, faultLabel: cause?.label, faultStart: cause?.start)
    }
}
