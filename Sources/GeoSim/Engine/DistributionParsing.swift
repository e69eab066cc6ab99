/// Reading distributions from JSON (files) and from command-line text.
extension Distribution {
    /// The kinds a distribution object may name, for error messages.
    static var kindNames: [String] { bodies.map(\.kind) }

    /// The percentile names an empirical distribution accepts besides `min` and `max`.
    static let empiricalPercentileNames: [(name: String, probability: Double)] = [
        ("p1", 0.01), ("p5", 0.05), ("p10", 0.10), ("p25", 0.25), ("p50", 0.50), ("p75", 0.75),
        ("p90", 0.90), ("p95", 0.95), ("p99", 0.99), ("p99.9", 0.999), ("p99.99", 0.9999),
    ]

    /// Parses one distribution object such as `{"exponential": {"mean": "2ms"}}`. Every
    /// parameter is validated; an error names the field's JSON path.
    public static func parse(_ node: InputNode) throws(InputError) -> Distribution {
        guard case .object = node.value else {
            if case .string(let text) = node.value, (try? DurationText.parse(text)) != nil {
                throw node.error("expected a distribution object; for a constant write {\"constant\": \"\(text.trimmingSpaces)\"}")
            }
            throw node.error(
                "expected a distribution object such as {\"constant\": \"5ms\"} or {\"exponential\": {\"mean\": \"2ms\"}}, found \(node.value.kindDescription)")
        }
        let keys = try node.keys()
        guard keys.count == 1, let kind = keys.first else {
            throw node.error("expected an object with exactly one of: \(kindNames.joined(separator: ", "))")
        }
        let body = try node.required(kind)
        switch kind {
        case "constant":
            return .constant(Double(try body.duration()))
        case "uniform":
            try body.rejectUnknownKeys(bodyTable("uniform"))
            let low = try body.required("min").duration()
            let highNode = try body.required("max")
            let high = try highNode.duration()
            guard high >= low else { throw highNode.error("must be at least min (\(DurationText.format(low)))") }
            return .uniform(min: Double(low), max: Double(high))
        case "normal":
            try body.rejectUnknownKeys(bodyTable("normal"))
            let mean = try body.required("mean").duration()
            let stddevNode = try body.required("stddev")
            let stddev = try stddevNode.duration()
            return .normal(mean: Double(mean), stddev: Double(stddev))
        case "lognormal":
            try body.rejectUnknownKeys(bodyTable("lognormal"))
            let median = try body.required("median").positiveDuration()
            let sigma = try body.required("sigma").number()
            guard sigma >= 0 else { throw try body.required("sigma").error("must be zero or more, got \(sigma)") }
            return .lognormal(median: Double(median), sigma: sigma)
        case "exponential":
            try body.rejectUnknownKeys(bodyTable("exponential"))
            return .exponential(mean: Double(try body.required("mean").positiveDuration()))
        case "pareto":
            try body.rejectUnknownKeys(bodyTable("pareto"))
            let scale = try body.required("scale").positiveDuration()
            let shape = try body.required("shape").positiveNumber()
            return .pareto(scale: Double(scale), shape: shape)
        case "mixture":
            return try parseMixture(body)
        case "empirical":
            return try parseEmpirical(body)
        default:
            let hint = Suggestion.closest(to: kind, among: kindNames).map { " (did you mean '\($0)'?)" } ?? ""
            throw InputError(
                location: "\(node.path).\(kind)",
                message: "unknown distribution '\(kind)'\(hint); expected one of: \(kindNames.joined(separator: ", "))")
        }
    }

    /// `{"mixture": [{"weight": w, "of": distribution}, ...]}`: weights are relative
    /// (positive, any scale) and become cumulative bounds 0…1, the last exactly 1.
    private static func parseMixture(_ body: InputNode) throws(InputError) -> Distribution {
        let entries = try body.elements()
        guard !entries.isEmpty else { throw body.error("a mixture needs at least one component") }
        var components: [Distribution] = []
        var weights: [Double] = []
        var weightNodes: [InputNode] = []
        for entry in entries {
            try entry.rejectUnknownKeys(mixtureComponentTable)
            let weightNode = try entry.required("weight")
            weights.append(try weightNode.positiveNumber())
            weightNodes.append(weightNode)
            components.append(try parse(try entry.required("of")))
        }
        let total = weights.reduce(0, +)
        guard total.isFinite else {
            throw body.error("the weights add up to more than the largest number (\(total)); weights are relative, so scale them down, e.g. 0.9 and 0.1")
        }
        var running = 0.0
        var cumulative: [Double] = []
        for (index, weight) in weights.enumerated() {
            running += weight
            let bound = index == weights.count - 1 ? 1 : min(running / total, 1)
            // A weight so small next to the total that its share rounds to zero would
            // never be drawn, and its echo (`jsonValue`) would read back as weight 0.
            guard bound > (cumulative.last ?? 0) else {
                throw weightNodes[index].error(
                    "weight \(weight.compactDescription) is too small next to the total \(total.compactDescription): its share of the draws rounds to zero")
            }
            cumulative.append(bound)
        }
        return .mixture(components: components, cumulativeWeights: cumulative)
    }

    /// `{"empirical": {"min": d, "p50": d, ..., "max": d}}`: durations at percentiles, which
    /// may not decrease; `min` defaults to 0, `max` is required.
    private static func parseEmpirical(_ body: InputNode) throws(InputError) -> Distribution {
        try body.rejectUnknownKeys(empiricalTable)
        var knots: [EmpiricalKnot] = []
        let minimum = try body.optional("min")?.duration() ?? 0
        knots.append(EmpiricalKnot(probability: 0, value: Double(minimum)))
        var previousName = "min"
        for (name, probability) in empiricalPercentileNames {
            guard let field = try body.optional(name) else { continue }
            let value = Double(try field.duration())
            guard value >= knots[knots.count - 1].value else {
                throw field.error("must be at least \(previousName) (percentiles cannot decrease)")
            }
            knots.append(EmpiricalKnot(probability: probability, value: value))
            previousName = name
        }
        let maxNode = try body.required("max")
        let maximum = Double(try maxNode.duration())
        guard maximum >= knots[knots.count - 1].value else {
            throw maxNode.error("must be at least \(previousName) (percentiles cannot decrease)")
        }
        knots.append(EmpiricalKnot(probability: 1, value: maximum))
        return .empirical(knots: knots)
    }

    /// Parses a distribution given on the command line: either a duration (`5ms`, a
    /// constant) or a JSON object (`{"exponential":{"mean":"2ms"}}`).
    public static func parse(commandLineText text: String) throws(InputError) -> Distribution {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("{") {
            return try parse(InputNode(try JSONParser.parse(trimmed)))
        }
        do {
            return .constant(Double(try DurationText.parse(trimmed)))
        } catch {
            throw InputError(
                location: "'\(text)'",
                message:
                    "expected a duration such as 2ms (a constant) or a distribution as JSON, e.g. {\"exponential\":{\"mean\":\"2ms\"}}: \(error.description)")
        }
    }

    /// The distribution as the JSON object it was parsed from (durations in the largest
    /// readable unit), for echoing settings in reports.
    public var jsonValue: JSONValue {
        func duration(_ value: Double) -> JSONValue { .string(DurationText.format(Int64(value.rounded()))) }
        switch self {
        case .constant(let value):
            return .object([("constant", duration(value))])
        case .uniform(let low, let high):
            return .object([("uniform", .object([("min", duration(low)), ("max", duration(high))]))])
        case .normal(let mean, let stddev):
            return .object([("normal", .object([("mean", duration(mean)), ("stddev", duration(stddev))]))])
        case .lognormal(let median, let sigma):
            return .object([("lognormal", .object([("median", duration(median)), ("sigma", .number(sigma))]))])
        case .exponential(let mean):
            return .object([("exponential", .object([("mean", duration(mean))]))])
        case .pareto(let scale, let shape):
            return .object([("pareto", .object([("scale", duration(scale)), ("shape", .number(shape))]))])
        case .mixture(let components, let cumulativeWeights):
            var previous = 0.0
            let entries = zip(components, cumulativeWeights).map { component, bound -> JSONValue in
                defer { previous = bound }
                return .object([("weight", .number(bound - previous)), ("of", component.jsonValue)])
            }
            return .object([("mixture", .array(entries))])
        case .empirical(let knots):
            var members: [(key: String, value: JSONValue)] = []
            for knot in knots {
                let name: String
                if knot.probability == 0 {
                    name = "min"
                } else if knot.probability == 1 {
                    name = "max"
                } else {
                    name = Distribution.empiricalPercentileNames.first(where: { $0.probability == knot.probability })?.name ?? "p?"
                }
                members.append((name, duration(knot.value)))
            }
            return .object([("empirical", .object(members))])
        }
    }
}
