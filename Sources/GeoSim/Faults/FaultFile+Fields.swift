// The keys of a fault file, with their JSON types: `FaultFile.parse` rejects any other key,
// and `geosim schema faults` is generated from the same tables.

extension FaultFile {
    /// The object form of a fault file (the other form is a bare array of faults).
    static let fileTable = InputFieldTable(
        [
            InputField("faults", .array(.definition("fault")), "the faults, in order", required: true),
            InputField("description", .text, "free text about the schedule; ignored by the simulator"),
        ], isDocument: true)

    /// A fault file: `{"faults": [...]}` or a bare array of faults.
    static let documentKind = InputFieldKind.anyOf([.object(fileTable), .array(.definition("fault"))])

    /// One fault: an object whose `kind` decides its other keys.
    static var faultKind: InputFieldKind { .anyOf(kinds.map { .object(table(of: $0)) }) }

    /// The keys every kind has: `kind`, `start`, `end`, `label`.
    static func commonFields(_ kind: String) -> [InputField] {
        [
            InputField("kind", .choice([kind]), "what the fault does", required: true),
            InputField(
                "start", .duration(.nonNegative), kind == "clock" ? "when it starts (default 0s)" : "when it starts, into the run",
                required: kind != "clock"),
            InputField("end", .duration(.nonNegative), "when it ends, after start (default: the end of the run)"),
            InputField("label", .text, "a label for reports instead of the JSON path and kind"),
        ]
    }

    /// A list of regions or nodes, or a single name.
    private static let places = InputFieldKind.anyOf([.text, .array(.text, count: 1...Int.max)])
    /// Two sides, each a list of places.
    private static let sides = InputFieldKind.array(places, count: 2...2)

    /// The fields of `kind` besides the common ones (one of `kinds`; anything else: clock's).
    static func kindFields(_ kind: String) -> [InputField] {
        let region = InputField("region", .text, "a region (give region or node)")
        let node = InputField("node", .text, "a node such as us-east/a (give region or node)")
        let probability = InputField("probability", .number(in: 0...1), "chance per message", required: true)
        let between = InputField("between", sides, "two sides; without it, every link")
        switch kind {
        case "partition": return [InputField("sides", sides, "two sides; no message crosses", required: true)]
        case "isolate": return [region, node]
        case "one_way":
            return [
                InputField("from", places, "senders whose messages are dropped", required: true),
                InputField("to", places, "receivers they do not reach", required: true),
            ]
        case "crash": return [node, region]
        case "slow":
            return [
                InputField("between", sides, "the two sides of the slow link", required: true),
                InputField("multiplier", .number(in: 1...Fault.maximumSlowdown), "delays times this (default 1)"),
                InputField("add", .duration(.nonNegative), "added to every delay (default 0s)"),
            ]
        case "loss", "duplicate": return [probability, between]
        default:
            return [
                InputField("node", .text, "the node (or a region with one node)", required: true),
                InputField("offset", .duration(.signed), "the clock's offset, e.g. -5ms", required: true),
                InputField("drift", .number(.init(exclusiveMinimum: -0.5, exclusiveMaximum: 0.5)), "clock rate error, 0.001 is 1 ms per second"),
            ]
        }
    }

    /// All keys of a fault of `kind`.
    static func table(of kind: String) -> InputFieldTable { InputFieldTable(commonFields(kind) + kindFields(kind)) }
}
