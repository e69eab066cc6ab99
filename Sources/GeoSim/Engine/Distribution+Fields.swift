// The JSON form of a distribution, as a table: `Distribution.parse` rejects the keys this
// does not list, and the JSON Schemas' `distribution` definition is generated from it.

extension Distribution {
    /// The object after each kind's name, in `kindNames` order: what `parse` reads.
    static let bodies: [(kind: String, body: InputFieldKind, summary: String)] = [
        ("constant", .duration(.nonNegative), "always this duration"),
        (
            "uniform",
            .object(
                InputFieldTable([
                    InputField("min", .duration(.nonNegative), "the least value", required: true),
                    InputField("max", .duration(.nonNegative), "the greatest value, at least min", required: true),
                ])), "uniform between min and max"
        ),
        (
            "normal",
            .object(
                InputFieldTable([
                    InputField("mean", .duration(.nonNegative), "the mean", required: true),
                    InputField("stddev", .duration(.nonNegative), "the standard deviation", required: true),
                ])), "normal, truncated at zero"
        ),
        (
            "lognormal",
            .object(
                InputFieldTable([
                    InputField("median", .duration(.positive), "the median, above zero", required: true),
                    InputField("sigma", .number(.init(minimum: 0)), "the shape: the log's standard deviation", required: true),
                ])), "lognormal"
        ),
        (
            "exponential",
            .object(InputFieldTable([InputField("mean", .duration(.positive), "the mean, above zero", required: true)])),
            "exponential"
        ),
        (
            "pareto",
            .object(
                InputFieldTable([
                    InputField("scale", .duration(.positive), "the least value, above zero", required: true),
                    InputField("shape", .number(.positive), "the tail index, above zero", required: true),
                ])), "Pareto"
        ),
        (
            "mixture", .array(.object(mixtureComponentTable), count: 1...Int.max),
            "draws from one component, chosen by relative weight"
        ),
        ("empirical", .object(empiricalTable), "durations at percentiles (not decreasing), interpolated; max is required"),
    ]

    /// An entry of a mixture.
    static let mixtureComponentTable = InputFieldTable([
        InputField("weight", .number(.positive), "relative weight, above zero", required: true),
        InputField("of", .distribution, "the component", required: true),
    ])

    /// An empirical distribution's percentiles: `min` (default 0), `p1` … `p99.99`, `max`.
    static let empiricalTable = InputFieldTable(
        [InputField("min", .duration(.nonNegative), "the least value (default 0s)")]
            + empiricalPercentileNames.map { InputField($0.name, .duration(.nonNegative), "the \($0.name.dropFirst())th percentile") }
            + [InputField("max", .duration(.nonNegative), "the greatest value", required: true)])

    /// A distribution object: exactly one key, a kind of `bodies`.
    static let fieldKind = InputFieldKind.anyOf(
        bodies.map { entry in .object(InputFieldTable([InputField(entry.kind, entry.body, entry.summary, required: true)])) })

    /// The body table of `kind` (its allowed keys), for kinds whose body is an object.
    static func bodyTable(_ kind: String) -> InputFieldTable {
        guard let body = bodies.first(where: { $0.kind == kind })?.body, case .object(let table) = body else {
            return InputFieldTable([])
        }
        return table
    }
}
