/// `geosim schema [NAME]`: the JSON Schema of an input file (scenario, topology, faults,
/// sweep), generated from the tables its parser checks keys against (`SchemaCatalog`).
/// Without NAME, the list of names.
public enum SchemaCommand {
    /// `geosim schema --help`.
    public static var helpText: String {
        """
        Usage: geosim schema [NAME]

        Prints the JSON Schema (draft 2020-12) of an input file, generated from the same
        tables its parser checks keys against. Without NAME, lists the names. The schemas
        are also in docs/schema/; point an editor at one with a "$schema" key in the file,
        e.g. "$schema": "../docs/schema/topology.json" (geosim ignores that key).

        Names:

        """ + listing
    }

    /// One line per schema: its name and what it describes.
    static var listing: String {
        let width = SchemaCatalog.entries.map(\.name.count).max() ?? 0
        return SchemaCatalog.entries.map { entry in
            "  " + entry.name + String(repeating: " ", count: width - entry.name.count + 2) + entry.title + "\n"
        }.joined()
    }

    /// Runs `geosim schema` with the words after `schema`.
    public static func run(_ words: [String]) -> CommandResult {
        if words.contains("--help") || words.contains("-h") { return CommandResult(standardOutput: helpText) }
        let names = SchemaCatalog.entries.map(\.name)
        if let option = words.first(where: { $0.hasPrefix("-") }) {
            return .failure(.usage(UsageError("Unknown option '\(option.excerpt())' for geosim schema.", hint: "Usage: geosim schema [NAME]")))
        }
        guard let name = words.first else { return CommandResult(standardOutput: listing) }
        guard words.count == 1 else {
            return .failure(
                .usage(UsageError("geosim schema takes one name; got \(words.count) words.", hint: "Expected one of \(names.joined(separator: ", ")).")))
        }
        guard let entry = SchemaCatalog.entry(name) else {
            let hint = Suggestion.closest(to: name, among: names).map { "Did you mean '\($0)'?" } ?? "Expected one of \(names.joined(separator: ", "))."
            return .failure(.usage(UsageError("No schema named '\(name.excerpt())'.", hint: hint)))
        }
        return CommandResult(standardOutput: SchemaCatalog.text(entry))
    }
}
