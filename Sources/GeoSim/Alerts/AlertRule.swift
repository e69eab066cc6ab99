/// One alerting rule in the style of a Prometheus alerting rule: a condition over a named
/// per-second metric (`metric comparison threshold`, optionally over a `window`), which
/// must hold for `holdFor` before the alert fires.
///
/// Semantics (Prometheus's): the rule is evaluated at the end of every simulated second.
/// When the condition first holds the alert is *pending*; once it has held at every
/// evaluation for at least `holdFor` it is *firing*; at the first evaluation where it
/// does not hold it is *resolved* (a pending alert just goes back to inactive).
public struct AlertRule: Sendable, Equatable {
    /// How the metric's value is compared with the threshold.
    public enum Comparison: String, Sendable, CaseIterable {
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="

        func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .greater: return value > threshold
            case .greaterOrEqual: return value >= threshold
            case .less: return value < threshold
            case .lessOrEqual: return value <= threshold
            }
        }
    }

    /// Which regions' operations a rule looks at: one alert per client region (as
    /// Prometheus's `by (region)`), all regions together, or one region.
    public enum Scope: Sendable, Equatable {
        case eachRegion
        case all
        case region(Int)
    }

    /// Alertmanager-style severities, most urgent last.
    public static let severities = ["info", "warning", "critical"]

    /// The alert's name (`RegionAvailabilityLow`), unique within a rule set.
    public var name: String
    public var metric: AlertMetric
    public var comparison: Comparison
    /// In the metric's unit: a fraction, nanoseconds, or a count (`AlertMetric.Unit`).
    public var threshold: Double
    /// How long the condition must hold before the alert fires (ns; 0: at once).
    public var holdFor: Nanoseconds
    /// The seconds a windowed metric folds together (ns, a whole number of seconds; one
    /// second when nil). Only for metrics with `allowsWindow`.
    public var window: Nanoseconds?
    public var scope: Scope
    /// One of `severities`.
    public var severity: String
    /// One line for the on-call: what it means.
    public var summary: String

    public init(
        name: String, metric: AlertMetric, comparison: Comparison, threshold: Double, holdFor: Nanoseconds = 0,
        window: Nanoseconds? = nil, scope: Scope = .eachRegion, severity: String = "warning", summary: String = ""
    ) {
        self.name = name
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
        self.holdFor = holdFor
        self.window = window
        self.scope = metric.isRegional ? scope : .all
        self.severity = severity
        self.summary = summary
    }

    /// The window in whole seconds (at least 1).
    var windowSeconds: Int { max(1, Int((window ?? .second) / .second)) }

    /// The threshold as a person writes it: `99.9%`, `250ms`, `0`.
    public var thresholdText: String { AlertRule.format(threshold, unit: metric.unit) }

    /// The condition as a PromQL-like expression: `availability[1m] < 99.9%`.
    public var expression: String {
        let windowText = window.map { "[\(DurationText.format($0))]" } ?? ""
        return "\(metric.rawValue)\(windowText) \(comparison.rawValue) \(thresholdText)"
    }

    /// A value of a metric with `unit`, for reports: a percentage, a duration, a count.
    public static func format(_ value: Double, unit: AlertMetric.Unit) -> String {
        switch unit {
        case .fraction:
            // Up to three decimals (99.9%, 99.95%), none for whole percentages.
            return ((value * 100_000).rounded() / 1000).compactDescription + "%"
        case .duration: return DurationText.format(Nanoseconds(value.rounded()))
        case .count: return value.compactDescription
        }
    }
}
