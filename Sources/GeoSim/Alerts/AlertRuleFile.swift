/// Alert rule files (`--alerts FILE`, and the `alerts` key of a scenario file).
///
/// JSON, an object:
///
///     {
///       "description": "free text",
///       "include_builtin": false,
///       "rules": [
///         {"name": "RegionDown", "metric": "availability", "window": "1m", "comparison": "<",
///          "threshold": "99.9%", "for": "0s", "scope": "each_region", "severity": "critical",
///          "summary": "a region's clients see errors"},
///         {"name": "SlowWrites", "metric": "write_p99", "comparison": ">", "threshold": "300ms", "for": "30s"}
///       ],
///       "slow_operations": {"threshold": "500ms", "keep": 50}
///     }
///
/// - The file's rules replace the built-in ones (`AlertRuleSet.builtIn`), unless
///   `include_builtin` is true: then a file rule named like a built-in one replaces it, and
///   the others are added after them.
/// - Durations (`for`, `window`, latency thresholds, `slow_operations.threshold`) are
///   strings with a unit; a bare number is an error.
/// - Every error names the file, the JSON path and what was expected, e.g.
///   `alerts.json: $.rules[1].metric: unknown metric 'write_p90' (did you mean 'write_p99'?)`.
///
/// The keys and their types live in the field tables below (`documentTable`, `ruleTable`,
/// `slowOperationTable`), which the parser checks files against and `geosim schema
/// alerts` is generated from.
public enum AlertRuleFile {
    /// The top-level object's keys.
    public static let documentTable = InputFieldTable(
        [
            InputField("description", .text, "free text, ignored"),
            InputField("include_builtin", .boolean, "keep the built-in rules too (a file rule with a built-in's name replaces it); default false"),
            InputField("rules", .array(.object(ruleTable)), "the alerting rules"),
            InputField("slow_operations", .object(slowOperationTable), "the slow-operation log's settings"),
        ], isDocument: true)

    /// The keys of one rule.
    public static let ruleTable = InputFieldTable([
        InputField("name", .text, "the alert's name, unique in the file (e.g. RegionAvailabilityLow)", required: true),
        InputField("metric", .choice(AlertMetric.names), "the per-second metric the rule watches", required: true),
        InputField("comparison", .choice(AlertRule.Comparison.allCases.map(\.rawValue)), "how the metric compares with the threshold", required: true),
        InputField(
            "threshold", .anyOf([.number(in: 0...1e12), .duration(.nonNegative), .string(pattern: "^[0-9]+(\\.[0-9]+)?%$")]),
            "a fraction 0..1 or a percentage string (\"99.9%\") for availabilities and pool_utilization; a duration for write_p99, read_p99, replica_lag; a count for leader_changes",
            required: true),
        InputField("for", .duration(.nonNegative), "how long the condition must hold before the alert fires; default \"0s\""),
        InputField(
            "window", .duration(.positive), "whole seconds folded into one value (availabilities, pool_utilization, leader_changes); default one second"),
        InputField("scope", .text, "each_region (one alert per client region, the default), all (every region together), or a region's name"),
        InputField("severity", .choice(AlertRule.severities), "the alert's severity; default warning"),
        InputField("summary", .text, "one line for the on-call"),
    ])

    /// The keys of `slow_operations`.
    public static let slowOperationTable = InputFieldTable([
        InputField("threshold", .duration(.positive), "operations at least this slow (issue to end) are logged; default \"1s\""),
        InputField("keep", .integer(in: 0...AlertRuleSet.maximumSlowKept), "the most entries kept, the slowest; default 20"),
    ])

    /// Loads the rules file at `path` for `topology`. Every error is an `InputError` whose
    /// `file` is `path`.
    public static func load(path: String, topology: Topology) throws(InputError) -> AlertRuleSet {
        let root = try InputFile.readJSON(path: path)
        do { return try parse(root, topology: topology, source: path) } catch { throw error.inFile(path) }
    }

    /// The rule set of a parsed document. Errors carry the JSON path and no file name.
    public static func parse(_ root: InputNode, topology: Topology, source: String) throws(InputError) -> AlertRuleSet {
        guard case .object = root.value else { throw root.error("expected an object with \"rules\", found \(root.value.kindDescription)") }
        try root.rejectUnknownKeys(documentTable)
        var set = AlertRuleSet(rules: [], source: source)
        let includeBuiltIn = try root.optional("include_builtin")?.bool() ?? false
        if let list = try root.optional("rules") {
            for element in try list.elements() {
                let rule = try self.rule(element, topology: topology)
                if set.rules.contains(where: { $0.name == rule.name }) {
                    throw element.error("a second rule named '\(rule.name)'; rule names must be unique")
                }
                set.rules.append(rule)
            }
        }
        if includeBuiltIn {
            let builtIn = AlertRuleSet.builtIn.rules.map { rule in set.rules.first { $0.name == rule.name } ?? rule }
            set.rules = builtIn + set.rules.filter { rule in !builtIn.contains { $0.name == rule.name } }
        }
        if let node = try root.optional("slow_operations") {
            try node.rejectUnknownKeys(slowOperationTable)
            if let threshold = try node.optional("threshold") { set.slowThreshold = try threshold.positiveDuration() }
            if let keep = try node.optional("keep") { set.slowKept = try keep.integer(in: 0...AlertRuleSet.maximumSlowKept) }
        }
        return set
    }

    /// One element of `rules`, its fields read in table order so the first mistake in an
    /// element is the one reported.
    static func rule(_ node: InputNode, topology: Topology) throws(InputError) -> AlertRule {
        guard case .object = node.value else { throw node.error("expected a rule object, found \(node.value.kindDescription)") }
        try node.rejectUnknownKeys(ruleTable)
        let nameNode = try node.required("name")
        let name = try nameNode.string()
        if name.isEmpty { throw nameNode.error("expected a non-empty name") }
        if let problem = NameRules.labelProblem(name) { throw nameNode.error(problem) }
        let metric = try choice(try node.required("metric"), among: AlertMetric.names, what: "metric").flatMap(AlertMetric.init(rawValue:))
        let comparison = try choice(try node.required("comparison"), among: AlertRule.Comparison.allCases.map(\.rawValue), what: "comparison")
            .flatMap(AlertRule.Comparison.init(rawValue:))
        guard let metric, let comparison else { throw node.error("expected a metric and a comparison") }
        let threshold = try self.threshold(try node.required("threshold"), metric: metric)
        var rule = AlertRule(name: name, metric: metric, comparison: comparison, threshold: threshold)
        if let holdFor = try node.optional("for") { rule.holdFor = try holdFor.duration() }
        if let window = try node.optional("window") { rule.window = try self.window(window, metric: metric) }
        if let scope = try node.optional("scope") { rule.scope = try self.scope(scope, metric: metric, topology: topology) }
        if let severity = try node.optional("severity") { rule.severity = try choice(severity, among: AlertRule.severities, what: "severity") ?? "warning" }
        if let summary = try node.optional("summary") {
            let text = try summary.string()
            if let problem = NameRules.labelProblem(text) { throw summary.error(problem) }
            rule.summary = text
        }
        return rule
    }

    /// A string that must be one of `names`; the error suggests the closest.
    static func choice(_ node: InputNode, among names: [String], what: String) throws(InputError) -> String? {
        let text = try node.string()
        guard names.contains(text) else {
            let hint = Suggestion.closest(to: text, among: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw node.error("unknown \(what) '\(text)'\(hint); expected one of: \(names.joined(separator: ", "))")
        }
        return text
    }

    /// A threshold in the metric's unit (`AlertMetric.Unit`).
    static func threshold(_ node: InputNode, metric: AlertMetric) throws(InputError) -> Double {
        switch metric.unit {
        case .duration:
            return Double(try node.duration())
        case .count:
            return try node.number(in: 0...1e12)
        case .fraction:
            guard case .string(let text) = node.value else { return try node.number(in: 0...1) }
            guard text.hasSuffix("%"), let percent = NumberText.decimal(String(text.dropLast())), (0...100).contains(percent) else {
                throw node.error("expected a fraction from 0 to 1 or a percentage such as \"99.9%\", found '\(text)'")
            }
            return percent / 100
        }
    }

    /// A window: whole seconds, at least one, for a metric that can fold seconds.
    static func window(_ node: InputNode, metric: AlertMetric) throws(InputError) -> Nanoseconds {
        guard metric.allowsWindow else {
            throw node.error("\(metric.rawValue) is a per-second percentile and takes no window; use \"for\" to require it to hold")
        }
        let window = try node.positiveDuration()
        guard window % .second == 0 else {
            throw node.error("expected whole seconds (rules are evaluated once per simulated second), found \(DurationText.format(window))")
        }
        return window
    }

    /// `each_region`, `all`, or a region of `topology`.
    static func scope(_ node: InputNode, metric: AlertMetric, topology: Topology) throws(InputError) -> AlertRule.Scope {
        let text = try node.string()
        guard metric.isRegional || text == "all" else { throw node.error("\(metric.rawValue) is cluster-wide: its scope can only be 'all'") }
        switch text {
        case "each_region": return .eachRegion
        case "all": return .all
        default:
            if let region = topology.regionIndex(named: text) { return .region(region) }
            let names = ["each_region", "all"] + topology.regions.map(\.name)
            let hint = Suggestion.closest(to: text, among: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw node.error("unknown scope '\(text)'\(hint); expected each_region, all, or a region: \(topology.regions.map(\.name).joined(separator: ", "))")
        }
    }
}
