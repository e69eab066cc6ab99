// The alerts of a run's export (`--alerts` with `--export`): a table of firings, the
// slow-operation log, and a chart of the alerts firing per second with their intervals shaded.
extension RunExport {
    /// Alerts: `alerts.csv`, `slow_operations.csv`, the firing chart (with a timeline),
    /// and their section.
    static func addAlerts(to bundle: inout ExportBundle, _ report: Report, alerts: AlertReport) {
        let firings = alertsTable(report, alerts: alerts)
        bundle.tables += [firings, slowOperationsTable(alerts)]
        var section = ExportSection(
            title: "Alerts",
            text:
                "When each alerting rule (\(alerts.source == "built-in" ? "the built-in rules" : alerts.source)) would have fired and resolved, evaluated at the end of every simulated second as Prometheus does (pending while the condition holds, firing once it has held for `for`), how long after the nearest preceding fault; and the slowest operations with their phases.",
            tables: [firings.path, "slow_operations.csv"])
        if report.timeline != nil {
            let path = "charts/timeline_alerts.svg"
            bundle.charts.append(
                ExportChart(
                    path: path, title: "Alerts firing over time", xLabel: "simulated time (s)", yLabel: "alerts firing (count)",
                    description:
                        "Alerts firing at each second's end whose scope covers the client region (its own and the cluster-wide ones); shaded: each alert's firing interval, labelled with the rule and scope.",
                    table: "timeline.csv", x: "t_s", y: "alerts_firing", seriesBy: ["region"], windows: firings.path))
            section.charts.append(path)
        }
        bundle.sections.append(section)
    }

    /// One row per firing: the rule, its scope, when it went pending, fired (`start_s`) and
    /// resolved (`end_s`, the run's end when still firing), and the detection delay.
    static func alertsTable(_ report: Report, alerts: AlertReport) -> CSVTable {
        var table = CSVTable(
            path: "alerts.csv", description: "Each time an alert fired: from firing to resolution, with the fault it followed.",
            columns: [
                .text("rule", "The alerting rule's name."),
                .text("severity", "info, warning or critical."),
                .text("scope", "The client region the alert watches, or `all`."),
                .text("expression", "The rule's condition, PromQL-like (`availability[1m] < 99.9%`)."),
                .seconds("pending_s", "When the condition began to hold (simulated time)."),
                .seconds("start_s", "When the alert fired: the condition had held for the rule's `for`."),
                .seconds("end_s", "When it resolved; the run's last evaluation when it was still firing."),
                .count("resolved", "1 when it resolved during the run, 0 when still firing at the end."),
                .text("fault", "The fault that most recently began at or before the firing; empty when none."),
                .seconds("fault_start_s", "When that fault began."),
                .seconds("detection_delay_s", "From the fault's start to the firing: how late the alert was."),
                .text("label", "Rule and scope, for charts."),
            ])
        let lastEvaluation = report.timeline?.last?.end ?? report.endTime
        for instance in alerts.instances {
            let rule = alerts.rules[instance.rule]
            for firing in instance.firings {
                table.append([
                    .text(rule.name), .text(rule.severity), .text(alerts.scopeName(instance)), .text(rule.expression),
                    seconds(firing.pendingSince), seconds(firing.firedAt), seconds(firing.resolvedAt ?? max(lastEvaluation, firing.firedAt)),
                    .integer(firing.resolvedAt == nil ? 0 : 1), firing.faultLabel.map { .text($0) }, firing.faultStart.map(seconds),
                    firing.detectionDelay.map(seconds), .text("\(rule.name) \(alerts.scopeName(instance))"),
                ])
            }
        }
        return table
    }

    /// The slow-operation log, slowest first, with each phase in its own column.
    static func slowOperationsTable(_ alerts: AlertReport) -> CSVTable {
        var table = CSVTable(
            path: "slow_operations.csv",
            description:
                "The slowest client operations (at least the slow threshold, at most the log's size), slowest first, with where their time went; the phases add up to the latency.",
            columns: [
                .seconds("start_s", "When the client issued the operation."),
                .text("region", "Client region."),
                .text("kind", "write or read."),
                .text("outcome", "ok, failed, or unknown (timed out)."),
                .milliseconds("latency_ms", "From issue to end."),
                .count("attempts", "Attempts made (1 without retries)."),
                .milliseconds("earlier_attempts_ms", "Failed or timed-out attempts and the backoff before the last one."),
                .milliseconds("pool_wait_ms", "The last attempt waiting for a pool or pooler connection."),
                .milliseconds("to_leaseholder_ms", "Client → gateway → leaseholder and back, at the topology's round trips."),
                .milliseconds("replication_ms", "A Raft write's leaseholder to its nearest quorum and back, at the topology's round trips."),
                .milliseconds("other_ms", "The rest: jitter, queueing, elections; all of an unanswered attempt's time."),
            ])
        for operation in alerts.slowOperations {
            table.append(
                [
                    seconds(operation.start), .text(alerts.regionNames[operation.region]), .text(operation.isWrite ? "write" : "read"),
                    .text(operation.outcome.rawValue), ms(operation.latency), .integer(operation.attempts),
                ] + operation.phases.map { ms($0.duration) })
        }
        return table
    }
}
