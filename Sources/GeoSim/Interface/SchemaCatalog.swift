/// The JSON Schemas `geosim schema NAME` prints, one entry per kind of input file. Adding a
/// schema is adding an entry: a name, a title, a description and the parser's field table.
enum SchemaCatalog {
    struct Entry {
        /// The command's operand and the file name under docs/schema/ (`NAME.json`).
        var name: String
        var title: String
        var summary: String
        /// What a whole file is (usually `.object` of the parser's top-level table).
        var root: InputFieldKind
    }

    /// The schemas, in the order `geosim schema` lists them.
    static let entries: [Entry] = [
        Entry(
            name: "scenario", title: "geosim scenario file",
            summary: "A scenario for geosim run, sweep, plan and check (--scenario FILE): the run flags as JSON keys, plus what flags cannot say.",
            root: .object(ScenarioSettings.fileTable)),
        Entry(
            name: "topology", title: "geosim topology file",
            summary: "Regions, their nodes and round trips (--topology FILE); see topologies/README.md.",
            root: .object(Topology.fileTable)),
        Entry(
            name: "faults", title: "geosim fault file",
            summary: "A fault schedule (--faults FILE): {\"faults\": [...]} or a bare array of faults.",
            root: FaultFile.documentKind),
        Entry(
            name: "sweep", title: "geosim sweep file",
            summary: "The axes of a sweep (geosim sweep --sweep FILE), as --vary NAME=V1,V2,... would give them.",
            root: .object(SweepCommand.fileTable)),
        Entry(
            name: "alerts", title: "geosim alert rules file",
            summary: "Alerting rules evaluated each simulated second, and the slow-operation log (--alerts FILE); see topologies/alerts-example.json.",
            root: .object(AlertRuleFile.documentTable)),
    ]

    /// The entry named `name`, if there is one.
    static func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The schema of `entry` as the text `geosim schema` prints (pretty, keys sorted, a final newline).
    static func text(_ entry: Entry) -> String {
        JSONWriter.string(JSONSchema.document(name: entry.name, title: entry.title, summary: entry.summary, root: entry.root)) + "\n"
    }
}
