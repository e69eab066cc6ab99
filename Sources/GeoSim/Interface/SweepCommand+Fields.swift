// The keys of a sweep file (`geosim sweep --sweep FILE`), with their JSON types:
// `readSweepFile` rejects any other key, and `geosim schema sweep` is generated from the
// same tables.

extension SweepCommand {
    /// The top level of a sweep file.
    static let fileTable = InputFieldTable(
        [
            InputField("vary", .array(.object(axisTable)), "the axes of the grid, as --vary NAME=V1,V2,...", required: true),
            InputField("replicates", .integer(in: 1...100_000), "runs per grid point, each with its own seed"),
            InputField("description", .text, "free text about the sweep; ignored by geosim"),
        ], isDocument: true)

    /// An entry of `vary`.
    static let axisTable = InputFieldTable([
        InputField("name", .string(pattern: "^-*[^-]"), "a run flag without its dashes: rate, leader, write-fraction", required: true),
        InputField(
            "values", .array(.anyOf([.text, .number(.any), .boolean]), count: 1...Int.max),
            "the flag's values, in order: strings, numbers or booleans, read as --vary values", required: true),
    ])
}
