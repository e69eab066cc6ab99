/// The alerts section of the text report: each alert that fired, when it fired and
/// resolved (run time), how long after the nearest preceding fault; the rules that stayed
/// quiet; and the slow-operation log. One line when nothing fired and nothing was slow.
enum AlertText {
    static func lines(_ alerts: AlertReport) -> [String] {
        let rules = "rule\(alerts.rules.count == 1 ? "" : "s")"
        let ruleCount = alerts.source == "built-in" ? "\(alerts.rules.count) built-in \(rules)" : "\(alerts.rules.count) \(rules) from \(alerts.source)"
        let fired = alerts.fired
        var lines = [""]
        if fired.isEmpty && alerts.slowCount == 0 {
            lines.append("Alerts: none fired (\(ruleCount)); no operation took \(DurationText.format(alerts.slowThreshold)) or more")
            return lines
        }
        if fired.isEmpty {
            lines.append("Alerts: none fired (\(ruleCount))")
        } else {
            lines.append("Alerts (\(ruleCount), evaluated each simulated second, at run times):")
            for instance in fired { lines += instanceLines(alerts, instance) }
            let quiet = alerts.quietRules
            if !quiet.isEmpty { lines += indented("not fired: " + quiet.joined(separator: ", "), by: 2) }
        }
        lines += slowLines(alerts)
        return lines
    }

    /// One alert: its rule and scope, then one line per firing.
    static func instanceLines(_ alerts: AlertReport, _ instance: AlertInstance) -> [String] {
        let rule = alerts.rules[instance.rule]
        let holdFor = rule.holdFor > 0 ? " for \(DurationText.format(rule.holdFor))" : ""
        var lines = indented("\(rule.name) [\(rule.severity)] \(alerts.scopeName(instance)): \(rule.expression)\(holdFor)", by: 2)
        for firing in instance.firings {
            var text = "fired \(runTime(firing.firedAt))"
            if firing.pendingSince < firing.firedAt { text += " (pending from \(runTime(firing.pendingSince)))" }
            text += firing.resolvedAt.map { ", resolved \(runTime($0))" } ?? ", still firing at the end"
            if let delay = firing.detectionDelay, let label = firing.faultLabel {
                text += "; \(runTime(delay)) after '\(label)' began"
            }
            lines += indented(text, by: 4)
        }
        return lines
    }

    /// A run time or delay in seconds, as the timeline counts them: `76s`, `10.116s`, `8.5s`
    /// (milliseconds at most; never minutes, so times line up with the run's seconds).
    static func runTime(_ time: Nanoseconds) -> String {
        if time % .second == 0 { return "\(time / .second)s" }
        if time.magnitude < Nanoseconds.second.magnitude { return DurationText.format(time) }
        var text = ReportText.fixed(time.seconds, decimals: 3)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "s"
    }

    /// `text` wrapped to 78 columns at `indent` spaces, continuations two further in.
    static func indented(_ text: String, by indent: Int) -> [String] {
        let margin = String(repeating: " ", count: indent)
        return HelpTextWrap.wrap(text, width: 78 - indent - 2).enumerated().map { ($0 == 0 ? margin : margin + "  ") + $1 }
    }

    /// The slow operations the text lists: a few, the slowest; JSON and the export hold
    /// every kept one.
    static let shownSlowOperations = 5

    /// The slow-operation log: how many, then the slowest, each with the phases that took
    /// time (ms).
    static func slowLines(_ alerts: AlertReport) -> [String] {
        let threshold = DurationText.format(alerts.slowThreshold)
        guard alerts.slowCount > 0 else { return ["Slow operations: none took \(threshold) or more"] }
        let shown = alerts.slowOperations.prefix(shownSlowOperations)
        let which = shown.count == alerts.slowCount ? "" : ", the \(shown.count) slowest (\(alerts.slowOperations.count) kept in JSON and --export)"
        var lines = ["Slow operations (\(threshold) or more): \(alerts.slowCount)\(which); phases in ms:"]
        for operation in shown {
            let attempts = "\(operation.attempts) attempt\(operation.attempts == 1 ? "" : "s")"
            let phases = operation.phases.filter { $0.duration > 0 }.map {
                "\($0.name.replacingOccurrences(of: "_", with: " ")) \(ReportText.milliseconds($0.duration))"
            }
            lines += indented(
                "\(runTime(operation.start)) \(alerts.regionNames[operation.region]) \(operation.isWrite ? "write" : "read") "
                    + "\(operation.outcome.rawValue) \(ReportText.milliseconds(operation.latency))ms, \(attempts): \(phases.joined(separator: ", "))", by: 2)
        }
        return lines
    }
}
