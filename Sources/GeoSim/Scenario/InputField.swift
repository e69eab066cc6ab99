/// One key of an input file (a scenario, topology, fault or sweep file): its name, the
/// JSON it takes and a one-line description.
///
/// Parsers reject keys that are not in their `InputFieldTable`, and `JSONSchema` turns
/// the same tables into JSON Schemas (`geosim schema NAME`), so the keys a parser accepts
/// and the keys its schema lists cannot drift apart.
public struct InputField: Sendable {
    /// The key as written in the file (`replicas_per_region`).
    public var name: String
    /// The JSON the key takes, with the bounds the parser checks.
    public var kind: InputFieldKind
    /// One line for editors and `geosim schema`; states the unit where there is one.
    public var summary: String
    /// Whether the parser refuses an object without this key.
    public var isRequired: Bool

    public init(_ name: String, _ kind: InputFieldKind, _ summary: String, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.isRequired = required
    }
}
